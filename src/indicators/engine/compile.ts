/**
 * Compiles a validated rule set into the hot-path form: per-rule lookup tables indexed by signal
 * code, windows as integers, bands as ascending thresholds.
 */
import type { Rule, RuleSet } from '../rules/schema.ts';
import { TERM_LOOKBACK_DAYS } from './dates.ts';
import {
  ATTENDANCE,
  SCREENING_LEVELS,
  SIGNAL_COUNT,
  SIGNAL_NAMES,
  associationCode,
  selectCodes,
} from './signals.ts';

function table(selectors: readonly string[]): Uint8Array {
  const t = new Uint8Array(SIGNAL_COUNT);
  for (const s of selectors) for (const c of selectCodes(s)) t[c] = 1;
  return t;
}

export type CompiledRule =
  | {
      readonly kind: 'count';
      readonly rule: Rule;
      readonly window: number;
      readonly atLeast: number;
      readonly match: Uint8Array;
      readonly distinctDays: boolean;
    }
  | {
      readonly kind: 'attendance_rate';
      readonly rule: Rule;
      readonly window: number;
      readonly below: number;
      readonly minSessions: number;
    }
  | {
      readonly kind: 'attendance_drop';
      readonly rule: Rule;
      readonly window: number;
      readonly dropPoints: number;
      readonly minSessions: number;
    }
  | {
      readonly kind: 'co_occurrence';
      readonly rule: Rule;
      readonly window: number;
      readonly within: number;
      readonly first: Uint8Array;
      readonly second: Uint8Array;
    }
  | {
      readonly kind: 'screening_level';
      readonly rule: Rule;
      readonly window: number;
      readonly atLeast: number;
      readonly level: Int8Array;
    }
  | {
      readonly kind: 'profile';
      readonly rule: Rule;
      readonly window: 0;
      readonly attribute: 'age_under' | 'looked_after' | 'learning_disability';
      readonly years: number;
      readonly requiresOtherRule: boolean;
    };

/** A rule set ready for evaluation. */
export interface CompiledRuleSet {
  readonly ruleSet: RuleSet;
  readonly rules: readonly CompiledRule[];
  readonly bandNames: readonly string[];
  readonly bandMins: Float64Array;
  /** Days of history any rule can look back over (events older than as-of minus this never matter). */
  readonly horizon: number;
  /** The same, for the signal stream and for the attendance stream separately. */
  readonly signalHorizon: number;
  readonly attendanceHorizon: number;
}

function compileRule(rule: Rule): CompiledRule {
  switch (rule.kind) {
    case 'count':
      return {
        kind: 'count',
        rule,
        window: rule.windowDays,
        atLeast: rule.atLeast,
        match: table(rule.events),
        distinctDays: rule.distinctDays,
      };
    case 'association':
      return {
        kind: 'count',
        rule,
        window: rule.windowDays,
        atLeast: rule.atLeast,
        match: table(rule.associations.map((a) => SIGNAL_NAMES[associationCode(a)]!)),
        distinctDays: false,
      };
    case 'attendance_rate':
      return {
        kind: 'attendance_rate',
        rule,
        window: rule.windowDays,
        below: rule.belowPercent,
        minSessions: rule.minSessions,
      };
    case 'attendance_drop':
      return {
        kind: 'attendance_drop',
        rule,
        window: TERM_LOOKBACK_DAYS,
        dropPoints: rule.dropPoints,
        minSessions: rule.minSessions,
      };
    case 'co_occurrence':
      return {
        kind: 'co_occurrence',
        rule,
        window: rule.windowDays,
        within: rule.withinDays,
        first: table(rule.first),
        second: table(rule.second),
      };
    case 'screening_level': {
      const level = new Int8Array(SIGNAL_COUNT).fill(-2);
      for (const c of selectCodes('screening')) level[c] = -1;
      SCREENING_LEVELS.forEach((name, i) => {
        for (const c of selectCodes(`screening:${name}`)) level[c] = i;
      });
      return {
        kind: 'screening_level',
        rule,
        window: rule.windowDays,
        atLeast: SCREENING_LEVELS.indexOf(rule.atLeast),
        level,
      };
    }
    case 'profile':
      return {
        kind: 'profile',
        rule,
        window: 0,
        attribute: rule.attribute,
        years: rule.years ?? 0,
        requiresOtherRule: rule.requiresOtherRule,
      };
  }
}

function isAttendanceRule(r: CompiledRule): boolean {
  return r.kind === 'attendance_rate' || r.kind === 'attendance_drop';
}

/**
 * Compiles a validated rule set (see `parseRuleSet`).
 *
 * @example
 * const compiled = compileRuleSet(parseRuleSet(json));
 */
export function compileRuleSet(ruleSet: RuleSet): CompiledRuleSet {
  const rules = ruleSet.rules.map(compileRule);
  return {
    ruleSet,
    rules,
    bandNames: ruleSet.bands.map((b) => b.name),
    bandMins: Float64Array.from(ruleSet.bands.map((b) => b.minScore)),
    horizon: Math.max(1, ...rules.map((r) => r.window)),
    signalHorizon: Math.max(1, ...rules.filter((r) => !isAttendanceRule(r)).map((r) => r.window)),
    attendanceHorizon: Math.max(1, ...rules.filter(isAttendanceRule).map((r) => r.window)),
  };
}

/** Attendance codes, re-exported for the evaluator. */
export const PRESENT = ATTENDANCE.present;
export const AUTHORISED = ATTENDANCE.authorised;
export const UNAUTHORISED = ATTENDANCE.unauthorised;
