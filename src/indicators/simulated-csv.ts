/**
 * Reading the simulator's CSV feeds for the indicator adapter: small files through csv-parse, the
 * attendance register (millions of rows) through a byte-level parser.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** One CSV row keyed by header. */
export type Row = Readonly<Record<string, string>>;

/**
 * Reads a CSV file with a header row; a missing file reads as no rows.
 *
 * @example
 * readCsv('/tmp/sim/police/stops.csv')[0]?.stop_id;
 */
export function readCsv(path: string): Row[] {
  if (!existsSync(path)) return [];
  return parse<Row>(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true });
}

/**
 * Streams the attendance register (`urn,upn,date,session,mark`) at byte level, for the millions of
 * rows a partnership has in a year: `onRow(upn, day, mark)` with the date already a day number.
 * Rows of one pupil are contiguous, so the UPN string is only rebuilt when it changes.
 *
 * @example
 * streamAttendance(path, (upn, day, mark) => marks.push(mark));
 */
export function streamAttendance(
  path: string,
  onRow: (upn: string, day: number, mark: string) => void,
): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path);
  const n = text.length;
  const dayOfKey = new Map<number, number>();
  const markOfKey = new Map<number, string>();
  let upn = '';
  let prev = Buffer.alloc(0);
  let i = text.indexOf(10) + 1; // skip the header
  if (i === 0) return;
  const comma = [0, 0, 0, 0];
  while (i < n) {
    let k = 0;
    let j = i;
    while (j < n && text[j] !== 10) {
      if (text[j] === 44 && k < 4) comma[k++] = j;
      j += 1;
    }
    let end = j;
    if (end > i && text[end - 1] === 13) end -= 1;
    if (k === 4) {
      const u0 = comma[0]! + 1;
      const u1 = comma[1]!;
      let same = u1 - u0 === prev.length;
      for (let b = 0; same && b < prev.length; b += 1) same = text[u0 + b] === prev[b];
      if (!same) {
        prev = Buffer.from(text.subarray(u0, u1));
        upn = prev.toString('latin1');
      }
      const d = u1 + 1;
      let key = 0;
      for (const o of [0, 1, 2, 3, 5, 6, 8, 9]) key = key * 10 + (text[d + o]! - 48);
      let day = dayOfKey.get(key);
      if (day === undefined) {
        day = Math.floor(
          Date.UTC(Math.floor(key / 10000), (Math.floor(key / 100) % 100) - 1, key % 100) / 86_400_000,
        );
        dayOfKey.set(key, day);
      }
      const m0 = comma[3]! + 1;
      const mk = (end - m0) * 65536 + (text[m0] ?? 0) * 256 + (end - m0 > 1 ? text[m0 + 1]! : 0);
      let mark = markOfKey.get(mk);
      if (mark === undefined) {
        mark = text.toString('latin1', m0, end).replace(/^"|"$/g, '');
        markOfKey.set(mk, mark);
      }
      onRow(upn, day, mark);
    }
    i = j + 1;
  }
}

const dayCache = new Map<string, number>();
/**
 * Day number of the date part of `YYYY-MM-DD[THH:MM...]`; NaN when empty.
 *
 * @example
 * dayOf('1970-01-02T10:00'); // 1
 */
export function dayOf(text: string | undefined): number {
  if (text === undefined || text.length < 10) return Number.NaN;
  const key = text.slice(0, 10);
  let d = dayCache.get(key);
  if (d === undefined) {
    d = Math.floor(
      Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, Number(key.slice(8, 10))) / 86_400_000,
    );
    dayCache.set(key, d);
  }
  return d;
}

/**
 * Appends to a list in a map, creating it if needed.
 *
 * @example
 * pushTo(map, 'k', 1);
 */
export function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}
