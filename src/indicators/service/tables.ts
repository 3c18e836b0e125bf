// Table types for migration 0009 (rule sets, alerts, lifecycle history, per-child alert memory,
// backtests), added to the shared Database type with db.withTables<AlertTables>().
import type { ColumnType, Kysely } from 'kysely';
import type { Database } from '../../platform/database/index.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Json<T> = ColumnType<T, string, string>;
type DateOnly = string;

/** Stored lifecycle states of an alert. */
export const ALERT_STATUSES = ['new', 'acknowledged', 'actioned', 'dismissed', 'snoozed'] as const;
export type StoredAlertStatus = (typeof ALERT_STATUSES)[number];
export type AlertOutcomeKind = 'screening' | 'case' | 'dismissed' | 'snoozed';

export interface RuleSetTable {
  id: string;
  partnership_id: string;
  rule_set_key: string;
  version: string;
  title: string;
  definition: Json<unknown>;
  active: Defaulted<boolean>;
  loaded_by: string | null;
  loaded_at: Defaulted<Date>;
}

export interface AlertTable {
  id: string;
  partnership_id: string;
  rule_set_id: string;
  dedup_key: string;
  person_id: string;
  band: string;
  band_index: number;
  previous_band: string | null;
  score: number;
  rule_ids: Json<string[]>;
  evidence_event_ids: Json<string[]>;
  explanation: Json<string[]>;
  raised_on: DateOnly;
  status: Defaulted<StoredAlertStatus>;
  routed_to: 'mash_inbox' | 'lead_professional';
  routed_to_user_id: string | null;
  assignee_user_id: string | null;
  outcome: AlertOutcomeKind | null;
  outcome_reason: string | null;
  snoozed_until: string | null;
  created_at: Defaulted<Date>;
  updated_at: Defaulted<Date>;
}

export interface AlertEventTable {
  id: string;
  partnership_id: string;
  alert_id: string;
  from_status: string | null;
  to_status: StoredAlertStatus;
  reason: string | null;
  actor_user_id: string | null;
  occurred_at: Defaulted<Date>;
}

export interface ChildIndicatorStateTable {
  partnership_id: string;
  person_id: string;
  rule_set_id: string;
  score: number;
  band_index: number;
  alerted_band_index: number;
  alerted_on: string | null;
  evaluated_on: DateOnly;
}

export interface RuleBacktestTable {
  id: string;
  partnership_id: string;
  rule_set_key: string;
  version: string;
  from_date: DateOnly;
  to_date: DateOnly;
  report: Json<unknown>;
  run_at: Defaulted<Date>;
}

export type AlertTables = {
  rule_set: RuleSetTable;
  alert: AlertTable;
  alert_event: AlertEventTable;
  child_indicator_state: ChildIndicatorStateTable;
  rule_backtest: RuleBacktestTable;
};

export type AlertsDb = Kysely<Database & AlertTables>;

/**
 * The database handle with the alert tables.
 *
 * @example
 * const rows = await withAlertTables(tx).selectFrom('alert').selectAll().execute();
 */
export function withAlertTables(db: Kysely<Database>): AlertsDb {
  return db.withTables<AlertTables>();
}

/** Tables of other modules this one only reads (migrations 0003 and 0013), typed here for the loader. */
export type ImportReadTables = {
  attendance_week: {
    partnership_id: string;
    upn: string;
    school_urn: string;
    week_start: string;
    marks: string;
    agency_id: string;
  };
  import_changed_person: { batch_id: string; person_id: string };
};
