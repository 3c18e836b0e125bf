/**
 * Fairness monitoring: alert rates by sex, age band and ethnicity against the partnership population.
 * This is the only place in the indicators module that sees ethnicity, and only to monitor outcomes.
 * The rule evaluator does not import this module (a test checks the import graph).
 */
import { ageOn } from '../dates.ts';

/** One child of the population table (the denominator). */
export interface PopulationChild {
  readonly child: number;
  readonly sex: string | null;
  readonly birthDay: number | null;
  /** Recorded ethnicity code (e.g. DfE), or null when not recorded. */
  readonly ethnicity: string | null;
}

/** Alert rate of one group. */
export interface GroupRate {
  readonly group: string;
  readonly population: number;
  readonly alerted: number;
  /** Alerted per 1,000 children in the group. */
  readonly ratePer1000: number;
  /** Rate relative to the whole population (1 = same). */
  readonly relativeRate: number;
}

export interface FairnessReport {
  readonly population: number;
  readonly alerted: number;
  readonly bySex: readonly GroupRate[];
  readonly byAgeBand: readonly GroupRate[];
  readonly byEthnicity: readonly GroupRate[];
}

/**
 * The age band of a child on `asOf` (the bands used for monitoring).
 *
 * @example
 * ageBand(toDay('2012-01-01'), toDay('2025-06-01')); // '13-15'
 */
export function ageBand(birthDay: number | null, asOf: number): string {
  if (birthDay === null) return 'not recorded';
  const age = ageOn(birthDay, asOf);
  if (age < 10) return 'under 10';
  if (age < 13) return '10-12';
  if (age < 16) return '13-15';
  return '16-17+';
}

function rates(groups: Map<string, [number, number]>, overall: number): GroupRate[] {
  return [...groups.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([group, [population, alerted]]) => {
      const rate = population === 0 ? 0 : alerted / population;
      return {
        group,
        population,
        alerted,
        ratePer1000: rate * 1000,
        relativeRate: overall === 0 ? 0 : rate / overall,
      };
    });
}

/**
 * Alert rates by sex, age band (on `asOf`) and ethnicity; `alerted` holds the child indices alerted in
 * the period. Small counts are not suppressed here: publish through the disclosure control.
 *
 * @example
 * fairnessReport(population, new Set([3, 9]), asOf).byEthnicity;
 */
export function fairnessReport(
  population: readonly PopulationChild[],
  alerted: ReadonlySet<number>,
  asOf: number,
): FairnessReport {
  const sex = new Map<string, [number, number]>();
  const age = new Map<string, [number, number]>();
  const eth = new Map<string, [number, number]>();
  let hit = 0;
  const add = (m: Map<string, [number, number]>, k: string, a: boolean): void => {
    const v = m.get(k) ?? [0, 0];
    v[0] += 1;
    if (a) v[1] += 1;
    m.set(k, v);
  };
  for (const p of population) {
    const a = alerted.has(p.child);
    if (a) hit += 1;
    add(sex, p.sex ?? 'not recorded', a);
    add(age, ageBand(p.birthDay, asOf), a);
    add(eth, p.ethnicity ?? 'not recorded', a);
  }
  const overall = population.length === 0 ? 0 : hit / population.length;
  return {
    population: population.length,
    alerted: hit,
    bySex: rates(sex, overall),
    byAgeBand: rates(age, overall),
    byEthnicity: rates(eth, overall),
  };
}
