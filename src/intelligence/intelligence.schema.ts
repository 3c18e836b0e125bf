// Inputs for recording intelligence (HTTP bodies and tests share them) and the module's table types,
// added to the shared Database type with db.withTables<IntelligenceTables>() (migration 0006).
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/index.ts';
import { gradingSchema } from './grading/grading.ts';

export const INTELLIGENCE_LIMITS = { text: 4000, source: 200, links: 50 } as const;

export const entityLinkSchema = z.object({
  type: z.enum(['person', 'object', 'location']),
  id: z.uuid({ error: 'Choose a person, object or place from the list' }),
});

export const newIntelligenceSchema = z.object({
  text: z.string().trim().min(1, { error: 'Enter the intelligence' }).max(INTELLIGENCE_LIMITS.text),
  grading: gradingSchema,
  source: z.object({
    type: z.string().trim().min(1, { error: 'Enter the type of source' }).max(INTELLIGENCE_LIMITS.source),
    reference: z
      .string()
      .trim()
      .min(1, { error: 'Enter the source reference' })
      .max(INTELLIGENCE_LIMITS.source),
  }),
  /** Officer-written shareable wording (3x5x2 code P only); otherwise the text is redacted automatically. */
  sanitisedText: z.string().trim().min(1).max(INTELLIGENCE_LIMITS.text).optional(),
  links: z.array(entityLinkSchema).max(INTELLIGENCE_LIMITS.links).default([]),
});
export type NewIntelligence = z.input<typeof newIntelligenceSchema>;

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
