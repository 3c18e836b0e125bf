/** Early-warning indicators: rule language, pure engine, backtesting, alert raising. */
export * from './engine/index.ts';
export { defaultRuleSet } from './rules/default-rules.ts';
export { RuleSetError, parseRuleSet, type RuleSetIssue } from './rules/load.ts';
export { PROFILE_ATTRIBUTES, type Rule, type RuleKind, type RuleSet } from './rules/schema.ts';
// Monitoring only: never imported by the rule evaluator.
export {
  ageBand,
  fairnessReport,
  type FairnessReport,
  type GroupRate,
  type PopulationChild,
} from './engine/monitoring/fairness.ts';
// Product layer: persistence, live evaluation, the alert lifecycle and pages.
export { registerAlertRoutes } from './alerts.routes.ts';
export {
  DEFAULT_ALERT_POLICY,
  activeRuleSet,
  evaluateImport,
  evaluatePartnership,
  installRuleSet,
  type EvaluationSummary,
} from './service/evaluation.service.ts';
export {
  getAlert,
  listInbox,
  transitionAlert,
  type AlertDetail,
  type Inbox,
} from './service/alerts.service.ts';
export { withAlertTables, type AlertTables } from './service/tables.ts';
export { replayDatabase, replaySimulated, type ReplayFigures } from './service/replay.ts';
// Early warning after imports: no command needed.
export { registerImportAlerts } from './import-alerts.ts';
export {
  alertOnImports,
  catchUpImports,
  evaluateImportsSafely,
  evaluatePendingImports,
  type ImportEvaluation,
  type ImportEvaluationDeps,
} from './service/import-evaluation.ts';
