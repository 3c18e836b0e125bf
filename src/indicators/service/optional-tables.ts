/**
 * Reads from tables other modules own that may not exist yet in every installation (screenings,
 * migration 0005; cases, migration 0008). Each reader checks the table first and returns nothing
 * when it is absent, so early warning works whatever has been deployed.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/database/index.ts';
import { toDay } from '../engine/dates.ts';
import type { IndicatorEvent } from '../engine/types.ts';

async function exists(db: Kysely<Database>, table: string): Promise<boolean> {
  const r = await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(db);
  return r.rows[0]?.t !== null && r.rows[0]?.t !== undefined;
}

/**
 * Completed CSE screenings as `screening:<level>` events (the final level, after any override).
 *
 * @example
 * const events = await screeningEvents(db, partnershipId, ['…']);
 */
export async function screeningEvents(
  db: Kysely<Database>,
  partnershipId: string,
  personIds: readonly string[] | undefined,
): Promise<IndicatorEvent[]> {
  if (!(await exists(db, 'public.screening'))) return [];
  const filter = personIds === undefined ? sql`` : sql`and person_id = any(${[...personIds]}::uuid[])`;
  const r = await sql<{ id: string; person_id: string; final_level: string; day: string }>`
    select id::text, person_id::text, final_level, (recorded_at at time zone 'UTC')::date::text as day
    from screening where partnership_id = ${partnershipId}::uuid ${filter} order by id`.execute(db);
  return r.rows.map((s) => ({
    id: `screening:${s.id}`,
    childId: s.person_id,
    type: 'screening' as const,
    day: toDay(s.day),
    ...(['low', 'medium', 'high'].includes(s.final_level) ? { qualifier: s.final_level } : {}),
  }));
}

/**
 * The lead professional of each child with an open case (the case's lead user), by person id.
 *
 * @example
 * (await leadProfessionals(db, partnershipId)).get(personId); // a user id, or undefined
 */
export async function leadProfessionals(
  db: Kysely<Database>,
  partnershipId: string,
): Promise<Map<string, string>> {
  if (!(await exists(db, 'public.case_record')) || !(await exists(db, 'public.case_child'))) return new Map();
  const r = await sql<{ person_id: string; lead_user_id: string }>`
    select c.person_id::text, k.lead_user_id::text
    from case_child c join case_record k on k.id = c.case_id
    where c.partnership_id = ${partnershipId}::uuid and k.status = 'open' and c.link = 'subject'
      and k.lead_user_id is not null
    order by k.opened_at desc nulls last`.execute(db);
  const out = new Map<string, string>();
  for (const row of r.rows) if (!out.has(row.person_id)) out.set(row.person_id, row.lead_user_id);
  return out;
}
