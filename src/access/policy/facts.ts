/**
 * Loads the facts the policy needs about many records at once (one query per kind of fact), always
 * within the actor's partnership. Records that do not exist simply have no facts, and are denied.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/database/index.ts';
import type { Actor, IntelligenceFacts, PersonFacts } from './types.ts';

type Q = Kysely<Database>;

/**
 * Person facts for the given ids (missing and merged people are left out). A person's agencies include
 * those of the people merged into it, so a joined-up record is open to every agency that contributed.
 * One query, one round trip, whatever the number of ids: this runs before every read of a person.
 *
 * @example
 * const facts = await loadPersonFacts(tx, actor, ids, new Date());
 */
export async function loadPersonFacts(
  db: Q,
  actor: Actor,
  ids: readonly string[],
  now: Date,
): Promise<Map<string, PersonFacts>> {
  const out = new Map<string, PersonFacts>();
  if (ids.length === 0) return out;
  const pid = actor.partnershipId;
  const list = [...new Set(ids)];
  // One id (every read of a record) is matched as one value, so PostgreSQL keeps a generic plan for this
  // prepared statement: for `= any(array)` it guesses several rows, prices the generic plan above the
  // custom one and plans afresh on every call (about a millisecond, more than the query takes).
  const match = list.length === 1 ? sql`p.id = ${list[0]}` : sql`p.id = any(${list}::uuid[])`;
  // `mine.ids`: the person and everyone merged into it (identity review); their records count as the
  // survivor's. Named users and break-glass grants belong to the survivor alone. The agencies are made
  // distinct as uuids and only then written as text (one cast an agency, not one a record).
  const rows = await sql<{
    id: string;
    kind: PersonFacts['kind'];
    sealed: boolean;
    partnership_id: string;
    involved: string[];
    named: string[];
    glass: string[];
  }>`
    select p.id, p.kind, p.sealed, p.partnership_id,
      array(
        select y.agency_id::text from (select distinct x.agency_id from (
          select s.agency_id from source_record s
          where s.partnership_id = ${pid} and s.person_id = any(mine.ids)
          union all
          select e.agency_id from event_party ep join event e on e.id = ep.event_id
          where ep.partnership_id = ${pid} and ep.person_id = any(mine.ids)
          union all
          select c.raised_by_agency_id from concern c
          where c.partnership_id = ${pid} and c.person_id = any(mine.ids)
          union all
          select g.agency_id from agency_assignment g
          where g.partnership_id = ${pid} and g.person_id = any(mine.ids)
            and (g.ended_at is null or g.ended_at > ${now})
        ) x where x.agency_id is not null) y order by 1
      ) as involved,
      array(
        select u.user_id::text from sealed_record_user u
        where u.partnership_id = ${pid} and u.person_id = p.id order by 1
      ) as named,
      array(
        select distinct b.user_id::text from break_glass b
        where b.partnership_id = ${pid} and b.user_id = ${actor.userId} and b.person_id = p.id
          and b.expires_at > ${now}
      ) as glass
    from person p
    cross join lateral (
      select array(
        select m.id from person m where m.partnership_id = ${pid} and m.merged_into = p.id
      ) || p.id as ids
    ) mine
    where p.partnership_id = ${pid} and p.merged_into is null
      and ${match}`.execute(db);
  for (const p of rows.rows) {
    out.set(p.id, {
      type: 'person',
      id: p.id,
      partnershipId: p.partnership_id,
      kind: p.kind,
      sealed: p.sealed,
      involvedAgencyIds: p.involved,
      namedUserIds: p.named,
      breakGlassUserIds: p.glass,
    });
  }
  return out;
}

/** @example const facts = await loadIntelligenceFacts(tx, actor, [id]); */
export async function loadIntelligenceFacts(
  db: Q,
  actor: Actor,
  ids: readonly string[],
): Promise<Map<string, IntelligenceFacts>> {
  const out = new Map<string, IntelligenceFacts>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('intelligence')
    .select(['id', 'partnership_id', 'handling_code', 'agency_id'])
    .where('partnership_id', '=', actor.partnershipId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) {
    out.set(r.id, {
      type: 'intelligence',
      id: r.id,
      partnershipId: r.partnership_id,
      handlingCode: r.handling_code,
      agencyId: r.agency_id,
    });
  }
  return out;
}
