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
