/**
 * The SQL behind the child record: one query for any size of chronology (the profile with its
 * identifiers, aliases, addresses, screening history, open alerts and the agency names as JSON arrays,
 * and every event the child is a party to as one text). Called only after the access policy allowed the read.
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

/** Separates the chronology text's fields and records (the ASCII unit separator). */
const FIELD = '\u001f';
/** Fields per event in the chronology text. */
const FIELDS = 8;

/**
 * A timestamp as `toISOString()` writes it ('2026-11-20T21:30:00.123Z'), written by PostgreSQL, for
 * years 1 to 9999; outside them (where `to_char` and JavaScript differ) epoch milliseconds, which
 * `fromIsoText` formats. PostgreSQL's `to_char` costs about what the epoch arithmetic did, and Node then
 * keeps a slice of the text rather than building a string an event.
 */
function isoText(expression: ReturnType<typeof sql>) {
  return sql`case when ${expression} >= timestamptz '0001-01-01 00:00:00Z'
      and ${expression} < timestamptz '10000-01-01 00:00:00Z'
    then to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    else floor(extract(epoch from ${expression}) * 1000)::int8::text end`;
}

/** `isoText`'s value as ISO 8601. @example fromIsoText('1704067200123'); // '2024-01-01T00:00:00.123Z' */
function fromIsoText(text: string): string {
  return text.includes('T') ? text : new Date(Number(text)).toISOString();
}

/**
 * The child's profile and screening history, with the identifiers, other names and addresses of the
 * people merged into the child after identity review (`linked`, whose own names become other names),
 * open alerts, the lead professional, the partnership's agency names, and every event the child (or a
 * person merged into the child) is a party to, newest first. One query, one round trip. Written as one
 * SQL text rather than built with the query builder: it runs on every child-record view, and building
 * it cost more Node time than PostgreSQL spends running it.
 *
 * @example
 * const record = await childRecord(tx, partnershipId, childId);
 * const events = record?.chronology.length ?? 0;
 */
export async function childRecord(
  tx: Tx,
  partnershipId: string,
  id: string,
): Promise<{ profile: ChildProfileRow; chronology: ChronologyRow[] } | undefined> {
  const pid = partnershipId;
  // The chronology is one text of separated fields, not 500 driver rows or a JSON document: the page is
  // read by every member of a meeting, and per-row decoding, JSON and date formatting cost more than the
  // query. One separator for fields and records (every event has FIELDS fields), so one split decodes it
  // all; times come back as ISO 8601 text (see isoText); free text has the separators replaced by spaces.
  // replace() twice rather than translate(): it returns at once when the character is absent, where
  // translate() walks every character (a third of the query's time for 500 narratives).
  const clean = (expression: ReturnType<typeof sql>) =>
    sql`coalesce(replace(replace(${expression}, chr(30), ' '), chr(31), ' '), '')`;
  const result = await sql<ChildProfileRow & { chronology: string | null }>`
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
        from agency a where a.partnership_id = ${pid}), '[]'::json) as agencies,
      (select string_agg(concat_ws(chr(31), e.id, ${clean(sql`e.type`)},
             ${isoText(sql`e.occurred_at`)}, coalesce(${isoText(sql`e.occurred_until`)}, ''),
             ${clean(sql`e.narrative`)}, ${clean(sql`e.data->>'status'`)}, ep.role, e.agency_id),
           chr(31) order by e.occurred_at desc, e.id)
        from event_party ep
        join event e on e.id = ep.event_id
        where ep.partnership_id = ${pid} and ep.person_id in (select id from mine)
          and e.partnership_id = ${pid}) as chronology
    from person p
    where p.partnership_id = ${pid} and p.id = ${id}`.execute(tx);
  const row = result.rows[0];
  if (row === undefined) return undefined;
  const { chronology, ...profile } = row;
  const agencies = new Map(profile.agencies.map((a) => [a.id, a]));
  return { profile, chronology: chronologyFromText(chronology, agencies) };
}

/**
 * Decodes the chronology text of `childRecord` (FIELDS fields an event, all separated by FIELD), with
 * each event's agency from `agencies` (the partnership's, loaded with the profile).
 *
 * @example
 * chronologyFromText(null, agencies); // []
 */
export function chronologyFromText(
  text: string | null,
  agencies: ReadonlyMap<string, { name: string; kind: ChronologyRow['agencyKind'] }>,
): ChronologyRow[] {
  if (text === null || text === '') return [];
  const f = text.split(FIELD);
  if (f.length % FIELDS !== 0) throw new Error('The chronology text does not hold whole events');
  const rows: ChronologyRow[] = new Array<ChronologyRow>(f.length / FIELDS);
  for (let i = 0, r = 0; i < f.length; i += FIELDS, r += 1) {
    const until = f[i + 3]!;
    const narrative = f[i + 4]!;
    const status = f[i + 5]!;
    const agencyId = f[i + 7]!;
    const agency = agencies.get(agencyId);
    if (agency === undefined) {
      throw new Error('A chronology event belongs to an agency outside the partnership');
    }
    rows[r] = {
      id: f[i]!,
      type: f[i + 1]!,
      occurredAt: fromIsoText(f[i + 2]!),
      occurredUntil: until === '' ? null : fromIsoText(until),
      narrative: narrative === '' ? null : narrative,
      status: status === '' ? null : status,
      role: f[i + 6]!,
      agencyId,
      agencyName: agency.name,
      agencyKind: agency.kind,
    };
  }
  return rows;
}
