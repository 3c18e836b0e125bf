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
import { newId } from '../platform/ids/ids.ts';
import { QUEUED, queueDemoPairs } from './identity.test-support.ts';

describe('identity review: /identity/reviews, /identity/reviews/:id, /identity/people/:id/linked', () => {
  let h: Harness;
  let coordinator: Client;
  let dsl: Client;
  let nurse: Client;
  let amelia: string;
  let leah: string;
  let emiliaPair: string;
  let liaPair: string;
  let hiddenPair: string;

  /** Everything a decision could change, to prove a refused one changed nothing. */
  const snapshot = async () =>
    (
      await sql<{ s: string }>`select concat_ws('|',
        (select string_agg(concat_ws(',', id, merged_into), ';' order by id) from person),
        (select string_agg(concat_ws(',', id, decision, deferred_at, deferred_by, deferred_note), ';' order by id) from link_decision),
        (select count(*) from identity_do_not_match),
        (select count(*) from identity_merge),
        (select count(*) from identity_decision)) as s`.execute(h.db.db)
    ).rows[0]!.s;

  const pairOf = async (family: string): Promise<string> =>
    (
      await sql<{ id: string }>`select d.id from link_decision d join person p on p.id = d.person_id
        where d.decision = 'review' and p.family_name = ${family}`.execute(h.db.db)
    ).rows[0]!.id;

  beforeAll(async () => {
    h = await startHarness();
    await queueDemoPairs(h.db, h.partnershipId);
    [coordinator, dsl, nurse] = await Promise.all([
      signIn(h, 'coordinator@northmoor.example'),
      signIn(h, 'dsl@northmoor.example'),
      signIn(h, 'nurse@northmoor.example'),
    ]);
    amelia = await personId(h, 'Hartwell');
    leah = await personId(h, 'Brennan');
    emiliaPair = await pairOf(QUEUED.emilia.family);
    liaPair = await pairOf(QUEUED.lia.family);
    // A pair about an adult the coordinator's agency has nothing to do with: out of their scope.
    const whitlow = await personId(h, 'Whitlow');
    const police = await h.db.db
      .selectFrom('agency')
      .select('id')
      .where('code', '=', 'police')
      .executeTakeFirstOrThrow();
    const adult = newId();
    const record = newId();
    hiddenPair = newId();
    await sql`insert into person (id, partnership_id, kind, given_name, family_name)
      values (${adult}, ${h.partnershipId}, 'adult_of_concern', 'Darran', 'Whitlow')`.execute(h.db.db);
    await sql`insert into source_record (id, partnership_id, agency_id, feed, external_key, payload, person_id)
      values (${record}, ${h.partnershipId}, ${police.id}, 'police_parties', 'PTY-X', '{}', ${adult})`.execute(
      h.db.db,
    );
    await sql`insert into link_decision (id, partnership_id, source_record_id, person_id, candidate_person_id, decision, score)
      values (${hiddenPair}, ${h.partnershipId}, ${record}, ${adult}, ${whitlow}, 'review', 0.9)`.execute(
      h.db.db,
    );
  });
  afterAll(() => h.close());

  it('answers 404 to anyone but a coordinator, and for unknown or out-of-scope pairs', async () => {
    expect((await dsl.get('/identity/reviews')).statusCode).toBe(404);
    expect((await nurse.get(`/identity/reviews/${emiliaPair}`)).statusCode).toBe(404);
    expect((await dsl.get(`/identity/people/${amelia}/linked`)).statusCode).toBe(404);
    expect((await coordinator.get(`/identity/reviews/${newId()}`)).statusCode).toBe(404);
    const before = await snapshot();
    const denied = await auditCount(h, 'identity.pair.read', 'denied');
    expect((await coordinator.get(`/identity/reviews/${hiddenPair}`)).statusCode).toBe(404);
    const post = await coordinator.post(`/identity/reviews/${hiddenPair}`, { decision: 'link' });
    expect(post.statusCode).toBe(404);
    expect((await nurse.post(`/identity/reviews/${emiliaPair}`, { decision: 'link' })).statusCode).toBe(404);
    expect(await auditCount(h, 'identity.pair.read', 'denied')).toBe(denied + 2);
    expect(await snapshot()).toBe(before);
    const queue = await coordinator.get('/identity/reviews');
    expect(queue.body).not.toContain('Darran');
  });

  it('lists the pairs the coordinator may see, most likely first, and audits the read', async () => {
    const audits = await auditCount(h, 'identity.queue.read');
    const res = await coordinator.get('/identity/reviews');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('2 pairs waiting');
    const lia = res.body.indexOf('Lia Brennan');
    const emilia = res.body.indexOf('Emilia Hartwell');
    expect(lia).toBeGreaterThan(0);
    expect(emilia).toBeGreaterThan(lia);
    expect(res.body).toContain('Safe Steps (voluntary sector)');
    expect(await auditCount(h, 'identity.queue.read')).toBe(audits + 1);
  });

  it('shows a pair side by side with the weight each comparison added', async () => {
    const audits = await auditCount(h, 'identity.pair.read', 'success');
    const res = await coordinator.get(`/identity/reviews/${emiliaPair}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Emilia Hartwell');
    expect(res.body).toContain('Amelia Hartwell');
    expect(res.body).toContain('The two records side by side');
    expect(res.body).toContain('How the matching scored them');
    expect(res.body).toContain('Same last name');
    expect(res.body).toContain('Same date of birth');
    expect(res.body).toContain('NHS number: 9434765919');
    expect(res.body).toMatch(/Northmoor Police: [^<]*event/);
    expect(await auditCount(h, 'identity.pair.read', 'success')).toBe(audits + 1);
  });

  it('answers 400 with the GOV.UK error summary on a bad answer, and changes nothing', async () => {
    const before = await snapshot();
    const none = await coordinator.post(`/identity/reviews/${emiliaPair}`, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('There is a problem');
    expect(none.body).toContain('Select whether these records are about the same person');
    expect(none.body).toContain('href="#decision"');
    const odd = await coordinator.post(`/identity/reviews/${emiliaPair}`, { decision: 'merge-everything' });
    expect(odd.statusCode).toBe(400);
    const long = await coordinator.post(`/identity/reviews/${emiliaPair}`, {
      decision: 'link',
      note: 'x'.repeat(1001),
    });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Your note must be 1,000 characters or fewer');
    expect(await snapshot()).toBe(before);
  });

  it('keeps a pair left to decide later in the queue, after the undecided ones, with who and when', async () => {
    const audits = await auditCount(h, 'identity.defer');
    const res = await coordinator.post(`/identity/reviews/${liaPair}`, {
      decision: 'defer',
      note: 'Asking Safe Steps for her date of birth',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/identity/reviews?done=${liaPair}&decided=defer`);
    const queue = await coordinator.get(String(res.headers.location));
    expect(queue.body).toContain('Decision saved');
    expect(queue.body).toContain('1 left to decide later');
    expect(queue.body.indexOf('Emilia Hartwell')).toBeLessThan(queue.body.indexOf('Lia Brennan'));
    expect(queue.body).toContain('Priya Coordinator');
    expect(await auditCount(h, 'identity.defer')).toBe(audits + 1);
    const pair = await coordinator.get(`/identity/reviews/${liaPair}`);
    expect(pair.body).toContain('Asking Safe Steps for her date of birth');
  });

  it('remembers "not the same person": the pair leaves the queue and cannot be decided again', async () => {
    const audits = await auditCount(h, 'identity.reject');
    const res = await coordinator.post(`/identity/reviews/${liaPair}`, { decision: 'reject' });
    expect(res.statusCode).toBe(303);
    const apart = await sql<{ n: number }>`select count(*)::int as n from identity_do_not_match
      where ${leah} in (person_a, person_b)`.execute(h.db.db);
    expect(apart.rows[0]!.n).toBe(1);
    expect(await auditCount(h, 'identity.reject')).toBe(audits + 1);
    const queue = await coordinator.get('/identity/reviews');
    expect(queue.body).not.toContain('Lia Brennan');
    const before = await snapshot();
    const again = await coordinator.post(`/identity/reviews/${liaPair}`, { decision: 'link' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This pair has already been decided');
    expect(await snapshot()).toBe(before);
  });

  it('answers 404 for a record merged into someone the viewer may not see, with no hint where it went', async () => {
    const whitlow = await personId(h, 'Whitlow');
    const merged = newId();
    await sql`insert into person (id, partnership_id, kind, given_name, family_name, merged_into)
      values (${merged}, ${h.partnershipId}, 'adult_of_concern', 'Darren', 'Whitlow', ${whitlow})`.execute(
      h.db.db,
    );
    // Neither the coordinator nor the school DSL may see this adult: no page, and no redirect that
    // would tell them the record exists or whom it was linked to.
    for (const viewer of [coordinator, dsl]) {
      expect((await viewer.get(`/people/${whitlow}`)).statusCode).toBe(404);
      const hidden = await viewer.get(`/people/${merged}`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.headers.location).toBeUndefined();
    }
    await sql`delete from person where id = ${merged}`.execute(h.db.db);
  });

  it('links a pair: the child record takes in the linked record, and unlinking puts both back', async () => {
    const linkAudits = await auditCount(h, 'identity.link');
    const res = await coordinator.post(`/identity/reviews/${emiliaPair}`, { decision: 'link' });
    expect(res.statusCode).toBe(303);
    expect(await auditCount(h, 'identity.link')).toBe(linkAudits + 1);
    const emilia = await personId(h, 'Hartwell').then(async () =>
      h.db.db
        .selectFrom('person')
        .select(['id', 'merged_into'])
        .where('given_name', '=', 'Emilia')
        .executeTakeFirstOrThrow(),
    );
    expect(emilia.merged_into).toBe(amelia);

    const child = await coordinator.get(`/children/${amelia}`);
    expect(child.statusCode).toBe(200);
    expect(child.body).toContain('Records linked to this child');
    expect(child.body).toContain('Voluntary-sector referral');
    expect(child.body).toContain('Emilia Hartwell (a linked record)');
    expect(child.body).toContain('Safe Steps (voluntary sector)');
    const api = await coordinator.get(`/api/v1/children/${amelia}`);
    expect(JSON.parse(api.body)).toMatchObject({ linkedRecords: 1 });
    // The merged record is no longer a separate person: its pages lead to the child it was linked to,
    // and the API does not answer for it.
    const old = await coordinator.get(`/children/${emilia.id}`);
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toBe(`/children/${amelia}`);
    expect((await coordinator.get(`/people/${emilia.id}`)).headers.location).toBe(`/people/${amelia}`);
    expect((await coordinator.get(`/api/v1/children/${emilia.id}`)).statusCode).toBe(404);

    const linked = await coordinator.get(`/identity/people/${amelia}/linked`);
    expect(linked.statusCode).toBe(200);
    expect(linked.body).toContain('Emilia Hartwell');
    const mergeId = /\/linked\/([0-9a-f-]{36})\/unlink/.exec(linked.body)![1]!;
    const before = await snapshot();
    const bad = await coordinator.post(`/identity/people/${amelia}/linked/${mergeId}/unlink`, {});
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Explain why these records should be unlinked');
    expect(bad.body).toContain('Select what should happen to the two records next');
    expect(bad.body).toContain(`href="#m${mergeId}-reason"`);
    expect(await snapshot()).toBe(before);
    expect(
      (
        await coordinator.post(`/identity/people/${leah}/linked/${mergeId}/unlink`, {
          reason: 'Wrong child',
          outcome: 'review',
        })
      ).statusCode,
    ).toBe(404);

    const unlinkAudits = await auditCount(h, 'identity.unmerge');
    const done = await coordinator.post(`/identity/people/${amelia}/linked/${mergeId}/unlink`, {
      reason: 'Safe Steps confirmed Emilia is a different girl',
      outcome: 'review',
    });
    expect(done.statusCode).toBe(303);
    expect(await auditCount(h, 'identity.unmerge')).toBe(unlinkAudits + 1);
    const after = await h.db.db
      .selectFrom('person')
      .select('merged_into')
      .where('id', '=', emilia.id)
      .executeTakeFirstOrThrow();
    expect(after.merged_into).toBeNull();
    const queue = await coordinator.get('/identity/reviews');
    expect(queue.body).toContain('Emilia Hartwell');
    const child2 = await coordinator.get(`/children/${amelia}`);
    expect(child2.body).not.toContain('Voluntary-sector referral');
  });

  it('says which child holds which identifier when a record carries two children’s identifiers', async () => {
    const police = await h.db.db
      .selectFrom('agency')
      .select('id')
      .where('code', '=', 'police')
      .executeTakeFirstOrThrow();
    const incoming = newId();
    const record = newId();
    const pair = newId();
    await sql`insert into person (id, partnership_id, kind, given_name, family_name)
      values (${incoming}, ${h.partnershipId}, 'child', 'Amelia', 'Hartwell')`.execute(h.db.db);
    await sql`insert into source_record (id, partnership_id, agency_id, feed, external_key, payload, person_id)
      values (${record}, ${h.partnershipId}, ${police.id}, 'police_parties', 'PTY-MIX', '{}', ${incoming})`.execute(
      h.db.db,
    );
    const explanation = JSON.stringify({
      rule: 'conflicting_identifiers',
      conflict: [
        { scheme: 'nhs_number', personId: amelia },
        { scheme: 'upn', personId: leah },
      ],
    });
    await sql`insert into link_decision (id, partnership_id, source_record_id, person_id, candidate_person_id, decision, score, explanation)
      values (${pair}, ${h.partnershipId}, ${record}, ${incoming}, ${amelia}, 'review', 1, ${explanation}::jsonb)`.execute(
      h.db.db,
    );
    const page = await coordinator.get(`/identity/reviews/${pair}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('identifiers belong to different people');
    expect(page.body).toContain(
      'its NHS number belongs to Amelia Hartwell; its unique pupil number belongs to Leah Brennan',
    );
    await sql`delete from link_decision where id = ${pair}`.execute(h.db.db);
    await sql`delete from source_record where id = ${record}`.execute(h.db.db);
    await sql`delete from person where id = ${incoming}`.execute(h.db.db);
  });
});
