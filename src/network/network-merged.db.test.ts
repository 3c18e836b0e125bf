import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAgency,
  buildEvent,
  buildPartnership,
  buildPerson,
  buildUser,
} from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { runWithContext, withAccess, type Actor } from '../access/index.ts';
import { systemClock } from '../platform/clock/clock.ts';
import { newId } from '../platform/ids/ids.ts';
import { loadViewerPole } from './network.repository.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

describe('network: records linked after identity review', () => {
  it("counts a merged record's events as the child's, and never shows the merged record as a node", async () => {
    const db = t.db;
    const pid = await buildPartnership(db);
    const police = await buildAgency(db, pid, { kind: 'police' });
    const child = await buildPerson(db, pid, { kind: 'child' });
    const adult = await buildPerson(db, pid, { kind: 'adult_of_concern' });
    const record = await buildPerson(db, pid, { kind: 'child' });
    // The same child as recorded by another agency, linked to the child after review.
    await db.updateTable('person').set({ merged_into: child }).where('id', '=', record).execute();
    const withAdult = await buildEvent(db, pid, police, {
      type: 'police_incident',
      people: [record],
      role: 'victim',
    });
    await db
      .insertInto('event_party')
      .values({ id: newId(), partnership_id: pid, event_id: withAdult, person_id: adult, role: 'suspect' })
      .execute();
    const both = await buildEvent(db, pid, police, { type: 'found_in_company', people: [child, record] });
    const userId = await buildUser(db, pid, police, { roles: ['coordinator'] });
    const actor: Actor = {
      userId,
      partnershipId: pid,
      agencyId: police,
      agencyKind: 'police',
      roles: ['coordinator'],
      dataProtectionLead: false,
    };
    const pole = await runWithContext(
      { requestId: newId(), actor, purpose: 'safeguarding', channel: 'system' },
      () => withAccess(db, systemClock, actor, (scope) => loadViewerPole(scope, new Date())),
    );
    const ids = pole.data.persons.map((p) => p.id);
    expect(ids).toContain(child);
    expect(ids).not.toContain(record);
    expect(pole.data.persons.find((p) => p.id === child)?.atRisk).toBe(true);
    const events = new Map(pole.data.events.map((e) => [e.id, e.parties]));
    expect(events.get(withAdult)).toEqual(
      expect.arrayContaining([
        { personId: child, role: 'victim' },
        { personId: adult, role: 'suspect' },
      ]),
    );
    // The child in the same role twice (their own record and the linked one) is one party.
    expect(events.get(both)).toEqual([{ personId: child, role: 'subject' }]);
  });
});
