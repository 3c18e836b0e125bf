// A small generator of noisy synthetic person records with known truth, for tests and the speed benchmark
// (the partnership simulator in src/simulate provides the realistic feeds). Entirely fictional.
import { defaultNicknames } from './nicknames.ts';
import { nhsWithCheckDigit, upnWithCheckLetter } from './identifiers.ts';
import { seededRandom } from './train.ts';
import type { LinkRecord } from './types.ts';

const FAMILY_HEADS = [
  'ash',
  'brad',
  'car',
  'dun',
  'eld',
  'fair',
  'gar',
  'hal',
  'ing',
  'kel',
  'lang',
  'mar',
  'nor',
  'old',
  'pem',
  'rad',
  'shel',
  'thorn',
  'wal',
  'whit',
  'brook',
  'crom',
  'dar',
  'fen',
  'grim',
  'hart',
  'kings',
  'lock',
  'mill',
  'north',
  'pres',
  'ros',
  'stan',
  'tal',
  'wick',
  'ald',
  'bel',
  'chad',
  'dal',
  'hol',
];
const FAMILY_TAILS = [
  'ford',
  'ley',
  'ton',
  'wood',
  'son',
  'field',
  'well',
  'by',
  'ham',
  'worth',
  'more',
  'dale',
  'croft',
  'stone',
  'man',
  'ridge',
  'hurst',
  'wick',
  'combe',
  'shaw',
  'den',
  'lowe',
  'gate',
  'land',
  'ridge',
  'mead',
  'burn',
  'cott',
  'holt',
  'bury',
];
const STREETS = [
  'mill',
  'church',
  'station',
  'park',
  'victoria',
  'albert',
  'high',
  'queens',
  'kings',
  'green',
  'manor',
  'orchard',
  'chapel',
  'school',
  'bridge',
];
const KINDS = ['road', 'street', 'lane', 'close', 'avenue', 'drive', 'crescent', 'way'];
const TOWNS = ['ashby', 'brockton', 'calder', 'denholm', 'elston', 'fernley'];
const SOURCES = ['police', 'social_care', 'education', 'health', 'youth_offending', 'voluntary'];
const ABBREV: Readonly<Record<string, string>> = {
  road: 'Rd',
  street: 'St',
  lane: 'Ln',
  avenue: 'Ave',
  drive: 'Dr',
  close: 'Cl',
};

export interface SyntheticRecord extends LinkRecord {
  /** The person this record is about (ground truth, never given to the engine). */
  readonly truth: string;
}

export interface SyntheticOptions {
  readonly people: number;
  /** Mean records per person (each person has at least one). */
  readonly recordsPerPerson?: number;
  readonly seed?: number;
  /** Scales every kind of noise (1 = default). */
  readonly noise?: number;
}

function cap(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/**
 * Generates people and noisy records of them (typos, nicknames, swapped names, date slips, moves, gaps).
 *
 * @example
 * const records = generateRecords({ people: 1000, seed: 7 });
 */
export function generateRecords(options: SyntheticOptions): SyntheticRecord[] {
  const rand = seededRandom(options.seed ?? 1);
  const noise = options.noise ?? 1;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // Zipf-ish pick: squares bias towards the front of the list.
  const zipf = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * rand() * xs.length)]!;
  const groups = defaultNicknames().groups;
  const formal = [...groups.entries()].filter(([k, v]) => v[0] === k).map(([k]) => k);
  const nicknamesOf = new Map<string, string[]>();
  for (const [nick, fs] of groups) {
    for (const f of fs) if (f !== nick) nicknamesOf.set(f, [...(nicknamesOf.get(f) ?? []), nick]);
  }
  const families: string[] = [];
  for (const h of FAMILY_HEADS) for (const t of FAMILY_TAILS) families.push(h + t);
  const typo = (s: string): string => {
    if (s.length < 3) return s;
    const i = 1 + Math.floor(rand() * (s.length - 2));
    const r = rand();
    if (r < 0.33) return s.slice(0, i) + s[i + 1]! + s[i]! + s.slice(i + 2);
    if (r < 0.66) return s.slice(0, i) + s.slice(i + 1);
    return s.slice(0, i) + pick('aeioulnrst'.split('')) + s.slice(i + 1);
  };
  const out: SyntheticRecord[] = [];
  const mean = options.recordsPerPerson ?? 2.5;
  for (let p = 0; p < options.people; p++) {
    const sex = rand() < 0.5 ? 'M' : 'F';
    const given = zipf(formal);
    const second = rand() < 0.3 ? pick(formal) : undefined;
    const family = rand() < 0.05 ? `${zipf(families)}-${zipf(families)}` : zipf(families);
    const y = 2005 + Math.floor(rand() * 18);
    const mo = 1 + Math.floor(rand() * 12);
    const d = 1 + Math.floor(rand() * 28);
    const area = pick(['LS', 'BD', 'HX', 'WF']);
    const district = `${area}${1 + Math.floor(rand() * 20)}`;
    const postcode = `${district} ${Math.floor(rand() * 10)}${pick('ABDEFGHJLNPQRSTUWXYZ'.split(''))}${pick('ABDEFGHJLNPQRSTUWXYZ'.split(''))}`;
    const street = `${1 + Math.floor(rand() * 150)} ${cap(pick(STREETS))} ${pick(KINDS)}`;
    const town = cap(pick(TOWNS));
    const nhs = nhsWithCheckDigit(
      String(400000000 + p * 7)
        .slice(0, 9)
        .padStart(9, '4'),
    );
    const upn = upnWithCheckLetter(`9${String(p).padStart(10, '0')}`);
    const phone = rand() < 0.4 ? `07${String(700000000 + Math.floor(rand() * 99999999))}` : undefined;
    const count = 1 + Math.floor(rand() * (2 * mean - 1));
    for (let k = 0; k < count; k++) {
      const source = pick(SOURCES);
      const r = (): number => rand() / noise;
      let g = given;
      let f = family;
      if (r() < 0.1) g = pick(nicknamesOf.get(given) ?? [given]);
      if (r() < 0.06) g = typo(g);
      if (r() < 0.06) f = typo(f);
      if (family.includes('-') && r() < 0.3) f = family.split('-')[rand() < 0.5 ? 0 : 1]!;
      let dd = d;
      let mm = mo;
      let yy = y;
      if (r() < 0.02 && d <= 12) [dd, mm] = [mo, d];
      else if (r() < 0.03) dd = Math.min(28, Math.max(1, d + (rand() < 0.5 ? 1 : -1)));
      else if (r() < 0.01) yy = y + (rand() < 0.5 ? 1 : -1);
      const dob =
        r() < 0.05 ? undefined : `${yy}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
      const moved = r() < 0.15;
      const movedPostcode = `${area}${1 + Math.floor(rand() * 20)} ${Math.floor(rand() * 10)}XY`;
      const movedStreet = `${1 + Math.floor(rand() * 150)} ${cap(pick(STREETS))} ${pick(KINDS)}`;
      const gName = second && rand() < 0.4 ? `${cap(g)} ${cap(second)}` : cap(g);
      const swap = r() < 0.02;
      const kind = street.split(' ').pop()!;
      const addr = rand() < 0.3 ? street.replace(kind, ABBREV[kind] ?? kind) : street;
      const identifiers: Record<string, string> = {};
      if (source === 'health' && r() > 0.2 && nhs) identifiers.nhs_number = r() < 0.02 ? typo(nhs) : nhs;
      if (source === 'education' && r() > 0.1) identifiers.upn = upn;
      out.push({
        id: `r${out.length}`,
        truth: `p${p}`,
        source,
        givenName: swap ? cap(f) : rand() < 0.2 ? gName.toUpperCase() : gName,
        familyName: swap ? gName : rand() < 0.2 ? f.toUpperCase() : cap(f),
        ...(dob ? { dateOfBirth: dob } : {}),
        ...(r() < 0.1 ? {} : { sex: r() < 0.01 ? (sex === 'M' ? 'F' : 'M') : sex }),
        ...(r() < 0.1
          ? {}
          : moved
            ? { address: `${movedStreet}, ${town}`, postcode: movedPostcode }
            : { address: `${addr}, ${town}`, postcode }),
        ...(phone && r() > 0.5 ? { phone } : {}),
        ...(Object.keys(identifiers).length > 0 ? { identifiers } : {}),
      });
    }
  }
  return out;
}
