// Comparisons with graded levels. Each pair of rows becomes a packed integer "pattern" holding one level per
// comparison (level 0 always means a side is missing, which adds no evidence either way).
import { jaroWinkler } from './jaro.ts';
import { defaultNicknames, isNicknamePair } from './nicknames.ts';
import type { PreparedTable } from './prepare.ts';

export interface ComparisonSpec {
  readonly name: string;
  readonly levels: readonly string[];
  /** Bit offset and width of this comparison's level inside a pattern. */
  readonly shift: number;
  readonly bits: number;
}

const DEFS: readonly (readonly [string, readonly string[], number])[] = [
  [
    'given_name',
    [
      'null',
      'exact',
      'swapped with family name',
      'nickname',
      'jaro-winkler >= 0.92',
      'phonetic',
      'jaro-winkler >= 0.80',
      'same initial',
      'else',
    ],
    4,
  ],
  [
    'family_name',
    [
      'null',
      'exact',
      'one part of a multi-part name',
      'jaro-winkler >= 0.92',
      'phonetic',
      'jaro-winkler >= 0.80',
      'else',
    ],
    3,
  ],
  [
    'date_of_birth',
    ['null', 'exact', 'day and month swapped', 'one digit different', 'same year and month', 'else'],
    3,
  ],
  ['sex', ['null', 'same', 'different'], 2],
  // Postcode and address are one comparison, not two: both say "same home", and scoring them apart
  // counted that evidence twice (household members then outscored the differences in their dates of birth).
  [
    'location',
    [
      'null',
      'same postcode and address',
      'same postcode, address partly shared or missing',
      'same address, postcode differs or missing',
      'same postcode, different address',
      'same postcode sector',
      'same postcode district',
      'else',
    ],
    3,
  ],
  ['phone', ['null', 'exact', 'else'], 2],
  ['identifier', ['null', 'same valid identifier', 'different valid identifier of the same scheme'], 2],
];

function buildSpecs(): ComparisonSpec[] {
  let shift = 0;
  return DEFS.map(([name, levels, bits]) => {
    const spec = { name, levels, shift, bits };
    shift += bits;
    return spec;
  });
}

/** Every comparison the engine makes, in pattern order. */
export const COMPARISONS: readonly ComparisonSpec[] = buildSpecs();
export const C_GIVEN = 0;
export const C_FAMILY = 1;
export const C_DOB = 2;
export const C_SEX = 3;
export const C_LOCATION = 4;
export const C_PHONE = 5;
export const C_IDENTIFIER = 6;

/**
 * The level of comparison `c` in a packed pattern.
 *
 * @example
 * levelOf(comparePair(t, 0, t, 1), C_DOB); // 1 when the dates of birth are equal
 */
export function levelOf(pattern: number, c: number): number {
  const s = COMPARISONS[c]!;
  return (pattern >>> s.shift) & ((1 << s.bits) - 1);
}

const GIVEN = { exact: 1, swapped: 2, nickname: 3, jw92: 4, phonetic: 5, jw80: 6, initial: 7, else: 8 };
const FAMILY = { exact: 1, part: 2, jw92: 3, phonetic: 4, jw80: 5, else: 6 };

function oneDigitOff(a: number, b: number): boolean {
  let diff = 0;
  let x = a;
  let y = b;
  for (let k = 0; k < 8; k++) {
    if (x % 10 !== y % 10) diff++;
    x = Math.floor(x / 10);
    y = Math.floor(y / 10);
  }
  return diff === 1;
}

/**
 * Date of birth level for two yyyymmdd integers (0 = missing).
 *
 * @example
 * compareDob(20100203, 20100302); // 2 (day and month swapped)
 */
export function compareDob(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  if (a === b) return 1;
  const ya = Math.floor(a / 10000);
  const yb = Math.floor(b / 10000);
  const ma = Math.floor(a / 100) % 100;
  const mb = Math.floor(b / 100) % 100;
  const da = a % 100;
  const db = b % 100;
  if (ya === yb && da === mb && ma === db) return 2;
  if (oneDigitOff(a, b)) return 3;
  if (ya === yb && ma === mb) return 4;
  return 5;
}

function crossMatch(strings: readonly string[], a: number, b: number): boolean {
  if (a === b) return true;
  const x = strings[a]!;
  const y = strings[b]!;
  return isNicknamePair(x, y, defaultNicknames()) || jaroWinkler(x, y) >= 0.92;
}

function similar(strings: readonly string[], a: number, b: number): number {
  return jaroWinkler(strings[a]!, strings[b]!);
}

/**
 * Compares row i of table l with row j of table r (both sharing one string pool) and returns the pattern.
 *
 * @example
 * const p = comparePair(t, 0, t, 1);
 */
export function comparePair(l: PreparedTable, i: number, r: PreparedTable, j: number): number {
  const L = l.cols;
  const R = r.cols;
  const strings = l.pool.strings;
  let pattern = 0;
  // Given and family names, with the swapped-names check first.
  const gl = L.givenMain.data[i]!;
  const gr = R.givenMain.data[j]!;
  const fl = L.familyFull.data[i]!;
  const fr = R.familyFull.data[j]!;
  let given = 0;
  let family = 0;
  if (gl >= 0 && gr >= 0) {
    if (gl === gr) given = GIVEN.exact;
  }
  if (given === 0 && gl >= 0 && gr >= 0 && fl >= 0 && fr >= 0 && fl !== fr) {
    if (crossMatch(strings, L.givenMain.data[i]!, fr) && crossMatch(strings, fl, R.givenMain.data[j]!)) {
      given = GIVEN.swapped;
      family = -1;
    }
  }
  if (given === 0 && gl >= 0 && gr >= 0) {
    const jw = similar(strings, gl, gr);
    if (isNicknamePair(strings[gl]!, strings[gr]!, defaultNicknames())) given = GIVEN.nickname;
    else if (jw >= 0.92) given = GIVEN.jw92;
    else if (L.givenPhon.data[i] === R.givenPhon.data[j]) given = GIVEN.phonetic;
    else if (jw >= 0.8) given = GIVEN.jw80;
    else if (L.givenInitial.data[i] === R.givenInitial.data[j]) given = GIVEN.initial;
    else given = GIVEN.else;
  }
  if (family === 0 && fl >= 0 && fr >= 0) {
    if (fl === fr) family = FAMILY.exact;
    else {
      const lf = L.familyFirst.data[i]!;
      const lm = L.familyMain.data[i]!;
      const rf = R.familyFirst.data[j]!;
      const rm = R.familyMain.data[j]!;
      const multi = lf !== lm || rf !== rm;
      if (
        multi &&
        (lf === rf || lf === rm || lm === rf || lm === rm || fl === rf || fl === rm || fr === lf || fr === lm)
      ) {
        family = FAMILY.part;
      } else {
        const jw = similar(strings, fl, fr);
        if (jw >= 0.92) family = FAMILY.jw92;
        else if (L.familyPhon.data[i] === R.familyPhon.data[j]) family = FAMILY.phonetic;
        else if (jw >= 0.8) family = FAMILY.jw80;
        else family = FAMILY.else;
      }
    }
  }
  pattern |= given << COMPARISONS[C_GIVEN]!.shift;
  pattern |= Math.max(0, family) << COMPARISONS[C_FAMILY]!.shift;
  pattern |= compareDob(L.dob.data[i]!, R.dob.data[j]!) << COMPARISONS[C_DOB]!.shift;
  const sl = L.sex.data[i]!;
  const sr = R.sex.data[j]!;
  pattern |= (sl === 0 || sr === 0 ? 0 : sl === sr ? 1 : 2) << COMPARISONS[C_SEX]!.shift;
  pattern |= compareLocation(l, i, r, j) << COMPARISONS[C_LOCATION]!.shift;
  const phl = L.phone.data[i]!;
  const phr = R.phone.data[j]!;
  pattern |= (phl < 0 || phr < 0 ? 0 : phl === phr ? 1 : 2) << COMPARISONS[C_PHONE]!.shift;
  pattern |= compareIdentifiers(l, i, r, j) << COMPARISONS[C_IDENTIFIER]!.shift;
  return pattern;
}

const ADDRESS = { none: 0, same: 1, most: 2, else: 3 };

/** Address tokens: 1 the same (or one side's tokens all within the other's), 2 most shared, 3 else, 0 missing. */
function compareAddress(l: PreparedTable, i: number, r: PreparedTable, j: number): number {
  const la = l.cols.addrOff.data[i]!;
  const lb = l.cols.addrOff.data[i + 1]!;
  const ra = r.cols.addrOff.data[j]!;
  const rb = r.cols.addrOff.data[j + 1]!;
  const nl = lb - la;
  const nr = rb - ra;
  if (nl === 0 || nr === 0) return ADDRESS.none;
  const A = l.addrTok.data;
  const B = r.addrTok.data;
  let x = la;
  let y = ra;
  let shared = 0;
  while (x < lb && y < rb) {
    const a = A[x]!;
    const b = B[y]!;
    if (a === b) {
      shared++;
      x++;
      y++;
    } else if (a < b) x++;
    else y++;
  }
  // One address containing the other (a town added or left off) is the same address, but only when the
  // shorter one has at least a number and a street (two tokens).
  if (shared === nl && shared === nr) return ADDRESS.same;
  if (shared === Math.min(nl, nr) && shared >= 2) return ADDRESS.same;
  if (shared / Math.min(nl, nr) >= 0.6) return ADDRESS.most;
  return ADDRESS.else;
}

/**
 * Location level from postcode (full, sector, district; an outward code alone counts as a district) and
 * address tokens together.
 *
 * @example
 * describePattern(comparePair(t, 0, t, 1)).location; // 'same postcode and address'
 */
export function compareLocation(l: PreparedTable, i: number, r: PreparedTable, j: number): number {
  const L = l.cols;
  const R = r.cols;
  const address = compareAddress(l, i, r, j);
  const pl = L.pcFull.data[i]!;
  const pr = R.pcFull.data[j]!;
  const samePostcode = pl >= 0 && pl === pr;
  if (samePostcode) {
    if (address === ADDRESS.same) return 1;
    if (address === ADDRESS.most || address === ADDRESS.none) return 2;
    return 4;
  }
  if (address === ADDRESS.same) return 3;
  const dl = L.pcDistrict.data[i]!;
  const dr = R.pcDistrict.data[j]!;
  if (dl < 0 || dr < 0) return address === ADDRESS.none ? 0 : 7;
  if (pl >= 0 && pr >= 0 && L.pcSector.data[i] === R.pcSector.data[j]) return 5;
  if (dl === dr) return 6;
  return 7;
}

function compareIdentifiers(l: PreparedTable, i: number, r: PreparedTable, j: number): number {
  const la = l.cols.idOff.data[i]!;
  const lb = l.cols.idOff.data[i + 1]!;
  const ra = r.cols.idOff.data[j]!;
  const rb = r.cols.idOff.data[j + 1]!;
  if (la === lb || ra === rb) return 0;
  let level = 0;
  for (let x = la; x < lb; x++) {
    for (let y = ra; y < rb; y++) {
      if (l.idScheme.data[x] !== r.idScheme.data[y]) continue;
      if (l.idValue.data[x] === r.idValue.data[y]) return 1;
      level = 2;
    }
  }
  return level;
}

/**
 * The levels of a pattern by comparison name (for tests and explanations).
 *
 * @example
 * describePattern(p).date_of_birth; // 'exact'
 */
export function describePattern(pattern: number): Record<string, string> {
  const out: Record<string, string> = {};
  COMPARISONS.forEach((c, k) => {
    out[c.name] = c.levels[levelOf(pattern, k)] ?? '?';
  });
  return out;
}
