/**
 * Who is counted (docs/returns.md, "Definitions"): the children identified as victims of CSE in the
 * period, the suspects (offenders), the children at risk (victims plus the subjects of concerns), and
 * groups from recorded co-offending. Pure over the loaded facts.
 */
import type { EventFact, PartyFact, ReportFacts } from './facts.ts';

/** A CSE-flagged crime. @example isCseCrime(event) */
export function isCseCrime(e: EventFact): boolean {
  return e.type === 'crime' && e.data.cse_flag === true;
}

function hasFactor(e: EventFact, factor: string): boolean {
  const f = e.data.factors;
  return Array.isArray(f) && f.includes(factor);
}

/** How a victim was identified: a route of recognition. */
export type VictimRoute = 'crime' | 'assessment_11a' | 'voluntary_cse';

/**
 * The records that identify a victim in the period: the victim on a CSE-flagged crime, the subject of a
 * social-care assessment with CIN factor 11A, the subject of a referral to a voluntary CSE service.
 *
 * @example
 * victimRoute(event, party); // 'crime' | undefined
 */
export function victimRoute(e: EventFact, p: PartyFact): VictimRoute | undefined {
  if (isCseCrime(e) && p.role === 'victim') return 'crime';
  if (e.type === 'assessment' && p.role === 'subject' && hasFactor(e, '11A')) return 'assessment_11a';
  if (e.type === 'voluntary_referral' && p.role === 'subject' && e.data.service === 'cse_specialist') {
    return 'voluntary_cse';
  }
  return undefined;
}

export interface Cohorts {
  readonly eventById: ReadonlyMap<string, EventFact>;
  /** Victims: person id -> the routes that identified them. */
  readonly victims: ReadonlyMap<string, ReadonlySet<VictimRoute>>;
  /** Suspects named on CSE-flagged crimes in the period. */
  readonly offenders: ReadonlySet<string>;
  /** Children at risk: victims plus the subjects of concerns raised in the period. */
  readonly atRisk: ReadonlySet<string>;
  /** Co-offending groups: sets of two or more suspects named together on one record. */
  readonly groups: readonly (readonly string[])[];
  /** Agency kinds with a record naming the person in the period. */
  readonly agencyKindsOf: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Builds the cohorts of the period.
 *
 * @example
 * const c = buildCohorts(facts); c.victims.size;
 */
export function buildCohorts(facts: ReportFacts): Cohorts {
  const eventById = new Map(facts.events.map((e) => [e.id, e]));
  const victims = new Map<string, Set<VictimRoute>>();
  const offenders = new Set<string>();
  const suspectsByEvent = new Map<string, Set<string>>();
  const agencyKindsOf = new Map<string, Set<string>>();
  for (const p of facts.parties) {
    const e = eventById.get(p.eventId);
    if (e === undefined) continue;
    let kinds = agencyKindsOf.get(p.personId);
    if (kinds === undefined) agencyKindsOf.set(p.personId, (kinds = new Set()));
    kinds.add(e.agencyKind);
    const route = victimRoute(e, p);
    if (route !== undefined) {
      let routes = victims.get(p.personId);
      if (routes === undefined) victims.set(p.personId, (routes = new Set()));
      routes.add(route);
    }
    if (p.role === 'suspect') {
      if (isCseCrime(e)) offenders.add(p.personId);
      let s = suspectsByEvent.get(p.eventId);
      if (s === undefined) suspectsByEvent.set(p.eventId, (s = new Set()));
      s.add(p.personId);
    }
  }
  const atRisk = new Set<string>(victims.keys());
  for (const c of facts.concerns) atRisk.add(c.personId);
  return { eventById, victims, offenders, atRisk, groups: coOffendingGroups(suspectsByEvent), agencyKindsOf };
}

/**
 * Connected components of suspects named together on the same record, keeping those of two or more.
 *
 * @example
 * coOffendingGroups(new Map([['e1', new Set(['a', 'b'])], ['e2', new Set(['b', 'c'])]])); // [['a','b','c']]
 */
export function coOffendingGroups(suspectsByEvent: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y) !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const set of suspectsByEvent.values()) {
    if (set.size < 2) continue;
    const [first, ...rest] = [...set];
    if (!parent.has(first!)) parent.set(first!, first!);
    for (const s of rest) {
      if (!parent.has(s)) parent.set(s, s);
      const a = find(first!);
      const b = find(s);
      if (a !== b) parent.set(b, a);
    }
  }
  const groups = new Map<string, string[]>();
  for (const x of parent.keys()) {
    const r = find(x);
    const g = groups.get(r);
    if (g === undefined) groups.set(r, [x]);
    else g.push(x);
  }
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** CEOP 2011 group size bands. */
export const GROUP_SIZE_BANDS = ['2', '3-4', '5-8', 'More than 8'] as const;

/** The CEOP size band of a group. @example groupSizeBand(4) // '3-4' */
export function groupSizeBand(size: number): string {
  if (size <= 2) return '2';
  if (size <= 4) return '3-4';
  if (size <= 8) return '5-8';
  return 'More than 8';
}
