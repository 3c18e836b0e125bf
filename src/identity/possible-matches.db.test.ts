import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildPartnership, buildPerson, buildUser } from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { runWithContext, withAccess, type Actor } from '../access/index.ts';
import { systemClock } from '../platform/clock/clock.ts';
import { newId } from '../platform/ids/ids.ts';
import { createPersonMatcher, type MatchDetails } from './possible-matches.ts';

let t: TestDatabase;
let pid: string;
let coordinator: Actor;
let practitioner: Actor;
let amelia: string;

const find = (matcher: ReturnType<typeof createPersonMatcher>, actor: Actor, details: MatchDetails) =>
  runWithContext({ requestId: newId(), actor, purpose: 'safeguarding', channel: 'system' }, () =>
    withAccess(t.db, systemClock, actor, (scope) =>
      matcher.find(scope.tx, actor, new Date(), details, 'child'),
    ),
  );

beforeAll(async () => {
  t = await createTestDatabase();
  pid = await buildPartnership(t.db);
  const actor = async (kind: 'social_care' | 'education', role: 'coordinator' | 'practitioner') => {
    const agencyId = await buildAgency(t.db, pid, { kind });
    const userId = await buildUser(t.db, pid, agencyId, { roles: [role] });
    return {
      userId,
      partnershipId: pid,
      agencyId,
      agencyKind: kind,
      roles: [role],
      dataProtectionLead: false,
    };
  };
  coordinator = await actor('social_care', 'coordinator');
  practitioner = await actor('education', 'practitioner');
  amelia = await buildPerson(t.db, pid, {
    givenName: 'Amelia',
    familyName: 'Hartwell',
    dateOfBirth: '2011-03-14',
  });
});
afterAll(() => t.dispose());

describe('createPersonMatcher', () => {
  it('finds a child under a misspelt name, and only counts the likely matches the actor may not see', async () => {
    const matcher = createPersonMatcher(t.db);
    const details = { givenName: 'Emilia', familyName: 'Hartwell', dateOfBirth: '2011-03-14' };
    const seen = await find(matcher, coordinator, details);
    expect(seen.rows.map((r) => r.id)).toEqual([amelia]);
    expect(seen.rows[0]!.probability).toBeGreaterThan(0.5);
    const unseen = await find(matcher, practitioner, details);
    expect(unseen).toEqual({ rows: [], hidden: 1 });
  });

  it('reports a merged child as the child it was merged into', async () => {
    const matcher = createPersonMatcher(t.db);
    const emilia = await buildPerson(t.db, pid, {
      givenName: 'Emilia',
      familyName: 'Hartwell',
      dateOfBirth: '2011-03-14',
    });
    await t.db.updateTable('person').set({ merged_into: amelia }).where('id', '=', emilia).execute();
    const found = await find(matcher, coordinator, {
      givenName: 'Emilia',
      familyName: 'Hartwell',
      dateOfBirth: '2011-03-14',
    });
    expect(found.rows.map((r) => r.id)).toEqual([amelia]);
  });

  it('picks up details added to known people when its index is rebuilt in the background', async () => {
    let now = 0;
    const matcher = createPersonMatcher(t.db, { clock: () => now });
    const details = { givenName: 'Tallulah', familyName: 'Quince', dateOfBirth: undefined };
    expect((await find(matcher, coordinator, details)).rows).toEqual([]);
    await sql`insert into person_alias (id, partnership_id, person_id, kind, given_name, family_name)
      values (${newId()}, ${pid}, ${amelia}, 'previous_name', 'Tallulah', 'Quince')`.execute(t.db);
    // The index in use does not know the new name yet; after ten minutes a search starts a rebuild.
    now = 11 * 60 * 1000;
    expect((await find(matcher, coordinator, details)).rows).toEqual([]);
    await expect
      .poll(async () => (await find(matcher, coordinator, details)).rows.map((r) => r.id), {
        timeout: 20_000,
      })
      .toEqual([amelia]);
  });
});
