/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC, with no clock: callers pass "today". */

function parts(iso: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  if (!m) throw new Error(`expected a date as YYYY-MM-DD, got "${iso}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * Adds calendar months, clamping to the end of a shorter month.
 *
 * @example
 * addMonths('2026-01-31', 1); // '2026-02-28'
 */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = parts(iso);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, last))}`;
}

/**
 * Whole years from `born` to `on` (age on a date).
 *
 * @example
 * ageOn('2013-06-15', '2026-06-14'); // 12
 */
export function ageOn(born: string, on: string): number {
  const [by, bm, bd] = parts(born);
  const [y, m, d] = parts(on);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Days from `from` to `to` (negative when `to` is earlier).
 *
 * @example
 * daysBetween('2026-01-01', '2026-01-31'); // 30
 */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}
