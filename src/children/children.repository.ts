/**
 * The SQL behind the child record: two queries for any size of chronology (the profile with its
 * identifiers, aliases, addresses, screening history, open alerts and the agency names as JSON arrays;
 * then every event the child is a party to, with the agency). Called only after the access policy allowed the read.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../platform/database/index.ts';
import type { AppliedOverride, RiskLevel } from '../screening/index.ts';
import type { ChronologyRow } from './chronology.ts';

type Tx = Transaction<Database>;

/** The child and the people merged into the child after identity review, as a subquery. */
function childAndMerged(partnershipId: string, id: string) {
  return sql`select ${id}::uuid as id union all
    select mp.id from person mp where mp.partnership_id = ${partnershipId} and mp.merged_into = ${id}`;
}

/** The child's profile row: JSON arrays for the lists (dates inside them are 'YYYY-MM-DD' text). */
export interface ChildProfileRow {
  id: string;
  kind: string;
  given_name: string | null;
  middle_names: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  sex: string | null;
  disability: string | null;
  special_educational_needs: string | null;
  looked_after: boolean;
  sealed: boolean;
  identifiers: { scheme: string; value: string }[];
  aliases: { kind: string; given_name: string | null; family_name: string | null }[];
  /** People merged into the child after identity review. */
  linked: { id: string; given_name: string | null; family_name: string | null }[];
  addresses: {
    line1: string | null;
    line2: string | null;
    town: string | null;
    postcode: string | null;
    valid_from: string | null;
    valid_to: string | null;
  }[];
  screenings: {
    id: string;
    assessed_on: string;
    score: number;
    computed_level: RiskLevel;
    final_level: RiskLevel;
    judgement_level: RiskLevel | null;
    overrides: AppliedOverride[];
    review_due: string | null;
    agency: string;
  }[];
  alerts: { id: string; band: string; raisedOn: string; status: string }[];
  /** The lead of the child's most recently opened open case (the cases module's tables). */
  lead: { name: string | null; agency: string } | null;
  agencies: { id: string; name: string; kind: ChronologyRow['agencyKind'] }[];
}

/**
 * The child's profile and screening history (one query), with the identifiers, other names and
 * addresses of the people merged into the child after identity review (`linked`, whose own names
 * become other names), open alerts, the lead professional and the partnership's agency names. Written
 * as one SQL text rather than built with the query builder: it runs on every child-record view, and
 * building it cost more Node time than PostgreSQL spends running it.
 *
 * @example
 * const profile = await childProfile(tx, partnershipId, childId);
 */
export async function childProfile(
  tx: Tx,
  partnershipId: string,
  id: string,
): Promise<ChildProfileRow | undefined> {
  const pid = partnershipId;
  const result = await sql<ChildProfileRow>`
    with mine as (${childAndMerged(pid, id)})
    select p.id, p.kind, p.given_name, p.middle_names, p.family_name, p.date_of_birth, p.sex,
      p.disability, p.special_educational_needs, p.looked_after, p.sealed,
      coalesce((select json_agg(x) from (
        select distinct i.scheme, i.value from person_identifier i
        where i.partnership_id = ${pid} and i.person_id in (select id from mine)
        order by i.scheme, i.value) x), '[]'::json) as identifiers,
      coalesce((select json_agg(x) from (
        select a.kind, a.given_name, a.family_name from person_alias a
        where a.partnership_id = ${pid} and a.person_id in (select id from mine)
        order by a.family_name, a.given_name) x), '[]'::json) as aliases,
      coalesce((select json_agg(x) from (
        select m.id, m.given_name, m.family_name from person m
        where m.partnership_id = ${pid} and m.merged_into = p.id
        order by m.family_name, m.given_name, m.id) x), '[]'::json) as linked,
      coalesce((select json_agg(x) from (
        select d.line1, d.line2, d.town, d.postcode, d.valid_from, d.valid_to from person_address d
        where d.partnership_id = ${pid} and d.person_id in (select id from mine)
        order by d.valid_from desc nulls last) x), '[]'::json) as addresses,
      coalesce((select json_agg(x) from (
        select s.id, s.assessed_on, s.score, s.computed_level, s.final_level, s.judgement_level,
          s.overrides, s.review_due, sa.name as agency
        from screening s join agency sa on sa.id = s.assessor_agency_id
        where s.partnership_id = ${pid} and s.person_id in (select id from mine)
        order by s.recorded_at desc limit 50) x), '[]'::json) as screenings,
      coalesce((
        select json_agg(json_build_object('id', x.id, 'band', x.band, 'raisedOn', x.raised_on::text,
          'status', x.status) order by x.raised_on desc)
        from (select id, band, raised_on, status from alert
              where partnership_id = ${pid} and person_id = p.id
                and status in ('new', 'acknowledged')
              order by raised_on desc limit 20) x), '[]'::json) as alerts,
      (select json_build_object('name', u.display_name, 'agency', la.name)
        from case_child cc
        join case_record c on c.id = cc.case_id and c.status = 'open'
        join agency la on la.id = c.lead_agency_id
        left join user_account u on u.id = c.lead_user_id
        where cc.partnership_id = ${pid} and cc.person_id = p.id
        order by c.opened_at desc, c.id limit 1) as lead,
      coalesce((select json_agg(json_build_object('id', a.id, 'name', a.name, 'kind', a.kind))
        from agency a where a.partnership_id = ${pid}), '[]'::json) as agencies
    from person p
    where p.partnership_id = ${pid} and p.id = ${id}`.execute(tx);
  return result.rows[0];
}

/** Field and record separators of the chronology text (ASCII unit and record separators). */
const FIELD = '\u001f';
const RECORD = '\u001e';

/**
 * Every event the child (or a person merged into the child after identity review) is a party to,
 * newest first, with the contributing agency from `agencies` (the partnership's, loaded with the
 * profile). One query.
 *
 * @example
 * const rows = await chronologyRows(tx, partnershipId, childId, agencies);
 */
export async function chronologyRows(
  tx: Tx,
  partnershipId: string,
  id: string,
  agencies: ReadonlyMap<string, { name: string; kind: ChronologyRow['agencyKind'] }>,
): Promise<ChronologyRow[]> {
  // One text of separated fields, not 500 driver rows or a JSON document: the page is read by every
  // member of a meeting, and per-row decoding, JSON and date formatting cost more than the query. Times
  // come back as epoch milliseconds; free text has the two separators replaced by spaces.
  const clean = (expression: ReturnType<typeof sql>) =>
    sql`coalesce(translate(${expression}, chr(30) || chr(31), '  '), '')`;
  const result = await sql<{ rows: string | null }>`
    select string_agg(concat_ws(chr(31), e.id, e.type,
             floor(extract(epoch from e.occurred_at) * 1000)::int8,
             coalesce(floor(extract(epoch from e.occurred_until) * 1000)::int8::text, ''),
             ${clean(sql`e.narrative`)}, ${clean(sql`e.data->>'status'`)}, ep.role, e.agency_id),
           chr(30) order by e.occurred_at desc, e.id) as rows
    from event_party ep
    join event e on e.id = ep.event_id
    where ep.partnership_id = ${partnershipId}
      and ep.person_id in (${childAndMerged(partnershipId, id)})
      and e.partnership_id = ${partnershipId}`.execute(tx);
  const text = result.rows[0]?.rows ?? null;
  if (text === null || text === '') return [];
  return text.split(RECORD).map((line) => {
    const [eventId, type, at, until, narrative, status, role, agencyId] = line.split(FIELD) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const agency = agencies.get(agencyId);
    if (agency === undefined) {
      throw new Error('A chronology event belongs to an agency outside the partnership');
    }
    return {
      id: eventId,
      type,
      occurredAt: new Date(Number(at)).toISOString(),
      occurredUntil: until === '' ? null : new Date(Number(until)).toISOString(),
      narrative: narrative === '' ? null : narrative,
      status: status === '' ? null : status,
      role,
      agencyId,
      agencyName: agency.name,
      agencyKind: agency.kind,
    };
  });
}
