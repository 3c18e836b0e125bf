/**
 * The tables of the partnership dashboard and of the CSE partnership return, as raw count tables
 * (before disclosure control). Pure over the loaded facts; docs/returns.md defines each table.
 */
import type { CountTable } from './disclosure/index.ts';
import {
  ADULT_AGE_BANDS,
  AGENCY_KINDS,
  CHILD_AGE_BANDS,
  ETHNICITY_CATEGORIES,
  NOT_RECORDED,
  POLICE_ETHNICITY_CATEGORIES,
  SEX_CATEGORIES,
  adultAgeBand,
  agencyLabel,
  childAgeBand,
  ethnicityCategory,
  monthsBetween,
  policeEthnicityCategory,
  postcodeDistrict,
  sexCategory,
} from './categories.ts';
import { GROUP_SIZE_BANDS, buildCohorts, groupSizeBand, isCseCrime, type Cohorts } from './cohorts.ts';
import type { EventFact, PersonFact, ReportFacts } from './facts.ts';

export interface ReportTable {
  readonly id: string;
  readonly section: string;
  readonly title: string;
  /** What is counted, in plain words (shown under the chart and in the exports). */
  readonly counts: string;
  /** Chart form: a line over months, or horizontal bars over categories. */
  readonly chart: 'line' | 'bar';
  readonly table: CountTable;
}

/** Tables waiting for a module whose tables have not landed in this database. */
export interface PendingSection {
  readonly section: string;
  readonly table: string;
  readonly reason: string;
}

function tally(
  name: string,
  dims: readonly { name: string; categories: readonly string[] }[],
  keys: Iterable<readonly string[]>,
): CountTable {
  const sizes = dims.map((d) => d.categories.length);
  const counts = new Array<number>(sizes.reduce((a, b) => a * b, 1)).fill(0);
  const index = dims.map((d) => new Map(d.categories.map((c, i) => [c, i])));
  for (const key of keys) {
    let flat = 0;
    for (let k = 0; k < dims.length; k += 1) {
      const i = index[k]!.get(key[k]!);
      if (i === undefined) throw new Error(`"${key[k]}" is not a category of ${dims[k]!.name}`);
      flat = flat * sizes[k]! + i;
    }
    counts[flat]! += 1;
  }
  return { name, dimensions: dims.map((d) => ({ name: d.name, categories: [...d.categories] })), counts };
}

const present = <T>(xs: Iterable<T>): T[] => [...xs];
const agencyKinds = (facts: ReportFacts): string[] => {
  const used = new Set(facts.agencies.map((a) => a.kind));
  return AGENCY_KINDS.filter((k) => used.has(k)).map(agencyLabel);
};
const distinctSorted = (xs: Iterable<string>): string[] => {
  const set = new Set(xs);
  const known = [...set].filter((x) => x !== NOT_RECORDED).sort();
  return set.has(NOT_RECORDED) ? [...known, NOT_RECORDED] : known.length > 0 ? known : [NOT_RECORDED];
};

function personOf(facts: ReportFacts, id: string): PersonFact | undefined {
  return facts.persons.get(id);
}

/** Children characteristics tables for one cohort (area, age, sex, ethnicity, disability, care). */
function characteristics(
  facts: ReportFacts,
  ids: readonly string[],
  prefix: string,
  who: string,
  section: string,
): ReportTable[] {
  const people = ids.map((id) => personOf(facts, id)).filter((p): p is PersonFact => p !== undefined);
  const on = facts.period.to;
  const one = (
    id: string,
    title: string,
    dim: string,
    categories: readonly string[],
    of: (p: PersonFact) => string,
  ): ReportTable => ({
    id: `${prefix}_by_${id}`,
    section,
    title: `${who} by ${title}`,
    counts: `${who}, counted once each, by ${title}`,
    chart: 'bar',
    table: tally(
      `${who} by ${title}`,
      [{ name: dim, categories }],
      people.map((p) => [of(p)]),
    ),
  });
  const areas = distinctSorted(people.map((p) => postcodeDistrict(p.district)));
  return [
    one('area', 'area (postcode district)', 'Postcode district', areas, (p) => postcodeDistrict(p.district)),
    one('age', 'age band', 'Age band', CHILD_AGE_BANDS, (p) => childAgeBand(p.dateOfBirth, on)),
    one('sex', 'sex', 'Sex', SEX_CATEGORIES, (p) => sexCategory(p.sex)),
    one('ethnicity', 'ethnicity (DfE major group)', 'Ethnicity', ETHNICITY_CATEGORIES, (p) =>
      ethnicityCategory(p.ethnicityDfe),
    ),
    one('disability', 'disability', 'Disability', ['Recorded', NOT_RECORDED], (p) =>
      p.disability === null || p.disability === '' ? NOT_RECORDED : 'Recorded',
    ),
    one('care', 'looked-after status', 'Looked after', ['Looked after', 'Not looked after'], (p) =>
      p.lookedAfter ? 'Looked after' : 'Not looked after',
    ),
  ];
}

const MONTH = 'Month';

/**
 * The dashboard's tables for the period.
 *
 * @example
 * const { tables, pending } = dashboardTables(facts);
 */
export function dashboardTables(
  facts: ReportFacts,
  cohorts: Cohorts = buildCohorts(facts),
): {
  tables: ReportTable[];
  pending: PendingSection[];
} {
  const months = monthsBetween(facts.period.from, facts.period.to);
  const kinds = agencyKinds(facts);
  const missing = facts.events.filter((e) => e.type === 'missing_episode' || e.type === 'missing_from_care');
  const police = missing.filter((e) => e.type === 'missing_episode');
  const riskOf = (v: unknown): string =>
    v === 'low' ? 'Low' : v === 'medium' ? 'Medium' : v === 'high' ? 'High' : NOT_RECORDED;
  const tables: ReportTable[] = [
    {
      id: 'concerns_by_month_agency',
      section: 'Concerns',
      title: 'Concerns raised by month and agency',
      counts: 'concerns raised in Sightline, by the month raised and the raising agency',
      chart: 'line',
      table: tally(
        'Concerns raised by month and agency',
        [
          { name: MONTH, categories: months },
          { name: 'Agency', categories: kinds },
        ],
        facts.concerns.map((c) => [c.day.slice(0, 7), agencyLabel(c.agencyKind)]),
      ),
    },
    {
      id: 'missing_by_month_source',
      section: 'Missing episodes and return interviews',
      title: 'Missing episodes by month and source',
      counts: 'missing episodes: police missing-person reports and SSDA903 episodes missing from care',
      chart: 'line',
      table: tally(
        'Missing episodes by month and source',
        [
          { name: MONTH, categories: months },
          { name: 'Source', categories: ['Police report', 'Missing from care'] },
        ],
        missing.map((e) => [
          e.day.slice(0, 7),
          e.type === 'missing_episode' ? 'Police report' : 'Missing from care',
        ]),
      ),
    },
    {
      id: 'missing_by_month_return_interview',
      section: 'Missing episodes and return interviews',
      title: 'Police missing reports by month and return interview',
      counts: 'police missing-person reports, by whether a return interview date is recorded',
      chart: 'line',
      table: tally(
        'Police missing reports by month and return interview',
        [
          { name: MONTH, categories: months },
          { name: 'Return interview', categories: ['Held', 'Not recorded'] },
        ],
        police.map((e) => [
          e.day.slice(0, 7),
          typeof e.data.return_interview_date === 'string' ? 'Held' : 'Not recorded',
        ]),
      ),
    },
    {
      id: 'missing_by_month_risk',
      section: 'Risk level over time',
      title: 'Police missing reports by month and risk level',
      counts:
        'police missing-person reports by the risk level the police graded (screening levels appear when screening lands)',
      chart: 'line',
      table: tally(
        'Police missing reports by month and risk level',
        [
          { name: MONTH, categories: months },
          { name: 'Risk level', categories: ['Low', 'Medium', 'High', NOT_RECORDED] },
        ],
        police.map((e) => [e.day.slice(0, 7), riskOf(e.data.risk_level)]),
      ),
    },
    {
      id: 'cse_crimes_by_month',
      section: 'Crimes',
      title: 'CSE-flagged crimes by month',
      counts: 'crimes recorded with the CSE flag',
      chart: 'line',
      table: tally(
        'CSE-flagged crimes by month',
        [{ name: MONTH, categories: months }],
        facts.events.filter(isCseCrime).map((e) => [e.day.slice(0, 7)]),
      ),
    },
    {
      id: 'records_by_agency',
      section: 'By agency',
      title: 'Records by agency',
      counts: 'records received (events, not attendance marks), by contributing agency',
      chart: 'bar',
      table: tally(
        'Records by agency',
        [{ name: 'Agency', categories: kinds }],
        facts.events.map((e) => [agencyLabel(e.agencyKind)]),
      ),
    },
    ...characteristics(
      facts,
      present(cohorts.atRisk),
      'at_risk',
      'Children at risk of CSE',
      'Children at risk',
    ),
  ];
  const pending: PendingSection[] = [
    ['alert', 'Alerts', 'Alerts raised and their outcomes'],
    ['screening', 'Screenings', 'Screenings and children by screened risk level over time'],
    ['case', 'Cases', 'Cases opened and closed, and outcomes'],
    ['disruption', 'Disruptions', 'Disruption activity'],
  ].map(([t, section, table]) => ({
    section: section!,
    table: table!,
    reason: facts.tablesPresent.has(t!)
      ? `the ${t} table exists but its reporting is not built yet`
      : `the ${t} table has not landed in this database`,
  }));
  return { tables, pending };
}

/**
 * The CSE partnership return: the CEOP 2011 tables and the minimum dataset (docs/returns.md).
 *
 * @example
 * const tables = returnTables(facts);
 */
export function returnTables(facts: ReportFacts, cohorts: Cohorts = buildCohorts(facts)): ReportTable[] {
  const on = facts.period.to;
  const victims = [...cohorts.victims.keys()]
    .map((id) => facts.persons.get(id))
    .filter((p): p is PersonFact => p !== undefined);
  const offenders = [...cohorts.offenders]
    .map((id) => facts.persons.get(id))
    .filter((p): p is PersonFact => p !== undefined);
  const cse = facts.events.filter(isCseCrime);
  const t = (
    id: string,
    section: string,
    title: string,
    counts: string,
    dims: { name: string; categories: readonly string[] }[],
    keys: Iterable<readonly string[]>,
  ): ReportTable => ({ id, section, title, counts, chart: 'bar', table: tally(title, dims, keys) });
  const V = 'Victims (CEOP 2011)';
  const O = 'Offenders (CEOP 2011)';
  const kinds = agencyKinds(facts);
  const support = supportByPerson(facts, cohorts);
  return [
    t(
      'victims_by_sex',
      V,
      'Victims by sex',
      'children identified as victims of CSE in the period',
      [{ name: 'Sex', categories: SEX_CATEGORIES }],
      victims.map((p) => [sexCategory(p.sex)]),
    ),
    t(
      'victims_by_age',
      V,
      'Victims by age band',
      'victims by age on the last day of the period',
      [{ name: 'Age band', categories: CHILD_AGE_BANDS }],
      victims.map((p) => [childAgeBand(p.dateOfBirth, on)]),
    ),
    t(
      'victims_by_ethnicity',
      V,
      'Victims by ethnicity',
      'victims by DfE ethnicity major group (monitoring only; never nationality)',
      [{ name: 'Ethnicity', categories: ETHNICITY_CATEGORIES }],
      victims.map((p) => [ethnicityCategory(p.ethnicityDfe)]),
    ),
    t(
      'victims_by_care',
      V,
      'Victims by looked-after status',
      'victims looked after at any time up to the end of the period',
      [{ name: 'Looked after', categories: ['Looked after', 'Not looked after'] }],
      victims.map((p) => [p.lookedAfter ? 'Looked after' : 'Not looked after']),
    ),
    t(
      'victims_by_missing',
      V,
      'Victims by missing history',
      'victims reported missing (police or from care) at any time up to the end of the period',
      [{ name: 'Missing history', categories: ['Reported missing', 'Not reported missing'] }],
      victims.map((p) => [p.missingHistory ? 'Reported missing' : 'Not reported missing']),
    ),
    t(
      'offenders_by_sex',
      O,
      'Offenders by sex',
      'suspects named on CSE-flagged crimes in the period',
      [{ name: 'Sex', categories: SEX_CATEGORIES }],
      offenders.map((p) => [sexCategory(p.sex)]),
    ),
    t(
      'offenders_by_age',
      O,
      'Offenders by age band',
      'suspects by age on the last day of the period',
      [{ name: 'Age band', categories: ADULT_AGE_BANDS }],
      offenders.map((p) => [adultAgeBand(p.dateOfBirth, on)]),
    ),
    t(
      'offenders_by_ethnicity',
      O,
      'Offenders by ethnicity',
      'suspects by police self-defined ethnicity group (monitoring only; never nationality)',
      [{ name: 'Ethnicity', categories: POLICE_ETHNICITY_CATEGORIES }],
      offenders.map((p) => [policeEthnicityCategory(p.ethnicityPoliceSelf)]),
    ),
    t(
      'groups_by_size',
      'Groups (CEOP 2011)',
      'Groups by size band',
      'groups from recorded co-offending: suspects named together on one record in the period, joined transitively',
      [{ name: 'Size band', categories: GROUP_SIZE_BANDS }],
      cohorts.groups.map((g) => [groupSizeBand(g.length)]),
    ),
    t(
      'incidents_by_offence',
      'Incidents',
      'CSE-flagged crimes by offence',
      'crimes recorded with the CSE flag in the period',
      [
        {
          name: 'Offence',
          categories: distinctSorted(cse.map((e) => offenceOf(e))),
        },
      ],
      cse.map((e) => [offenceOf(e)]),
    ),
    t(
      'places_by_kind',
      'Places',
      'CSE-flagged crimes by kind of place',
      'crimes recorded with the CSE flag, by the kind of place recorded',
      [{ name: 'Kind of place', categories: distinctSorted(cse.map((e) => e.locationKind ?? NOT_RECORDED)) }],
      cse.map((e) => [e.locationKind ?? NOT_RECORDED]),
    ),
    t(
      'victims_by_agency',
      'Agency involvement',
      'Victims by agency involvement',
      'victims with a record from each kind of agency in the period (a victim counts once per agency row)',
      [
        { name: 'Agency', categories: kinds },
        { name: 'Involved', categories: ['Involved', 'Not involved'] },
      ],
      victims.flatMap((p) =>
        kinds.map((k) => {
          const involved = [...(cohorts.agencyKindsOf.get(p.id) ?? [])].some((a) => agencyLabel(a) === k);
          return [k, involved ? 'Involved' : 'Not involved'];
        }),
      ),
    ),
    t(
      'victims_by_support',
      'Support and outcomes',
      'Victims by specialist support engagement',
      'victims by their engagement with a voluntary CSE service referral in the period (best engagement if several)',
      [{ name: 'Engagement', categories: ['Engaged', 'Partial', 'Disengaged', 'No specialist referral'] }],
      victims.map((p) => [ENGAGEMENT_LABELS[support.get(p.id) ?? 99] ?? 'No specialist referral']),
    ),
  ];
}

const offenceOf = (e: EventFact): string =>
  typeof e.data.offence === 'string' ? e.data.offence : NOT_RECORDED;

const ENGAGEMENT = ['engaged', 'partial', 'disengaged'];
const ENGAGEMENT_LABELS = ['Engaged', 'Partial', 'Disengaged'];
/** Best engagement with a voluntary CSE service per person (lower index is better). */
function supportByPerson(facts: ReportFacts, cohorts: Cohorts): Map<string, number> {
  const out = new Map<string, number>();
  for (const party of facts.parties) {
    if (party.role !== 'subject') continue;
    const e = cohorts.eventById.get(party.eventId);
    if (e?.type !== 'voluntary_referral' || e.data.service !== 'cse_specialist') continue;
    const i = ENGAGEMENT.indexOf(String(e.data.engagement));
    out.set(party.personId, Math.min(out.get(party.personId) ?? 99, i < 0 ? 2 : i));
  }
  return out;
}
