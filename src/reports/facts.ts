/**
 * Loads the facts every report is built from, in a handful of set-based queries: the events of the
 * period (no attendance marks), their parties, the people named in them with their recorded
 * characteristics, the concerns raised, and each person's care and missing history up to the end of
 * the period. The builders in `tables.ts` are pure functions over these facts.
 *
 * Characteristics are taken as recorded: sex and date of birth from the person record; DfE ethnicity
 * from the person record, else from an education roll or social-care record linked to the person;
 * police ethnicity kept apart; nationality kept apart from ethnicity; home district from the lowest
 * postcode district recorded for the person.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../platform/database/index.ts';

export interface Period {
  /** First day, inclusive, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  readonly to: string;
}

export interface EventFact {
  readonly id: string;
  readonly type: string;
  readonly agencyId: string;
  readonly agencyKind: string;
  readonly agencyName: string;
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  readonly locationKind: string | null;
  readonly postcode: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly sourceKey: string | null;
}

export interface PartyFact {
  readonly eventId: string;
  readonly personId: string;
  readonly role: string;
}

export interface PersonFact {
  readonly id: string;
  readonly kind: string;
  readonly sex: string | null;
  readonly dateOfBirth: string | null;
  readonly ethnicityDfe: string | null;
  readonly ethnicityPoliceSelf: string | null;
  readonly ethnicityPoliceOfficer: string | null;
  readonly nationality: string | null;
  readonly disability: string | null;
  readonly district: string | null;
  readonly hasNhsNumber: boolean;
  readonly hasUpn: boolean;
  /** Ever looked after up to the end of the period (flag, LAC status, placement or missing from care). */
  readonly lookedAfter: boolean;
  /** Ever reported missing (police or from care) up to the end of the period. */
  readonly missingHistory: boolean;
}

export interface ConcernFact {
  readonly id: string;
  readonly personId: string;
  readonly agencyKind: string;
  readonly day: string;
}

export interface AgencyFact {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
}

export interface ReportFacts {
  readonly period: Period;
  readonly agencies: readonly AgencyFact[];
  readonly events: readonly EventFact[];
  readonly parties: readonly PartyFact[];
  readonly persons: ReadonlyMap<string, PersonFact>;
  readonly concerns: readonly ConcernFact[];
  /** Tables that later migrations add (screening, case, alert ...), present or not in this database. */
  readonly tablesPresent: ReadonlySet<string>;
}

const OPTIONAL_TABLES = ['screening', 'case', 'alert', 'meeting', 'support_plan', 'disruption'];

/** The event types whose `data` a report reads (CSE flag, offence, CIN factors, service, missing). */
export const EVENT_TYPES_WITH_DATA = [
  'crime',
  'assessment',
  'voluntary_referral',
  'missing_episode',
  'missing_from_care',
] as const;

/** The rows of a `string_agg` of tab-separated fields (null when the query matched nothing). */
function tsvRows(text: string | null | undefined): string[][] {
  return text === null || text === undefined ? [] : text.split('\n').map((line) => line.split('\t'));
}

/** The day after `day` (`YYYY-MM-DD`). @example nextDay('2025-01-31') // '2025-02-01' */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Loads the facts of one partnership and period.
 *
 * @example
 * const facts = await loadReportFacts(db, partnershipId, { from: '2024-09-01', to: '2025-08-31' });
 */
export async function loadReportFacts(
  db: Db | Tx,
  partnershipId: string,
  period: Period,
): Promise<ReportFacts> {
  const from = `${period.from}T00:00:00Z`;
  const until = `${nextDay(period.to)}T00:00:00Z`;
  const agencies = await sql<AgencyFact>`
    select id, kind, name from agency where partnership_id = ${partnershipId} order by name`.execute(db);
  // Events and parties come back as one tab-separated text each, split here: at five years of a
  // 50,000-child partnership (~375,000 events, ~570,000 parties) the driver's per-row decoding cost more
  // than the queries. Event data (JSON) is fetched only for the types whose data a report reads.
  const events = await sql<{ t: string | null }>`
    select string_agg(concat_ws(E'\t', e.id, e.type, e.agency_id,
             to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD'), coalesce(l.kind, ''),
             coalesce(translate(l.postcode, E'\t\n\r', '   '), ''),
             coalesce(translate(s.external_key, E'\t\n\r', '   '), '')), E'\n') as t
    from event e
    left join location l on l.id = e.location_id
    left join source_record s on s.id = e.source_record_id
    where e.partnership_id = ${partnershipId} and e.type <> 'attendance_session'
      and e.occurred_at >= ${from}::timestamptz and e.occurred_at < ${until}::timestamptz`.execute(db);
  const eventData = await sql<{ id: string; data: Record<string, unknown> }>`
    select e.id, e.data from event e
    where e.partnership_id = ${partnershipId} and e.type in (${sql.join(EVENT_TYPES_WITH_DATA)})
      and e.occurred_at >= ${from}::timestamptz and e.occurred_at < ${until}::timestamptz`.execute(db);
  const parties = await sql<{ t: string | null }>`
    select string_agg(concat_ws(E'\t', ep.event_id, coalesce(p.merged_into, ep.person_id), ep.role), E'\n') as t
    from event_party ep join event e on e.id = ep.event_id join person p on p.id = ep.person_id
    where e.partnership_id = ${partnershipId} and e.type <> 'attendance_session'
      and e.occurred_at >= ${from}::timestamptz and e.occurred_at < ${until}::timestamptz`.execute(db);
  const concerns = await sql<{ id: string; person_id: string; agency_kind: string; day: string }>`
    select c.id, c.person_id, a.kind as agency_kind, to_char(c.raised_at at time zone 'UTC', 'YYYY-MM-DD') as day
    from concern c join agency a on a.id = c.raised_by_agency_id
    where c.partnership_id = ${partnershipId}
      and c.raised_at >= ${from}::timestamptz and c.raised_at < ${until}::timestamptz`.execute(db);
  const persons = await loadPersons(db, partnershipId, until);
  const present = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r' and c.relname in (${sql.join(OPTIONAL_TABLES)})`.execute(
    db,
  );
  const agencyById = new Map(agencies.rows.map((a) => [a.id, a]));
  const dataById = new Map(eventData.rows.map((e) => [e.id, e.data]));
  return {
    period,
    agencies: agencies.rows,
    events: tsvRows(events.rows[0]?.t).map(([id, type, agencyId, day, locationKind, postcode, sourceKey]) => {
      const a = agencyById.get(agencyId!);
      return {
        id: id!,
        type: type!,
        agencyId: agencyId!,
        agencyKind: a?.kind ?? 'other',
        agencyName: a?.name ?? 'Unknown agency',
        day: day!,
        locationKind: locationKind || null,
        postcode: postcode || null,
        data: dataById.get(id!) ?? {},
        sourceKey: sourceKey || null,
      };
    }),
    parties: tsvRows(parties.rows[0]?.t).map(([eventId, personId, role]) => ({
      eventId: eventId!,
      personId: personId!,
      role: role!,
    })),
    persons,
    concerns: concerns.rows.map((c) => ({
      id: c.id,
      personId: c.person_id,
      agencyKind: c.agency_kind,
      day: c.day,
    })),
    tablesPresent: new Set(present.rows.map((r) => r.name)),
  };
}

async function loadPersons(
  db: Db | Tx,
  partnershipId: string,
  until: string,
): Promise<Map<string, PersonFact>> {
  const rows = await sql<{
    id: string;
    kind: string;
    sex: string | null;
    dob: string | null;
    ethnicity_dfe: string | null;
    ethnicity_police_self_defined: string | null;
    ethnicity_police_officer_defined: string | null;
    nationality: string | null;
    disability: string | null;
    looked_after: boolean;
    district: string | null;
    has_nhs: boolean;
    has_upn: boolean;
    care: boolean;
    missing: boolean;
  }>`
    with ids as (
      select person_id, bool_or(scheme = 'nhs_number') as has_nhs, bool_or(scheme = 'upn') as has_upn
      from person_identifier where partnership_id = ${partnershipId} group by person_id
    ), addr as (
      select person_id, min(split_part(upper(trim(postcode)), ' ', 1)) as district
      from person_address where partnership_id = ${partnershipId} and coalesce(trim(postcode), '') <> ''
      group by person_id
    ), eth as (
      select person_id, min(payload->>'ethnicity') as ethnicity from source_record
      where partnership_id = ${partnershipId} and feed in ('pupil_roll', 'care_children', 'cin_census')
        and person_id is not null and coalesce(payload->>'ethnicity', '') <> ''
      group by person_id
    ), hist as (
      select ep.person_id,
             bool_or(e.type in ('placement_change', 'missing_from_care')
                     or (e.type = 'status_change' and e.data->>'status' = 'LAC')) as care,
             bool_or(e.type in ('missing_episode', 'missing_from_care')) as missing
      from event e join event_party ep on ep.event_id = e.id
      where e.partnership_id = ${partnershipId} and ep.role in ('subject', 'victim')
        and e.type in ('placement_change', 'missing_from_care', 'status_change', 'missing_episode')
        and e.occurred_at < ${until}::timestamptz
      group by ep.person_id
    )
    select p.id, p.kind, p.sex, to_char(p.date_of_birth, 'YYYY-MM-DD') as dob,
           coalesce(p.ethnicity_dfe, eth.ethnicity) as ethnicity_dfe,
           p.ethnicity_police_self_defined, p.ethnicity_police_officer_defined, p.nationality, p.disability,
           p.looked_after, addr.district,
           coalesce(ids.has_nhs, false) as has_nhs, coalesce(ids.has_upn, false) as has_upn,
           coalesce(hist.care, false) as care, coalesce(hist.missing, false) as missing
    from person p
    left join addr on addr.person_id = p.id
    left join eth on eth.person_id = p.id
    left join hist on hist.person_id = p.id
    left join ids on ids.person_id = p.id
    where p.partnership_id = ${partnershipId} and p.merged_into is null`.execute(db);
  const out = new Map<string, PersonFact>();
  for (const r of rows.rows) {
    out.set(r.id, {
      id: r.id,
      kind: r.kind,
      sex: r.sex,
      dateOfBirth: r.dob,
      ethnicityDfe: r.ethnicity_dfe,
      ethnicityPoliceSelf: r.ethnicity_police_self_defined,
      ethnicityPoliceOfficer: r.ethnicity_police_officer_defined,
      nationality: r.nationality,
      disability: r.disability,
      district: r.district,
      hasNhsNumber: r.has_nhs,
      hasUpn: r.has_upn,
      lookedAfter: r.looked_after || r.care,
      missingHistory: r.missing,
    });
  }
  return out;
}
