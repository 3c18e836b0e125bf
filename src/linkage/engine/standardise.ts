// Standardisation: every field is brought to one canonical written form before it is compared, so that
// "Zoë O'Brien-Smith", "ZOE OBRIEN SMITH" and "zoe o brien-smith" look alike to the comparisons.

/**
 * Lower-case, accents removed, apostrophes dropped, other punctuation to spaces, spaces collapsed.
 *
 * @example
 * foldText("  Zoë  O'Brien-Smith "); // 'zoe obrien smith'
 */
export function foldText(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export interface StandardName {
  /** All tokens joined without spaces: the form compared for exact equality. */
  readonly full: string;
  /** The first token (given names) or the last token (family names): the name in everyday use. */
  readonly main: string;
  readonly tokens: readonly string[];
}

/**
 * Standardises a name; hyphenated and double-barrelled names keep their parts as tokens.
 *
 * @example
 * standardiseName('Smith-Jones').tokens; // ['smith', 'jones']
 */
export function standardiseName(
  raw: string | undefined,
  keep: 'first' | 'last' = 'first',
): StandardName | undefined {
  if (raw === undefined) return undefined;
  const folded = foldText(raw.replace(/[0-9]/g, ''));
  if (folded.length === 0) return undefined;
  const tokens = folded.split(' ');
  const main = keep === 'first' ? tokens[0]! : tokens[tokens.length - 1]!;
  return { full: tokens.join(''), main, tokens };
}

/**
 * Splits a full name into given and family parts: "Family, Given" or "Given Middle Family".
 *
 * @example
 * splitFullName('SMITH, Jane Ann'); // { given: 'Jane Ann', family: 'SMITH' }
 */
export function splitFullName(raw: string): { given?: string; family?: string } {
  const comma = raw.indexOf(',');
  if (comma >= 0) {
    const family = raw.slice(0, comma).trim();
    const given = raw.slice(comma + 1).trim();
    return { ...(given ? { given } : {}), ...(family ? { family } : {}) };
  }
  const parts = raw.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return {};
  if (parts.length === 1) return { family: parts[0]! };
  return { given: parts.slice(0, -1).join(' '), family: parts[parts.length - 1]! };
}

export type DateFormat = 'YYYY-MM-DD' | 'YYYYMMDD' | 'DD/MM/YYYY';

/** The date formats the CLI accepts. */
export const DATE_FORMATS: readonly DateFormat[] = ['YYYY-MM-DD', 'YYYYMMDD', 'DD/MM/YYYY'];

/**
 * Parses a date in the given format to the integer yyyymmdd, or undefined if it is not a real calendar date.
 *
 * @example
 * parseDate('29/02/2012', 'DD/MM/YYYY'); // 20120229
 */
export function parseDate(raw: string, format: DateFormat = 'YYYY-MM-DD'): number | undefined {
  const s = raw.trim();
  let m: RegExpExecArray | null;
  let y: number;
  let mo: number;
  let d: number;
  if (format === 'YYYY-MM-DD') {
    m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
    if (!m) return undefined;
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if (format === 'YYYYMMDD') {
    m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
    if (!m) return undefined;
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    if (!m) return undefined;
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (y < 1880 || y > 2200 || mo < 1 || mo > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > days) return undefined;
  return y * 10000 + mo * 100 + d;
}

/**
 * Sex as 1 (male), 2 (female) or 0 (unknown, not stated, or anything else).
 *
 * @example
 * standardiseSex('F'); // 2
 */
export function standardiseSex(raw: string | undefined): number {
  const s = (raw ?? '').trim().toLowerCase();
  if (s === 'm' || s === 'male' || s === '1' || s === 'boy') return 1;
  if (s === 'f' || s === 'female' || s === '2' || s === 'girl') return 2;
  return 0;
}

export interface StandardPostcode {
  /** Empty when only the outward code (district) was recorded, as sexual-health clinics often do. */
  readonly full: string;
  /** Outward code and the first character of the inward code, e.g. `SW1A 1`. */
  readonly sector: string;
  /** Outward code, e.g. `SW1A`. */
  readonly district: string;
}

const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])([A-Z]{2})$/;
const OUTWARD = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;

/**
 * A UK postcode's full form, sector and district, or undefined when it is not shaped like a postcode. An
 * outward code alone (`SW1A`) gives only the district.
 *
 * @example
 * standardisePostcode('sw1a1aa'); // { full: 'SW1A 1AA', sector: 'SW1A 1', district: 'SW1A' }
 */
export function standardisePostcode(raw: string | undefined): StandardPostcode | undefined {
  if (raw === undefined) return undefined;
  const s = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const m = POSTCODE.exec(s);
  if (!m) return OUTWARD.test(s) ? { full: '', sector: '', district: s } : undefined;
  return { full: `${m[1]} ${m[2]}${m[3]}`, sector: `${m[1]} ${m[2]}`, district: m[1]! };
}

const ABBREVIATIONS: Readonly<Record<string, string>> = {
  rd: 'road',
  st: 'street',
  ave: 'avenue',
  av: 'avenue',
  ln: 'lane',
  dr: 'drive',
  cl: 'close',
  ct: 'court',
  cres: 'crescent',
  gdns: 'gardens',
  pl: 'place',
  sq: 'square',
  tce: 'terrace',
  flt: 'flat',
  apt: 'flat',
  apartment: 'flat',
};
const POSTCODE_TOKEN = /^[a-z]{1,2}[0-9][a-z0-9]?$|^[0-9][a-z]{2}$/;

/**
 * Address tokens: folded, common abbreviations expanded, postcode fragments dropped, deduplicated, sorted.
 *
 * @example
 * addressTokens('12 Mill Rd, Leeds LS1 4AB'); // ['12', 'leeds', 'mill', 'road']
 */
export function addressTokens(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const out = new Set<string>();
  for (const t of foldText(raw).split(' ')) {
    if (t.length === 0 || (POSTCODE_TOKEN.test(t) && /[a-z]/.test(t) && /[0-9]/.test(t))) continue;
    out.add(ABBREVIATIONS[t] ?? t);
  }
  return [...out].sort();
}

/**
 * A phone number as its last ten national digits (+44 and 0044 become 0), or undefined if too short.
 *
 * @example
 * standardisePhone('+44 7700 900123'); // '7700900123'
 */
export function standardisePhone(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let d = raw.replace(/\D/g, '');
  if (d.startsWith('0044')) d = d.slice(4);
  else if (d.startsWith('44') && d.length === 12) d = d.slice(2);
  if (d.length < 9) return undefined;
  return d.slice(-10);
}
