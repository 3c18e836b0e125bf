// Inputs for recording intelligence (HTTP bodies and tests share them) and the module's table types,
// added to the shared Database type with db.withTables<IntelligenceTables>() (migration 0006).
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/index.ts';
import { issuesFromZod, validationError } from '../platform/errors/index.ts';
import { gradingSchema, validateGrading, type GradingIssue } from './grading/grading.ts';

export const INTELLIGENCE_LIMITS = { text: 4000, source: 200, links: 50 } as const;

export const entityLinkSchema = z.object({
  type: z.enum(['person', 'object', 'location']),
  id: z.uuid({ error: 'Choose a person, object or place from the list' }),
});

export const newIntelligenceSchema = z.object({
  text: z
    .string({ error: 'Enter the intelligence' })
    .trim()
    .min(1, { error: 'Enter the intelligence' })
    .max(INTELLIGENCE_LIMITS.text, { error: 'The intelligence must be 4,000 characters or fewer' }),
  grading: gradingSchema,
  source: z.object({
    type: z
      .string({ error: 'Enter the type of source' })
      .trim()
      .min(1, { error: 'Enter the type of source' })
      .max(INTELLIGENCE_LIMITS.source, { error: 'The type of source must be 200 characters or fewer' }),
    reference: z
      .string({ error: 'Enter the source reference' })
      .trim()
      .min(1, { error: 'Enter the source reference' })
      .max(INTELLIGENCE_LIMITS.source, { error: 'The source reference must be 200 characters or fewer' }),
  }),
  /** Officer-written shareable wording (3x5x2 code P only); otherwise the text is redacted automatically. */
  sanitisedText: z
    .string()
    .trim()
    .min(1)
    .max(INTELLIGENCE_LIMITS.text, { error: 'The shareable wording must be 4,000 characters or fewer' })
    .optional(),
  links: z
    .array(entityLinkSchema)
    .max(INTELLIGENCE_LIMITS.links, { error: 'Link to 50 records or fewer' })
    .default([]),
});
export type NewIntelligence = z.input<typeof newIntelligenceSchema>;
export type ValidIntelligence = z.output<typeof newIntelligenceSchema>;

/**
 * Validates a new item exactly as the service does before saving: the shape (zod) and the grading
 * rules (conditions for handling code C, corroboration for B, a note for E). The JSON API, the form
 * and the service all call it, so they accept and refuse the same things with the same messages.
 *
 * @example
 * const { item, warnings } = validateNewIntelligence(input); // throws a validation error otherwise
 */
export function validateNewIntelligence(input: unknown): {
  item: ValidIntelligence;
  warnings: GradingIssue[];
} {
  const parsed = newIntelligenceSchema.safeParse(input);
  if (!parsed.success) throw validationError(issuesFromZod(parsed.error));
  const issues = validateGrading(parsed.data.grading);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw validationError(
      errors.map((i) => ({ path: ['grading', ...i.path], code: i.code, message: i.message })),
    );
  }
  return { item: parsed.data, warnings: issues.filter((i) => i.severity === 'warning') };
}

export const intelligenceParams = z.object({ id: z.uuid() });

export type IntelligenceLinkTable = {
  id: string;
  partnership_id: string;
  intelligence_id: string;
  entity_type: 'person' | 'object' | 'location';
  entity_id: string;
};

export type IntelligenceDetailTable = {
  intelligence_id: string;
  partnership_id: string;
  handling_conditions: string | null;
  corroboration: string | null;
  risk_note: string | null;
  source_type: string;
  source_reference: string;
};

export type IntelligenceLegacyTable = {
  id: string;
  partnership_id: string;
  agency_id: string;
  source_grade: 'A' | 'B' | 'C' | 'D' | 'E';
  intelligence_grade: '1' | '2' | '3' | '4' | '5';
  handling_grade: '1' | '2' | '3' | '4' | '5';
  text: string;
  recorded_at: Date;
  recorded_by: string | null;
};

export type IntelligenceTables = {
  intelligence_link: IntelligenceLinkTable;
  intelligence_detail: IntelligenceDetailTable;
  intelligence_legacy: IntelligenceLegacyTable;
};

export type IntelligenceDb = Kysely<Database & IntelligenceTables>;

/**
 * The database handle with this module's tables.
 *
 * @example
 * const rows = await withIntelligenceTables(tx).selectFrom('intelligence_link').selectAll().execute();
 */
export function withIntelligenceTables(db: Kysely<Database>): IntelligenceDb {
  return db.withTables<IntelligenceTables>();
}
