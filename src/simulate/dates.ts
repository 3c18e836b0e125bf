// Dates as whole days since 1970-01-01 (UTC), so the engine does arithmetic on integers and formats once.

const MS_PER_DAY = 86_400_000;

/**
 * Day number of an ISO date (YYYY-MM-DD).
 *
 * @example
 * dayOf('1970-01-02'); // 1
 */
export function dayOf(iso: string): number {
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`Not a date: ${iso}`);
  return Math.floor(t / MS_PER_DAY);
}

/**
 * ISO date (YYYY-MM-DD) of a day number.
 *
 * @example
 * isoOf(1); // '1970-01-02'
 */
export function isoOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Year, month (1-12) and day of month of a day number. */
export function ymdOf(day: number): [number, number, number] {
  const d = new Date(day * MS_PER_DAY);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/**
 * Day number of a year, month (1-12) and day, clamped to the month's length.
 *
 * @example
 * dayFromYmd(2024, 2, 31) === dayOf('2024-02-29'); // true
 */
export function dayFromYmd(y: number, m: number, d: number): number {
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Math.floor(Date.UTC(y, m - 1, Math.min(d, last)) / MS_PER_DAY);
}

/** Adds calendar months to a day number (clamping the day of month). */
export function addMonths(day: number, months: number): number {
  const [y, m, d] = ymdOf(day);
  const total = y * 12 + (m - 1) + months;
  return dayFromYmd(Math.floor(total / 12), (total % 12) + 1, d);
}

/** 0 = Monday ... 6 = Sunday. */
export function weekday(day: number): number {
  return (day + 3) % 7;
}

/** Age in whole years on a day. */
export function ageOn(dob: number, day: number): number {
  const [y1, m1, d1] = ymdOf(dob);
  const [y2, m2, d2] = ymdOf(day);
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
}

/** `YYYY-MM-DDTHH:MM` for a day and minutes after midnight. */
export function dateTimeOf(day: number, minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  return `${isoOf(day)}T${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}
