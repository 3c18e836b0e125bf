// Table types for the identity resolver's decisions (migration 0003's link_decision) and the review
// tables of migration 0010, added to the shared Database type with db.withTables<IdentityTables>() so
// schema.ts stays untouched.
import type { ColumnType, Kysely } from 'kysely';
import type { Database } from '../platform/database/index.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type LinkDecisionKind = 'auto' | 'review' | 'new' | 'confirmed' | 'rejected';
export type ReviewAction = 'link' | 'reject' | 'defer' | 'unmerge';

export type LinkDecisionTable = {
  id: string;
  partnership_id: string;
  source_record_id: string;
  person_id: string;
  candidate_person_id: string | null;
  decision: LinkDecisionKind;
  score: number;
  explanation: Json<Record<string, unknown>>;
  decided_at: Timestamp;
  deferred_at: Timestamp | null;
  deferred_by: string | null;
  deferred_note: string | null;
};

export type DoNotMatchTable = {
  partnership_id: string;
  person_a: string;
  person_b: string;
  link_decision_id: string | null;
  decided_by: string | null;
  decided_at: Timestamp;
  note: string | null;
};

export type MergeTable = {
  id: string;
  partnership_id: string;
  survivor_id: string;
  merged_id: string;
  moved_ids: Json<string[]>;
  link_decision_id: string | null;
  merged_by: string | null;
  merged_at: Timestamp;
  note: string | null;
  unmerged_by: string | null;
  unmerged_at: Timestamp | null;
  unmerge_reason: string | null;
};

export type DecisionTable = {
  id: string;
  partnership_id: string;
  link_decision_id: string | null;
  merge_id: string | null;
  action: ReviewAction;
  decided_by: string | null;
  decided_at: Timestamp;
  note: string | null;
};

export type IdentityTables = {
  link_decision: LinkDecisionTable;
  identity_do_not_match: DoNotMatchTable;
  identity_merge: MergeTable;
  identity_decision: DecisionTable;
};

export type IdentityDb = Kysely<Database & IdentityTables>;

/**
 * The database handle with this module's tables.
 *
 * @example
 * const queued = await withIdentityTables(tx).selectFrom('link_decision').selectAll().execute();
 */
export function withIdentityTables(db: Kysely<Database>): IdentityDb {
  return db.withTables<IdentityTables>();
}
