// The partnership's population: fictional districts and postcodes, households with address histories,
// children and adults with names, dates of birth, ethnicity, SEN, care status, schools and placements.
import { ageOn, dayFromYmd, ymdOf } from './dates.ts';
import { makeNhsNumber, makePhone, makeUpn } from './identifiers.ts';
import { NAME_POOLS, OLDER_BRITISH, STREETS, type Heritage, type NamePool } from './names.ts';
import { PARAMETERS as P } from './parameters.ts';
import { cumulate, zipf, type Rng } from './prng.ts';
import type { Address, Household, Person, Placement, School, Sex } from './types.ts';

/** Fictional districts (invented names; postcode areas start with Q, which Royal Mail never issues). */
export const DISTRICTS = [
  { name: 'Calverdine', area: 'QC', inArea: true },
  { name: 'Brackmoor', area: 'QB', inArea: true },
  { name: 'Esselwick', area: 'QE', inArea: true },
  { name: 'Harrowmere', area: 'QH', inArea: true },
  { name: 'Lunsford Vale', area: 'QL', inArea: true },
  { name: 'Dunmarrow', area: 'QD', inArea: true },
  { name: 'Farrowgate', area: 'QF', inArea: false },
] as const;

/** The district out-of-area placements are in (a neighbouring, equally fictional authority). */
export const OUT_OF_AREA = DISTRICTS.length - 1;

const HERITAGES = Object.keys(NAME_POOLS) as Heritage[];
const ETHNICITY: Readonly<Record<Heritage, string>> = {
  white_british: 'WBRI',
  irish: 'WIRI',
  east_european: 'WOTH',
  pakistani: 'APKN',
  indian: 'AIND',
  bangladeshi: 'ABAN',
  black_african: 'BAFR',
  black_caribbean: 'BCRB',
  chinese: 'CHNE',
};
const MIXED: Readonly<Partial<Record<Heritage, string>>> = {
  black_caribbean: 'MWBC',
  black_african: 'MWBA',
  pakistani: 'MWAS',
  indian: 'MWAS',
  bangladeshi: 'MWAS',
};
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

const heritageKeys = [...HERITAGES, 'mixed' as const];
const heritageCum = cumulate(heritageKeys.map((k) => P.heritage[k].value));
const cumCache = new Map<readonly string[], number[]>();

/** Picks a name from a ranked pool (Zipf weights). */
export function pickRanked(rng: Rng, names: readonly string[]): string {
  let cum = cumCache.get(names);
  if (cum === undefined) {
    cum = cumulate(zipf(names.length, 0.9));
    cumCache.set(names, cum);
  }
  return names[rng.weighted(cum)]!;
}

/**
 * A fictional address in a district.
 *
 * @example
 * makeAddress(rng, 0).postcode; // e.g. 'QC3 7AB'
 */
export function makeAddress(rng: Rng, district: number): Address {
  const d = DISTRICTS[district]!;
  const postcode = `${d.area}${rng.range(1, 9)} ${rng.int(10)}${rng.pick(INWARD_LETTERS.split(''))}${rng.pick(INWARD_LETTERS.split(''))}`;
  const flat = rng.chance(0.12) ? `Flat ${rng.range(1, 24)}, ` : '';
  return { line1: `${flat}${rng.range(1, 180)} ${rng.pick(STREETS)}`, town: d.name, postcode, district };
}

function givenName(rng: Rng, heritage: Heritage, sex: Sex, adult: boolean): string {
  const pool: NamePool =
    adult && heritage === 'white_british' && rng.chance(0.6) ? OLDER_BRITISH : NAME_POOLS[heritage];
  return pickRanked(rng, sex === 'F' ? pool.female : pool.male);
}

export interface PopulationOptions {
  readonly children: number;
  readonly districts: number;
  readonly start: number;
  readonly end: number;
}

export interface Population {
  readonly households: Household[];
  readonly people: Person[];
  readonly schools: School[];
  readonly placements: Placement[];
}

/** Builds a person record with the fields every person shares. */
export function makePerson(
  rng: Rng,
  people: Person[],
  init: Pick<Person, 'kind' | 'given' | 'family' | 'sex' | 'dob' | 'heritage' | 'ethnicity' | 'household'> & {
    readonly phone?: string;
    readonly sen?: Person['sen'];
  },
): Person {
  const index = people.length;
  const person: Person = {
    kind: init.kind,
    given: init.given,
    family: init.family,
    sex: init.sex,
    dob: init.dob,
    heritage: init.heritage,
    ethnicity: init.ethnicity,
    household: init.household,
    index,
    pid: `P${String(index + 1).padStart(7, '0')}`,
    nhs: makeNhsNumber(rng),
    upn: '',
    school: -1,
    laChildId: '',
    sen: init.sen ?? 'N',
    lookedAfter: false,
    placement: -1,
    lookedAfterFrom: -1,
    cin: false,
    cp: false,
    phone: init.phone ?? '',
    policeId: '',
    missingHistory: false,
    victim: -1,
    offender: -1,
  };
  people.push(person);
  return person;
}

/** Random date of birth for someone aged `age` on `day`. */
export function dobForAge(rng: Rng, age: number, day: number): number {
  return day - age * 365 - Math.floor(age / 4) - rng.int(365);
}

/**
 * Builds households, people, schools and placements for the given number of children.
 *
 * @example
 * const pop = buildPopulation(new Rng(1), { children: 100, districts: 2, start, end });
 */
export function buildPopulation(rng: Rng, o: PopulationOptions): Population {
  const households: Household[] = [];
  const people: Person[] = [];
  const years = (o.end - o.start) / 365;
  let children = 0;
  const phones = new Set<string>();
  const phone = (r: Rng): string => {
    for (;;) {
      const n = makePhone(r, false);
      if (!phones.has(n)) {
        phones.add(n);
        return n;
      }
    }
  };
  while (children < o.children) {
    const district = rng.int(o.districts);
    const hk = heritageKeys[rng.weighted(heritageCum)]!;
    const mixed = hk === 'mixed';
    const heritage: Heritage = mixed
      ? rng.pick(['black_caribbean', 'black_african', 'pakistani', 'indian', 'chinese'] as const)
      : hk;
    const residences = [{ from: o.start - rng.range(200, 3650), address: makeAddress(rng, district) }];
    if (rng.chance(P.population.householdMovesPerYear.value * years)) {
      residences.push({ from: rng.range(o.start + 1, o.end - 1), address: makeAddress(rng, district) });
    }
    const household: Household = { id: households.length, district, residences };
    households.push(household);
    const familyHeritage: Heritage = mixed && rng.chance(0.5) ? 'white_british' : heritage;
    const family = pickRanked(rng, NAME_POOLS[familyHeritage].family);
    const nKids = Math.min(
      o.children - children,
      1 + Math.min(4, rng.poisson(P.population.childrenPerHousehold.value - 1)),
    );
    const oldest = rng.int(18);
    const lone = rng.chance(P.population.loneParentShare.value);
    const adults = lone ? 1 : 2;
    for (let a = 0; a < adults; a += 1) {
      const sex: Sex = a === 0 ? (lone && rng.chance(0.1) ? 'M' : 'F') : 'M';
      const adultHeritage = mixed ? (a === 0 ? 'white_british' : heritage) : heritage;
      const ownFamily =
        a === 0 && lone && rng.chance(0.35) ? pickRanked(rng, NAME_POOLS[adultHeritage].family) : family;
      makePerson(rng, people, {
        kind: 'adult',
        given: givenName(rng, adultHeritage, sex, true),
        family: ownFamily,
        sex,
        dob: dobForAge(rng, oldest + rng.range(19, 38), o.start),
        heritage: adultHeritage,
        ethnicity: ETHNICITY[adultHeritage],
        household: household.id,
        phone: rng.chance(P.population.adultMobile.value) ? phone(rng) : '',
      });
    }
    let age = oldest;
    for (let k = 0; k < nKids; k += 1) {
      const sex: Sex = rng.chance(0.49) ? 'F' : 'M';
      const given = givenName(rng, mixed && rng.chance(0.5) ? 'white_british' : heritage, sex, false);
      const hyphen = rng.chance(0.03) ? `-${pickRanked(rng, NAME_POOLS[rng.pick(HERITAGES)].family)}` : '';
      const senDraw = rng.next();
      const child = makePerson(rng, people, {
        kind: 'child',
        given,
        family: `${family}${hyphen}`,
        sex,
        dob: dobForAge(rng, age, o.start),
        heritage,
        ethnicity: mixed ? (MIXED[heritage] ?? 'MOTH') : ETHNICITY[heritage],
        household: household.id,
        sen:
          senDraw < P.population.ehcPlan.value
            ? 'E'
            : senDraw < P.population.ehcPlan.value + P.population.senSupport.value
              ? 'K'
              : 'N',
        phone: age >= 11 && rng.chance(P.population.mobileAge11to17.value) ? phone(rng) : '',
      });
      if (age >= 10 && rng.chance(0.03)) child.missingHistory = true;
      children += 1;
      age -= rng.range(1, 4);
      if (age < 0) age = rng.int(3);
    }
  }
  const schools = assignSchools(rng, people, households, o);
  const placements = assignCare(rng, people, o);
  return { households, people, schools, placements };
}

/** School year group from age on 31 August before the school year (Reception = 0). */
function yearGroup(dob: number, start: number): number {
  const [y, m] = ymdOf(start);
  const aug31 = dayFromYmd(m >= 9 ? y : y - 1, 8, 31);
  return ageOn(dob, aug31) - 4;
}

function assignSchools(
  rng: Rng,
  people: Person[],
  households: readonly Household[],
  o: PopulationOptions,
): School[] {
  const schools: School[] = [];
  for (let d = 0; d < o.districts; d += 1) {
    const inDistrict = people.filter((p) => p.kind === 'child' && households[p.household]!.district === d);
    const primary: Person[] = [];
    const secondary: Person[] = [];
    for (const c of inDistrict) {
      const yg = yearGroup(c.dob, o.start);
      if (yg >= 0 && yg <= 6) primary.push(c);
      else if (yg >= 7 && yg <= 11) secondary.push(c);
      else if (yg >= 12 && yg <= 13 && rng.chance(P.population.sixthFormStay.value)) secondary.push(c);
    }
    for (const [phase, pupils, size] of [
      ['primary', primary, 300],
      ['secondary', secondary, 1000],
    ] as const) {
      const n = Math.max(1, Math.round(pupils.length / size));
      const first = schools.length;
      for (let s = 0; s < n; s += 1) {
        const index = schools.length;
        const dn = DISTRICTS[d]!.name;
        const name =
          phase === 'primary'
            ? `${rng.pick(STREETS).split(' ')[0]!} ${rng.pick(['Primary School', 'Primary Academy', 'Community Primary', 'CE Primary'])}, ${dn}`
            : `${dn} ${rng.pick(['Academy', 'High School', 'School', 'College'])}${n > 1 ? ` ${s + 1}` : ''}`;
        schools.push({
          index,
          urn: String(900001 + index),
          name,
          phase,
          district: d,
          postcode: makeAddress(rng, d).postcode,
          establishment: (phase === 'primary' ? 2000 : 4000) + index,
        });
      }
      const used = new Set<string>();
      for (const c of pupils) {
        const school = schools[first + rng.int(n)]!;
        c.school = school.index;
        const entryYear = ymdOf(c.dob)[0] + 5;
        let upn: string;
        do upn = makeUpn(rng, String(990 + d), school.establishment, entryYear);
        while (used.has(upn));
        used.add(upn);
        c.upn = upn;
      }
    }
  }
  return schools;
}

const FOSTER = ['U4', 'U6', 'U6', 'U4', 'U3', 'U1'];

/**
 * Places a child in care from a day: foster or residential, in or out of area.
 *
 * @example
 * placeInCare(rng, child, placements, day);
 */
export function placeInCare(
  rng: Rng,
  child: Person,
  placements: Placement[],
  day: number,
  inAreaDistricts: number,
): void {
  const out = rng.chance(P.population.outOfAreaPlacement.value);
  const residential = rng.chance(
    P.population.residentialShareOfPlacements.value * (ageOn(child.dob, day) >= 12 ? 1.6 : 0.4),
  );
  const placement: Placement = {
    index: placements.length,
    kind: residential ? 'K2' : rng.pick(FOSTER),
    address: makeAddress(rng, out ? OUT_OF_AREA : rng.int(inAreaDistricts)),
    outOfArea: out,
    start: day,
  };
  placements.push(placement);
  child.lookedAfter = true;
  child.placement = placement.index;
  child.lookedAfterFrom = day;
  child.cin = true;
}

function assignCare(rng: Rng, people: Person[], o: PopulationOptions): Placement[] {
  const placements: Placement[] = [];
  for (const c of people) {
    if (c.kind !== 'child') continue;
    const age = ageOn(c.dob, o.start);
    const teen = age >= 10 ? P.population.lookedAfterTeenWeight.value : 0.5;
    if (rng.chance(P.population.lookedAfter.value * teen)) {
      placeInCare(rng, c, placements, o.start - rng.range(30, 1500), o.districts);
      if (age >= 10 && rng.chance(0.25)) c.missingHistory = true;
    } else if (rng.chance(P.population.childProtection.value)) {
      c.cp = true;
      c.cin = true;
    } else if (rng.chance(P.population.childInNeed.value - P.population.childProtection.value)) c.cin = true;
  }
  return placements;
}
