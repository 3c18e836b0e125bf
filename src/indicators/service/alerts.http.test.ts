// The alert product layer through the whole app on a real database: evaluation with a fixed clock
// (de-duplication, cool-down, incremental = full), then every lifecycle route, failure cases first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personId, signIn, startHarness, type Client, type Harness } from '../../access/testing/harness.ts';
import { newId } from '../../platform/ids/ids.ts';
import { inLifecycleOrder } from './alerts.service.ts';
import { evaluatePartnership } from './evaluation.service.ts';
import { withAlertTables } from './tables.ts';

let h: Harness;
let hartwell: string;
let osei: string;
let coordinator: Client;
let dsl: Client;
let analyst: Client;

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

const deps = () => ({ db: h.db.db, clock: h.clock, inWorker: false });
const alertsOf = (person: string) =>
  withAlertTables(h.db.db).selectFrom('alert').selectAll().where('person_id', '=', person).execute();
const states = () =>
  withAlertTables(h.db.db)
    .selectFrom('child_indicator_state')
    .select(['person_id', 'score', 'band_index', 'alerted_band_index', 'alerted_on'])
    .orderBy('person_id')
    .execute();

beforeAll(async () => {
  h = await startHarness();
  hartwell = await personId(h, 'Hartwell');
  osei = await personId(h, 'Osei');
}, 120_000);
afterAll(() => h.close());

describe('live evaluation', () => {
  it('raises one alert per band crossing and nothing more when re-run (de-duplication)', async () => {
    const first = await evaluatePartnership(deps(), h.partnershipId);
    expect(first.alertsRaised).toBe(1);
    const [alert] = await alertsOf(hartwell);
    expect(alert!.band).toBe('high');
    expect(alert!.evidence_event_ids.length).toBeGreaterThan(0);
    expect((await evaluatePartnership(deps(), h.partnershipId)).alertsRaised).toBe(0);
  });

  it('keeps the cool-down across days: the same band the next day raises nothing', async () => {
    h.clock.set('2026-11-03T09:00:00.000Z');
    expect((await evaluatePartnership(deps(), h.partnershipId)).alertsRaised).toBe(0);
    expect(await alertsOf(hartwell)).toHaveLength(1);
  });

  it('re-evaluating only the changed child gives the same state as a full evaluation', async () => {
    await addEvent(osei, 'missing_episode', 'police', '2026-10-30T20:00:00Z');
    await addEvent(osei, 'sexual_health_attendance', 'nhs', '2026-11-01T10:00:00Z');
    const incremental = await evaluatePartnership(deps(), h.partnershipId, [osei]);
    expect(incremental.evaluated).toBe(1);
    expect(incremental.alertsRaised).toBe(1);
    const afterIncremental = await states();
    const full = await evaluatePartnership(deps(), h.partnershipId);
    expect(full.alertsRaised).toBe(0);
    expect(await states()).toEqual(afterIncremental);
  });
});

describe('alert routes', () => {
  let hartwellAlert: string;
  let oseiAlert: string;
  beforeAll(async () => {
    // Signed in after the evaluation tests moved the clock (sessions expire when idle).
    coordinator = await signIn(h, 'coordinator@northmoor.example');
    dsl = await signIn(h, 'dsl@northmoor.example');
    analyst = await signIn(h, 'analyst@northmoor.example');
    hartwellAlert = (await alertsOf(hartwell))[0]!.id;
    oseiAlert = (await alertsOf(osei))[0]!.id;
  });

  it('sends a signed-out user to sign in and hides the inbox from roles that do not work alerts', async () => {
    expect((await h.app.inject({ url: '/alerts' })).statusCode).toBe(303);
    expect((await analyst.get('/alerts')).statusCode).toBe(404);
    expect((await analyst.get(`/alerts/${hartwellAlert}`)).statusCode).toBe(404);
  });

  it('answers an unknown alert and one not routed to a practitioner as not found', async () => {
    expect((await coordinator.get(`/alerts/${newId()}`)).statusCode).toBe(404);
    expect((await dsl.get(`/alerts/${oseiAlert}`)).statusCode).toBe(404);
    const res = await dsl.post(`/alerts/${oseiAlert}/dismiss`, { reason: 'not mine' });
    expect(res.statusCode).toBe(404);
  });

  it('asks for a reason before dismissing, with a GOV.UK error summary', async () => {
    const res = await coordinator.post(`/alerts/${oseiAlert}/dismiss`, { reason: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('href="#dismiss-reason"');
    const snooze = await coordinator.post(`/alerts/${oseiAlert}/snooze`, {
      reason: 'Wait for review',
      'until-day': '1',
      'until-month': '1',
      'until-year': '2020',
    });
    expect(snooze.statusCode).toBe(400);
    expect(snooze.body).toContain('The date to bring the alert back must be in the future');
    expect(snooze.body).toContain('href="#snooze-until-day"');
    const impossible = await coordinator.post(`/alerts/${oseiAlert}/snooze`, {
      reason: 'Wait for review',
      'until-day': '31',
      'until-month': '2',
      'until-year': '2027',
    });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('The date to bring the alert back must be a real date');
  });

  it('shows the inbox most urgent first with the evidence on the page', async () => {
    const res = await coordinator.get('/alerts');
    expect(res.statusCode).toBe(200);
    expect(res.body.indexOf('Hartwell')).toBeLessThan(res.body.indexOf('Osei'));
    expect(res.body).toContain('Reported missing');
    expect(res.body).toContain('Northmoor Police');
  });

  it('lets a coordinator acknowledge, snooze, then dismiss with a reason; closed alerts stay closed', async () => {
    expect((await coordinator.post(`/alerts/${oseiAlert}/acknowledge`, {})).statusCode).toBe(303);
    const snooze = await coordinator.post(`/alerts/${oseiAlert}/snooze`, {
      reason: 'Awaiting strategy meeting',
      'until-day': '1',
      'until-month': '12',
      'until-year': '2026',
    });
    expect(snooze.statusCode).toBe(303);
    expect((await coordinator.get('/alerts')).body).not.toContain(`/alerts/${oseiAlert}"`);
    const dismiss = await coordinator.post(`/alerts/${oseiAlert}/dismiss`, {
      reason: 'Risk known; plan in place',
    });
    expect(dismiss.statusCode).toBe(303);
    const again = await coordinator.post(`/alerts/${oseiAlert}/acknowledge`, {});
    expect(again.statusCode).toBe(409);
    const history = await withAlertTables(h.db.db)
      .selectFrom('alert_event')
      .select(['occurred_at', 'from_status', 'to_status'])
      .where('alert_id', '=', oseiAlert)
      .execute();
    // Every step happened at the same (fixed) time: the status chain gives the order.
    expect(inLifecycleOrder(history).map((e) => e.to_status)).toEqual([
      'new',
      'acknowledged',
      'snoozed',
      'dismissed',
    ]);
  });

  it('lets the practitioner an alert is routed to act on it, and sends them to open a screening', async () => {
    const dslUser = await h.db.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'dsl@northmoor.example')
      .executeTakeFirstOrThrow();
    // Osei is known to schools (the DSL's agency): route a fresh alert to the DSL as lead professional.
    const id = newId();
    const source = (await alertsOf(osei))[0]!;
    await withAlertTables(h.db.db)
      .insertInto('alert')
      .values({
        ...source,
        id,
        dedup_key: `${source.dedup_key}:lead`,
        status: 'new',
        outcome: null,
        outcome_reason: null,
        snoozed_until: null,
        routed_to: 'lead_professional',
        routed_to_user_id: dslUser.id,
        assignee_user_id: dslUser.id,
        rule_ids: JSON.stringify(source.rule_ids),
        evidence_event_ids: JSON.stringify(source.evidence_event_ids),
        explanation: JSON.stringify(source.explanation),
      })
      .execute();
    const page = await dsl.get(`/alerts/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('not shown to you'); // the health record is withheld from a school
    const res = await dsl.post(`/alerts/${id}/action`, { opened: 'screening' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/children/${osei}/screenings/new`);
  });

  it('shows rules and fairness to coordinators only', async () => {
    expect((await coordinator.get('/alerts/rules')).statusCode).toBe(200);
    expect((await coordinator.get('/alerts/fairness')).statusCode).toBe(200);
    expect((await dsl.get('/alerts/rules')).statusCode).toBe(404);
    expect((await dsl.get('/alerts/fairness')).statusCode).toBe(404);
  });
});
