import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildEvent, buildPartnership, buildPerson } from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { newId } from '../platform/ids/ids.ts';
import { childrenAtPlace } from './cases.service.ts';
import { withCaseTables } from './cases.tables.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

describe('children at a place: records linked after identity review', () => {
  it('names the child when only a record later linked to them was seen at the place', async () => {
    const db = t.db;
    const pid = await buildPartnership(db);
    const police = await buildAgency(db, pid, { kind: 'police' });
    const child = await buildPerson(db, pid, { kind: 'child' });
    const record = await buildPerson(db, pid, { kind: 'child' });
    const other = await buildPerson(db, pid, { kind: 'child' });
    const place = newId();
    await db
      .insertInto('location')
      .values({
        id: place,
        partnership_id: pid,
        kind: 'hotel',
        name: 'The Grange',
        address: null,
        postcode: null,
        latitude: null,
        longitude: null,
      })
      .execute();
    const event = await buildEvent(db, pid, police, { type: 'found_in_company', people: [record, other] });
    await db.updateTable('event').set({ location_id: place }).where('id', '=', event).execute();
    expect((await childrenAtPlace(withCaseTables(db), pid, place)).sort()).toEqual([record, other].sort());
    await db.updateTable('person').set({ merged_into: child }).where('id', '=', record).execute();
    expect((await childrenAtPlace(withCaseTables(db), pid, place)).sort()).toEqual([child, other].sort());
  });
});
