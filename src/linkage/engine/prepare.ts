// Prepared records: every standardised field precomputed once and stored column-wise as interned string
// ids in typed arrays, so comparisons are integer tests and the columns can be shared with worker threads.
import { nysiis } from './phonetic.ts';
import { canonicalGivenName } from './nicknames.ts';
import { normaliseIdentifier } from './identifiers.ts';
import {
  addressTokens,
  parseDate,
  splitFullName,
  standardiseName,
  standardisePhone,
  standardisePostcode,
  standardiseSex,
} from './standardise.ts';
import type { LinkRecord } from './types.ts';

/** Interns strings to dense integer ids; id -1 means missing. */
export class StringPool {
  readonly strings: string[];
  private idMap: Map<string, number> | undefined;
  /** A pool over existing strings (their ids are their positions); the lookup map is built on first use. */
  constructor(strings: string[] = []) {
    this.strings = strings;
  }
  private get ids(): Map<string, number> {
    if (this.idMap === undefined) {
      this.idMap = new Map();
      this.strings.forEach((s, i) => this.idMap!.set(s, i));
    }
    return this.idMap;
  }
  /** The id of a string if known, else -1 (never adds). */
  peek(s: string): number {
    return this.ids.get(s) ?? -1;
  }
  /** The id of a string, adding it if new. */
  id(s: string): number {
    let v = this.ids.get(s);
    if (v === undefined) {
      v = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, v);
    }
    return v;
  }
  get(id: number): string {
    return id < 0 ? '' : (this.strings[id] ?? '');
  }
}

/** A growable Int32 column, optionally backed by shared memory so worker threads read it without copies. */
export class IntVec {
  data: Int32Array;
  length = 0;
  constructor(capacity: number, shared = false) {
    const bytes = Math.max(1, capacity) * 4;
    this.data = new Int32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

export const COLUMNS = [
  'source',
  'givenFull',
  'givenMain',
  'givenPhon',
  'givenCanon',
  'givenInitial',
  'familyFull',
  'familyMain',
  'familyFirst',
  'familyPhon',
  'familyInitial',
  'dob',
  'sex',
  'pcFull',
  'pcSector',
  'pcDistrict',
  'phone',
  'addrOff',
  'idOff',
] as const;
export type Column = (typeof COLUMNS)[number];

/** The column-wise prepared form of a set of records; every row also has an original id string. */
export interface PreparedTable {
  readonly pool: StringPool;
  readonly ids: string[];
  readonly cols: Record<Column, IntVec>;
  /** Address token ids of row i are addrTok[addrOff[i] .. addrOff[i+1]) (sorted); addrOff has n+1 entries. */
  readonly addrTok: IntVec;
  /** Valid identifiers of row i: idScheme/idValue[idOff[i] .. idOff[i+1]). */
  readonly idScheme: IntVec;
  readonly idValue: IntVec;
  /** Identifiers dropped because their check digit failed, per scheme. */
  readonly invalidIdentifiers: Map<string, number>;
}

/**
 * An empty table with room for `capacity` rows (shared memory when `shared`).
 *
 * @example
 * const t = createTable(new StringPool(), 10);
 */
export function createTable(pool: StringPool, capacity: number, shared = false): PreparedTable {
  const cols = {} as Record<Column, IntVec>;
  for (const c of COLUMNS) {
    cols[c] = new IntVec(c === 'addrOff' || c === 'idOff' ? capacity + 1 : capacity, shared);
  }
  cols.addrOff.push(0);
  cols.idOff.push(0);
  return {
    pool,
    ids: [],
    cols,
    addrTok: new IntVec(capacity * 4, shared),
    idScheme: new IntVec(capacity, shared),
    idValue: new IntVec(capacity, shared),
    invalidIdentifiers: new Map(),
  };
}

interface NameParts {
  full: number;
  main: number;
  phon: number;
  canon: number;
  initial: number;
  first: number;
}
const NO_NAME: NameParts = { full: -1, main: -1, phon: -1, canon: -1, initial: -1, first: -1 };

function nameParts(pool: StringPool, raw: string | undefined, kind: 'given' | 'family'): NameParts {
  const n = standardiseName(raw, kind === 'given' ? 'first' : 'last');
  if (n === undefined) return NO_NAME;
  const main = kind === 'given' ? n.main : n.full;
  return {
    full: pool.id(n.full),
    main: pool.id(n.main),
    phon: pool.id(nysiis(main)),
    canon: kind === 'given' ? pool.id(canonicalGivenName(n.main)) : -1,
    initial: pool.id(n.full[0]!),
    first: pool.id(n.tokens[0]!),
  };
}

/** Caches raw text to prepared parts (names, dates, postcodes and addresses repeat a great deal). */
export type NameCache = Map<string, NameParts | Int32Array | number>;

/**
 * Standardises one record and appends it to the table; returns its row number.
 *
 * @example
 * const row = appendRecord(t, { id: 'r1', givenName: 'Bob', familyName: 'Smith', dateOfBirth: '2010-02-03' });
 */
export function appendRecord(t: PreparedTable, r: LinkRecord, cache: NameCache = new Map()): number {
  const { pool, cols } = t;
  const row = t.ids.length;
  t.ids.push(r.id);
  let given = r.givenName;
  let family = r.familyName;
  if (given === undefined && family === undefined && r.fullName !== undefined) {
    ({ given, family } = splitFullName(r.fullName));
  }
  const gKey = `g${given ?? ''}`;
  let g = cache.get(gKey) as NameParts | undefined;
  if (g === undefined) cache.set(gKey, (g = nameParts(pool, given, 'given')));
  const fKey = `f${family ?? ''}`;
  let f = cache.get(fKey) as NameParts | undefined;
  if (f === undefined) cache.set(fKey, (f = nameParts(pool, family, 'family')));
  cols.source.push(r.source === undefined ? -1 : pool.id(r.source));
  cols.givenFull.push(g.full);
  cols.givenMain.push(g.main);
  cols.givenPhon.push(g.phon);
  cols.givenCanon.push(g.canon);
  cols.givenInitial.push(g.initial);
  cols.familyFull.push(f.full);
  cols.familyMain.push(f.main);
  cols.familyFirst.push(f.first);
  cols.familyPhon.push(f.phon);
  cols.familyInitial.push(f.initial);
  let dob = 0;
  if (r.dateOfBirth !== undefined) {
    const dKey = `d${r.dateOfBirth}`;
    const hit = cache.get(dKey) as number | undefined;
    if (hit === undefined) cache.set(dKey, (dob = parseDate(r.dateOfBirth) ?? 0));
    else dob = hit;
  }
  cols.dob.push(dob);
  cols.sex.push(standardiseSex(r.sex));
  const pKey = `p${r.postcode ?? ''}`;
  let pc = cache.get(pKey) as Int32Array | undefined;
  if (pc === undefined) {
    const sp = standardisePostcode(r.postcode);
    pc = Int32Array.of(
      sp && sp.full !== '' ? pool.id(sp.full) : -1,
      sp && sp.sector !== '' ? pool.id(sp.sector) : -1,
      sp ? pool.id(sp.district) : -1,
    );
    cache.set(pKey, pc);
  }
  cols.pcFull.push(pc[0]!);
  cols.pcSector.push(pc[1]!);
  cols.pcDistrict.push(pc[2]!);
  const phone = standardisePhone(r.phone);
  cols.phone.push(phone === undefined ? -1 : pool.id(phone));
  const aKey = `a${r.address ?? ''}`;
  let toks = cache.get(aKey) as Int32Array | undefined;
  if (toks === undefined) {
    toks = Int32Array.from(addressTokens(r.address), (x) => pool.id(x)).sort();
    cache.set(aKey, toks);
  }
  for (const tok of toks) t.addrTok.push(tok);
  cols.addrOff.push(t.addrTok.length);
  if (r.identifiers) {
    for (const scheme of Object.keys(r.identifiers).sort()) {
      const raw = r.identifiers[scheme];
      if (raw === undefined || raw.trim() === '') continue;
      const { value, valid } = normaliseIdentifier(scheme, raw);
      if (!valid) {
        t.invalidIdentifiers.set(scheme, (t.invalidIdentifiers.get(scheme) ?? 0) + 1);
        continue;
      }
      t.idScheme.push(pool.id(scheme));
      t.idValue.push(pool.id(value));
    }
  }
  cols.idOff.push(t.idScheme.length);
  return row;
}

/**
 * Prepares many records into one table.
 *
 * @example
 * const t = prepareRecords([{ id: 'a', givenName: 'Ann' }]);
 * t.ids.length; // 1
 */
export function prepareRecords(
  records: readonly LinkRecord[],
  options: { pool?: StringPool; shared?: boolean } = {},
): PreparedTable {
  const t = createTable(options.pool ?? new StringPool(), records.length, options.shared ?? false);
  const cache: NameCache = new Map();
  for (const r of records) appendRecord(t, r, cache);
  return t;
}

/** Number of rows in a table. */
export function rowCount(t: PreparedTable): number {
  return t.ids.length;
}
