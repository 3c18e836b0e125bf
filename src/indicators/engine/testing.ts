/**
 * Small helpers for tests and examples: a rule set from a few rules, and a synthetic event stream.
 * Synthetic data only.
 */
import { parseRuleSet } from '../rules/load.ts';
import type { RuleSet } from '../rules/schema.ts';
import { compileRuleSet, type CompiledRuleSet } from './compile.ts';
import { evaluateAll } from './evaluate.ts';
import { compileProfiles } from './profiles.ts';
import { buildObjectStore } from './store.ts';
import type { AssociationFact, ChildProfile, Evaluation, IndicatorEvent } from './types.ts';

/**
 * A valid rule set around the given partial rules (ids, titles and sources filled in).
 *
 * @example
 * ruleSetOf([{ kind: 'count', events: ['missing_episode'], atLeast: 3, windowDays: 90, weight: 3 }]);
 */
export function ruleSetOf(
  rules: readonly Record<string, unknown>[],
  bands: readonly { name: string; minScore: number }[] = [
    { name: 'low', minScore: 1 },
    { name: 'medium', minScore: 4 },
    { name: 'high', minScore: 7 },
  ],
): RuleSet {
  return parseRuleSet({
    schemaVersion: 1,
    id: 'test-rules',
    version: '1',
    title: 'Test rules',
    bands,
    rules: rules.map((r, i) => ({
      id: `rule-${i}`,
      title: `Test rule ${i}`,
      description: 'A rule used only in tests.',
      source: { name: 'Test' },
      weight: 1,
      ...r,
    })),
  });
}

/**
 * Builds and evaluates in one call (tests).
 *
 * @example
 * const ev = evaluateObjects(compileRuleSet(set), children, events, [], asOf);
 */
export function evaluateObjects(
  compiled: CompiledRuleSet,
  children: readonly ChildProfile[],
  events: readonly IndicatorEvent[],
  facts: readonly AssociationFact[],
  asOf: number,
): Evaluation & { eventIds: readonly string[] } {
  const { store, eventIds } = buildObjectStore(children, events, facts);
  return { ...evaluateAll(compiled, store, compileProfiles(children), asOf), eventIds };
}

/**
 * Compiles partial rules in one step (tests).
 *
 * @example
 * const compiled = compiledOf([{ kind: 'count', events: ['concern'], atLeast: 1, windowDays: 30 }]);
 */
export function compiledOf(rules: readonly Record<string, unknown>[]): CompiledRuleSet {
  return compileRuleSet(ruleSetOf(rules));
}
