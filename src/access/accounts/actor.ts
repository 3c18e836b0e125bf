/**
 * Loads the actor (user, agency, roles) behind a session. Disabled accounts have no actor.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Role } from '../../platform/database/index.ts';
import type { Actor } from '../policy/types.ts';

export interface ActorWithName extends Actor {
  displayName: string;
  email: string;
  agencyName: string;
}

/**
 * @example
 * const actor = await loadActor(db, userId); // undefined when missing or disabled
 */
export async function loadActor(db: Kysely<Database>, userId: string): Promise<ActorWithName | undefined> {
  // One round trip (this runs on every signed-in request): the user, the agency and the roles.
  const user = await db
    .selectFrom('user_account as u')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .select((eb) => [
      'u.id',
      'u.partnership_id',
      'u.agency_id',
      'u.display_name',
      'u.email',
      'u.data_protection_lead',
      'u.disabled_at',
      'a.kind',
      'a.name as agency_name',
      sql<Role[]>`array(${eb
        .selectFrom('role_grant as g')
        .select(sql`g.role::text`.as('role'))
        .whereRef('g.user_id', '=', 'u.id')
        .orderBy('g.role')})`.as('roles'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (user === undefined || user.disabled_at !== null) return undefined;
  return {
    userId: user.id,
    partnershipId: user.partnership_id,
    agencyId: user.agency_id,
    agencyKind: user.kind,
    roles: [...user.roles].sort(),
    dataProtectionLead: user.data_protection_lead,
    displayName: user.display_name,
    email: user.email,
    agencyName: user.agency_name,
  };
}

/** The purpose recorded with an actor's reads unless they give another (e.g. a break-glass reason). */
export function defaultPurpose(roles: readonly Role[]): string {
  if (roles.includes('auditor')) return 'audit';
  if (roles.includes('administrator') && roles.length === 1) return 'administration';
  if (roles.includes('partnership_analyst') && roles.length === 1) return 'partnership statistics';
  return 'safeguarding';
}
