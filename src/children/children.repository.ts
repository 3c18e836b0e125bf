/**
 * The SQL behind the child record: two queries for any size of chronology (the profile with its
 * identifiers, aliases, addresses, screening history, open alerts and the agency names as JSON arrays;
 * then every event the child is a party to, with the agency). Called only after the access policy allowed the read.
 */
import { sql, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../platform/database/index.ts';
import { withScreeningTables } from '../screening/index.ts';
import type { ChronologyRow } from './chronology.ts';

type Tx = Transaction<Database>;

/**
 * The child's profile and screening history (one query), with the identifiers, other names and
 * addresses of the people merged into the child after identity review (`linked`, whose own names
 * become other names).
 *
 * @example
 * const profile = await childProfile(tx, partnershipId, childId);
 */
export async function childProfile(tx: Tx, partnershipId: string, id: string) {
  const db = withScreeningTables(tx);
  // The child's own rows and those of the people merged into the child.
  const mine = (column: string) =>
    sql<boolean>`(${sql.ref(column)} = p.id or ${sql.ref(column)} in (select mp.id from person mp
      where mp.partnership_id = ${partnershipId} and mp.merged_into = p.id))`;
  return db
    .selectFrom('person as p')
    .select((eb) => [
      'p.id',
      'p.kind',
      'p.given_name',
      'p.middle_names',
      'p.family_name',
      'p.date_of_birth',
      'p.sex',
      'p.disability',
      'p.special_educational_needs',
      'p.looked_after',
      'p.sealed',
      jsonArrayFrom(
        eb
          .selectFrom('person_identifier as i')
          .select(['i.scheme', 'i.value'])
          .distinct()
          .where(mine('i.person_id'))
          .where('i.partnership_id', '=', partnershipId)
          .orderBy('i.scheme')
          .orderBy('i.value'),
      ).as('identifiers'),
      jsonArrayFrom(
        eb
          .selectFrom('person_alias as a')
          .select(['a.kind', 'a.given_name', 'a.family_name'])
          .where(mine('a.person_id'))
          .where('a.partnership_id', '=', partnershipId)
          .orderBy('a.family_name')
          .orderBy('a.given_name'),
      ).as('aliases'),
      jsonArrayFrom(
        eb
          .selectFrom('person as m')
          .select(['m.id', 'm.given_name', 'm.family_name'])
          .whereRef('m.merged_into', '=', 'p.id')
          .where('m.partnership_id', '=', partnershipId)
          .orderBy('m.family_name')
          .orderBy('m.given_name')
          .orderBy('m.id'),
      ).as('linked'),
      jsonArrayFrom(
        eb
          .selectFrom('person_address as d')
          .select(['d.line1', 'd.line2', 'd.town', 'd.postcode', 'd.valid_from', 'd.valid_to'])
          .where(mine('d.person_id'))
          .where('d.partnership_id', '=', partnershipId)
          .orderBy(sql`d.valid_from desc nulls last`),
      ).as('addresses'),
      jsonArrayFrom(
        eb
          .selectFrom('screening as s')
          .innerJoin('agency as sa', 'sa.id', 's.assessor_agency_id')
          .select([
            's.id',
            's.assessed_on',
            's.score',
            's.computed_level',
            's.final_level',
            's.judgement_level',
            's.overrides',
            's.review_due',
            'sa.name as agency',
          ])
          .whereRef('s.person_id', '=', 'p.id')
          .where('s.partnership_id', '=', partnershipId)
          .orderBy('s.recorded_at', 'desc')
          .limit(50),
      ).as('screenings'),
      // Open early-warning alerts and the partnership's agency names ride in the same round trip.
      sql<{ id: string; band: string; raisedOn: string; status: string }[]>`coalesce((
        select json_agg(json_build_object('id', x.id, 'band', x.band, 'raisedOn', x.raised_on::text,
          'status', x.status) order by x.raised_on desc)
        from (select id, band, raised_on, status from alert
              where partnership_id = ${partnershipId} and person_id = p.id
                and status in ('new', 'acknowledged')
              order by raised_on desc limit 20) x), '[]'::json)`.as('alerts'),
      // The lead of the child's most recently opened open case (the cases module's tables).
      sql<{ name: string | null; agency: string } | null>`(
        select json_build_object('name', u.display_name, 'agency', la.name)
        from case_child cc
        join case_record c on c.id = cc.case_id and c.status = 'open'
        join agency la on la.id = c.lead_agency_id
        left join user_account u on u.id = c.lead_user_id
        where cc.partnership_id = ${partnershipId} and cc.person_id = p.id
        order by c.opened_at desc, c.id limit 1)`.as('lead'),
      sql<{ id: string; name: string }[]>`coalesce((
        select json_agg(json_build_object('id', a.id, 'name', a.name))
        from agency a where a.partnership_id = ${partnershipId}), '[]'::json)`.as('agencies'),
    ])
    .where('p.partnership_id', '=', partnershipId)
    .where('p.id', '=', id)
    .executeTakeFirstOrThrow();
}

/**
 * Every event the child (or a person merged into the child after identity review) is a party to,
 * newest first, with the contributing agency (one query).
 *
 * @example
 * const rows = await chronologyRows(tx, partnershipId, childId);
 */
export async function chronologyRows(tx: Tx, partnershipId: string, id: string): Promise<ChronologyRow[]> {
  // One JSON array of arrays, not 500 driver rows: the page is read by every member of a meeting, and
  // per-row decoding, date parsing and the objects they make cost more than the query. Times come back
  // as ISO 8601 text in UTC, in the order they sort.
  const iso = (column: string) =>
    sql`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const result = await sql<{ rows: ChronologyTuple[] | null }>`
    select json_agg(json_build_array(e.id, e.type, ${iso('e.occurred_at')}, ${iso('e.occurred_until')},
             e.narrative, e.data->>'status', ep.role, a.id, a.name, a.kind)
           order by e.occurred_at desc, e.id) as rows
    from event_party ep
    join event e on e.id = ep.event_id
    join agency a on a.id = e.agency_id
    where ep.partnership_id = ${partnershipId}
      and ep.person_id in (select ${id}::uuid union all select mp.id from person mp
                           where mp.partnership_id = ${partnershipId} and mp.merged_into = ${id})
      and e.partnership_id = ${partnershipId}`.execute(tx);
  const tuples = result.rows[0]?.rows ?? [];
  return tuples.map(
    ([id, type, occurredAt, occurredUntil, narrative, status, role, agencyId, agencyName, agencyKind]) => ({
      id,
      type,
      occurredAt,
      occurredUntil,
      narrative,
      status,
      role,
      agencyId,
      agencyName,
      agencyKind,
    }),
  );
}

type ChronologyTuple = [
  id: string,
  type: string,
  occurredAt: string,
  occurredUntil: string | null,
  narrative: string | null,
  status: string | null,
  role: string,
  agencyId: string,
  agencyName: string,
  agencyKind: ChronologyRow['agencyKind'],
];
