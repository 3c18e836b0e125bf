/**
 * The pure screening scorer: answers in, score, levels, overrides and a per-answer explanation out.
 * No clock, no database; the same input always gives the same result.
 */
import { z } from 'zod';
import {
  characteristicSchema,
  RISK_LEVELS,
  recencySchema,
  riskLevelSchema,
  type Instrument,
  type OverrideCondition,
  type Recency,
  type RiskLevel,
} from '../tools/instrument.schema.ts';
import { addMonths, ageOn } from './dates.ts';

/**
 * What the scorer knows about the child. Strict: ethnicity, religion and nationality cannot be
 * passed (the schema rejects unknown keys and the type has no such fields).
 */
export const screeningSubjectSchema = z
  .object({
    dateOfBirth: z.iso.date(),
    characteristics: z.array(characteristicSchema).default([]),
  })
  .strict();

export const screeningAnswerSchema = z
  .object({
    itemId: z.string().min(1),
    present: z.boolean(),
    /** When last observed: either a recency band or a date (the band is then worked out). */
    recency: recencySchema.optional(),
    lastObservedOn: z.iso.date().optional(),
    note: z.string().max(2000).optional(),
  })
  .strict();

export const screeningInputSchema = z
  .object({
    assessedOn: z.iso.date(),
    subject: screeningSubjectSchema,
    answers: z.array(screeningAnswerSchema),
    judgement: z
      .object({ level: riskLevelSchema, rationale: z.string().max(5000).optional() })
      .strict()
      .optional(),
  })
  .strict();

export type ScreeningSubject = z.output<typeof screeningSubjectSchema>;
export type ScreeningAnswer = z.output<typeof screeningAnswerSchema>;
export type ScreeningInput = z.input<typeof screeningInputSchema>;

export interface AnswerExplanation {
  readonly itemId: string;
  readonly section: string;
  readonly text: string;
  readonly answered: boolean;
  readonly present: boolean;
  readonly recency: Recency | null;
  readonly weight: number;
  readonly factor: number;
  readonly points: number;
  readonly explanation: string;
}

export interface AppliedOverride {
  readonly id: string;
  readonly from: RiskLevel;
  readonly to: RiskLevel;
  readonly reason: string;
}

export interface ValidationIssue {
  readonly code: 'rationale_required' | 'judgement_below_minimum';
  readonly message: string;
}

export interface ScreeningResult {
  readonly instrument: { readonly id: string; readonly version: string };
  readonly assessedOn: string;
  readonly score: number;
  readonly computedLevel: RiskLevel;
  readonly overrides: readonly AppliedOverride[];
  readonly levelAfterOverrides: RiskLevel;
  readonly judgement: { readonly level: RiskLevel; readonly rationale: string | null } | null;
  readonly finalLevel: RiskLevel;
  readonly valid: boolean;
  readonly issues: readonly ValidationIssue[];
  /** Null when the final level needs no scheduled review. */
  readonly reviewDue: string | null;
  readonly answers: readonly AnswerExplanation[];
}

/**
 * Orders risk levels (no apparent risk < low < medium < high).
 *
 * @example
 * levelRank('medium') > levelRank('low'); // true
 */
export function levelRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

/**
 * The recency band of an observation made on `observedOn`, seen from `assessedOn`.
 *
 * @example
 * recencyOf('2026-01-10', '2026-03-01'); // 'within_3_months'
 */
export function recencyOf(observedOn: string, assessedOn: string): Recency {
  if (observedOn > assessedOn) throw new Error(`observation date ${observedOn} is after the assessment`);
  if (observedOn >= addMonths(assessedOn, -3)) return 'within_3_months';
  if (observedOn >= addMonths(assessedOn, -12)) return 'within_12_months';
  return 'over_12_months';
}

/**
 * The computed level for a score from the instrument's bands.
 *
 * @example
 * levelForScore(CSE_SCREENING_V1, 7); // 'medium'
 */
export function levelForScore(instrument: Instrument, score: number): RiskLevel {
  const b = instrument.bands;
  if (score >= b.high) return 'high';
  if (score >= b.medium) return 'medium';
  if (score >= b.low) return 'low';
  return 'no_apparent_risk';
}

const RECENCY_TEXT: Record<Recency, string> = {
  within_3_months: 'within the last 3 months',
  within_12_months: 'within the last 12 months',
  over_12_months: 'more than 12 months ago',
};

function explainItems(
  instrument: Instrument,
  answers: readonly ScreeningAnswer[],
  assessedOn: string,
): AnswerExplanation[] {
  const byItem = new Map<string, ScreeningAnswer>();
  const known = new Set(instrument.sections.flatMap((s) => s.items.map((i) => i.id)));
  for (const a of answers) {
    if (!known.has(a.itemId)) {
      throw new Error(`answer for unknown item "${a.itemId}" in ${instrument.id}@${instrument.version}`);
    }
    if (byItem.has(a.itemId)) throw new Error(`item "${a.itemId}" is answered more than once`);
    byItem.set(a.itemId, a);
  }
  return instrument.sections.flatMap((section) =>
    section.items.map((item): AnswerExplanation => {
      const a = byItem.get(item.id);
      const base = { itemId: item.id, section: section.id, text: item.text, weight: item.weight };
      if (!a?.present) {
        return {
          ...base,
          answered: a !== undefined,
          present: false,
          recency: null,
          factor: 0,
          points: 0,
          explanation: a ? 'Not present.' : 'Not answered (counted as not present).',
        };
      }
      if (!section.usesRecency) {
        return {
          ...base,
          answered: true,
          present: true,
          recency: null,
          factor: 1,
          points: item.weight,
          explanation: `Present: ${item.weight} points.`,
        };
      }
      const recency = a.recency ?? (a.lastObservedOn ? recencyOf(a.lastObservedOn, assessedOn) : undefined);
      if (recency === undefined) {
        throw new Error(`item "${item.id}" is present but has no recency or date last observed`);
      }
      const factor = instrument.recencyFactors[recency];
      const points = item.weight * factor;
      return {
        ...base,
        answered: true,
        present: true,
        recency,
        factor,
        points,
        explanation: `Present, last seen ${RECENCY_TEXT[recency]}: ${item.weight} x ${factor} = ${points} points.`,
      };
    }),
  );
}

function conditionHolds(
  c: OverrideCondition,
  subject: ScreeningSubject,
  assessedOn: string,
  items: readonly AnswerExplanation[],
): boolean {
  switch (c.kind) {
    case 'age_under':
      return ageOn(subject.dateOfBirth, assessedOn) < c.years;
    case 'characteristic':
      return subject.characteristics.includes(c.characteristic);
    case 'indicators_present':
      return (
        items.filter(
          (i) =>
            i.section === c.section && i.present && i.recency !== null && c.recencies.includes(i.recency),
        ).length >= c.atLeast
      );
  }
}

/**
 * Scores a screening with an instrument: weighted answers with recency, the band, overrides (each
 * with its reason), professional judgement (a rationale is required when it differs), the final
 * level and the review date. Throws on malformed input (unknown items, missing recency).
 *
 * @example
 * const r = scoreScreening(CSE_SCREENING_V1, {
 *   assessedOn: '2026-03-01',
 *   subject: { dateOfBirth: '2012-05-01', characteristics: [] },
 *   answers: [{ itemId: 'm_older_adults', present: true, recency: 'within_3_months' }],
 * });
 * r.finalLevel; // 'medium' (score 3 is low, but she is under 13)
 */
export function scoreScreening(instrument: Instrument, input: ScreeningInput): ScreeningResult {
  const { assessedOn, subject, answers, judgement } = screeningInputSchema.parse(input);
  if (subject.dateOfBirth > assessedOn) throw new Error('date of birth is after the assessment date');
  const items = explainItems(instrument, answers, assessedOn);
  const score = items.reduce((s, i) => s + i.points, 0);
  const computedLevel = levelForScore(instrument, score);

  let level = computedLevel;
  const overrides: AppliedOverride[] = [];
  for (const rule of instrument.overrides) {
    if (!rule.appliesToLevels.includes(level)) continue;
    if (levelRank(level) >= levelRank(rule.minimumLevel)) continue;
    if (!rule.anyOf.some((c) => conditionHolds(c, subject, assessedOn, items))) continue;
    overrides.push({ id: rule.id, from: level, to: rule.minimumLevel, reason: rule.reason });
    level = rule.minimumLevel;
  }

  const issues: ValidationIssue[] = [];
  let finalLevel = level;
  if (judgement && judgement.level !== level) {
    const rationale = judgement.rationale?.trim() ?? '';
    if (rationale.length < instrument.minimumRationaleLength) {
      issues.push({
        code: 'rationale_required',
        message: `Professional judgement (${judgement.level}) differs from the tool (${level}): explain why in at least ${instrument.minimumRationaleLength} characters.`,
      });
    }
    const floor = overrides.length > 0 ? overrides[overrides.length - 1]!.to : null;
    if (floor !== null && levelRank(judgement.level) < levelRank(floor)) {
      issues.push({
        code: 'judgement_below_minimum',
        message: `Professional judgement cannot be below ${floor}: ${overrides[overrides.length - 1]!.reason}`,
      });
    }
    if (issues.length === 0) finalLevel = judgement.level;
  }
  const months = instrument.reviewMonths[finalLevel];
  return {
    instrument: { id: instrument.id, version: instrument.version },
    assessedOn,
    score,
    computedLevel,
    overrides,
    levelAfterOverrides: level,
    judgement: judgement ? { level: judgement.level, rationale: judgement.rationale ?? null } : null,
    finalLevel,
    valid: issues.length === 0,
    issues,
    reviewDue: months === null ? null : addMonths(assessedOn, months),
    answers: items,
  };
}
