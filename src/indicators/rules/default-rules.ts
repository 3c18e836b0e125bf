/**
 * The default rule set shipped with the product, validated on load.
 */
import { readFileSync } from 'node:fs';
import { parseRuleSet } from './load.ts';
import type { RuleSet } from './schema.ts';

/**
 * Loads and validates `default-rules.json`.
 *
 * @example
 * defaultRuleSet().rules.length;
 */
export function defaultRuleSet(): RuleSet {
  const url = new URL('./default-rules.json', import.meta.url);
  return parseRuleSet(JSON.parse(readFileSync(url, 'utf8')) as unknown);
}
