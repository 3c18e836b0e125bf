/**
 * Backtesting: replay history on a series of as-of dates (month ends) and report what the rules
 * would have raised, per rule and in total; with ground truth (the simulator), how many victims they
 * surface, how early, and at what precision.
 */
import type { CompiledRuleSet } from './compile.ts';
import { evaluateAll } from './evaluate.ts';
import type { ProfileColumns } from './profiles.ts';
import type { EventStore } from './types.ts';

/** A known victim (child index), when their exploitation began and when agencies recognised it. */
export interface TruthVictim {
  readonly child: number;
  readonly exploitationStart: number;
  /** Day agencies recognised the exploitation, or null if they never did. */
  readonly recognised: number | null;
}

/** Accuracy against ground truth for one band threshold or one rule. */
export interface Accuracy {
  readonly flagged: number;
  readonly truePositives: number;
  readonly precision: number;
  /** Victims surfaced (flagged on or after exploitation began) over all victims. */
  readonly recall: number;
  readonly surfaced: number;
  /** Surfaced strictly before recognition, or surfaced and never recognised. */
  readonly surfacedBeforeRecognition: number;
  readonly surfacedBeforeRecognitionShare: number;
  readonly neverRecognisedSurfaced: number;
  readonly neverRecognised: number;
  /** Days from first flag to recognition, for victims flagged before recognition. */
  readonly leadTimeDaysMedian: number | null;
  readonly leadTimeDaysMean: number | null;
}

/** Per-point counts. */
export interface BacktestPoint {
  readonly asOf: number;
  /** Children who crossed into a higher band at or above the alert band at this point. */
  readonly alerts: number;
  /** Children at or above the alert band at this point. */
  readonly atOrAboveAlertBand: number;
  /** Per rule id: children the rule newly fired for (not firing at the previous point). */
  readonly newlyFiring: Readonly<Record<string, number>>;
}

export interface BacktestReport {
  readonly points: readonly BacktestPoint[];
  readonly alertBand: string;
  readonly childrenAlerted: number;
  /** Per rule id: distinct children the rule fired for. */
  readonly childrenPerRule: Readonly<Record<string, number>>;
  /** With truth: accuracy at each band threshold (band name -> accuracy). */
  readonly byBand?: Readonly<Record<string, Accuracy>>;
  /** With truth: accuracy of each rule on its own. */
  readonly byRule?: Readonly<Record<string, Accuracy>>;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Accuracy of a flagging, given every child's flag days (ascending) and the truth.
 *
 * @example
 * accuracy(flagDays, victims).recall;
 */
export function accuracy(
  flagDays: ReadonlyMap<number, readonly number[]>,
  victims: readonly TruthVictim[],
): Accuracy {
  const byChild = new Map(victims.map((v) => [v.child, v]));
  let tp = 0;
  let surfaced = 0;
  let before = 0;
  let neverRecSurfaced = 0;
  const leads: number[] = [];
  for (const v of victims) {
    const first = flagDays.get(v.child)?.find((d) => d >= v.exploitationStart);
    if (first === undefined) continue;
    surfaced += 1;
    if (v.recognised === null) {
      neverRecSurfaced += 1;
      before += 1;
    } else if (first < v.recognised) {
      before += 1;
      leads.push(v.recognised - first);
    }
  }
  for (const [child, days] of flagDays) {
    const v = byChild.get(child);
    if (v === undefined || days.length === 0) continue;
    if (days.some((d) => d >= v.exploitationStart)) tp += 1;
  }
  const flagged = [...flagDays.values()].filter((d) => d.length > 0).length;
  const n = victims.length;
  return {
    flagged,
    truePositives: tp,
    precision: flagged === 0 ? 0 : tp / flagged,
    recall: n === 0 ? 0 : surfaced / n,
    surfaced,
    surfacedBeforeRecognition: before,
    surfacedBeforeRecognitionShare: n === 0 ? 0 : before / n,
    neverRecognisedSurfaced: neverRecSurfaced,
    neverRecognised: victims.filter((v) => v.recognised === null).length,
    leadTimeDaysMedian: median(leads),
    leadTimeDaysMean: leads.length === 0 ? null : leads.reduce((a, b) => a + b, 0) / leads.length,
  };
}

function push(map: Map<number, number[]>, child: number, day: number): void {
  const list = map.get(child);
  if (list === undefined) map.set(child, [day]);
  else list.push(day);
}

/**
 * Replays `asOfs` (ascending, e.g. `monthEnds(from, to)`) and reports alerts per point, children
 * alerted, per-rule counts and, given `victims`, precision, recall and lead time per band and rule.
 * An alert is a child crossing into a higher band at or above `alertBand`.
 *
 * @example
 * const report = backtest(compiled, store, profiles, monthEnds(from, to), { alertBand: 'high', victims });
 */
export function backtest(
  compiled: CompiledRuleSet,
  store: EventStore,
  profiles: ProfileColumns,
  asOfs: readonly number[],
  options: { readonly alertBand: string; readonly victims?: readonly TruthVictim[] },
): BacktestReport {
  const alertIndex = compiled.bandNames.indexOf(options.alertBand);
  if (alertIndex < 0) throw new Error(`No band named ${options.alertBand}`);
  const ruleIds = compiled.ruleSet.rules.map((r) => r.id);
  const bandFlags = compiled.bandNames.map(() => new Map<number, number[]>());
  const ruleFlags = new Map(ruleIds.map((id) => [id, new Map<number, number[]>()]));
  let prevBands = new Int8Array(store.childCount).fill(-1);
  let prevFiring = new Map<string, Set<number>>();
  const alerted = new Set<number>();
  const points: BacktestPoint[] = [];
  for (const asOf of asOfs) {
    const ev = evaluateAll(compiled, store, profiles, asOf, { explain: false });
    let alerts = 0;
    let atOrAbove = 0;
    const firing = new Map<string, Set<number>>(ruleIds.map((id) => [id, new Set<number>()]));
    for (const [child, r] of ev.results) {
      for (let b = 0; b <= r.bandIndex; b += 1) push(bandFlags[b]!, child, asOf);
      if (r.bandIndex >= alertIndex) {
        atOrAbove += 1;
        if (r.bandIndex > prevBands[child]!) {
          alerts += 1;
          alerted.add(child);
        }
      }
      for (const h of r.hits) {
        firing.get(h.ruleId)!.add(child);
        push(ruleFlags.get(h.ruleId)!, child, asOf);
      }
    }
    const newlyFiring: Record<string, number> = {};
    for (const id of ruleIds) {
      const before = prevFiring.get(id);
      newlyFiring[id] = [...firing.get(id)!].filter((c) => before === undefined || !before.has(c)).length;
    }
    points.push({ asOf, alerts, atOrAboveAlertBand: atOrAbove, newlyFiring });
    prevBands = ev.bands.slice();
    prevFiring = firing;
  }
  const childrenPerRule: Record<string, number> = {};
  for (const id of ruleIds) childrenPerRule[id] = ruleFlags.get(id)!.size;
  const base = { points, alertBand: options.alertBand, childrenAlerted: alerted.size, childrenPerRule };
  const victims = options.victims;
  if (victims === undefined) return base;
  const byBand: Record<string, Accuracy> = {};
  compiled.bandNames.forEach((name, b) => (byBand[name] = accuracy(bandFlags[b]!, victims)));
  const byRule: Record<string, Accuracy> = {};
  for (const id of ruleIds) byRule[id] = accuracy(ruleFlags.get(id)!, victims);
  return { ...base, byBand, byRule };
}
