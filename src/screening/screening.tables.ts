/**
 * Kysely types for migration 0005 (the `screening` table), added to the shared Database type with
 * `db.withTables<ScreeningTables>()` so schema.ts stays the foundation's.
 */
import type { ColumnType, Kysely } from 'kysely';
import type { Database } from '../platform/database/index.ts';
import type { AppliedOverride } from './engine/index.ts';
import type { Characteristic, RiskLevel } from './tools/index.ts';

type Json<T> = ColumnType<T, string, string>;

export interface StoredAnswer {
  itemId: string;
  present: boolean;
  recency: string | null;
  points: number;
}

export type ScreeningTable = {
  id: string;
  partnership_id: string;
  person_id: string;
  instrument_id: string;
  instrument_version: string;
  assessed_on: string;
  characteristics: Json<Characteristic[]>;
  answers: Json<StoredAnswer[]>;
  score: number;
  computed_level: RiskLevel;
  overrides: Json<AppliedOverride[]>;
  judgement_level: RiskLevel | null;
  judgement_rationale: string | null;
  final_level: RiskLevel;
  review_due: string | null;
  assessor_user_id: string;
  assessor_agency_id: string;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type ScreeningTables = {
  screening: ScreeningTable;
};

export type ScreeningDb = Kysely<Database & ScreeningTables>;

/**
 * The database handle with the screening table.
 *
 * @example
 * const rows = await withScreeningTables(tx).selectFrom('screening').selectAll().execute();
 */
export function withScreeningTables(db: Kysely<Database>): ScreeningDb {
  return db.withTables<ScreeningTables>();
}

/** Plain-language names of the risk levels. @example LEVEL_LABEL.no_apparent_risk; // 'No apparent risk' */
export const LEVEL_LABEL: Record<RiskLevel, string> = {
  no_apparent_risk: 'No apparent risk',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

/** GOV.UK tag colour for each level. @example LEVEL_TAG.high; // 'govuk-tag--red' */
export const LEVEL_TAG: Record<RiskLevel, string> = {
  no_apparent_risk: 'govuk-tag--grey',
  low: 'govuk-tag--green',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--red',
};
