/**
 * Names and choices the forms need: agencies, users, places and the children the actor may see. Reading
 * the child list is a person read, so it goes through the policy (only visible children are offered).
 */
import { checkPersonAccess } from '../access/index.ts';
import type { CaseScope } from './scoped.ts';

/** @example personName({ given_name: 'Amelia', family_name: 'Hartwell' }); // 'Amelia Hartwell' */
export function personName(p: { given_name: string | null; family_name: string | null }): string {
  return [p.given_name, p.family_name].filter((x) => x !== null && x !== '').join(' ') || 'Name not recorded';
}

export interface Choice {
  value: string;
  text: string;
}

/** @example const agencies = await agencyChoices(scope); */
export async function agencyChoices(s: CaseScope): Promise<Choice[]> {
  const rows = await s.db
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('partnership_id', '=', s.actor.partnershipId)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ value: r.id, text: r.name }));
}

/** Active users with their agency, for the lead professional. @example await userChoices(scope); */
export async function userChoices(s: CaseScope): Promise<Choice[]> {
  const rows = await s.db
    .selectFrom('user_account')
    .innerJoin('agency', 'agency.id', 'user_account.agency_id')
    .select(['user_account.id', 'user_account.display_name', 'agency.name'])
    .where('user_account.partnership_id', '=', s.actor.partnershipId)
    .where('user_account.disabled_at', 'is', null)
    .orderBy('user_account.display_name')
    .execute();
  return rows.map((r) => ({ value: r.id, text: `${r.display_name} (${r.name})` }));
}

/** Places a case can be opened on (never a private home). @example await placeChoices(scope); */
export async function placeChoices(s: CaseScope): Promise<Choice[]> {
  const rows = await s.db
    .selectFrom('location')
    .select(['id', 'name', 'address', 'postcode', 'kind'])
    .where('partnership_id', '=', s.actor.partnershipId)
    .where('kind', '<>', 'home')
    .orderBy('name')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    value: r.id,
    text: [r.name ?? r.address ?? 'Unnamed place', r.postcode].filter((x) => x !== null).join(', '),
  }));
}

/** Children the actor may see, by name. @example await childChoices(scope); */
export async function childChoices(s: CaseScope, limit = 300): Promise<Choice[]> {
  const rows = await s.db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'date_of_birth'])
    .where('partnership_id', '=', s.actor.partnershipId)
    .where('kind', '=', 'child')
    .where('merged_into', 'is', null)
    .orderBy('family_name')
    .orderBy('given_name')
    .limit(limit * 4)
    .execute();
  const { allowed } = await checkPersonAccess(
    s.tx,
    s.actor,
    'person.read',
    rows.map((r) => r.id),
    s.now,
  );
  return rows
    .filter((r) => allowed.has(r.id))
    .slice(0, limit)
    .map((r) => ({ value: r.id, text: personName(r) }));
}
