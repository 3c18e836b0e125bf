// Reading person records from any CSV for `sightline link`: a column map turns rows into LinkRecords, and
// every row that cannot be used (no id, duplicate id, unparseable date) is reported with its line number.
import { parse } from 'csv-parse/sync';
import { basename } from 'node:path';
import { parseDate, type DateFormat } from './engine/standardise.ts';
import type { LinkRecord } from './engine/types.ts';

export const ROLES = [
  'id',
  'source',
  'given_name',
  'family_name',
  'full_name',
  'date_of_birth',
  'sex',
  'address',
  'postcode',
  'phone',
] as const;
export type Role = (typeof ROLES)[number];

/** Role to column(s); `address` may take several columns; identifiers keep their scheme name. */
export interface ColumnMap {
  readonly single: Partial<Record<Exclude<Role, 'address'>, string>>;
  readonly address: readonly string[];
  readonly identifiers: Readonly<Record<string, string>>;
}

/**
 * Parses `role=column,role=column,...` (address may repeat; `identifier:NAME=column`).
 *
 * @example
 * parseColumnMap('id=ref,given_name=first,address=line1,address=town,identifier:nhs_number=nhs');
 */
export function parseColumnMap(spec: string): ColumnMap {
  const single: Partial<Record<Exclude<Role, 'address'>, string>> = {};
  const address: string[] = [];
  const identifiers: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`--map entry "${part}" is not role=column`);
    const role = part.slice(0, eq).trim();
    const column = part.slice(eq + 1).trim();
    if (column.length === 0) throw new Error(`--map entry "${part}" names no column`);
    if (role.startsWith('identifier:') && role.length > 'identifier:'.length) {
      identifiers[role.slice(11)] = column;
    } else if (role === 'address') address.push(column);
    else if ((ROLES as readonly string[]).includes(role)) single[role as Exclude<Role, 'address'>] = column;
    else throw new Error(`--map role "${role}" is not one of ${ROLES.join(', ')}, identifier:NAME`);
  }
  if (single.id === undefined) throw new Error('--map must give the id column (id=COLUMN)');
  return { single, address, identifiers };
}

export interface BadRow {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface ReadResult {
  readonly records: LinkRecord[];
  readonly bad: BadRow[];
}

/**
 * Converts CSV text to records, reporting unusable rows (never dropping one silently).
 *
 * @example
 * readCsvRecords('ref,first\n1,Ann\n,Bob\n', 'a.csv', parseColumnMap('id=ref,given_name=first')).bad[0]?.line; // 3
 */
export function readCsvRecords(
  text: string,
  file: string,
  map: ColumnMap,
  dateFormat: DateFormat = 'YYYY-MM-DD',
  seenIds: Set<string> = new Set(),
): ReadResult {
  const rows: { record: Record<string, string | undefined>; info: { lines: number } }[] = parse(text, {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    bom: true,
  });
  const records: LinkRecord[] = [];
  const bad: BadRow[] = [];
  const header = rows[0] ? Object.keys(rows[0].record) : [];
  const wanted = [...Object.values(map.single), ...map.address, ...Object.values(map.identifiers)];
  const missing = rows.length > 0 ? wanted.filter((c) => !header.includes(c)) : [];
  if (missing.length > 0) throw new Error(`${file}: no column named ${missing.join(', ')}`);
  const source = basename(file).replace(/\.csv$/i, '');
  for (const { record: row, info } of rows) {
    const get = (col: string | undefined): string | undefined => {
      if (col === undefined) return undefined;
      const v = row[col]?.trim();
      return v === undefined || v === '' ? undefined : v;
    };
    const id = get(map.single.id);
    if (id === undefined) {
      bad.push({ file, line: info.lines, reason: 'no id' });
      continue;
    }
    const key = id;
    if (seenIds.has(key)) {
      bad.push({ file, line: info.lines, reason: `duplicate id ${id}` });
      continue;
    }
    const rawDob = get(map.single.date_of_birth);
    let dob: string | undefined;
    if (rawDob !== undefined) {
      const d = parseDate(rawDob, dateFormat);
      if (d === undefined) {
        bad.push({ file, line: info.lines, reason: `unparseable date of birth (expected ${dateFormat})` });
        continue;
      }
      dob = `${Math.floor(d / 10000)}-${String(Math.floor(d / 100) % 100).padStart(2, '0')}-${String(d % 100).padStart(2, '0')}`;
    }
    seenIds.add(key);
    const identifiers: Record<string, string> = {};
    for (const [scheme, col] of Object.entries(map.identifiers)) {
      const v = get(col);
      if (v !== undefined) identifiers[scheme] = v;
    }
    const address = map.address
      .map((c) => get(c))
      .filter((x): x is string => x !== undefined)
      .join(', ');
    const fields: Record<string, string | Record<string, string> | undefined> = {
      id,
      source: get(map.single.source) ?? source,
      givenName: get(map.single.given_name),
      familyName: get(map.single.family_name),
      fullName: get(map.single.full_name),
      dateOfBirth: dob,
      sex: get(map.single.sex),
      address: address.length > 0 ? address : undefined,
      postcode: get(map.single.postcode),
      phone: get(map.single.phone),
      identifiers: Object.keys(identifiers).length > 0 ? identifiers : undefined,
    };
    records.push(
      Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as LinkRecord,
    );
  }
  return { records, bad };
}
