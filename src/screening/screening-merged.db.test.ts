import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildPartnership, buildPerson, buildUser } from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { runWithContext, type Actor } from '../access/index.ts';
import { fixedClock } from '../platform/clock/clock.ts';
import { newId } from '../platform/ids/ids.ts';
import { createChildrenService } from '../children/index.ts';
import { createScreeningService } from './screening.service.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

describe('screenings on records linked after identity review', () => {
  it('lists an overdue screening recorded on a linked record under the child, once', async () => {
    const db = t.db;
    const pid = await buildPartnership(db);
    const agency = await buildAgency(db, pid, { kind: 'social_care' });
    const child = await buildPerson(db, pid, { kind: 'child' });
    const record = await buildPerson(db, pid, { kind: 'child' });
    const userId = await buildUser(db, pid, agency, { roles: ['coordinator'] });
    const screen = (personId: string, recordedAt: string, reviewDue: string) =>
      sql`insert into screening (id, partnership_id, person_id, instrument_id, instrument_version, assessed_on,
          score, computed_level, final_level, review_due, assessor_user_id, assessor_agency_id, recorded_at)
        values (${newId()}, ${pid}, ${personId}, 'sightline-cse', '1', ${reviewDue}, 12, 'medium', 'medium',
          ${reviewDue}, ${userId}, ${agency}, ${recordedAt})`.execute(db);
    await screen(child, '2026-01-10T10:00:00Z', '2026-04-10');
    await screen(record, '2026-03-01T10:00:00Z', '2026-06-01');
    await db.updateTable('person').set({ merged_into: child }).where('id', '=', record).execute();
    const actor: Actor = {
      userId,
      partnershipId: pid,
      agencyId: agency,
      agencyKind: 'social_care',
      roles: ['coordinator'],
      dataProtectionLead: false,
    };
    const clock = fixedClock('2026-07-01T09:00:00Z');
    const rows = await runWithContext(
      { requestId: newId(), actor, purpose: 'safeguarding', channel: 'system' },
      () => createScreeningService(db, clock).overdue(actor),
    );
    // One row for the child, from the latest screening (the one on the linked record).
    expect(rows.map((r) => [r.childId, r.reviewDue])).toEqual([[child, '2026-06-01']]);
    // The child record's screening history holds both, newest first.
    const childRecord = await runWithContext(
      { requestId: newId(), actor, purpose: 'safeguarding', channel: 'system' },
      () => createChildrenService(db, clock).get(actor, child, { significant: false }),
    );
    expect(childRecord.risk.history.map((s) => s.reviewDue)).toEqual(['2026-06-01', '2026-04-10']);
  });
});
