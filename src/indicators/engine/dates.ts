/**
 * Day arithmetic for the indicator engine. Every date in the engine is a whole number of days since
 * 1970-01-01 (UTC), so windows are integer comparisons on the hot path.
 */

const MS_PER_DAY = 86_400_000;

/**
 * Converts an ISO date (`YYYY-MM-DD`, or a full timestamp: the UTC date part is used) to a day number.
 *
 * @example
 * toDay('1970-01-02'); // 1
 */
export function toDay(iso: string): number {
  const ms = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(ms)) throw new Error(`Not a date: ${iso}`);
  return Math.floor(ms / MS_PER_DAY);
}

/**
 * Converts a day number back to an ISO date.
 *
 * @example
 * fromDay(1); // '1970-01-02'
 */
export function fromDay(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (isoCache.size > 100_000) isoCache.clear();
    isoCache.set(day, iso);
  }
  return iso;
}
const isoCache = new Map<number, string>();

/** Year, month (1-12) and day of month of a day number. */
export interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly dayOfMonth: number;
}

/**
 * Splits a day number into year, month and day of month (UTC).
 *
 * @example
 * ymd(toDay('2024-09-01')); // { year: 2024, month: 9, dayOfMonth: 1 }
 */
export function ymd(day: number): Ymd {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, dayOfMonth: d.getUTCDate() };
}

function dayOf(year: number, month: number, dayOfMonth: number): number {
  return Math.floor(Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY);
}

/**
 * Age in whole years on `asOf` of a child born on `birthDay` (a birthday counts from the day itself).
 *
 * @example
 * ageOn(toDay('2012-06-15'), toDay('2025-06-15')); // 13
 */
export function ageOn(birthDay: number, asOf: number): number {
  const b = ymd(birthDay);
  const a = ymd(asOf);
  const beforeBirthday = a.month < b.month || (a.month === b.month && a.dayOfMonth < b.dayOfMonth);
  return a.year - b.year - (beforeBirthday ? 1 : 0);
}

/** An inclusive range of day numbers. */
export interface DayRange {
  readonly from: number;
  readonly to: number;
}

/**
 * The English school term containing `asOf` (to date) and the whole term before it. Terms are taken
 * by calendar: autumn 1 Sep-31 Dec, spring 1 Jan-31 Mar, summer 1 Apr-31 Jul. In August (no term) the
 * "current" term is the summer term just ended. Local term dates vary by a week or two; the rule
 * compares the child with themself, so calendar terms are a fair approximation.
 *
 * @example
 * termsAround(toDay('2024-10-10')).current.from === toDay('2024-09-01'); // true
 */
export function termsAround(asOf: number): Terms {
  if (asOf === lastTermsDay && lastTerms !== undefined) return lastTerms;
  lastTerms = computeTerms(asOf);
  lastTermsDay = asOf;
  return lastTerms;
}

/** A term to date and the term before it. */
export interface Terms {
  readonly current: DayRange;
  readonly previous: DayRange;
}
let lastTermsDay = Number.NaN;
let lastTerms: Terms | undefined;

function computeTerms(asOf: number): Terms {
  const { year, month } = ymd(asOf);
  if (month >= 9) {
    return {
      current: { from: dayOf(year, 9, 1), to: asOf },
      previous: { from: dayOf(year, 4, 1), to: dayOf(year, 7, 31) },
    };
  }
  if (month <= 3) {
    return {
      current: { from: dayOf(year, 1, 1), to: asOf },
      previous: { from: dayOf(year - 1, 9, 1), to: dayOf(year - 1, 12, 31) },
    };
  }
  if (month <= 7) {
    return {
      current: { from: dayOf(year, 4, 1), to: asOf },
      previous: { from: dayOf(year, 1, 1), to: dayOf(year, 3, 31) },
    };
  }
  return {
    current: { from: dayOf(year, 4, 1), to: dayOf(year, 7, 31) },
    previous: { from: dayOf(year, 1, 1), to: dayOf(year, 3, 31) },
  };
}

/** Longest look-back a term comparison can need (previous term start to as-of), in days. */
export const TERM_LOOKBACK_DAYS = 280;

/**
 * The last day of each calendar month from `from` to `to` inclusive (replay points for backtests).
 *
 * @example
 * monthEnds(toDay('2024-01-15'), toDay('2024-03-01')).map(fromDay); // ['2024-01-31', '2024-02-29']
 */
export function monthEnds(from: number, to: number): number[] {
  const out: number[] = [];
  let { year, month } = ymd(from);
  for (;;) {
    const end = dayOf(year, month + 1, 1) - 1;
    if (end > to) break;
    if (end >= from) out.push(end);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}
