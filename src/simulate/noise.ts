// Identity noise as agencies really produce it, drawn independently for each agency record: typing and
// phonetic misspellings, nicknames, swapped names, changed or hyphenated surnames, date-of-birth errors,
// missing values, old addresses and postcode errors. Each applied kind is reported for the truth file.
import { readFileSync } from 'node:fs';
import { isoOf, ymdOf, dayFromYmd } from './dates.ts';
import type { NoiseRates } from './parameters.ts';
import type { Rng } from './prng.ts';
import type { Address, Household, Person } from './types.ts';

let nicknameMap: Map<string, string[]> | undefined;

function loadCsvPairs(file: string, into: Map<string, string[]>): void {
  const text = readFileSync(new URL(`../../codelists/nicknames/${file}`, import.meta.url), 'utf8');
  for (const line of text.split('\n').slice(1)) {
    const [a, rel, b] = line.trim().split(',');
    if (a === undefined || b === undefined || rel !== 'has_nickname') continue;
    const list = into.get(a) ?? [];
    if (!list.includes(b)) list.push(b);
    into.set(a, list);
  }
}

/**
 * Given name to its diminutives (lower case), from codelists/nicknames (Apache-2.0) plus UK additions.
 *
 * @example
 * nicknames().get('elizabeth'); // ['beth', 'betsy', ..., 'lizzie']
 */
export function nicknames(): ReadonlyMap<string, readonly string[]> {
  if (nicknameMap === undefined) {
    const map = new Map<string, string[]>();
    loadCsvPairs('names.csv', map);
    loadCsvPairs('uk-additions.csv', map);
    for (const list of map.values()) list.sort();
    nicknameMap = map;
  }
  return nicknameMap;
}

function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

const KEYBOARD: Readonly<Record<string, string>> = {
  a: 'sq',
  b: 'vn',
  c: 'xv',
  d: 'sf',
  e: 'wr',
  f: 'dg',
  g: 'fh',
  h: 'gj',
  i: 'uo',
  j: 'hk',
  k: 'jl',
  l: 'k',
  m: 'n',
  n: 'bm',
  o: 'ip',
  p: 'o',
  q: 'w',
  r: 'et',
  s: 'ad',
  t: 'ry',
  u: 'yi',
  v: 'cb',
  w: 'qe',
  x: 'zc',
  y: 'tu',
  z: 'x',
};

/**
 * One typing error: substitute a neighbouring key, drop, double or transpose a letter.
 *
 * @example
 * typo(rng, 'Hannah'); // e.g. 'Hanah'
 */
export function typo(rng: Rng, s: string): string {
  if (s.length < 3) return s;
  const i = 1 + rng.int(s.length - 1);
  const ch = s[i]!;
  switch (rng.int(4)) {
    case 0: {
      const near = KEYBOARD[ch.toLowerCase()];
      return near === undefined ? s : s.slice(0, i) + rng.pick(near.split('')) + s.slice(i + 1);
    }
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    case 2:
      return s.slice(0, i) + ch + s.slice(i);
    default:
      return i < s.length - 1 ? s.slice(0, i) + s[i + 1]! + ch + s.slice(i + 2) : s;
  }
}

const PHONETIC: readonly [RegExp, string][] = [
  [/ph/i, 'f'],
  [/ck/i, 'k'],
  [/leigh$/i, 'ley'],
  [/ie$/i, 'y'],
  [/y$/i, 'ie'],
  [/ou/i, 'o'],
  [/th/i, 't'],
  [/ai/i, 'ay'],
  [/^C/, 'K'],
  [/^K/, 'C'],
  [/z/i, 's'],
  [/ee/i, 'ea'],
  [/ll/i, 'l'],
  [/nn/i, 'n'],
  [/mm/i, 'm'],
  [/ammed/i, 'amed'],
  [/ham/i, 'hum'],
  [/w/i, 'v'],
  [/ss/i, 's'],
  [/tt/i, 't'],
  [/er$/i, 'a'],
  [/ar$/i, 'er'],
  [/ey$/i, 'y'],
  [/ine$/i, 'een'],
  [/i/i, 'y'],
];

/**
 * A phonetic misspelling (what someone writes down from hearing the name).
 *
 * @example
 * phonetic(rng, 'Kayleigh'); // 'Kayley'
 */
export function phonetic(rng: Rng, s: string): string {
  const start = rng.int(PHONETIC.length);
  for (let k = 0; k < PHONETIC.length; k += 1) {
    const [re, to] = PHONETIC[(start + k) % PHONETIC.length]!;
    if (re.test(s)) {
      const out = s.replace(re, (m) => (m[0] === m[0]!.toUpperCase() ? capitalise(to) : to));
      if (out !== s) return capitalise(out);
    }
  }
  return typo(rng, s);
}

/** A recorded date of birth with a day/month swap or another realistic error. */
function dobError(rng: Rng, dob: number, swap: boolean): string {
  const [y, m, d] = ymdOf(dob);
  if (swap && d <= 12 && d !== m) return isoOf(dayFromYmd(y, d, m));
  switch (rng.int(4)) {
    case 0:
      return isoOf(dob + (rng.chance(0.5) ? 1 : -1));
    case 1:
      return isoOf(dayFromYmd(y + (rng.chance(0.5) ? 1 : -1), m, d));
    case 2:
      return isoOf(dayFromYmd(y, m, d === 1 ? 2 : 1));
    default:
      return isoOf(dayFromYmd(y, m === 12 ? 11 : m + 1, d));
  }
}

/** A postcode with one character changed, as mistyped. */
function postcodeError(rng: Rng, pc: string): string {
  const parts = pc.split(' ');
  const inward = parts[1] ?? '';
  if (inward.length !== 3) return pc;
  if (rng.chance(0.4)) return `${parts[0]!}${inward}`;
  const digit = (Number(inward[0]) + (rng.chance(0.5) ? 1 : 9)) % 10;
  return rng.chance(0.5)
    ? `${parts[0]!} ${digit}${inward.slice(1)}`
    : `${parts[0]!} ${inward[0]!}${inward[2]!}${inward[1]!}`;
}

export interface RecordedIdentity {
  given: string;
  family: string;
  dob: string;
  sex: string;
  address: Address;
  postcode: string;
  phone: string;
  nhs: string;
  upn: string;
  policeId: string;
  noise: string[];
}

/** The household address on a day, or the one before it (for `oldAddress`). */
export function addressOn(h: Household, day: number, previous = false): Address {
  let i = 0;
  while (i + 1 < h.residences.length && h.residences[i + 1]!.from <= day) i += 1;
  return h.residences[previous ? Math.max(0, i - 1) : i]!.address;
}

/**
 * The identity an agency records for a person on a day, with noise drawn at the agency's rates.
 *
 * @example
 * recordIdentity(rng, person, household, placementAddress, day, NOISE.police);
 */
export function recordIdentity(
  rng: Rng,
  person: Person,
  household: Household,
  livesAt: Address,
  day: number,
  rates: NoiseRates,
): RecordedIdentity {
  const noise: string[] = [];
  let given = person.given;
  let family = person.family;
  if (rng.chance(rates.nickname)) {
    const options = nicknames().get(given.toLowerCase());
    if (options !== undefined && options.length > 0) {
      given = capitalise(rng.pick(options));
      noise.push('nickname');
    }
  }
  if (rng.chance(rates.surnameChange)) {
    if (family.includes('-')) family = rng.chance(0.5) ? family.split('-')[0]! : family.split('-')[1]!;
    else family = `${family}-${rng.pick(['Smith', 'Khan', 'Jones', 'Brown', 'Begum', 'Taylor', 'Walsh'])}`;
    noise.push('surname_change');
  }
  if (rng.chance(rates.typo)) {
    if (rng.chance(0.5)) given = typo(rng, given);
    else family = typo(rng, family);
    noise.push('typo');
  }
  if (rng.chance(rates.phonetic)) {
    if (rng.chance(0.5)) given = phonetic(rng, given);
    else family = phonetic(rng, family);
    noise.push('phonetic');
  }
  if (rng.chance(rates.swapNames)) {
    [given, family] = [family, given];
    noise.push('swapped_names');
  }
  if (rng.chance(rates.surnameMissing)) {
    family = '';
    noise.push('surname_missing');
  }
  let dob = isoOf(person.dob);
  if (rng.chance(rates.dobMissing)) {
    dob = '';
    noise.push('dob_missing');
  } else if (rng.chance(rates.dobSwap)) {
    dob = dobError(rng, person.dob, true);
    noise.push('dob_error');
  } else if (rng.chance(rates.dobOther)) {
    dob = dobError(rng, person.dob, false);
    noise.push('dob_error');
  }
  let address = livesAt;
  if (rng.chance(rates.oldAddress)) {
    const old = addressOn(household, day, true);
    if (old !== livesAt) {
      address = old;
      noise.push('old_address');
    }
  }
  let postcode = address.postcode;
  if (rng.chance(rates.postcodeError)) {
    postcode = postcodeError(rng, postcode);
    noise.push('postcode_error');
  } else if (rng.chance(rates.postcodeDistrictOnly)) {
    postcode = postcode.split(' ')[0]!;
    noise.push('postcode_partial');
  }
  return {
    given,
    family,
    dob,
    sex: person.sex,
    address,
    postcode,
    phone: person.phone !== '' && rng.chance(rates.phonePresent) ? person.phone : '',
    nhs: rng.chance(rates.nhsPresent) ? person.nhs : '',
    upn: person.upn !== '' && rng.chance(rates.upnPresent) ? person.upn : '',
    policeId: person.policeId !== '' && rng.chance(rates.policeIdPresent) ? person.policeId : '',
    noise,
  };
}
