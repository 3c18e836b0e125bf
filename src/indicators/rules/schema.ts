/**
 * The rule language: a versioned rule set as data, validated on load. Rules read signals (event types
 * with an optional qualifier), association facts, screening levels and three profile attributes (age,
 * looked-after status, learning disability). Ethnicity, religion and nationality do not exist in this
 * language: the profile attributes are a closed list and any field naming them is rejected.
 */
import { z } from 'zod';
import { ASSOCIATION_KINDS, SCREENING_LEVELS, isSignalSelector } from '../engine/signals.ts';

const MAX_WINDOW_DAYS = 3650;

const selector = z
  .string()
  .refine(isSignalSelector, { error: 'is not a known event type or type:qualifier' })
  .refine((s) => !s.startsWith('attendance_session'), {
    error: 'attendance sessions are read by attendance_rate and attendance_drop rules only',
  });
const selectors = z.array(selector).min(1);
const windowDays = z.int().min(1).max(MAX_WINDOW_DAYS);

const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'must be lower-case letters, digits and hyphens'),
  title: z.string().min(3).max(120),
  description: z.string().min(10).max(1000),
  source: z.strictObject({ name: z.string().min(2), reference: z.string().min(2).optional() }),
  weight: z.number().min(0).max(100),
};

const countRule = z.strictObject({
  ...base,
  kind: z.literal('count'),
  events: selectors,
  atLeast: z.int().min(1),
  windowDays,
  /** Count distinct days rather than records (one episode reported by two agencies counts once). */
  distinctDays: z.boolean().default(false),
});

const attendanceRateRule = z.strictObject({
  ...base,
  kind: z.literal('attendance_rate'),
  /** Fires when attendance (present / possible sessions, as a percentage) is below this. */
  belowPercent: z.number().gt(0).max(100),
  windowDays,
  minSessions: z.int().min(1),
});

const attendanceDropRule = z.strictObject({
  ...base,
  kind: z.literal('attendance_drop'),
  /** Current term to date compared with the child's own previous term. */
  period: z.literal('term'),
  dropPoints: z.number().gt(0).max(100),
  minSessions: z.int().min(1),
});

const coOccurrenceRule = z.strictObject({
  ...base,
  kind: z.literal('co_occurrence'),
  first: selectors,
  second: selectors,
  /** The two events are at most this many days apart (0 = same day). */
  withinDays: z.int().min(0).max(MAX_WINDOW_DAYS),
  windowDays,
});

const associationRule = z.strictObject({
  ...base,
  kind: z.literal('association'),
  associations: z.array(z.enum(ASSOCIATION_KINDS)).min(1),
  atLeast: z.int().min(1).default(1),
  windowDays,
});

const screeningRule = z.strictObject({
  ...base,
  kind: z.literal('screening_level'),
  atLeast: z.enum(SCREENING_LEVELS),
  windowDays,
});

/** The only child attributes a rule may read. */
export const PROFILE_ATTRIBUTES = ['age_under', 'looked_after', 'learning_disability'] as const;

const profileRule = z
  .strictObject({
    ...base,
    kind: z.literal('profile'),
    attribute: z.enum(PROFILE_ATTRIBUTES),
    /** For `age_under`: the child is younger than this many whole years on the as-of date. */
    years: z.int().min(1).max(25).optional(),
    /** A modifier adds weight only when another (non-profile) rule has fired. Default true. */
    requiresOtherRule: z.boolean().default(true),
  })
  .refine((r) => r.attribute !== 'age_under' || r.years !== undefined, {
    error: 'age_under needs years',
    path: ['years'],
  });

export const ruleSchema = z.discriminatedUnion('kind', [
  countRule,
  attendanceRateRule,
  attendanceDropRule,
  coOccurrenceRule,
  associationRule,
  screeningRule,
  profileRule,
]);

const band = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
  minScore: z.number().gt(0),
});

export const ruleSetSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/),
    version: z.string().min(1).max(32),
    title: z.string().min(3),
    bands: z.array(band).min(1),
    rules: z.array(ruleSchema).min(1),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((r, i) => {
      if (seen.has(r.id)) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: 'duplicate rule id' });
      }
      seen.add(r.id);
    });
    for (let i = 1; i < set.bands.length; i += 1) {
      if (set.bands[i]!.minScore <= set.bands[i - 1]!.minScore) {
        ctx.addIssue({
          code: 'custom',
          path: ['bands', i, 'minScore'],
          message: 'bands must be in ascending order of minScore',
        });
      }
    }
  });

/** A validated rule set. */
export type RuleSet = z.infer<typeof ruleSetSchema>;
/** One validated rule. */
export type Rule = z.infer<typeof ruleSchema>;
export type RuleKind = Rule['kind'];
