/**
 * Plain-English explanations of why a rule fired. Language is victim-safe: it describes what was
 * recorded about the child and what adults should look at, never the child's "choices".
 */
import type { CompiledRule } from './compile.ts';
import { fromDay } from './dates.ts';
import { SCREENING_LEVELS } from './signals.ts';

/** Figures an evaluator found, used to fill in the explanation. */
export interface HitDetail {
  readonly count?: number;
  readonly percent?: number;
  readonly previousPercent?: number;
  readonly firstDay?: number;
  readonly secondDay?: number;
  readonly level?: number;
}

const pct = (x: number | undefined): string => `${(x ?? 0).toFixed(1)}%`;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A day as people read it ('31 March 2025'), the GOV.UK date style.
 *
 * @example
 * longDate(toDay('2025-03-31')); // '31 March 2025'
 */
export function longDate(day: number): string {
  const [y, m, d] = fromDay(day).split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]!} ${y!}`;
}

/**
 * The explanation for one hit of `r` on `asOf`.
 *
 * @example
 * explainHit(compiledCountRule, { count: 3 }, asOf);
 * // 'Missing 3 times in 90 days: 3 matching records in the 90 days to 31 March 2025 (the rule looks for 3 or more).'
 */
export function explainHit(r: CompiledRule, d: HitDetail, asOf: number): string {
  // Count and profile explanations depend only on the rule, the count and the date: reuse them.
  const cacheable = r.kind === 'profile' || (r.kind === 'count' && (d.count ?? 0) < 4096);
  if (!cacheable) return compose(r, d, asOf);
  let memo = MEMO.get(r);
  if (memo === undefined) MEMO.set(r, (memo = new Map<number, string>()));
  const key = asOf * 4096 + (d.count ?? 0);
  let text = memo.get(key);
  if (text === undefined) {
    if (memo.size > 10_000) memo.clear();
    text = compose(r, d, asOf);
    memo.set(key, text);
  }
  return text;
}

const MEMO = new WeakMap<CompiledRule, Map<number, string>>();

function compose(r: CompiledRule, d: HitDetail, asOf: number): string {
  const title = r.rule.title;
  const to = longDate(asOf);
  switch (r.kind) {
    case 'count': {
      const n = d.count ?? 0;
      const what = r.distinctDays
        ? `${n} ${n === 1 ? 'day' : 'days'} with matching records`
        : `${n} matching ${n === 1 ? 'record' : 'records'}`;
      return `${title}: ${what} in the ${r.window} days to ${to} (the rule looks for ${r.atLeast} or more).`;
    }
    case 'attendance_rate':
      return `${title}: the child attended ${pct(d.percent)} of ${d.count ?? 0} possible school sessions in the ${r.window} days to ${to} (below ${r.below}%).`;
    case 'attendance_drop':
      return `${title}: attendance this term to ${to} is ${pct(d.percent)}, against ${pct(d.previousPercent)} last term, a fall of ${((d.previousPercent ?? 0) - (d.percent ?? 0)).toFixed(1)} points (the rule looks for ${r.dropPoints} or more).`;
    case 'co_occurrence': {
      const a = d.firstDay ?? asOf;
      const b = d.secondDay ?? asOf;
      const apart = Math.abs(b - a);
      return `${title}: records on ${longDate(a)} and ${longDate(b)}, ${apart} ${apart === 1 ? 'day' : 'days'} apart (within ${r.within} days), in the ${r.window} days to ${to}.`;
    }
    case 'screening_level':
      return `${title}: the most recent screening, on ${longDate(d.firstDay ?? asOf)}, assessed the risk of harm as ${SCREENING_LEVELS[d.level ?? 0] ?? 'unknown'}.`;
    case 'profile': {
      const what =
        r.attribute === 'age_under'
          ? `the child is under ${r.years} on ${to}`
          : r.attribute === 'looked_after'
            ? `the child is looked after on ${to}`
            : 'the child has a recorded learning disability';
      return `${title}: ${what}, which increases their vulnerability to exploitation by others.`;
    }
  }
}
