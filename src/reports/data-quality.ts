/**
 * Data quality: completeness and consistency per agency and field, a monthly trend, and the records
 * each agency's lead should fix. A field is checked on the people an agency's records name in the
 * period (subjects and victims: children's fields; suspects: offender fields). Pure over the facts.
 */
import { NOT_RECORDED, agencyLabel, monthsBetween } from './categories.ts';
import { buildCohorts, isCseCrime, type Cohorts } from './cohorts.ts';
import type { CountTable } from './disclosure/index.ts';
import type { EventFact, PersonFact, ReportFacts } from './facts.ts';
import type { ReportTable } from './tables.ts';

export interface FieldCheck {
  readonly id: string;
  readonly label: string;
  /** Which parties the field is checked on. */
  readonly on: 'child' | 'suspect';
  readonly recorded: (p: PersonFact) => boolean;
}

const has = (v: string | null): boolean => v !== null && v !== '';

export const FIELD_CHECKS: readonly FieldCheck[] = [
  {
    id: 'victim_sex',
    label: 'Child: sex',
    on: 'child',
    recorded: (p) => p.sex === 'female' || p.sex === 'male',
  },
  { id: 'victim_age', label: 'Child: date of birth (age)', on: 'child', recorded: (p) => has(p.dateOfBirth) },
  { id: 'victim_ethnicity', label: 'Child: ethnicity', on: 'child', recorded: (p) => has(p.ethnicityDfe) },
  { id: 'victim_nationality', label: 'Child: nationality', on: 'child', recorded: (p) => has(p.nationality) },
  { id: 'victim_nhs', label: 'Child: NHS number linked', on: 'child', recorded: (p) => p.hasNhsNumber },
  { id: 'victim_upn', label: 'Child: UPN linked', on: 'child', recorded: (p) => p.hasUpn },
  {
    id: 'suspect_ethnicity',
    label: 'Suspect: ethnicity (self-defined or officer-defined)',
    on: 'suspect',
    recorded: (p) => has(p.ethnicityPoliceSelf) || has(p.ethnicityPoliceOfficer),
  },
  {
    id: 'suspect_nationality',
    label: 'Suspect: nationality',
    on: 'suspect',
    recorded: (p) => has(p.nationality),
  },
];

const CHILD_ROLES = new Set(['subject', 'victim']);

interface Check {
  readonly event: EventFact;
  readonly person: PersonFact;
  readonly field: FieldCheck;
}

function checks(facts: ReportFacts, cohorts: Cohorts): Check[] {
  const out: Check[] = [];
  for (const party of facts.parties) {
    const event = cohorts.eventById.get(party.eventId);
    const person = facts.persons.get(party.personId);
    if (event === undefined || person === undefined) continue;
    const on =
      party.role === 'suspect'
        ? 'suspect'
        : CHILD_ROLES.has(party.role) && person.kind === 'child'
          ? 'child'
          : undefined;
    if (on === undefined) continue;
    for (const field of FIELD_CHECKS) if (field.on === on) out.push({ event, person, field });
  }
  return out;
}

/** A CSE-flag inconsistency: a crime with a child victim identified as a CSE victim, not flagged CSE. */
function unflaggedCrimes(facts: ReportFacts, cohorts: Cohorts): EventFact[] {
  const out = new Set<EventFact>();
  for (const party of facts.parties) {
    const e = cohorts.eventById.get(party.eventId);
    if (e?.type !== 'crime' || isCseCrime(e) || party.role !== 'victim') continue;
    if (cohorts.victims.has(party.personId)) out.add(e);
  }
  return [...out];
}

/**
 * The data-quality tables: field × agency completeness, the monthly trend, and CSE-flag consistency.
 *
 * @example
 * const tables = dataQualityTables(facts);
 */
export function dataQualityTables(facts: ReportFacts, cohorts: Cohorts = buildCohorts(facts)): ReportTable[] {
  const all = checks(facts, cohorts);
  const agencies = [...new Set(all.map((c) => agencyLabel(c.event.agencyKind)))].sort();
  const months = monthsBetween(facts.period.from, facts.period.to);
  const tables: ReportTable[] = [];
  for (const field of FIELD_CHECKS) {
    const mine = all.filter((c) => c.field === field);
    tables.push({
      id: `dq_${field.id}_by_agency`,
      section: 'Completeness by agency',
      title: `${field.label}: recorded by agency`,
      counts: `people named in each agency's records in the period (one per record), by whether ${field.label.toLowerCase()} is recorded`,
      chart: 'bar',
      table: count(
        `${field.label} by agency`,
        [
          { name: 'Agency', categories: agencies.length > 0 ? agencies : [NOT_RECORDED] },
          { name: 'Recorded', categories: ['Recorded', 'Not recorded'] },
        ],
        mine.map((c) => [
          agencyLabel(c.event.agencyKind),
          c.field.recorded(c.person) ? 'Recorded' : 'Not recorded',
        ]),
      ),
    });
  }
  const sex = all.filter((c) => c.field.id === 'victim_sex' || c.field.id === 'suspect_ethnicity');
  tables.push({
    id: 'dq_trend',
    section: 'Trend',
    title: 'Child sex and suspect ethnicity recorded, by month',
    counts: 'checks of child sex and suspect ethnicity on the records of each month, by outcome',
    chart: 'line',
    table: count(
      'Child sex and suspect ethnicity recorded, by month',
      [
        { name: 'Month', categories: months },
        { name: 'Outcome', categories: ['Recorded', 'Not recorded'] },
      ],
      sex.map((c) => [c.event.day.slice(0, 7), c.field.recorded(c.person) ? 'Recorded' : 'Not recorded']),
    ),
  });
  const crimes = facts.events.filter((e) => e.type === 'crime');
  const unflagged = new Set(unflaggedCrimes(facts, cohorts));
  tables.push({
    id: 'dq_cse_flag',
    section: 'Consistency',
    title: 'Crimes by CSE flag consistency',
    counts:
      'crimes in the period: flagged CSE, not flagged although the victim is identified as a CSE victim, other',
    chart: 'bar',
    table: count(
      'Crimes by CSE flag consistency',
      [
        {
          name: 'CSE flag',
          categories: ['Flagged CSE', 'Not flagged, victim identified as CSE victim', 'Not flagged'],
        },
      ],
      crimes.map((e) => [
        isCseCrime(e)
          ? 'Flagged CSE'
          : unflagged.has(e)
            ? 'Not flagged, victim identified as CSE victim'
            : 'Not flagged',
      ]),
    ),
  });
  return tables;
}

function count(name: string, dims: { name: string; categories: string[] }[], keys: string[][]): CountTable {
  const counts = new Array<number>(dims.reduce((n, d) => n * d.categories.length, 1)).fill(0);
  for (const key of keys) {
    let flat = 0;
    dims.forEach((d, k) => (flat = flat * d.categories.length + Math.max(0, d.categories.indexOf(key[k]!))));
    counts[flat]! += 1;
  }
  return { name, dimensions: dims, counts };
}

export interface RecordToFix {
  readonly eventId: string;
  readonly recordKey: string | null;
  readonly type: string;
  readonly day: string;
  readonly problem: string;
}

/**
 * The records of one agency to fix: each record naming someone whose checked field is missing, and
 * crimes whose CSE flag looks inconsistent. Record keys and types only, never a name.
 *
 * @example
 * recordsToFix(facts, agencyId);
 */
export function recordsToFix(
  facts: ReportFacts,
  agencyId: string,
  cohorts: Cohorts = buildCohorts(facts),
): RecordToFix[] {
  const out = new Map<string, RecordToFix>();
  const add = (e: EventFact, problem: string): void => {
    const prev = out.get(e.id);
    out.set(e.id, {
      eventId: e.id,
      recordKey: e.sourceKey,
      type: e.type,
      day: e.day,
      problem: prev === undefined ? problem : `${prev.problem}; ${problem}`,
    });
  };
  for (const c of checks(facts, cohorts)) {
    if (c.event.agencyId === agencyId && !c.field.recorded(c.person)) {
      add(c.event, `${c.field.label} missing`);
    }
  }
  for (const e of unflaggedCrimes(facts, cohorts)) {
    if (e.agencyId === agencyId) add(e, 'CSE flag not set although the victim is identified as a CSE victim');
  }
  return [...out.values()].sort((a, b) =>
    a.day === b.day ? a.eventId.localeCompare(b.eventId) : a.day < b.day ? -1 : 1,
  );
}
