/**
 * The shape of a versioned CSE screening instrument (in the manner of SERAF): sections of items
 * (vulnerabilities, moderate and significant indicators) with weights, recency factors, score bands,
 * override rules and review intervals. Instruments are data (JSON) validated here, so a bad file
 * fails loudly with the path of every problem.
 *
 * Ethnicity, religion and nationality are never inputs: no item, condition or characteristic may
 * refer to them, and item wording must be victim-safe.
 */
import { z } from 'zod';

export const RISK_LEVELS = ['no_apparent_risk', 'low', 'medium', 'high'] as const;
export const riskLevelSchema = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

/** Recorded characteristics an override may use. Deliberately closed: no protected characteristics. */
export const CHARACTERISTICS = [
  'learning_disability',
  'looked_after',
  'care_leaver',
  'child_protection_plan',
  'special_educational_needs',
] as const;
export const characteristicSchema = z.enum(CHARACTERISTICS);
export type Characteristic = z.infer<typeof characteristicSchema>;

export const RECENCIES = ['within_3_months', 'within_12_months', 'over_12_months'] as const;
export const recencySchema = z.enum(RECENCIES);
export type Recency = z.infer<typeof recencySchema>;

/** Words that must never appear in an instrument: they blame the child or use protected traits. */
const FORBIDDEN_WORDING =
  /\b(?:risky|risk[-\s]taking|consensual|consent(?:ed|ing)|promiscu\w*|prostitut\w*|lifestyle\s+choice|ethnic\w*|religio\w*|nationalit\w*|race)\b/iu;

const wording = z
  .string()
  .min(3)
  .max(200)
  .refine((s) => !FORBIDDEN_WORDING.test(s), {
    error: 'wording must be victim-safe and must not refer to ethnicity, religion or nationality',
  });

const idSchema = z.string().regex(/^[a-z][a-z0-9_-]*$/u, 'ids are lower-case letters, digits, _ or -');

export const itemSchema = z
  .object({ id: idSchema, text: wording, weight: z.number().positive().max(100) })
  .strict();

export const sectionSchema = z
  .object({
    id: idSchema,
    kind: z.enum(['vulnerability', 'moderate', 'significant']),
    title: wording,
    /** Whether an item's contribution depends on how recently it was observed. */
    usesRecency: z.boolean(),
    items: z.array(itemSchema).min(1),
  })
  .strict();

export const overrideConditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('age_under'), years: z.number().int().min(1).max(18) }).strict(),
  z.object({ kind: z.literal('characteristic'), characteristic: characteristicSchema }).strict(),
  z
    .object({
      kind: z.literal('indicators_present'),
      section: idSchema,
      atLeast: z.number().int().min(1),
      recencies: z.array(recencySchema).min(1),
    })
    .strict(),
]);
export type OverrideCondition = z.infer<typeof overrideConditionSchema>;

export const overrideRuleSchema = z
  .object({
    id: idSchema,
    /** Any of these conditions triggers the rule. */
    anyOf: z.array(overrideConditionSchema).min(1),
    /** The rule applies only when the level so far is one of these. */
    appliesToLevels: z.array(riskLevelSchema).min(1),
    minimumLevel: riskLevelSchema,
    reason: wording.max(300),
  })
  .strict();
export type OverrideRule = z.infer<typeof overrideRuleSchema>;

export const instrumentSchema = z
  .object({
    id: idSchema,
    version: z.string().regex(/^\d+\.\d+\.\d+$/u, 'version is semantic: MAJOR.MINOR.PATCH'),
    title: z.string().min(3),
    effectiveFrom: z.iso.date(),
    recencyFactors: z
      .object({
        within_3_months: z.number().min(0).max(1),
        within_12_months: z.number().min(0).max(1),
        over_12_months: z.number().min(0).max(1),
      })
      .strict(),
    sections: z.array(sectionSchema).min(1),
    /** Lowest score for each level; no_apparent_risk must start at 0. */
    bands: z
      .object({
        no_apparent_risk: z.literal(0),
        low: z.number().positive(),
        medium: z.number().positive(),
        high: z.number().positive(),
      })
      .strict()
      .refine((b) => b.low < b.medium && b.medium < b.high, {
        error: 'band thresholds must rise: low < medium < high',
      }),
    overrides: z.array(overrideRuleSchema),
    /** Months until review for each final level (null: no review needed). */
    reviewMonths: z
      .object({
        no_apparent_risk: z.number().int().positive().nullable(),
        low: z.number().int().positive(),
        medium: z.number().int().positive(),
        high: z.number().int().positive(),
      })
      .strict(),
    /** Shortest rationale accepted when professional judgement differs from the computed level. */
    minimumRationaleLength: z.number().int().min(1).max(500),
  })
  .strict()
  .superRefine((inst, ctx) => {
    const sections = new Set<string>();
    const items = new Set<string>();
    inst.sections.forEach((s, i) => {
      if (sections.has(s.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sections', i, 'id'],
          message: `duplicate section id ${s.id}`,
        });
      }
      sections.add(s.id);
      s.items.forEach((item, j) => {
        if (items.has(item.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sections', i, 'items', j, 'id'],
            message: `duplicate item id ${item.id}`,
          });
        }
        items.add(item.id);
      });
    });
    inst.overrides.forEach((o, i) =>
      o.anyOf.forEach((c, j) => {
        if (c.kind === 'indicators_present' && !sections.has(c.section)) {
          ctx.addIssue({
            code: 'custom',
            path: ['overrides', i, 'anyOf', j, 'section'],
            message: `unknown section ${c.section}`,
          });
        }
      }),
    );
  });

export type Instrument = z.infer<typeof instrumentSchema>;
export type Section = z.infer<typeof sectionSchema>;

/**
 * Validates an instrument, throwing an Error whose message lists every problem with its path.
 *
 * @example
 * const instrument = parseInstrument(JSON.parse(text));
 */
export function parseInstrument(data: unknown): Instrument {
  const parsed = instrumentSchema.safeParse(data);
  if (!parsed.success) throw new Error(`invalid screening instrument:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
