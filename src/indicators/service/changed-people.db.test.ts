// Which people an import makes worth re-evaluating: those it changed, and the children who share an
// event with an adult it changed (an association can start to count without the child's records moving).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { buildAgency, buildEvent, buildPartnership, buildPerson } from '../../../test/support/factories.ts';
import { newId } from '../../platform/ids/ids.ts';
import { changedPeople } from './import-evaluation.ts';

let t: TestDatabase;
let pid: string;
let agency: string;

const event = (people: string[]) => buildEvent(t.db, pid, agency, { type: 'found_in_company', people });

async function batch(changed: string[]): Promise<string> {
  const id = newId();
  await t.db
    .insertInto('import_batch')
    .values({
      id,
      partnership_id: pid,
      agency_id: agency,
      feed: 'police_intelligence',
      file_name: 'f.csv',
      file_sha256: id,
      status: 'completed',
    })
    .execute();
  if (changed.length > 0) {
    await sql`insert into import_changed_person (batch_id, person_id)
      select ${id}::uuid, p from unnest(${changed}::uuid[]) as p`.execute(t.db);
  }
  return id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  pid = await buildPartnership(t.db);
  agency = await buildAgency(t.db, pid, { kind: 'police' });
}, 120_000);
afterAll(() => t.dispose());

describe('people to re-evaluate after an import', () => {
  it('adds the children found with an adult the batch changed, not other adults or unrelated children', async () => {
    const adult = await buildPerson(t.db, pid, { kind: 'adult_of_concern' });
    const other = await buildPerson(t.db, pid, { kind: 'adult_of_concern' });
    const withAdult = await buildPerson(t.db, pid);
    const unrelated = await buildPerson(t.db, pid);
    await event([adult, withAdult, other]);
    await event([unrelated]);
    const b = await batch([adult]);
    expect(await changedPeople(t.db, pid, [b])).toEqual([adult, withAdult].sort());
  });

  it('does not widen a changed child to the children found with it', async () => {
    const a = await buildPerson(t.db, pid);
    const b = await buildPerson(t.db, pid);
    await event([a, b]);
    const id = await batch([a]);
    expect(await changedPeople(t.db, pid, [id])).toEqual([a]);
  });
});
