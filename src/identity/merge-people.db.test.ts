import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildPartnership, buildPerson, buildUser } from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { runWithContext, type Actor } from '../access/index.ts';
import { systemClock } from '../platform/clock/clock.ts';
import { isAppError } from '../platform/errors/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { createIdentityService } from './identity.service.ts';
import { mergePeople, unmergePeople } from './merge-people.ts';

let t: TestDatabase;
let pid: string;
let coordinator: Actor;
let school: string;
let police: string;

const as = <T>(work: () => Promise<T>): Promise<T> =>
  runWithContext(
    { requestId: newId(), actor: coordinator, purpose: 'safeguarding', channel: 'system' },
    work,
  );

/** Every table a merge could touch, row by row, in a stable order. */
const TABLES = [
  'person',
  'person_identifier',
  'person_alias',
  'person_address',
  'person_contact',
  'source_record',
  'event',
  'event_party',
  'concern',
  'link_decision',
  'identity_do_not_match',
  'agency_assignment',
] as const;

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await sql<{ r: unknown }>`select to_jsonb(x) as r from ${sql.table(table)} x
      order by to_jsonb(x)::text`.execute(t.db);
    out[table] = rows.rows.map((r) => r.r);
  }
  return out;
}

/** A person with an identifier, an alias, an address, a phone, an agency record and an event. */
async function personWithRecords(given: string, upn: string, agency: string): Promise<string> {
  const id = await buildPerson(t.db, pid, {
    givenName: given,
    familyName: 'Testwood',
    dateOfBirth: '2011-03-04',
  });
  const record = newId();
  const event = newId();
  await sql`insert into source_record (id, partnership_id, agency_id, feed, external_key, payload, person_id)
    values (${record}, ${pid}, ${agency}, 'pupils', ${upn}, '{}', ${id})`.execute(t.db);
  await sql`insert into person_identifier (id, partnership_id, person_id, scheme, value, source_record_id)
    values (${newId()}, ${pid}, ${id}, 'upn', ${upn}, ${record})`.execute(t.db);
  await sql`insert into person_alias (id, partnership_id, person_id, kind, given_name, family_name)
    values (${newId()}, ${pid}, ${id}, 'known_as', ${given.slice(0, 3)}, 'Testwood')`.execute(t.db);
  await sql`insert into person_address (id, partnership_id, person_id, line1, postcode)
    values (${newId()}, ${pid}, ${id}, ${`${given.length} Elm Road`}, 'NM1 1AA')`.execute(t.db);
  await sql`insert into person_contact (id, partnership_id, person_id, kind, value)
    values (${newId()}, ${pid}, ${id}, 'phone', ${`0770090${upn.slice(-4)}`})`.execute(t.db);
  await sql`insert into event (id, partnership_id, agency_id, type, occurred_at, source_record_id)
    values (${event}, ${pid}, ${agency}, 'suspension', '2026-10-01T09:00:00Z', ${record})`.execute(t.db);
  await sql`insert into event_party (id, partnership_id, event_id, person_id, role)
    values (${newId()}, ${pid}, ${event}, ${id}, 'subject')`.execute(t.db);
  return id;
}

/** A queued pair, as the identity resolver writes one. */
async function queuePair(personId: string, candidateId: string): Promise<string> {
  const id = newId();
  const record = (
    await sql<{ id: string }>`select id from source_record where person_id = ${personId} limit 1`.execute(
      t.db,
    )
  ).rows[0]!.id;
  await sql`insert into link_decision (id, partnership_id, source_record_id, person_id, candidate_person_id, decision, score)
    values (${id}, ${pid}, ${record}, ${personId}, ${candidateId}, 'review', 0.93)`.execute(t.db);
  return id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  pid = await buildPartnership(t.db);
  const csc = await buildAgency(t.db, pid, { kind: 'social_care', name: "Testshire Children's Services" });
  school = await buildAgency(t.db, pid, { kind: 'education', name: 'Testshire Schools' });
  police = await buildAgency(t.db, pid, { kind: 'police' });
  const userId = await buildUser(t.db, pid, csc, { roles: ['coordinator'] });
  coordinator = {
    userId,
    partnershipId: pid,
    agencyId: csc,
    agencyKind: 'social_care',
    roles: ['coordinator'],
    dataProtectionLead: false,
  };
});
afterAll(() => t.dispose());

describe('merge and unmerge', () => {
  it('restores every affected table exactly: a link followed by an unlink leaves no trace in the data', async () => {
    const amy = await personWithRecords('Amy', 'A990123400001', school);
    const aimee = await personWithRecords('Aimee', 'A990123400002', police);
    // Someone already merged into Aimee moves with her, and back again.
    const amie = await personWithRecords('Amie', 'A990123400003', police);
    await t.db.updateTable('person').set({ merged_into: aimee }).where('id', '=', amie).execute();
    const pair = await queuePair(aimee, amy);
    const identity = createIdentityService(t.db, systemClock);
    const before = await snapshot();

    await as(() => identity.decide(coordinator, pair, { decision: 'link' }));
    const pointers = await t.db
      .selectFrom('person')
      .select(['id', 'merged_into'])
      .where('id', 'in', [amy, aimee, amie])
      .execute();
    expect(Object.fromEntries(pointers.map((p) => [p.id, p.merged_into]))).toEqual({
      [amy]: null,
      [aimee]: amy,
      [amie]: amy,
    });
    expect(await snapshot()).not.toEqual(before);
    const linked = await as(() => identity.linked(coordinator, amy));
    expect(linked.merges).toHaveLength(1);
    expect(linked.merges[0]!.people.map((p) => p.name)).toEqual(['Aimee Testwood', 'Amie Testwood']);

    await as(() =>
      identity.unlink(coordinator, amy, linked.merges[0]!.id, {
        reason: 'Linked in error',
        outcome: 'review',
      }),
    );
    expect(await snapshot()).toEqual(before);
    const history = await sql<{ action: string }>`select action from identity_decision
      where link_decision_id = ${pair} order by decided_at, id`.execute(t.db);
    expect(history.rows.map((r) => r.action)).toEqual(['link', 'unmerge']);
  });

  it('can record "not the same person" while unlinking, so the pair is never offered again', async () => {
    const ben = await personWithRecords('Ben', 'A990123400011', school);
    const benn = await personWithRecords('Benn', 'A990123400012', police);
    const pair = await queuePair(benn, ben);
    const identity = createIdentityService(t.db, systemClock);
    await as(() => identity.decide(coordinator, pair, { decision: 'link' }));
    const [merge] = (await as(() => identity.linked(coordinator, ben))).merges;
    await as(() => identity.unlink(coordinator, ben, merge!.id, { reason: 'Twins', outcome: 'not_same' }));
    const decision = await sql<{
      decision: string;
    }>`select decision from link_decision where id = ${pair}`.execute(t.db);
    expect(decision.rows[0]!.decision).toBe('rejected');
    const queue = await as(() => identity.queue(coordinator, { page: 1 }));
    expect(queue.rows.map((r) => r.id)).not.toContain(pair);
  });

  it('will not undo a link that a later link builds on until the later one is undone', async () => {
    const a = await personWithRecords('Cara', 'A990123400021', school);
    const b = await personWithRecords('Kara', 'A990123400022', police);
    const c = await personWithRecords('Carra', 'A990123400023', police);
    const first = await t.db.transaction().execute((tx) =>
      mergePeople(tx, {
        partnershipId: pid,
        survivorId: b,
        mergedId: a,
        linkDecisionId: null,
        by: coordinator.userId,
        at: new Date(),
        note: null,
      }),
    );
    const second = await t.db.transaction().execute((tx) =>
      mergePeople(tx, {
        partnershipId: pid,
        survivorId: c,
        mergedId: b,
        linkDecisionId: null,
        by: coordinator.userId,
        at: new Date(),
        note: null,
      }),
    );
    expect(second.moved).toEqual([b, a]);
    const refused = await t.db
      .transaction()
      .execute((tx) =>
        unmergePeople(tx, {
          partnershipId: pid,
          mergeId: first.mergeId,
          by: coordinator.userId,
          at: new Date(),
          reason: 'x',
        }),
      )
      .then(
        () => 'done',
        (e: unknown) => (isAppError(e) ? e.issues[0]?.code : 'other'),
      );
    expect(refused).toBe('linked_later');
    for (const m of [second, first]) {
      await t.db.transaction().execute((tx) =>
        unmergePeople(tx, {
          partnershipId: pid,
          mergeId: m.mergeId,
          by: coordinator.userId,
          at: new Date(),
          reason: 'x',
        }),
      );
    }
    const pointers = await t.db
      .selectFrom('person')
      .select(['id', 'merged_into'])
      .where('id', 'in', [a, b, c])
      .execute();
    expect(pointers.every((p) => p.merged_into === null)).toBe(true);
  });
});
