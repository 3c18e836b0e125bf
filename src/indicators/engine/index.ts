/** The pure indicator engine (no database, no HTTP). */
export { compileRuleSet, type CompiledRule, type CompiledRuleSet } from './compile.ts';
export { ageOn, fromDay, monthEnds, termsAround, toDay } from './dates.ts';
export { evaluateAll } from './evaluate.ts';
export { evaluateChild } from './evaluate-child.ts';
export { applyImport, createIncrementalState, type IncrementalState } from './incremental.ts';
export { compileProfiles, emptyProfiles, type ProfileColumns } from './profiles.ts';
export {
  ASSOCIATION_KINDS,
  ATTENDANCE,
  DFE_ATTENDANCE_CODES,
  SIGNAL_NAMES,
  attendanceClass,
  associationCode,
  codeFor,
  signalCode,
  type AssociationKind,
  type AttendanceClass,
} from './signals.ts';
export { buildObjectStore, buildStore, toColumns, type ObjectStore } from './store.ts';
export type * from './types.ts';
export {
  buildDigests,
  raiseAlerts,
  routeAlert,
  type AlertMemory,
  type AlertOutcome,
  type AlertPolicy,
  type AlertRoute,
  type AlertStatus,
  type Digest,
  type RaisedAlert,
} from './alerts.ts';
export {
  accuracy,
  backtest,
  type Accuracy,
  type BacktestPoint,
  type BacktestReport,
  type TruthVictim,
} from './backtest.ts';
