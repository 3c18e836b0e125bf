import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { loadDemoPartnership } from '../../demo/index.ts';
import { loadActor, type ActorWithName } from '../accounts/actor.ts';
import { loadPersonFacts } from './facts.ts';

// One id is matched as a value and several as an array (two statements, for PostgreSQL's plan cache):
// both must load the same facts, merged people included.
describe('loadPersonFacts', () => {
  let db: TestDatabase;
  let actor: ActorWithName;
  let people: string[];
  const now = new Date('2026-06-01T12:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoPartnership(db.db);
    const user = await db.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'coordinator@northmoor.example')
      .executeTakeFirstOrThrow();
    actor = (await loadActor(db.db, user.id))!;
    const rows = await db.db
      .selectFrom('person')
      .select('id')
      .where('partnership_id', '=', actor.partnershipId)
      .orderBy('id')
      .execute();
    people = rows.map((r) => r.id);
    // Merge the second person into the first: the survivor's facts then include the other's agencies.
    await db.db.updateTable('person').set({ merged_into: people[0]! }).where('id', '=', people[1]!).execute();
  });
  afterAll(() => db.close());

  it('loads the same facts for each person alone as in one call for all of them', async () => {
    const all = await loadPersonFacts(db.db, actor, people, now);
    expect(all.size).toBe(people.length - 1); // the merged person has no facts of its own
    expect(all.has(people[1]!)).toBe(false);
    let withAgencies = 0;
    for (const id of people) {
      const alone = await loadPersonFacts(db.db, actor, [id], now);
      expect(alone.get(id)).toEqual(all.get(id));
      if ((alone.get(id)?.involvedAgencyIds.length ?? 0) > 0) withAgencies += 1;
    }
    expect(withAgencies).toBeGreaterThan(0);
  });

  it('loads nothing for an unknown id, alone or among others', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await loadPersonFacts(db.db, actor, [unknown], now)).size).toBe(0);
    const mixed = await loadPersonFacts(db.db, actor, [unknown, people[0]!], now);
    expect([...mixed.keys()]).toEqual([people[0]]);
  });
});
