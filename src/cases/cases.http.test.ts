import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWithContext } from '../access/index.ts';
import {
  auditCount,
  personId,
  signIn,
  startHarness,
  type Client,
  type Harness,
} from '../access/testing/harness.ts';
import { fixedClock } from '../platform/clock/clock.ts';
import { newId } from '../platform/ids/ids.ts';
import { escalateOverdueForPartnership } from './actions.service.ts';
import { withCaseTables } from './cases.tables.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';
const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: d!, [`${name}-month`]: m!, [`${name}-year`]: y! };
};

describe('cases, meetings and actions over HTTP', () => {
  let h: Harness;
  let coordinator: Client;
  let nurse: Client;
  let analyst: Client;
  let dsl: Client;
  const agency: Record<string, string> = {};
  let hartwell: string;

  beforeAll(async () => {
    h = await startHarness();
    for (const a of await h.db.db.selectFrom('agency').select(['id', 'code']).execute()) {
      agency[a.code] = a.id;
    }
    hartwell = await personId(h, 'Hartwell');
    coordinator = await signIn(h, 'coordinator@northmoor.example');
    nurse = await signIn(h, 'nurse@northmoor.example');
    analyst = await signIn(h, 'analyst@northmoor.example');
    dsl = await signIn(h, 'dsl@northmoor.example');
  });
  afterAll(() => h.close());

  const openCase = (form: Record<string, string | string[]>) =>
    coordinator.post('/cases', {
      reason: 'Found with an older adult; missing from placement twice.',
      leadAgencyId: agency.csc!,
      ...date('reviewDueOn', '2026-11-20'),
      ...form,
    });
  const idFrom = (location: unknown) => String(location).split('/')[2]!.split('#')[0]!;

  it('answers 401 to the API and sends pages to sign-in when signed out', async () => {
    expect((await h.app.inject({ url: '/api/v1/cases' })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/cases' })).statusCode).toBe(303);
    expect((await h.app.inject({ url: '/meetings' })).statusCode).toBe(303);
    expect((await h.app.inject({ url: '/support' })).statusCode).toBe(303);
  });

  it('answers 404 for a missing case or meeting, and to a practitioner opening a case', async () => {
    expect((await coordinator.get(`/cases/${MISSING}`)).statusCode).toBe(404);
    expect((await coordinator.get(`/api/v1/cases/${MISSING}`)).statusCode).toBe(404);
    expect((await coordinator.get(`/meetings/${MISSING}`)).statusCode).toBe(404);
    expect((await dsl.get('/cases/new')).statusCode).toBe(404);
    expect((await dsl.post('/cases', {})).statusCode).toBe(404);
    expect((await dsl.get('/meetings/new')).statusCode).toBe(404);
  });

  it('shows the GOV.UK error summary for an incomplete case (400)', async () => {
    const res = await coordinator.post('/cases', {
      'reviewDueOn-day': '31',
      'reviewDueOn-month': '2',
      'reviewDueOn-year': '2027',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('Select whether the case is about a child, a place or a peer group');
    expect(res.body).toContain('href="#reviewDueOn-day"');
  });

  it('opens a case on a child (also from the child page link) and shows it only to involved agencies', async () => {
    expect((await coordinator.get(`/cases/new?child=${hartwell}`)).body).toContain(
      `value="${hartwell}" selected`,
    );
    const res = await openCase({ subjectKind: 'child', childId: hartwell, agencyIds: [agency.police!] });
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    const page = await coordinator.get(`/cases/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Amelia Hartwell');
    expect((await analyst.get(`/cases/${id}`)).statusCode).toBe(200);
    expect((await nurse.get(`/cases/${id}`)).statusCode).toBe(404);
    expect(
      (await nurse.get('/api/v1/cases?view=all')).json<{ cases: { id: string }[] }>().cases.map((c) => c.id),
    ).not.toContain(id);
    expect(await auditCount(h, 'case.read', 'denied')).toBeGreaterThan(0);

    const bad = await coordinator.post(`/cases/${id}/close`, { outcome: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select the reason for closing the case');
    expect(
      (await analyst.post(`/cases/${id}/close`, { outcome: 'x', closureReason: 'RC8' })).statusCode,
    ).toBe(404);
    const closed = await coordinator.post(`/cases/${id}/close`, {
      outcome: 'Safe at home; support continues.',
      closureReason: 'RC8',
    });
    expect(closed.statusCode).toBe(303);
    expect((await coordinator.get(`/cases/${id}`)).body).toContain(
      'Case closed after assessment, no further action',
    );
  });

  it('links every child who shares a place when a case is opened on it', async () => {
    const pid = h.partnershipId;
    const db = h.db.db;
    const place = newId();
    await db
      .insertInto('location')
      .values({ id: place, partnership_id: pid, kind: 'takeaway', name: 'Late-night takeaway, Mill Street' })
      .execute();
    const kids = await Promise.all(['Osei', 'Brennan', 'Malik-Jones'].map((n) => personId(h, n)));
    for (const k of kids.slice(0, 2)) {
      await db
        .insertInto('person_address')
        .values({ id: newId(), partnership_id: pid, person_id: k, location_id: place })
        .execute();
    }
    const event = newId();
    await db
      .insertInto('event')
      .values({
        id: event,
        partnership_id: pid,
        agency_id: agency.police!,
        type: 'found_in_company',
        occurred_at: '2026-10-30T22:00:00Z',
        location_id: place,
      })
      .execute();
    await db
      .insertInto('event_party')
      .values({ id: newId(), partnership_id: pid, event_id: event, person_id: kids[2]!, role: 'subject' })
      .execute();

    const res = await openCase({ subjectKind: 'place', locationId: place });
    expect(res.statusCode).toBe(303);
    const body = (await coordinator.get(`/api/v1/cases/${idFrom(res.headers.location)}`)).json<{
      title: string;
      children: { id: string; link: string }[];
    }>();
    expect(body.title).toBe('Late-night takeaway, Mill Street');
    expect(body.children.map((c) => c.id).sort()).toEqual([...kids].sort());
    expect(body.children.every((c) => c.link === 'shares_place')).toBe(true);
  });

  it('keeps a restricted minute section from agencies not named for it, in the page and the API', async () => {
    const bad = await coordinator.post('/meetings', { kind: 'mace' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select the agencies invited');
    const res = await coordinator.post('/meetings', {
      kind: 'mace',
      title: 'Northmoor MACE, November',
      ...date('heldOn', '2026-11-05'),
      agencyIds: [agency.police!, agency.nhs!, agency.csc!],
    });
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    expect(
      (
        await coordinator.post(`/meetings/${id}/minutes`, {
          heading: 'Police update',
          body: 'Operation details',
          restricted: 'yes',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await coordinator.post(`/meetings/${id}/minutes`, {
          heading: 'Open update',
          body: 'School attendance improving',
          restricted: 'no',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await coordinator.post(`/meetings/${id}/minutes`, {
          heading: 'Police update',
          body: 'Covert operation OP-BLUEBELL',
          restricted: 'yes',
          allowedAgencyIds: agency.police!,
        })
      ).statusCode,
    ).toBe(303);

    for (const [client, sees] of [
      [analyst, true],
      [coordinator, true],
      [nurse, false],
    ] as const) {
      const page = await client.get(`/meetings/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('School attendance improving');
      expect(page.body.includes('OP-BLUEBELL')).toBe(sees);
      const api = (await client.get(`/api/v1/meetings/${id}`)).json<{ minutes: { heading: string }[] }>();
      expect(api.minutes.map((m) => m.heading)).toEqual(
        sees ? ['Open update', 'Police update'] : ['Open update'],
      );
    }
    expect((await dsl.get(`/meetings/${id}`)).statusCode).toBe(404);
    expect((await nurse.post(`/meetings/${id}/minutes`, { heading: 'x', body: 'y' })).statusCode).toBe(404);
  });

  it('escalates an overdue action once, to the owning agency lead, with a fixed clock', async () => {
    const db = withCaseTables(h.db.db);
    const lead = await h.db.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'dplead@northmoor.example')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('agency_lead')
      .values({ partnership_id: h.partnershipId, agency_id: agency.police!, user_id: lead.id })
      .execute();
    const res = await coordinator.post('/meetings', {
      kind: 'strategy',
      title: 'Strategy: Amelia',
      ...date('heldOn', '2026-10-20'),
      agencyIds: [agency.police!],
    });
    const id = idFrom(res.headers.location);
    expect(
      (
        await coordinator.post(`/meetings/${id}/actions`, {
          description: 'Visit',
          ...date('dueOn', '2026-02-30'),
        })
      ).body,
    ).toContain('Enter a real due date');
    const added = await coordinator.post(`/meetings/${id}/actions`, {
      description: 'Disruption visit to the address in NM4',
      ownerAgencyId: agency.police!,
      ownerName: 'DS Rao',
      ...date('dueOn', '2026-10-30'),
    });
    expect(added.statusCode).toBe(303);

    expect((await dsl.post('/actions/escalate', {})).statusCode).toBe(404);
    expect((await coordinator.post('/actions/escalate', {})).statusCode).toBe(303);
    const row = await db
      .selectFrom('case_action')
      .select(['escalated_at', 'escalated_to_user_id'])
      .where('meeting_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.escalated_to_user_id).toBe(lead.id);
    expect(row.escalated_at?.toISOString()).toBe('2026-11-02T09:00:00.000Z');

    const overdue = (await analyst.get('/api/v1/actions/overdue')).json<{
      actions: { description: string; daysOverdue: number; escalatedTo: string }[];
    }>();
    expect(overdue.actions).toEqual([
      expect.objectContaining({
        description: 'Disruption visit to the address in NM4',
        daysOverdue: 3,
        escalatedTo: 'Dana Data-Protection-Lead',
      }),
    ]);
    expect((await nurse.get('/api/v1/actions/overdue')).json<{ actions: unknown[] }>().actions).toEqual([]);
    expect((await coordinator.get('/actions')).body).toContain('Escalated');

    const nextDay = fixedClock('2026-11-03T09:00:00Z');
    const again = await runWithContext(
      { requestId: 't', actor: undefined, purpose: 'administration', channel: 'cli' },
      () => escalateOverdueForPartnership(h.db.db, nextDay, h.partnershipId),
    );
    expect(again.escalated).toEqual([]);
    expect(again.alreadyEscalated.map((a) => a.daysOverdue)).toEqual([4]);
    const actionId = again.alreadyEscalated[0]!.id;
    expect((await nurse.post(`/actions/${actionId}/status`, { status: 'done' })).statusCode).toBe(404);
    expect((await analyst.post(`/actions/${actionId}/status`, { status: 'done' })).statusCode).toBe(303);
    expect((await analyst.get('/api/v1/actions/overdue')).json<{ actions: unknown[] }>().actions).toEqual([]);
  });

  it("records a support plan led by the child's words; reviews carry on past 18 and across a move of area", async () => {
    expect((await h.app.inject({ url: `/support/${hartwell}` })).statusCode).toBe(303);
    expect((await coordinator.get(`/support/${MISSING}`)).statusCode).toBe(404);
    expect((await dsl.get(`/support/${hartwell}`)).statusCode).toBe(404);
    const bad = await coordinator.post(`/support/${hartwell}/plan`, { childWords: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter what the child or young person wants, in their own words');
    const saved = await coordinator.post(`/support/${hartwell}/plan`, {
      childWords: 'I want to stay at my placement.',
      safetyPlan: 'Call the key worker.',
      keyWorkerName: 'Jo Reyes',
      keyWorkerAgencyId: agency.safesteps!,
      currentArea: 'Northmoor',
      reviewEveryMonths: '6',
      ...date('nextReviewOn', '2029-02-01'),
    });
    expect(saved.statusCode).toBe(303);
    const review = await coordinator.post(`/support/${hartwell}/contacts`, {
      kind: 'review',
      ...date('occurredOn', '2029-04-01'),
      note: 'Reviewed after 18th birthday.',
    });
    expect(review.statusCode).toBe(303);
    expect(
      (
        await coordinator.post(`/support/${hartwell}/contacts`, {
          kind: 'area_move',
          ...date('occurredOn', '2029-05-01'),
          note: 'Moved for university.',
        })
      ).statusCode,
    ).toBe(400);
    await coordinator.post(`/support/${hartwell}/contacts`, {
      kind: 'area_move',
      newArea: 'Eastvale',
      ...date('occurredOn', '2029-05-01'),
      note: 'Moved for university.',
    });
    const page = await coordinator.get(`/support/${hartwell}`);
    expect(page.body.indexOf('What I want')).toBeLessThan(page.body.indexOf('Safety plan'));
    expect(page.body).toContain('1 October 2029');
    expect(page.body).toContain('Moved from Northmoor to Eastvale');
    expect(page.body).toContain('Eastvale');
    // The key worker's agency may see it; an agency with no part in it may not.
    expect((await nurse.get(`/support/${hartwell}`)).statusCode).toBe(404);
  });
});
