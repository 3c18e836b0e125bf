import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditCount,
  cookieFrom,
  cookieHeader,
  csrfIn,
  formBody,
  personId,
  signIn,
  startHarness,
  type Client,
  type Harness,
} from '../access/testing/harness.ts';
import { newId } from '../platform/ids/ids.ts';
import { seedNetwork, type SeededNetwork } from '../network/testing/seed-network.ts';
import { withIntelligenceTables } from './intelligence.schema.ts';

let h: Harness;
let analyst: Client;
let coordinator: Client;
let dsl: Client;
let dplead: Client;
let seeded: SeededNetwork;
let whitlow: string;
let osei: string;
/** A vehicle recorded only by the schools, about a child the police are not involved with. */
let hiddenVehicle: string;

const ANSWERS = {
  text: 'The informant says a silver hatchback collects girls from the park. Call 07700 900123 for details. Seen on Friday nights.',
  sourceType: 'Member of the public',
  sourceReference: 'SRC-4410',
  sourceEvaluation: '2',
  assessment: 'C',
  handling: 'P',
};

beforeAll(async () => {
  h = await startHarness({ demoMode: true });
  const db = h.db.db;
  const agency = (kind: 'police' | 'education') =>
    db
      .selectFrom('agency')
      .select('id')
      .where('partnership_id', '=', h.partnershipId)
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
  seeded = await seedNetwork(db, h.partnershipId, (await agency('police')).id, { groups: 2 });
  whitlow = await personId(h, 'Whitlow');
  osei = await personId(h, 'Osei');
  hiddenVehicle = newId();
  const event = newId();
  await db
    .insertInto('object')
    .values({
      id: hiddenVehicle,
      partnership_id: h.partnershipId,
      kind: 'vehicle',
      value: 'QZ99 HID',
      normalised_value: 'QZ99HID',
      description: null,
    })
    .execute();
  await db
    .insertInto('event')
    .values({
      id: event,
      partnership_id: h.partnershipId,
      agency_id: (await agency('education')).id,
      type: 'found_with_adult',
      occurred_at: new Date('2026-10-01T15:00:00Z'),
      occurred_until: null,
      location_id: null,
      narrative: null,
      source_record_id: null,
      recorded_by: null,
    })
    .execute();
  await db
    .insertInto('event_party')
    .values({
      id: newId(),
      partnership_id: h.partnershipId,
      event_id: event,
      person_id: osei,
      role: 'subject',
    })
    .execute();
  await db
    .insertInto('event_object')
    .values({ id: newId(), partnership_id: h.partnershipId, event_id: event, object_id: hiddenVehicle })
    .execute();
  analyst = await signIn(h, 'analyst@northmoor.example');
  coordinator = await signIn(h, 'coordinator@northmoor.example');
  dsl = await signIn(h, 'dsl@northmoor.example');
  dplead = await signIn(h, 'dplead@northmoor.example');
}, 60_000);
afterAll(() => h.close());

const itemCount = async (): Promise<number> =>
  Number(
    (
      await h.db.db
        .selectFrom('intelligence')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The error summary's entries, as [href, text]. */
function errorSummary(html: string): [string, string][] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1]!, m[2]!.trim()]);
}

const post = (c: Client, form: Record<string, string | string[]>) => c.post('/intelligence/new', form);

describe('GET and POST /intelligence/new: refusals first', () => {
  it('sends a signed-out user to sign in, whatever they post', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/intelligence/new' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fintelligence%2Fnew');
    const signInPage = await h.app.inject({ method: 'GET', url: '/sign-in' });
    const anon = cookieFrom(signInPage, 'sightline_csrf')!;
    const posted = await h.app.inject({
      method: 'POST',
      url: '/intelligence/new',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...cookieHeader({ sightline_csrf: anon }),
      },
      payload: formBody({ _csrf: csrfIn(signInPage.body), action: 'save', ...ANSWERS }),
    });
    expect(posted.statusCode).toBe(303);
    expect(String(posted.headers.location)).toMatch(/^\/sign-in/);
  });

  it('answers 404 to roles the policy does not let record, and audits each refusal', async () => {
    const before = await auditCount(h, 'intelligence.create', 'denied');
    const items = await itemCount();
    for (const c of [coordinator, dsl, dplead]) {
      expect((await c.get('/intelligence/new')).statusCode).toBe(404);
      expect((await post(c, { action: 'save', ...ANSWERS })).statusCode).toBe(404);
    }
    expect(await auditCount(h, 'intelligence.create', 'denied')).toBe(before + 6);
    expect(await itemCount()).toBe(items);
  });

  it('shows the record button only to those who may record, and the menu item to those who may read', async () => {
    const mine = await analyst.get('/intelligence');
    expect(mine.body).toContain('href="/intelligence/new"');
    expect(mine.body).toMatch(/<a class="govuk-service-navigation__link" href="\/intelligence"/u);
    const theirs = await coordinator.get('/intelligence');
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain('href="/intelligence/new"');
    // Coordinators read the sanitised version of handling code P items: they get the menu item.
    expect(theirs.body).toMatch(/<a class="govuk-service-navigation__link" href="\/intelligence"/u);
    // A school DSL may read no intelligence: no menu item.
    expect((await dsl.get('/')).body).not.toMatch(/href="\/intelligence"/u);
  });
});

describe('POST /intelligence/new: the GOV.UK error summary, and nothing saved', () => {
  it('re-renders the first step with every missing answer, linked to its field', async () => {
    const items = await itemCount();
    const res = await post(analyst, { action: 'details', sourceType: 'Patrol' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Error: Record intelligence');
    expect(errorSummary(res.body)).toEqual([
      ['#text', 'Enter the intelligence'],
      ['#sourceReference', 'Enter the source reference'],
      ['#sourceEvaluation', 'Select how reliable the source is'],
      ['#assessment', 'Select how the source knows the information'],
      ['#handling', 'Select a handling code'],
    ]);
    expect(res.body).toContain('value="Patrol"'); // answers kept
    expect(await itemCount()).toBe(items);
  });

  it('applies the 3x5x2 rules: conditions for C, corroboration for B, a note for E', async () => {
    const res = await post(analyst, { action: 'details', ...ANSWERS, handling: 'C', assessment: 'B' });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual([
      ['#corroboration', 'Enter what corroborates intelligence assessed as B'],
      ['#handlingConditions', 'Enter the handling conditions for handling code C'],
    ]);
    const e = await post(analyst, { action: 'details', ...ANSWERS, assessment: 'E' });
    expect(errorSummary(e.body)).toEqual([
      ['#riskNote', 'Enter why the intelligence is suspected to be false or malicious'],
    ]);
  });

  it('refuses a save with the same messages as the JSON API, and saves nothing', async () => {
    const items = await itemCount();
    const form = await post(analyst, { action: 'save', ...ANSWERS, handling: 'C' });
    expect(form.statusCode).toBe(400);
    const api = await h.app.inject({
      method: 'POST',
      url: '/api/v1/intelligence',
      headers: {
        'content-type': 'application/json',
        ...cookieHeader({ sightline_session: analyst.cookie }),
        'x-csrf-token': analyst.csrf,
      },
      payload: JSON.stringify({
        text: ANSWERS.text,
        grading: { scheme: '3x5x2', source: '2', assessment: 'C', handling: 'C' },
        source: { type: ANSWERS.sourceType, reference: ANSWERS.sourceReference },
      }),
    });
    expect(api.statusCode).toBe(400);
    const apiMessages = api
      .json<{ error: { issues: { message: string }[] } }>()
      .error.issues.map((i) => i.message);
    expect(errorSummary(form.body).map(([, text]) => text)).toEqual(apiMessages);
    expect(await itemCount()).toBe(items);
  });

  it('asks for at least 2 characters before searching', async () => {
    const res = await post(analyst, { action: 'search', ...ANSWERS, q: 'W' });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual([['#q', 'Enter at least 2 characters to search']]);
  });
});

describe('POST /intelligence/new: links chosen by search', () => {
  it('finds people, vehicles and places the analyst may see, and nothing they may not', async () => {
    const person = await post(analyst, { action: 'search', ...ANSWERS, q: 'Whitlow' });
    expect(person.statusCode).toBe(200);
    expect(person.body).toContain(`name="add" value="person:${whitlow}"`);
    expect(person.body).toContain('Adult of concern, born 20 May 1991');
    const vehicle = await post(analyst, { action: 'search', ...ANSWERS, q: 'qx10 abc' });
    expect(vehicle.body).toContain(`name="add" value="object:${seeded.groups[0]!.vehicle}"`);
    const place = await post(analyst, { action: 'search', ...ANSWERS, q: 'QC1 5PY' });
    expect(place.body).toContain(`name="add" value="location:${seeded.groups[0]!.place}"`);
    // Recorded only by the schools, about a child the police are not involved with: absent.
    const hiddenPerson = await post(analyst, { action: 'search', ...ANSWERS, q: 'Osei' });
    expect(hiddenPerson.body).not.toContain(osei);
    expect(hiddenPerson.body).toContain('No records you may see match');
    const hidden = await post(analyst, { action: 'search', ...ANSWERS, q: 'QZ99' });
    expect(hidden.body).not.toContain(hiddenVehicle);
    expect(hidden.body).not.toContain('QZ99 HID');
  });

  it('adds and removes links, keeping every answer', async () => {
    const added = await post(analyst, {
      ...ANSWERS,
      q: 'Whitlow',
      links: [`object:${seeded.groups[0]!.vehicle}`],
      add: `person:${whitlow}`,
    });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain(`name="remove" value="person:${whitlow}"`);
    expect(added.body).toContain(`name="remove" value="object:${seeded.groups[0]!.vehicle}"`);
    expect(added.body).toContain('value="SRC-4410"');
    // The search result stays listed, marked as linked rather than offered again.
    expect(added.body).not.toContain(`name="add" value="person:${whitlow}"`);
    expect(added.body).toContain('govuk-tag--green">Linked</strong>');
    const removed = await post(analyst, {
      ...ANSWERS,
      links: [`object:${seeded.groups[0]!.vehicle}`, `person:${whitlow}`],
      remove: `object:${seeded.groups[0]!.vehicle}`,
    });
    expect(removed.body).toContain(`name="links" value="person:${whitlow}"`);
    expect(removed.body).not.toContain(`name="links" value="object:${seeded.groups[0]!.vehicle}"`);
  });

  it('refuses a link to a record the analyst may not see, as if it did not exist', async () => {
    const items = await itemCount();
    for (const action of ['check', 'save']) {
      const res = await post(analyst, { action, ...ANSWERS, links: [`object:${hiddenVehicle}`] });
      expect(res.statusCode).toBe(400);
      expect(errorSummary(res.body)).toEqual([
        ['#q', 'Choose a person, vehicle, phone, account or place from the search results'],
      ]);
      expect(res.body).not.toContain('QZ99');
    }
    expect(await itemCount()).toBe(items);
  });
});

describe('POST /intelligence/new: check, then save', () => {
  it('shows the shareable version the sanitisation step produces before saving', async () => {
    const res = await post(analyst, { action: 'check', ...ANSWERS, links: [`person:${whitlow}`] });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check the intelligence before you save it');
    const shareable = /<div class="govuk-inset-text" id="shareable-version">([^<]*)<\/div>/.exec(
      res.body,
    )?.[1];
    expect(shareable).toBe('[sentence removed] Call [phone number] for details. Seen on Friday nights.');
    expect(res.body).toContain('2 parts were taken out');
    const coded = await post(analyst, {
      action: 'check',
      ...ANSWERS,
      handling: 'C',
      handlingConditions: 'Not before the operation ends',
    });
    expect(coded.body).toContain('Partners will not see this intelligence: handling code C');
  });

  it('saves the item with its links and the shareable version shown, audited, and lists it', async () => {
    const created = await auditCount(h, 'intelligence.create', 'success');
    const res = await post(analyst, {
      action: 'save',
      ...ANSWERS,
      links: [
        `person:${whitlow}`,
        `object:${seeded.groups[0]!.vehicle}`,
        `location:${seeded.groups[1]!.place}`,
      ],
    });
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    const id = /^\/intelligence\?recorded=([0-9a-f-]{36})$/.exec(location)?.[1];
    expect(id).toBeDefined();
    const row = await h.db.db
      .selectFrom('intelligence')
      .select(['text', 'sanitised_text', 'source_evaluation', 'intelligence_assessment', 'handling_code'])
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      source_evaluation: '2',
      intelligence_assessment: 'C',
      handling_code: 'P',
      sanitised_text: '[sentence removed] Call [phone number] for details. Seen on Friday nights.',
    });
    const links = await withIntelligenceTables(h.db.db)
      .selectFrom('intelligence_link')
      .select(['entity_type', 'entity_id'])
      .where('intelligence_id', '=', id!)
      .execute();
    expect(links.map((l) => `${l.entity_type}:${l.entity_id}`).sort()).toEqual(
      [
        `person:${whitlow}`,
        `object:${seeded.groups[0]!.vehicle}`,
        `location:${seeded.groups[1]!.place}`,
      ].sort(),
    );
    expect(await auditCount(h, 'intelligence.create', 'success')).toBe(created + 1);
    const audit = await h.db.db
      .selectFrom('audit_event')
      .select(['subject_ids', 'actor_role'])
      .where('action', '=', 'intelligence.create')
      .where('outcome', '=', 'success')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ subject_ids: [id], actor_role: 'police_analyst' });
    const list = await analyst.get(location);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Intelligence recorded, graded 2C P (3x5x2)');
    expect(list.body).toContain(`href="/intelligence/${id!}"`);
    const item = await analyst.get(`/intelligence/${id!}`);
    expect(item.body).toContain('Vehicle QX10 ABC');
    expect(item.body).toContain('Late Bites 2');
    expect(item.body).toContain(
      '<div class="govuk-inset-text">[sentence removed] Call [phone number] for details. Seen on Friday nights.</div>',
    );
  });
});
