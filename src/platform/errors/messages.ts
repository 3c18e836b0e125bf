/**
 * zod issues become GOV.UK-style messages here, in one place (STYLE.md §4). This is also where wording
 * is reviewed for victim-safe language.
 */
import type { z } from 'zod';
import type { FieldIssue } from './errors.ts';

/**
 * Converts zod issues to field issues, keeping path and code and writing a plain message. A schema's own
 * custom message (set with `{ message }`) always wins.
 *
 * @example
 * issuesFromZod(schema.safeParse(input).error!);
 */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    code: issue.code,
    message: messageFor(issue),
  }));
}

function label(path: PropertyKey[]): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'this value';
  return String(last)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

function messageFor(issue: z.core.$ZodIssue): string {
  // A message written in the schema is deliberate; zod's defaults start with "Invalid" or "Too".
  if (!/^(Invalid|Too (small|big)|Unrecognized|Expected)/.test(issue.message)) return issue.message;
  const field = label(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `Enter ${field}` : `Enter a valid ${field}`;
    case 'too_small':
      return issue.origin === 'string' ? `Enter ${field}` : `${capitalise(field)} is too small`;
    case 'too_big':
      return `${capitalise(field)} must be ${issue.maximum} ${issue.origin === 'string' ? 'characters or fewer' : 'or less'}`;
    case 'invalid_value':
      return `Select ${field}`;
    case 'invalid_format':
      return `Enter ${field} in the correct format`;
    case 'unrecognized_keys':
      return `Remove the unexpected fields: ${issue.keys.join(', ')}`;
    default:
      return `Enter a valid ${field}`;
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
