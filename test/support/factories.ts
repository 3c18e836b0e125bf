/**
 * Factories build the rows a test needs, with sensible synthetic defaults (STYLE.md §10).
 */
import type { AgencyKind, Db, PersonKind, Role } from '../../src/platform/database/index.ts';
import { newId } from '../../src/platform/ids/ids.ts';

export async function buildPartnership(
  db: Db,
  overrides: { code?: string; name?: string } = {},
): Promise<string> {
  const id = newId();
  await db
    .insertInto('partnership')
    .values({
      partnership_id: id,
      code: overrides.code ?? `p-${id.slice(0, 8)}`,
      name: overrides.name ?? 'Testshire Partnership',
    })
    .execute();
  return id;
}

export async function buildAgency(
  db: Db,
  partnershipId: string,
  overrides: { kind?: AgencyKind; code?: string; name?: string } = {},
): Promise<string> {
  const id = newId();
  await db
    .insertInto('agency')
    .values({
      id,
      partnership_id: partnershipId,
      code: overrides.code ?? `a-${id.slice(0, 8)}`,
      name: overrides.name ?? 'Testshire Police',
      kind: overrides.kind ?? 'police',
    })
    .execute();
  return id;
}

export async function buildUser(
  db: Db,
  partnershipId: string,
  agencyId: string,
  overrides: { email?: string; roles?: Role[] } = {},
): Promise<string> {
  const id = newId();
  await db
    .insertInto('user_account')
    .values({
      id,
      partnership_id: partnershipId,
      agency_id: agencyId,
      email: overrides.email ?? `user-${id.slice(0, 8)}@test.example`,
      display_name: 'Test User',
      password_hash: null,
      totp_secret: null,
      mfa_enrolled_at: null,
      disabled_at: null,
      last_sign_in_at: null,
    })
    .execute();
  for (const role of overrides.roles ?? ['practitioner']) {
    await db
      .insertInto('role_grant')
      .values({ id: newId(), partnership_id: partnershipId, user_id: id, role, granted_by: null })
      .execute();
  }
  return id;
}

export async function buildPerson(
  db: Db,
  partnershipId: string,
  overrides: { kind?: PersonKind; givenName?: string; familyName?: string; dateOfBirth?: string | null } = {},
): Promise<string> {
  const id = newId();
  await db
    .insertInto('person')
    .values({
      id,
      partnership_id: partnershipId,
      kind: overrides.kind ?? 'child',
      given_name: overrides.givenName ?? 'Testchild',
      middle_names: null,
      family_name: overrides.familyName ?? 'Example',
      date_of_birth: overrides.dateOfBirth === undefined ? '2011-01-01' : overrides.dateOfBirth,
      sex: 'female',
      ethnicity_dfe: null,
      ethnicity_police_self_defined: null,
      ethnicity_police_officer_defined: null,
      nationality: null,
      disability: null,
      special_educational_needs: null,
      merged_into: null,
    })
    .execute();
  return id;
}

/**
 * An event with its parties (each in `role`, default subject), for tests that need a chronology or an
 * association without running an import.
 *
 * @example
 * const eventId = await buildEvent(db, partnershipId, agencyId, { type: 'missing_episode', people: [childId] });
 */
export async function buildEvent(
  db: Db,
  partnershipId: string,
  agencyId: string,
  options: {
    type: string;
    people: readonly string[];
    occurredAt?: Date;
    role?: 'subject' | 'victim' | 'associate' | 'suspect';
  },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('event')
    .values({
      id,
      partnership_id: partnershipId,
      agency_id: agencyId,
      type: options.type,
      occurred_at: options.occurredAt ?? new Date('2026-05-01T22:00:00Z'),
      occurred_until: null,
      location_id: null,
      narrative: null,
      data: '{}',
      source_record_id: null,
      recorded_by: null,
    })
    .execute();
  if (options.people.length > 0) {
    await db
      .insertInto('event_party')
      .values(
        options.people.map((p) => ({
          id: newId(),
          partnership_id: partnershipId,
          event_id: id,
          person_id: p,
          role: options.role ?? 'subject',
        })),
      )
      .execute();
  }
  return id;
}
