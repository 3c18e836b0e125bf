/**
 * The hot path: one child's rules over a sorted slice of day/code/id columns. Used by both full and
 * incremental evaluation, so the two cannot drift apart.
 */
import type { CompiledRule, CompiledRuleSet } from './compile.ts';
import { AUTHORISED, UNAUTHORISED } from './compile.ts';
import { ageOn, termsAround } from './dates.ts';
import { explainHit, type HitDetail } from './explain.ts';
import { NO_BIRTH_DAY, type ProfileColumns } from './profiles.ts';
import type { ChildResult, RuleHit } from './types.ts';

/**
 * One child's events in the given columns: signals `[sigStart, sigEnd)` and attendance sessions
 * `[attStart, attEnd)`, each ordered by day then id. `presentBefore[i]` counts present sessions
 * before index `i` (only differences within the attendance range are used).
 */
export interface ChildView {
  readonly day: Int32Array;
  readonly code: Uint8Array;
  readonly id: Int32Array;
  readonly presentBefore: Int32Array;
  readonly sigStart: number;
  readonly sigEnd: number;
  readonly attStart: number;
  readonly attEnd: number;
}

/** Signal range and attendance range, cut at the as-of date. */
interface Cut {
  readonly sigEnd: number;
  readonly attEnd: number;
}

/**
 * First index in `[lo, hi)` whose day is >= `d` (days sorted ascending).
 *
 * @example
 * lowerBound(Int32Array.of(1, 3, 3, 7), 0, 4, 3); // 1
 */
export function lowerBound(day: Int32Array, lo: number, hi: number, d: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (day[m]! < d) a = m + 1;
    else b = m;
  }
  return a;
}

function collect(s: ChildView, from: number, to: number, match: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i += 1) if (match[s.code[i]!] === 1) out.push(s.id[i]!);
  return out;
}

const IS_ABSENCE = (c: number): boolean => c === AUTHORISED || c === UNAUTHORISED;

function absences(s: ChildView, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i += 1) if (IS_ABSENCE(s.code[i]!)) out.push(s.id[i]!);
  return out;
}

type Detail = { evidence: number[]; detail: HitDetail } | null;

function evalEventRule(r: CompiledRule, s: ChildView, cut: Cut, asOf: number): Detail {
  const lo = asOf - r.window + 1;
  const end = cut.sigEnd;
  const from = lowerBound(s.day, s.sigStart, end, lo);
  const pb = s.presentBefore;
  switch (r.kind) {
    case 'count': {
      const m = r.match;
      let n = 0;
      if (r.distinctDays) {
        let last = -2147483648;
        for (let i = from; i < end; i += 1) {
          if (m[s.code[i]!] === 1 && s.day[i] !== last) {
            n += 1;
            last = s.day[i]!;
          }
        }
      } else {
        for (let i = from; i < end; i += 1) n += m[s.code[i]!]!;
      }
      if (n < r.atLeast) return null;
      return { evidence: collect(s, from, end, m), detail: { count: n } };
    }
    case 'attendance_rate': {
      const a0 = lowerBound(s.day, s.attStart, cut.attEnd, lo);
      const possible = cut.attEnd - a0;
      const present = pb[cut.attEnd]! - pb[a0]!;
      if (possible < r.minSessions || present * 100 >= r.below * possible) return null;
      return {
        evidence: absences(s, a0, cut.attEnd),
        detail: { count: possible, percent: (present * 100) / possible },
      };
    }
    case 'attendance_drop': {
      const t = termsAround(asOf);
      const ae = cut.attEnd;
      const p0 = lowerBound(s.day, s.attStart, ae, t.previous.from);
      const p1 = lowerBound(s.day, p0, ae, t.previous.to + 1);
      const c0 = lowerBound(s.day, p1, ae, t.current.from);
      const c1 = lowerBound(s.day, c0, ae, t.current.to + 1);
      const pp = pb[p1]! - pb[p0]!;
      const pn = p1 - p0;
      const cp = pb[c1]! - pb[c0]!;
      const cn = c1 - c0;
      if (pn < r.minSessions || cn < r.minSessions) return null;
      const before = (pp * 100) / pn;
      const now = (cp * 100) / cn;
      if (before - now < r.dropPoints) return null;
      return { evidence: absences(s, c0, c1), detail: { percent: now, previousPercent: before } };
    }
    case 'co_occurrence': {
      let lastA = -1;
      let lastB = -1;
      let pairA = -1;
      let pairB = -1;
      for (let i = from; i < end; i += 1) {
        const c = s.code[i]!;
        const d = s.day[i]!;
        const isA = r.first[c] === 1;
        const isB = r.second[c] === 1;
        if (isA && lastB >= 0 && d - s.day[lastB]! <= r.within) {
          pairA = i;
          pairB = lastB;
        } else if (isB && lastA >= 0 && d - s.day[lastA]! <= r.within) {
          pairA = lastA;
          pairB = i;
        }
        if (isA) lastA = i;
        if (isB) lastB = i;
      }
      if (pairA < 0) return null;
      const [x, y] = pairA < pairB ? [pairA, pairB] : [pairB, pairA];
      return {
        evidence: [s.id[x]!, s.id[y]!],
        detail: { firstDay: s.day[pairA]!, secondDay: s.day[pairB]! },
      };
    }
    case 'screening_level': {
      for (let i = end - 1; i >= from; i -= 1) {
        const level = r.level[s.code[i]!]!;
        if (level === -2) continue;
        if (level < r.atLeast) return null;
        return { evidence: [s.id[i]!], detail: { level, firstDay: s.day[i]! } };
      }
      return null;
    }
    case 'profile':
      return null;
  }
}

function profileApplies(
  r: Extract<CompiledRule, { kind: 'profile' }>,
  p: ProfileColumns,
  child: number,
  asOf: number,
): boolean {
  switch (r.attribute) {
    case 'age_under': {
      const b = p.birthDay[child]!;
      return b !== NO_BIRTH_DAY && b <= asOf && ageOn(b, asOf) < r.years;
    }
    case 'learning_disability':
      return p.learningDisability[child] === 1;
    case 'looked_after': {
      const periods = p.lookedAfter[child];
      if (periods === undefined) return false;
      return periods.some((q) => q.from <= asOf && (q.to === undefined || q.to >= asOf));
    }
  }
}

/**
 * Evaluates one child on `asOf` (events after `asOf` are ignored). Returns null when no rule fires.
 * `explain: false` leaves explanations empty (backtests replaying many dates do not need them).
 *
 * @example
 * const r = evaluateChild(compiled, profiles, 0, view, asOf);
 */
export function evaluateChild(
  c: CompiledRuleSet,
  profiles: ProfileColumns,
  child: number,
  s: ChildView,
  asOf: number,
  explain = true,
): ChildResult | null {
  const cut: Cut = {
    sigEnd: lowerBound(s.day, s.sigStart, s.sigEnd, asOf + 1),
    attEnd: lowerBound(s.day, s.attStart, s.attEnd, asOf + 1),
  };
  let hits: RuleHit[] | null = null;
  let score = 0;
  let eventHits = 0;
  for (const r of c.rules) {
    if (r.kind === 'profile') continue;
    const d = evalEventRule(r, s, cut, asOf);
    if (d === null) continue;
    hits ??= [];
    hits.push({
      ruleId: r.rule.id,
      weight: r.rule.weight,
      evidence: d.evidence,
      explanation: explain ? explainHit(r, d.detail, asOf) : '',
    });
    score += r.rule.weight;
    eventHits += 1;
  }
  for (const r of c.rules) {
    if (r.kind !== 'profile' || (r.requiresOtherRule && eventHits === 0)) continue;
    if (!profileApplies(r, profiles, child, asOf)) continue;
    hits ??= [];
    hits.push({
      ruleId: r.rule.id,
      weight: r.rule.weight,
      evidence: [],
      explanation: explain ? explainHit(r, {}, asOf) : '',
    });
    score += r.rule.weight;
  }
  if (hits === null) return null;
  let bandIndex = -1;
  for (let b = 0; b < c.bandMins.length; b += 1) if (score >= c.bandMins[b]!) bandIndex = b;
  return { child, score, bandIndex, band: bandIndex < 0 ? null : c.bandNames[bandIndex]!, hits };
}
