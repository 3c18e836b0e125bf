// The alerts JSON API through the whole app on a real database: failure cases first (401, 404 for
// roles and records out of scope, 400 with clear messages and nothing changed, 409), then the inbox
// list with filters, one alert with its evidence, the lifecycle, the digest and the OpenAPI document.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditCount,
  cookieHeader,
  personId,
  signIn,
  startHarness,
  type Client,
  type Harness,
} from '../../access/testing/harness.ts';
import { loadActor } from '../../access/accounts/actor.ts';
import { runWithContext } from '../../access/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import { dailyDigest, listInbox } from './alerts.service.ts';
import { evaluatePartnership } from './evaluation.service.ts';
import { withAlertTables } from './tables.ts';

let h: Harness;
let coordinator: Client;
let dsl: Client;
let analyst: Client;
let hartwell: string;
let osei: string;
let hartwellAlert: string;
let oseiAlert: string;
let dslAlert: string;

interface ErrorBody {
  error: { code: string; message: string; issues: { path: string[]; message: string }[] };
}

function postJson(client: Client, url: string, body?: unknown): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method: 'POST',
    url,
    headers: {
      ...cookieHeader({ sightline_session: client.cookie }),
      'x-csrf-token': client.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

async function addEvent(person: string, type: string, agencyCode: string, at: string): Promise<void> {
  const agency = await h.db.db
    .selectFrom('agency')
    .select('id')
    .where('code', '=', agencyCode)
    .executeTakeFirstOrThrow();
  const id = newId();
  await h.db.db
    .insertInto('event')
    .values({ id, partnership_id: h.partnershipId, agency_id: agency.id, type, occurred_at: new Date(at) })
    .execute();
  await h.db.db
    .insertInto('event_party')
    .values({
      id: newId(),
      partnership_id: h.partnershipId,
      event_id: id,
      person_id: person,
      role: 'subject',
    })
    .execute();
}

const statusOf = async (id: string) =>
  (
    await withAlertTables(h.db.db)
      .selectFrom('alert')
      .select(['status', 'outcome_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).status;

beforeAll(async () => {
  h = await startHarness();
  hartwell = await personId(h, 'Hartwell');
  osei = await personId(h, 'Osei');
  await addEvent(osei, 'missing_episode', 'police', '2026-10-30T20:00:00Z');
  await addEvent(osei, 'sexual_health_attendance', 'nhs', '2026-11-01T10:00:00Z');
  await evaluatePartnership({ db: h.db.db, clock: h.clock, inWorker: false }, h.partnershipId);
  const alerts = await withAlertTables(h.db.db).selectFrom('alert').selectAll().execute();
  hartwellAlert = alerts.find((a) => a.person_id === hartwell)!.id;
  const source = alerts.find((a) => a.person_id === osei)!;
  oseiAlert = source.id;
  // A second alert for Osei routed to the school DSL as lead professional.
  const dslUser = await h.db.db
    .selectFrom('user_account')
    .select('id')
    .where('email', '=', 'dsl@northmoor.example')
    .executeTakeFirstOrThrow();
  dslAlert = newId();
  await withAlertTables(h.db.db)
    .insertInto('alert')
    .values({
      ...source,
      id: dslAlert,
      dedup_key: `${source.dedup_key}:lead`,
      routed_to: 'lead_professional',
      routed_to_user_id: dslUser.id,
      assignee_user_id: dslUser.id,
      rule_ids: JSON.stringify(source.rule_ids),
      evidence_event_ids: JSON.stringify(source.evidence_event_ids),
      explanation: JSON.stringify(source.explanation),
    })
    .execute();
  coordinator = await signIn(h, 'coordinator@northmoor.example');
  dsl = await signIn(h, 'dsl@northmoor.example');
  analyst = await signIn(h, 'analyst@northmoor.example');
}, 120_000);
afterAll(() => h.close());

describe('alerts API: refusals first', () => {
  it('answers a signed-out caller 401, even with bad input', async () => {
    expect((await h.app.inject({ url: '/api/v1/alerts' })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/v1/alerts?limit=0' })).statusCode).toBe(401);
    expect((await h.app.inject({ url: `/api/v1/alerts/${hartwellAlert}` })).statusCode).toBe(401);
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/alerts/${hartwellAlert}/dismiss` });
    expect(res.statusCode).toBe(401);
  });

  it('answers roles that do not work alerts, unknown alerts and alerts not routed to you 404', async () => {
    expect((await analyst.get('/api/v1/alerts')).statusCode).toBe(404);
    expect((await analyst.get('/api/v1/alerts/digest')).statusCode).toBe(404);
    expect((await analyst.get(`/api/v1/alerts/${hartwellAlert}`)).statusCode).toBe(404);
    expect((await coordinator.get(`/api/v1/alerts/${newId()}`)).statusCode).toBe(404);
    expect((await dsl.get(`/api/v1/alerts/${oseiAlert}`)).statusCode).toBe(404);
    const denied = await auditCount(h, 'alert.update', 'denied');
    const res = await postJson(dsl, `/api/v1/alerts/${oseiAlert}/dismiss`, { reason: 'not mine' });
    expect(res.statusCode).toBe(404);
    expect(await statusOf(oseiAlert)).toBe('new');
    // The refusal is in the consultation log: it commits even though the request fails.
    expect(await auditCount(h, 'alert.update', 'denied')).toBe(denied + 1);
  });

  it('lets no one dismiss or snooze an alert when every reason for it is withheld from them (409)', async () => {
    // An alert for the school DSL resting only on the reasons a school may not read.
    const visible = (await dsl.get(`/api/v1/alerts/${dslAlert}`)).json<{ ruleIds: string[] }>().ruleIds;
    const source = await withAlertTables(h.db.db)
      .selectFrom('alert')
      .selectAll()
      .where('id', '=', dslAlert)
      .executeTakeFirstOrThrow();
    const hiddenRules = source.rule_ids.map((r, i) => ({ r, i })).filter(({ r }) => !visible.includes(r));
    expect(hiddenRules.length).toBeGreaterThan(0);
    const hidden = newId();
    await withAlertTables(h.db.db)
      .insertInto('alert')
      .values({
        ...source,
        id: hidden,
        dedup_key: `${source.dedup_key}:hidden`,
        rule_ids: JSON.stringify(hiddenRules.map(({ r }) => r)),
        explanation: JSON.stringify(hiddenRules.map(({ i }) => source.explanation[i])),
        evidence_event_ids: JSON.stringify(source.evidence_event_ids),
      })
      .execute();
    const alert = (await dsl.get(`/api/v1/alerts/${hidden}`)).json<{
      ruleIds: string[];
      reasonsWithheld: number;
      canUpdate: boolean;
      canClose: boolean;
    }>();
    expect(alert).toMatchObject({ ruleIds: [], canUpdate: true, canClose: false });
    expect(alert.reasonsWithheld).toBe(hiddenRules.length);
    const dismiss = await postJson(dsl, `/api/v1/alerts/${hidden}/dismiss`, { reason: 'Nothing I can see' });
    expect(dismiss.statusCode).toBe(409);
    expect(dismiss.json<ErrorBody>().error.message).toContain('you cannot dismiss or snooze it');
    const snooze = await postJson(dsl, `/api/v1/alerts/${hidden}/snooze`, {
      reason: 'Wait and see',
      until: '2027-01-04',
    });
    expect(snooze.statusCode).toBe(409);
    expect(await statusOf(hidden)).toBe('new');
    // The page offers only what the DSL may do, and says why.
    const page = await dsl.get(`/alerts/${hidden}`);
    expect(page.body).toContain('you cannot dismiss or snooze it');
    expect(page.body).not.toContain('Dismiss alert');
    expect(page.body).toContain('Acknowledge: I am looking at this');
    // Acknowledging and acting stay open to them.
    expect((await postJson(dsl, `/api/v1/alerts/${hidden}/acknowledge`, {})).statusCode).toBe(200);
    await withAlertTables(h.db.db).deleteFrom('alert_event').where('alert_id', '=', hidden).execute();
    await withAlertTables(h.db.db).deleteFrom('alert').where('id', '=', hidden).execute();
  });

  it('rejects bad filters and bad ids with 400 and a message saying what to send', async () => {
    const res = await coordinator.get('/api/v1/alerts?status=closed&limit=500');
    expect(res.statusCode).toBe(400);
    const messages = (res.json<ErrorBody>().error.issues ?? []).map((i) => i.message);
    expect(messages).toContain('Limit must be a whole number from 1 to 200');
    expect(messages.some((m) => m.startsWith('Status must be one of: open, all, new'))).toBe(true);
    expect((await coordinator.get('/api/v1/alerts/not-an-id')).statusCode).toBe(400);
    expect((await coordinator.get('/api/v1/alerts/digest?date=yesterday')).statusCode).toBe(400);
  });

  it('refuses a dismissal or snooze without a reason with 400, and changes nothing', async () => {
    const audits = await auditCount(h, 'alert.dismiss');
    const dismiss = await postJson(coordinator, `/api/v1/alerts/${oseiAlert}/dismiss`, { reason: '  ' });
    expect(dismiss.statusCode).toBe(400);
    expect(dismiss.json<ErrorBody>().error.issues).toEqual([
      expect.objectContaining({ path: ['reason'], message: 'Enter why you are dismissing this alert' }),
    ]);
    const none = await postJson(coordinator, `/api/v1/alerts/${oseiAlert}/dismiss`);
    expect(none.statusCode).toBe(400);
    expect(JSON.stringify(none.json())).toContain('Send a JSON object, for example');
    const past = await postJson(coordinator, `/api/v1/alerts/${oseiAlert}/snooze`, {
      reason: 'Wait for the strategy meeting',
      until: '2020-01-01',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json<ErrorBody>().error.issues[0]!.message).toBe(
      'The date to bring the alert back must be in the future',
    );
    const action = await postJson(coordinator, `/api/v1/alerts/${oseiAlert}/action`, { opened: 'visit' });
    expect(action.statusCode).toBe(400);
    expect(await statusOf(oseiAlert)).toBe('new');
    expect(await auditCount(h, 'alert.dismiss')).toBe(audits);
  });

  it('refuses a change without the session CSRF token', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${oseiAlert}/acknowledge`,
      headers: {
        ...cookieHeader({ sightline_session: coordinator.cookie }),
        'content-type': 'application/json',
      },
      payload: '{}',
    });
    expect(res.statusCode).toBe(403);
    expect(await statusOf(oseiAlert)).toBe('new');
  });
});

describe('alerts API: the inbox, one alert, the lifecycle', () => {
  it('lists the coordinator inbox most urgent first, with filters and paging', async () => {
    const all = (await coordinator.get('/api/v1/alerts')).json<{
      alerts: { id: string; band: string }[];
      total: number;
    }>();
    expect(all.total).toBe(3);
    expect(all.alerts[0]!.id).toBe(hartwellAlert);
    expect(all.alerts[0]!.band).toBe('high');
    const high = (await coordinator.get('/api/v1/alerts?band=high')).json<{ alerts: { id: string }[] }>();
    expect(high.alerts.map((a) => a.id)).toEqual([hartwellAlert]);
    const child = (await coordinator.get(`/api/v1/alerts?child=${osei}&routedTo=lead_professional`)).json<{
      alerts: { id: string }[];
    }>();
    expect(child.alerts.map((a) => a.id)).toEqual([dslAlert]);
    const paged = (await coordinator.get('/api/v1/alerts?limit=1&offset=1')).json<{
      alerts: unknown[];
      total: number;
    }>();
    expect(paged.alerts).toHaveLength(1);
    expect(paged.total).toBe(3);
  });

  it('keeps the inbox and the digest to the daily limit, the rest summarised by band', async () => {
    const { id } = await h.db.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'coordinator@northmoor.example')
      .executeTakeFirstOrThrow();
    const actor = (await loadActor(h.db.db, id))!;
    const asCoordinator = <T>(work: () => Promise<T>) =>
      runWithContext({ requestId: newId(), actor, purpose: 'safeguarding', channel: 'web' }, work);
    const inbox = await asCoordinator(() => listInbox(h.db.db, h.clock, actor, { limit: 1 }));
    expect(inbox.shown.map((a) => a.id)).toEqual([hartwellAlert]);
    expect(inbox.shown[0]!.evidence.items.length).toBeGreaterThan(0);
    expect(inbox.restByBand).toEqual({ medium: 2 });
    const digest = await asCoordinator(() =>
      dailyDigest(h.db.db, h.clock, actor, '2026-11-02', { limit: 1 }),
    );
    expect(digest.shown.map((a) => a.id)).toEqual([hartwellAlert]);
    expect(digest.summarised).toBe(2);
    expect(digest.summarisedByBand).toEqual({ medium: 2 });
  });

  it('lists only the alerts routed to a practitioner', async () => {
    const mine = (await dsl.get('/api/v1/alerts?status=all')).json<{ alerts: { id: string }[] }>();
    expect(mine.alerts.map((a) => a.id)).toEqual([dslAlert]);
  });

  it('reads one alert with the facts that fired it, withholding what the reader may not see', async () => {
    const res = await coordinator.get(`/api/v1/alerts/${oseiAlert}`);
    expect(res.statusCode).toBe(200);
    const alert = res.json<{
      explanations: string[];
      evidence: { items: { what: string; agency: string }[]; withheld: number };
      history: { to: string }[];
      canUpdate: boolean;
    }>();
    expect(alert.explanations.length).toBeGreaterThan(0);
    expect(alert.evidence.items.map((i) => i.what)).toContain('Reported missing');
    expect(alert.history.map((e) => e.to)).toEqual(['new']);
    expect(alert.canUpdate).toBe(true);
    // A school sees neither the health records nor the reasons that rest on them.
    const school = (await dsl.get(`/api/v1/alerts/${dslAlert}`)).json<{
      evidence: { items: { what: string }[]; withheld: number };
      explanations: string[];
      ruleIds: string[];
      reasonsWithheld: number;
    }>();
    expect(school.evidence.withheld).toBeGreaterThan(0);
    expect(school.reasonsWithheld).toBeGreaterThan(0);
    expect(JSON.stringify(school)).not.toMatch(/sexual|health|Emergency/i);
    expect(school.explanations).toHaveLength(school.ruleIds.length);
    const listed = (await dsl.get('/api/v1/alerts')).json<{ alerts: { explanations: string[] }[] }>();
    expect(JSON.stringify(listed)).not.toMatch(/sexual|health|Emergency/i);
  });

  it('acknowledges, snoozes with a reason, then dismisses with a reason; closed stays closed (409)', async () => {
    const ack = await postJson(coordinator, `/api/v1/alerts/${oseiAlert}/acknowledge`, {});
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toEqual({ id: oseiAlert, status: 'acknowledged', personId: osei, next: null });
    expect((await postJson(coordinator, `/api/v1/alerts/${oseiAlert}/acknowledge`, {})).statusCode).toBe(409);
    const snooze = await postJson(coordinator, `/api/v1/alerts/${oseiAlert}/snooze`, {
      reason: 'Awaiting the strategy meeting',
      until: '2026-12-01',
    });
    expect(snooze.json()).toMatchObject({ status: 'snoozed' });
    const open = (await coordinator.get('/api/v1/alerts')).json<{ alerts: { id: string }[] }>();
    expect(open.alerts.map((a) => a.id)).not.toContain(oseiAlert);
    const snoozed = (await coordinator.get('/api/v1/alerts?status=snoozed')).json<{
      alerts: { id: string; snoozedUntil: string }[];
    }>();
    expect(snoozed.alerts).toEqual([expect.objectContaining({ id: oseiAlert, snoozedUntil: '2026-12-01' })]);
    const dismiss = await postJson(coordinator, `/api/v1/alerts/${oseiAlert}/dismiss`, {
      reason: 'Risk known; plan in place',
    });
    expect(dismiss.json()).toMatchObject({ status: 'dismissed' });
    const again = await postJson(coordinator, `/api/v1/alerts/${oseiAlert}/acknowledge`, {});
    expect(again.statusCode).toBe(409);
    const detail = (await coordinator.get(`/api/v1/alerts/${oseiAlert}`)).json<{
      history: { to: string; reason: string | null }[];
      outcomeReason: string;
      canUpdate: boolean;
    }>();
    expect(detail.history.map((e) => e.to)).toEqual(['new', 'acknowledged', 'snoozed', 'dismissed']);
    expect(detail.outcomeReason).toBe('Risk known; plan in place');
    expect(detail.canUpdate).toBe(false);
    expect(await auditCount(h, 'alert.dismiss')).toBe(1);
  });

  it('lets the practitioner act on their alert and says which page opens the screening', async () => {
    const res = await postJson(dsl, `/api/v1/alerts/${dslAlert}/action`, { opened: 'screening' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: dslAlert,
      status: 'actioned',
      personId: osei,
      next: `/children/${osei}/screenings/new`,
    });
  });

  it("gives the day's digest: the daily limit in full, the rest counted by band", async () => {
    const digest = (await coordinator.get('/api/v1/alerts/digest?date=2026-11-02')).json<{
      shown: { id: string }[];
      summarised: number;
      limit: number;
    }>();
    expect(digest.limit).toBe(10);
    expect(digest.shown.map((a) => a.id)[0]).toBe(hartwellAlert);
    expect(digest.summarised).toBe(0);
    const none = (await coordinator.get('/api/v1/alerts/digest?date=2026-01-01')).json<{
      shown: unknown[];
    }>();
    expect(none.shown).toEqual([]);
  });

  it('describes every alerts route in the OpenAPI document', async () => {
    const doc = (await h.app.inject({ url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, unknown>;
    }>();
    for (const path of [
      '/api/v1/alerts',
      '/api/v1/alerts/digest',
      '/api/v1/alerts/{id}',
      '/api/v1/alerts/{id}/acknowledge',
      '/api/v1/alerts/{id}/action',
      '/api/v1/alerts/{id}/dismiss',
      '/api/v1/alerts/{id}/snooze',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });
});
