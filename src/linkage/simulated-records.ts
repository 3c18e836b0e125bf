// Reading the simulator's person-bearing agency feeds (docs/feeds.md) as linkage records, each with the
// true person id from `truth/records.csv` for evaluation. Only identity fields are read: names, date of
// birth, sex, address, postcode, phone and identifiers. Ethnicity, religion and nationality are never read
// (DESIGN.md §2 principle 7), even where a feed carries them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LinkRecord } from './engine/types.ts';

/** A linkage record from a simulated feed with the person it truly belongs to. */
export interface SimulatedRecord extends LinkRecord {
  /** `agency/feed`, also the record's `source`. */
  readonly source: string;
  /** The simulator's true person id (`truth/records.csv`). */
  readonly truth: string;
}

type Row = Readonly<Record<string, string | undefined>>;

/** How one person-bearing feed maps to linkage fields (column names from docs/feeds.md). */
interface FeedSpec {
  readonly agency: string;
  readonly feed: string;
  readonly key: string;
  readonly given: string;
  readonly family?: string;
  readonly address?: readonly string[];
  readonly phone?: string;
  /** Identifier scheme to column. Only identifiers two agencies can share are useful as evidence. */
  readonly identifiers: Readonly<Record<string, string>>;
}

/** Every person-bearing feed the simulator writes, in a fixed order (so row numbers are deterministic). */
export const SIMULATED_FEEDS: readonly FeedSpec[] = [
  {
    agency: 'education',
    feed: 'pupils',
    key: 'upn',
    given: 'legal_forename',
    family: 'legal_surname',
    address: ['address_line1', 'town'],
    identifiers: { upn: 'upn' },
  },
  {
    agency: 'police',
    feed: 'parties',
    key: 'party_id',
    given: 'forename',
    family: 'surname',
    address: ['address_line1', 'town'],
    phone: 'phone',
    identifiers: { police_person_id: 'police_person_id' },
  },
  {
    agency: 'health',
    feed: 'ed_attendances',
    key: 'attendance_id',
    given: 'forename',
    family: 'surname',
    address: ['address_line1'],
    phone: 'phone',
    identifiers: { nhs_number: 'nhs_number' },
  },
  {
    agency: 'health',
    feed: 'sexual_health_attendances',
    key: 'attendance_id',
    given: 'forename',
    family: 'surname',
    phone: 'phone',
    identifiers: { nhs_number: 'nhs_number' },
  },
  {
    agency: 'social_care',
    feed: 'children',
    key: 'la_child_id',
    given: 'forename',
    family: 'surname',
    address: ['address_line1', 'town'],
    identifiers: { upn: 'upn', nhs_number: 'nhs_number', la_child_id: 'la_child_id' },
  },
  {
    agency: 'youth_offending',
    feed: 'referrals',
    key: 'yot_ref',
    given: 'forename',
    family: 'surname',
    address: ['address_line1'],
    identifiers: { police_person_id: 'police_person_id' },
  },
  {
    agency: 'voluntary',
    feed: 'referrals',
    key: 'case_ref',
    given: 'known_as',
    family: 'surname',
    phone: 'phone',
    identifiers: {},
  },
];

/**
 * Parses RFC 4180 CSV text (header row; fields quoted only when needed, `""` inside quotes) into rows keyed
 * by column name. A plain loop: csv-parse took seconds on the partnership's feeds, this takes milliseconds.
 *
 * @example
 * parseCsv('a,b\n1,"x, y"\n')[0]?.b; // 'x, y'
 */
export function parseCsv(text: string): Row[] {
  const records: string[][] = [];
  let field = '';
  let row: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 34 && field === '') {
      let j = i + 1;
      let chunk = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new Error('unterminated quoted field');
        chunk += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          chunk += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      field = chunk;
      i = j;
      continue;
    }
    if (ch === 44) {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === 10 || ch === 13) {
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') records.push(row);
      row = [];
      i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      continue;
    }
    let end = i;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === 44 || c === 10 || c === 13) break;
      end++;
    }
    field += text.slice(i, end);
    i = end;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    records.push(row);
  }
  const header = records[0] ?? [];
  const out: Row[] = [];
  for (let r = 1; r < records.length; r++) {
    const values = records[r]!;
    const obj: Record<string, string | undefined> = {};
    header.forEach((h, k) => {
      obj[h] = values[k];
    });
    out.push(obj);
  }
  return out;
}

function readCsv(path: string): Row[] {
  return parseCsv(readFileSync(path, 'utf8'));
}

function value(row: Row, column: string | undefined): string | undefined {
  if (column === undefined) return undefined;
  const v = row[column]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** Truth lookup: `agency/feed/record_key` to person id. */
function readTruth(dir: string): Map<string, string> {
  const truth = new Map<string, string>();
  for (const row of readCsv(join(dir, 'truth', 'records.csv'))) {
    truth.set(`${row.agency}/${row.feed}/${row.record_key}`, row.person_id ?? '');
  }
  return truth;
}

/**
 * One feed row as a linkage record (without truth). Exported for tests of the field mapping.
 *
 * @example
 * toLinkRecord(SIMULATED_FEEDS[0]!, { upn: 'A1', legal_forename: 'Ann', legal_surname: 'Lee' }).givenName; // 'Ann'
 */
export function toLinkRecord(spec: FeedSpec, row: Row): LinkRecord | undefined {
  const key = value(row, spec.key);
  if (key === undefined) return undefined;
  const identifiers: Record<string, string> = {};
  for (const [scheme, column] of Object.entries(spec.identifiers)) {
    const v = value(row, column);
    if (v !== undefined) identifiers[scheme] = v;
  }
  const address = (spec.address ?? [])
    .map((c) => value(row, c))
    .filter((x): x is string => x !== undefined)
    .join(', ');
  const fields: Record<string, string | Record<string, string> | undefined> = {
    id: `${spec.agency}/${spec.feed}/${key}`,
    source: `${spec.agency}/${spec.feed}`,
    givenName: value(row, spec.given),
    familyName: value(row, spec.family),
    dateOfBirth: value(row, 'date_of_birth'),
    sex: value(row, 'sex'),
    address: address === '' ? undefined : address,
    postcode: value(row, 'postcode'),
    phone: value(row, spec.phone),
    identifiers: Object.keys(identifiers).length > 0 ? identifiers : undefined,
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as unknown as LinkRecord;
}

/**
 * Reads every person-bearing record of a simulated partnership folder (`sightline simulate --out DIR`), in
 * feed order then file order. A feed file that is absent is skipped; a record with no truth row is an error
 * (the simulator promises one per person-bearing record).
 *
 * @example
 * const records = readSimulatedRecords('/tmp/sim');
 * const result = await linkRecords(records);
 * pairwiseAccuracy(records.map((r) => r.truth), result.clustering.clusterOf);
 */
export function readSimulatedRecords(dir: string): SimulatedRecord[] {
  const truth = readTruth(dir);
  const out: SimulatedRecord[] = [];
  for (const spec of SIMULATED_FEEDS) {
    const path = join(dir, spec.agency, `${spec.feed}.csv`);
    if (!existsSync(path)) continue;
    for (const row of readCsv(path)) {
      const record = toLinkRecord(spec, row);
      if (record === undefined) continue;
      const person = truth.get(record.id);
      if (person === undefined) throw new Error(`${record.id} has no row in truth/records.csv`);
      out.push({ ...record, source: `${spec.agency}/${spec.feed}`, truth: person });
    }
  }
  return out;
}
