/**
 * Loading a rule set: protected-characteristic screen, then the zod schema, with errors that name
 * the rule and the field so an administrator can fix the file.
 */
import type { z } from 'zod';
import { ruleSetSchema, type RuleSet } from './schema.ts';

/** Words that mark a protected characteristic rules may never read. */
const PROTECTED = /ethnic|religio|faith|nationalit|race\b|country_of_birth|citizenship/i;
/** Prose fields may mention them (e.g. "this rule does not use ethnicity"). */
const PROSE_KEYS = new Set(['title', 'description', 'source']);

/** One problem found in a rule set. */
export interface RuleSetIssue {
  /** The rule's id when the problem is inside a rule. */
  readonly ruleId?: string;
  /** Path in the file, e.g. `rules[3].windowDays`. */
  readonly path: string;
  readonly message: string;
}

/** A rule set that failed validation; `issues` carries each problem as data. */
export class RuleSetError extends Error {
  readonly issues: readonly RuleSetIssue[];
  constructor(issues: readonly RuleSetIssue[]) {
    super(
      `Rule set is not valid:\n${issues
        .map(
          (i) =>
            ` - ${i.ruleId === undefined ? '' : `rule '${i.ruleId}' `}${i.path === '' ? '' : `field '${i.path}'`}: ${i.message}`,
        )
        .join('\n')}`,
    );
    this.name = 'RuleSetError';
    this.issues = issues;
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function ruleIdAt(input: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'rules' || typeof path[1] !== 'number') return undefined;
  const rules = (input as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) return undefined;
  const rule: unknown = rules[path[1]];
  const id = typeof rule === 'object' && rule !== null ? (rule as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : `#${path[1]}`;
}

function scanProtected(value: unknown, path: PropertyKey[], out: PropertyKey[][]): void {
  if (typeof value === 'string') {
    if (PROTECTED.test(value)) out.push(path);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => scanProtected(v, [...path, i], out));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (PROTECTED.test(k)) out.push([...path, k]);
      else if (!PROSE_KEYS.has(k)) scanProtected(v, [...path, k], out);
    }
  }
}

function fromZod(input: unknown, error: z.ZodError): RuleSetIssue[] {
  return error.issues.map((issue) => {
    const ruleId = ruleIdAt(input, issue.path);
    const path = ruleId === undefined ? issue.path : issue.path.slice(2);
    return {
      ...(ruleId === undefined ? {} : { ruleId }),
      path: pathText(path),
      message: issue.message,
    };
  });
}

/**
 * Validates a parsed rule-set document. Throws `RuleSetError` naming each rule and field at fault;
 * any field that references ethnicity, religion or nationality is rejected outright.
 *
 * @example
 * const rules = parseRuleSet(JSON.parse(readFileSync('rules.json', 'utf8')));
 */
export function parseRuleSet(input: unknown): RuleSet {
  const hits: PropertyKey[][] = [];
  scanProtected(input, [], hits);
  if (hits.length > 0) {
    throw new RuleSetError(
      hits.map((path) => {
        const ruleId = ruleIdAt(input, path);
        return {
          ...(ruleId === undefined ? {} : { ruleId }),
          path: pathText(ruleId === undefined ? path : path.slice(2)),
          message:
            'references ethnicity, religion or nationality; these are recorded for monitoring only and are not available to rules',
        };
      }),
    );
  }
  const result = ruleSetSchema.safeParse(input);
  if (!result.success) throw new RuleSetError(fromZod(input, result.error));
  return result.data;
}
