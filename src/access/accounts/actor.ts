/**
 * Loads the actor (user, agency, roles) behind a session. Disabled accounts have no actor.
 */
import { sql, type Kysely } from 'kysely';
import type { AgencyKind, Database, Role } from '../../platform/database/index.ts';
import type { Actor } from '../policy/types.ts';

export interface ActorWithName extends Actor {
  displayName: string;
  email: string;
  agencyName: string;
}

/** The actor's columns, as `ACTOR_COLUMNS` selects them (null when an outer join found no user). */
export interface ActorColumns {
  actor_user_id: string | null;
  actor_partnership_id: string;
  actor_agency_id: string;
  actor_display_name: string;
  actor_email: string;
  actor_data_protection_lead: boolean;
  actor_disabled_at: Date | null;
  actor_agency_kind: AgencyKind;
  actor_agency_name: string;
  actor_roles: Role[];
}

/**
 * The actor's columns from `user_account u` joined to its agency `a`: the user, the agency and the
 * roles, so the actor comes with whatever else the query reads (the session, on every request).
 *
 * @example
 * await sql<ActorColumns>`select ${ACTOR_COLUMNS} from user_account u join agency a on a.id = u.agency_id where u.id = ${id}`.execute(db);
 */
export const ACTOR_COLUMNS = sql`u.id as actor_user_id, u.partnership_id as actor_partnership_id,
  u.agency_id as actor_agency_id, u.display_name as actor_display_name, u.email as actor_email,
  u.data_protection_lead as actor_data_protection_lead, u.disabled_at as actor_disabled_at,
  a.kind as actor_agency_kind, a.name as actor_agency_name,
  array(select g.role::text from role_grant g where g.user_id = u.id order by g.role) as actor_roles`;

/**
 * The actor from `ACTOR_COLUMNS`: undefined when there is no such user or the account is disabled.
 *
 * @example
 * const actor = actorFromColumns(row);
 */
export function actorFromColumns(row: ActorColumns): ActorWithName | undefined {
  if (row.actor_user_id === null || row.actor_disabled_at !== null) return undefined;
  return {
    userId: row.actor_user_id,
    partnershipId: row.actor_partnership_id,
    agencyId: row.actor_agency_id,
    agencyKind: row.actor_agency_kind,
    roles: [...row.actor_roles].sort(),
    dataProtectionLead: row.actor_data_protection_lead,
    displayName: row.actor_display_name,
    email: row.actor_email,
    agencyName: row.actor_agency_name,
  };
}

/**
 * @example
 * const actor = await loadActor(db, userId); // undefined when missing or disabled
 */
export async function loadActor(db: Kysely<Database>, userId: string): Promise<ActorWithName | undefined> {
  // One round trip: the user, the agency and the roles.
  const result = await sql<ActorColumns>`select ${ACTOR_COLUMNS}
    from user_account u join agency a on a.id = u.agency_id
    where u.id = ${userId}`.execute(db);
  const row = result.rows[0];
  return row === undefined ? undefined : actorFromColumns(row);
}

/** The purpose recorded with an actor's reads unless they give another (e.g. a break-glass reason). */
export function defaultPurpose(roles: readonly Role[]): string {
  if (roles.includes('auditor')) return 'audit';
  if (roles.includes('administrator') && roles.length === 1) return 'administration';
  if (roles.includes('partnership_analyst') && roles.length === 1) return 'partnership statistics';
  return 'safeguarding';
}
