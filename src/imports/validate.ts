/**
 * Row validation: every column checked against its declared type, code list and requirement, with a
 * message that says where (line, field), what was wrong and what was expected.
 */
import { isValidNhsNumber, isValidUpn } from '../linkage/index.ts';
import { SEX } from './codes.ts';
import type { ColumnSpec, FeedDefinition, Row } from './feeds/types.ts';

export interface RowIssue {
  readonly line: number;
  readonly field: string;
  readonly problem: string;
  readonly expected: string;
}

export type Validated = { ok: true; row: Row } | { ok: false; issues: RowIssue[] };

/**
 * One issue as a sentence.
 *
 * @example
 * issueMessage({ line: 3, field: 'date', problem: '"2024-02-30" is not a real date', expected: 'a date as YYYY-MM-DD' });
 * // 'Line 3, field "date": "2024-02-30" is not a real date; expected a date as YYYY-MM-DD'
 */
export function issueMessage(i: RowIssue): string {
  return `Line ${i.line}, field "${i.field}": ${i.problem}; expected ${i.expected}`;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A date as YYYY-MM-DD (or DD/MM/YYYY) in canonical ISO form, or undefined when it is not a real date.
 *
 * @example
 * isoDate('02/09/2024'); // '2024-09-02'
 */
export function isoDate(v: string): string | undefined {
  let y: number;
  let m: number;
  let d: number;
  if (v.length === 10 && v[4] === '-' && v[7] === '-') {
    y = Number(v.slice(0, 4));
    m = Number(v.slice(5, 7));
    d = Number(v.slice(8, 10));
  } else {
    const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
    if (uk === null) return undefined;
    d = Number(uk[1]);
    m = Number(uk[2]);
    y = Number(uk[3]);
  }
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return undefined;
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]!) return undefined;
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const SHOW = 60;
function shown(v: string): string {
  return JSON.stringify(v.length > SHOW ? `${v.slice(0, SHOW)}…` : v);
}

/** Checks one value; returns the normalised value or [problem, expected]. */
function checkValue(col: ColumnSpec, v: string): string | [string, string] {
  switch (col.type) {
    case 'text':
      return v.length > 10_000
        ? [`the value is ${v.length} characters long`, 'at most 10,000 characters']
        : v;
    case 'date': {
      const iso = isoDate(v);
      return iso ?? [`${shown(v)} is not a valid date`, 'a date as YYYY-MM-DD (or DD/MM/YYYY)'];
    }
    case 'datetime': {
      const m = /^(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
      const iso = m === null ? undefined : isoDate(m[1]!);
      if (m === null || iso === undefined || Number(m[2] ?? 0) > 23 || Number(m[3] ?? 0) > 59) {
        return [`${shown(v)} is not a valid date and time`, 'a date and time as YYYY-MM-DDTHH:MM'];
      }
      return `${iso}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}`;
    }
    case 'integer':
      return /^-?\d{1,9}$/.test(v)
        ? String(Number(v))
        : [`${shown(v)} is not a whole number`, 'a whole number'];
    case 'code': {
      const c = v.toUpperCase();
      return col.codes?.has(c) === true || col.codes?.has(v) === true
        ? col.codes.has(v)
          ? v
          : c
        : [
            `${shown(v)} is not a ${col.codeList ?? 'known'} code`,
            `one of ${[...(col.codes ?? [])].slice(0, 12).join(', ')}${(col.codes?.size ?? 0) > 12 ? ', …' : ''}`,
          ];
    }
    case 'codes': {
      const parts = v
        .split(/[;,\s]+/)
        .filter((p) => p !== '')
        .map((p) => p.toUpperCase());
      const bad = parts.filter((p) => col.codes?.has(p) !== true);
      return bad.length > 0
        ? [
            `${bad.map(shown).join(', ')} ${bad.length > 1 ? 'are not' : 'is not a'} ${col.codeList ?? 'known'} code${bad.length > 1 ? 's' : ''}`,
            `codes from the ${col.codeList ?? ''} list separated by ";"`,
          ]
        : parts.join(';');
    }
    case 'nhs_number': {
      const digits = v.replace(/[\s-]/g, '');
      return isValidNhsNumber(digits)
        ? digits
        : [
            `${shown(v)} fails the NHS number check`,
            'a 10-digit NHS number with a valid modulus 11 check digit',
          ];
    }
    case 'upn': {
      const u = v.trim().toUpperCase();
      return isValidUpn(u)
        ? u
        : [`${shown(v)} fails the UPN check`, 'a 13-character UPN whose first letter is the check letter'];
    }
    case 'sex': {
      const s = SEX[v.toUpperCase()];
      return s ?? [`${shown(v)} is not a recognised sex`, 'M, F, U or X'];
    }
    case 'yes_no': {
      const u = v.toUpperCase();
      if (['Y', 'YES', 'TRUE', '1'].includes(u)) return 'Y';
      if (['N', 'NO', 'FALSE', '0'].includes(u)) return 'N';
      return [`${shown(v)} is not yes or no`, 'Y or N'];
    }
  }
}

/**
 * A copy of `s` that does not share memory with the text it was cut from. The parser's fields are
 * slices of the ~1 MB piece of input they came from (V8 slices strings of 13 characters or more, such as
 * a UPN, instead of copying them), so a memo keyed by a field keeps its whole piece alive: a UPN first
 * seen in each piece kept nearly the whole 19M-mark file in memory.
 *
 * @example
 * memo.set(detached(fields[1]), ok);
 */
export function detached(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * Validates one record against a feed definition.
 *
 * @example
 * validateRow(feed, 5, { upn: 'A123', date: '2024-09-02' }); // { ok: false, issues: [...] }
 */
export function validateRow(
  feed: FeedDefinition,
  line: number,
  values: Readonly<Record<string, string>>,
  memo?: Map<string, string | [string, string]>,
): Validated {
  const issues: RowIssue[] = [];
  const row: Record<string, string | undefined> = {};
  for (const col of feed.columns) {
    let raw = values[col.name];
    if (raw === undefined && col.aliases) for (const a of col.aliases) raw ??= values[a];
    const v = raw?.trim() ?? '';
    if (v === '') {
      if (col.required === true) {
        issues.push({
          line,
          field: col.name,
          problem: raw === undefined ? 'the column is missing' : 'the value is empty',
          expected: `a ${col.type.replace('_', ' ')} (required)`,
        });
      }
      row[col.name] = undefined;
      continue;
    }
    let result: string | [string, string] | undefined;
    if (memo !== undefined && (col.type === 'upn' || col.type === 'date' || col.type === 'code')) {
      const k = `${col.name}\u0000${v}`;
      result = memo.get(k);
      if (result === undefined) {
        result = checkValue(col, v);
        if (memo.size < 200_000) memo.set(k, typeof result === 'string' ? detached(result) : result);
      }
    } else result = checkValue(col, v);
    if (typeof result === 'string') row[col.name] = result;
    else issues.push({ line, field: col.name, problem: result[0], expected: result[1] });
  }
  if (issues.length === 0 && feed.check) {
    for (const [field, problem, expected] of feed.check(row)) issues.push({ line, field, problem, expected });
  }
  return issues.length === 0 ? { ok: true, row } : { ok: false, issues };
}
