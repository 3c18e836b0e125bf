import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditCount,
  personId,
  signIn,
  startHarness,
  type Client,
  type Harness,
} from '../access/testing/harness.ts';

describe('GET /children/:id and /api/v1/children/:id', () => {
  let h: Harness;
  let coordinator: Client;
  let police: Client;
  let dsl: Client;
  let hartwell: string;
  let whitlow: string;

  beforeAll(async () => {
    h = await startHarness();
    [coordinator, police, dsl] = await Promise.all([
      signIn(h, 'coordinator@northmoor.example'),
      signIn(h, 'dplead@northmoor.example'),
      signIn(h, 'dsl@northmoor.example'),
    ]);
    hartwell = await personId(h, 'Hartwell');
    whitlow = await personId(h, 'Whitlow');
  });
  afterAll(() => h.close());

  it('answers 401 to the API and sends pages to sign-in when not signed in', async () => {
    const api = await h.app.inject({ url: `/api/v1/children/${hartwell}` });
    expect(api.statusCode).toBe(401);
    const page = await h.app.inject({ url: `/children/${hartwell}` });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toContain('/sign-in');
  });

  it('answers 404 for a child outside the scope, an adult and an unknown id, and audits the denial', async () => {
    const before = await auditCount(h, 'child.read', 'denied');
    expect((await dsl.get(`/children/${hartwell}`)).statusCode).toBe(404);
    expect((await coordinator.get(`/api/v1/children/${whitlow}`)).statusCode).toBe(404);
    expect((await coordinator.get('/children/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect(await auditCount(h, 'child.read', 'denied')).toBe(before + 3);
  });

  it('names the lead professional of the child’s open case, and says when there is none', async () => {
    const lead = (await coordinator.get(`/api/v1/children/${hartwell}`)).json<{
      leadProfessional: unknown;
    }>().leadProfessional;
    expect(lead).toBeNull();
    expect((await coordinator.get(`/children/${hartwell}`)).body).toContain('None: no open case');
    const user = await h.db.db
      .selectFrom('user_account')
      .innerJoin('agency', 'agency.id', 'user_account.agency_id')
      .select(['user_account.id', 'user_account.display_name', 'agency.id as agency_id', 'agency.name'])
      .where('email', '=', 'coordinator@northmoor.example')
      .executeTakeFirstOrThrow();
    const caseId = randomUUID();
    await sql`insert into case_record (id, partnership_id, subject_kind, title, reason, lead_agency_id, lead_user_id, opened_at)
      values (${caseId}, ${h.partnershipId}, 'child', 'Test case', 'Test', ${user.agency_id}, ${user.id}, now())`.execute(
      h.db.db,
    );
    await sql`insert into case_child (partnership_id, case_id, person_id, link, added_at)
      values (${h.partnershipId}, ${caseId}, ${hartwell}, 'subject', now())`.execute(h.db.db);
    const named = (await coordinator.get(`/api/v1/children/${hartwell}`)).json<{
      leadProfessional: unknown;
    }>();
    expect(named.leadProfessional).toEqual({ name: user.display_name, agency: user.name });
    expect((await coordinator.get(`/children/${hartwell}`)).body).toContain(user.display_name);
  });

  it('answers 400 to an invalid filter', async () => {
    const res = await coordinator.get(`/api/v1/children/${hartwell}?agency=not-an-id`);
    expect(res.statusCode).toBe(400);
  });

  it('shows a coordinator every agency’s events, health included, and audits the read', async () => {
    const before = await auditCount(h, 'child.read', 'success');
    const res = await coordinator.get(`/api/v1/children/${hartwell}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      status: { lookedAfter: boolean };
      chronology: { items: { type: string; significant: boolean }[]; withheld: unknown[] };
      healthVisible: boolean;
    }>();
    expect(body.status.lookedAfter).toBe(true);
    expect(body.healthVisible).toBe(true);
    expect(body.chronology.items.map((i) => i.type)).toEqual([
      'sexual_health_attendance',
      'found_in_company',
      'missing_episode',
    ]);
    expect(body.chronology.items.every((i) => i.significant)).toBe(true);
    expect(body.chronology.withheld).toEqual([]);
    expect(await auditCount(h, 'child.read', 'success')).toBe(before + 1);
  });

  it('tells a police practitioner that a health record is withheld, without showing it', async () => {
    const res = await police.get(`/children/${hartwell}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('1 health record is not shown to your agency');
    expect(res.body).not.toContain('sexual-health clinic');
    expect(res.body).toContain('Found in the company of adults');
  });

  it('filters the chronology by type without JavaScript and has a print view', async () => {
    const res = await coordinator.get(`/children/${hartwell}?type=missing_episode&agency=&significant=`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Showing 1 of 3 events');
    const print = await coordinator.get(`/children/${hartwell}?view=print`);
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain('OFFICIAL-SENSITIVE');
    expect(print.body).toContain('multi-agency chronology');
  });

  it('keeps an event’s free text, times and order exactly, whatever characters the narrative holds', async () => {
    const agency = await h.db.db
      .selectFrom('agency')
      .select('id')
      .where('code', '=', 'police')
      .executeTakeFirstOrThrow();
    const id = randomUUID();
    const narrative = 'Seen at\u001fthe\u001ehotel <b>late</b>\tby staff\nsecond line';
    await sql`insert into event (id, partnership_id, agency_id, type, occurred_at, occurred_until, narrative, data)
      values (${id}, ${h.partnershipId}, ${agency.id}, 'police_incident', '2026-11-20T21:30:00.123Z',
        '2026-11-21T01:00:00Z', ${narrative}, '{"status": "x\\u001ey"}')`.execute(h.db.db);
    await sql`insert into event_party (id, partnership_id, event_id, person_id, role)
      values (${randomUUID()}, ${h.partnershipId}, ${id}, ${hartwell}, 'victim')`.execute(h.db.db);
    const body = (await coordinator.get(`/api/v1/children/${hartwell}`)).json<{
      chronology: {
        items: {
          id: string;
          occurredAt: string;
          occurredUntil: string | null;
          narrative: string | null;
          roles: string[];
        }[];
        total: number;
      };
    }>();
    const item = body.chronology.items.find((i) => i.id === id);
    expect(item).toMatchObject({
      occurredAt: '2026-11-20T21:30:00.123Z',
      occurredUntil: '2026-11-21T01:00:00.000Z',
      narrative: 'Seen at the hotel <b>late</b>\tby staff\nsecond line',
      roles: ['victim'],
    });
    expect(body.chronology.total).toBe(4);
    const times = body.chronology.items.map((i) => i.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    const page = await coordinator.get(`/children/${hartwell}`);
    expect(page.body).toContain('hotel &lt;b&gt;late&lt;/b&gt;');
    // A separator in an event's type (it comes from agency feeds) is a space: the other events keep their fields.
    await sql`update event set type = ${'police\u001fincident'} where id = ${id}`.execute(h.db.db);
    const again = (await coordinator.get(`/api/v1/children/${hartwell}`)).json<{
      chronology: { items: { id: string; type: string; occurredAt: string }[] };
    }>();
    expect(again.chronology.items.find((i) => i.id === id)?.type).toBe('police incident');
    expect(again.chronology.items.map((i) => i.occurredAt)).toEqual(times);
  });

  it('gives every time exactly as JavaScript writes it, microseconds cut and outside years 1 to 9999 too', async () => {
    const agency = await h.db.db
      .selectFrom('agency')
      .select('id')
      .where('code', '=', 'police')
      .executeTakeFirstOrThrow();
    const times: [string, string][] = [
      ['2026-03-29 00:59:59.999999+00', '2026-03-29T00:59:59.999Z'],
      ['1969-12-31 23:59:59.9995+00', '1969-12-31T23:59:59.999Z'],
      ['0005-03-01 10:00:00.123+00', '0005-03-01T10:00:00.123Z'],
      ['10000-01-01 00:00:00+00', '+010000-01-01T00:00:00.000Z'],
      ['0001-01-01 00:00:00+00 BC', '0000-01-01T00:00:00.000Z'],
    ];
    const ids: string[] = [];
    for (const [at] of times) {
      const id = randomUUID();
      ids.push(id);
      await sql`insert into event (id, partnership_id, agency_id, type, occurred_at, occurred_until)
        values (${id}, ${h.partnershipId}, ${agency.id}, 'police_incident', ${at}::timestamptz, ${at}::timestamptz)`.execute(
        h.db.db,
      );
      await sql`insert into event_party (id, partnership_id, event_id, person_id, role)
        values (${randomUUID()}, ${h.partnershipId}, ${id}, ${hartwell}, 'subject')`.execute(h.db.db);
    }
    const items = (await coordinator.get(`/api/v1/children/${hartwell}`)).json<{
      chronology: { items: { id: string; occurredAt: string; occurredUntil: string | null }[] };
    }>().chronology.items;
    times.forEach(([, iso], k) => {
      expect(items.find((i) => i.id === ids[k])).toMatchObject({ occurredAt: iso, occurredUntil: iso });
    });
    expect((await coordinator.get(`/children/${hartwell}`)).statusCode).toBe(200);
    await sql`delete from event_party where event_id in (${sql.join(ids)})`.execute(h.db.db);
    await sql`delete from event where id in (${sql.join(ids)})`.execute(h.db.db);
  });
});
