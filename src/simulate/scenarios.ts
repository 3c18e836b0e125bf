// Exploitation scenarios: offender groups (2 to more than 8 adults), lone offenders and peer-on-peer
// cases, each with places, vehicles and phones; victims chosen with the documented vulnerabilities;
// exploitation start and, for some, the date an agency first recognised it.
import { ageOn } from './dates.ts';
import { makePhone, makeVrm } from './identifiers.ts';
import { NAME_POOLS, type Heritage } from './names.ts';
import { PARAMETERS as P } from './parameters.ts';
import { dobForAge, makeAddress, makePerson, pickRanked } from './population.ts';
import { cumulate, type Rng } from './prng.ts';
import type { Group, Household, Model, Person, Place, PlaceKind, Victim } from './types.ts';

const PLACE_NAMES: Readonly<Record<PlaceKind, readonly string[]>> = {
  takeaway: ['Golden Fryer', 'Pizza Corner', 'Kebab House', 'Chicken Spot', 'Late Bites', 'Grill Stop'],
  hotel: ['Station Lodge', 'Parkside Inn', 'Travel Rest', 'Riverside Hotel', 'Canal View Rooms'],
  house: ['private address', 'flat above shop', 'rented house', 'bedsit'],
  park: ['Memorial Park', 'Recreation Ground', 'Canal Towpath', 'Riverside Park'],
  taxi_firm: ['Star Cars', 'A1 Taxis', 'City Cabs', 'Quick Cars'],
  car_park: ['Retail Park car park', 'Multi-storey car park', 'Leisure centre car park'],
  shop: ['Mini Mart', 'Vape Shop', 'Off Licence', 'Phone Repairs'],
};
const MAKES = [
  'Vauxhall Corsa',
  'Ford Focus',
  'Toyota Prius',
  'VW Golf',
  'BMW 3 Series',
  'Audi A3',
  'Nissan Qashqai',
  'Skoda Octavia',
  'Mercedes C-Class',
  'Peugeot 208',
];
const COLOURS = ['Black', 'Silver', 'White', 'Grey', 'Blue', 'Red'];

export interface ScenarioOptions {
  readonly start: number;
  readonly end: number;
  readonly districts: number;
  readonly victimMultiplier: number;
}

export interface Scenarios {
  readonly groups: Group[];
  readonly victims: Victim[];
  readonly places: Place[];
  readonly vehicles: Map<string, string>;
}

function weightedKey(rng: Rng, weights: Readonly<Record<number, number>>): number {
  const keys = Object.keys(weights).map(Number);
  return keys[rng.weighted(cumulate(keys.map((k) => weights[k]!)))]!;
}

/**
 * Chooses victims and builds the groups that exploit them (adding offenders to `people`).
 *
 * @example
 * const s = buildScenarios(rng, people, households, { start, end, districts: 2, victimMultiplier: 1 });
 */
export function buildScenarios(
  rng: Rng,
  people: Person[],
  households: Household[],
  o: ScenarioOptions,
): Scenarios {
  const years = (o.end - o.start) / 365;
  const ages = new Int16Array(people.length);
  for (const p of people) ages[p.index] = ageOn(p.dob, o.start);
  const teens = people.filter((p) => p.kind === 'child' && ages[p.index]! >= 10 && ages[p.index]! <= 17);
  const target = Math.round(teens.length * P.victims.ratePer10to17Year.value * years * o.victimMultiplier);
  const taken = new Set<number>();
  const victims: Victim[] = [];
  const pickVictim = (): Person | undefined => {
    const lac = rng.chance(P.victims.lookedAfterShare.value);
    const missing = rng.chance(P.victims.previouslyMissingShare.value);
    const sex = rng.chance(P.victims.femaleShare.value) ? 'F' : 'M';
    const age = weightedKey(rng, P.victims.ageWeights);
    const tests: ((c: Person) => boolean)[] = [
      (c) => c.lookedAfter === lac,
      (c) => c.missingHistory === missing || lac,
      (c) => c.sex === sex,
      (c) => ages[c.index] === age,
    ];
    for (let relax = 0; relax <= tests.length; relax += 1) {
      const active = tests.slice(0, tests.length - relax);
      // Scan from a random offset: linear only when matches are rare, and stable for a seed.
      const from = rng.int(teens.length);
      for (let k = 0; k < teens.length; k += 1) {
        const c = teens[(from + k) % teens.length]!;
        if (!taken.has(c.index) && active.every((t) => t(c))) return c;
      }
    }
    return undefined;
  };
  const models: Model[] = [];
  for (let i = 0; i < target; i += 1) {
    const c = pickVictim();
    if (c === undefined) break;
    taken.add(c.index);
    const u = rng.next();
    models.push(
      u < P.groups.groupShare.value
        ? 'group'
        : u < P.groups.groupShare.value + P.groups.loneShare.value
          ? 'lone'
          : 'peer',
    );
    const early = rng.chance(P.victims.startBeforePeriodShare.value);
    const start = early ? o.start - rng.range(14, 180) : rng.range(o.start, Math.max(o.start, o.end - 30));
    victims.push({ person: c.index, group: -1, start, recognised: -1, recognisedBy: '' });
  }
  const places: Place[] = [];
  const vehicles = new Map<string, string>();
  const usedPhones = new Set<string>(people.map((p) => p.phone).filter((x) => x !== ''));
  const groups: Group[] = [];
  const phone = (): string => {
    for (let k = 0; ; k += 1) {
      const n = makePhone(rng, k < 20);
      if (!usedPhones.has(n)) {
        usedPhones.add(n);
        return n;
      }
    }
  };
  const peers = teens.filter((c) => !taken.has(c.index) && ages[c.index]! >= 14);
  for (const model of ['group', 'lone', 'peer'] as const) {
    const mine = victims.filter((_, i) => models[i] === model);
    const perGroup = model === 'group' ? P.groups.victimsPerGroupMean.value : model === 'lone' ? 1.5 : 2;
    const nGroups = Math.ceil(mine.length / perGroup);
    const first = groups.length;
    for (let g = 0; g < nGroups; g += 1) {
      groups.push(
        makeGroup(rng, people, peers, households, places, vehicles, phone, model, groups.length, o),
      );
    }
    for (const [k, v] of mine.entries()) {
      const gi = first + (k < nGroups ? k : rng.int(nGroups));
      (v as { group: number }).group = gi;
      people[v.person]!.victim = victims.indexOf(v);
    }
  }
  for (const v of victims) {
    if (rng.chance(P.victims.recognisedShare.value)) {
      const day = Math.max(v.start, o.start) + rng.range(21, 200);
      if (day < o.end) {
        v.recognised = day;
        v.recognisedBy = rng.pick(['social_care', 'police', 'police', 'education', 'health', 'voluntary']);
      }
    }
  }
  return { groups, victims, places, vehicles };
}

function makeGroup(
  rng: Rng,
  people: Person[],
  peers: readonly Person[],
  households: Household[],
  places: Place[],
  vehicles: Map<string, string>,
  phone: () => string,
  model: Model,
  index: number,
  o: ScenarioOptions,
): Group {
  const id = `G${String(index + 1).padStart(4, '0')}`;
  const district = rng.int(o.districts);
  const size =
    model === 'group' ? weightedKey(rng, P.groups.sizeWeights) : model === 'lone' ? 1 : rng.range(2, 4);
  const members: number[] = [];
  for (let m = 0; m < size; m += 1) {
    if (model === 'peer' && m > 0) {
      const peer = peers.length > 0 ? rng.pick(peers) : undefined;
      if (peer !== undefined && peer.offender < 0) {
        peer.offender = index;
        members.push(peer.index);
        continue;
      }
    }
    const heritage = adultHeritage(rng, people);
    const household: Household = {
      id: households.length,
      district,
      residences: [{ from: o.start - rng.range(100, 3000), address: makeAddress(rng, district) }],
    };
    households.push(household);
    const age = model === 'peer' ? rng.range(17, 19) : rng.range(19, 48);
    const sex = rng.chance(model === 'group' ? 0.95 : 0.9) ? 'M' : 'F';
    const pool = NAME_POOLS[heritage];
    const person = makePerson(rng, people, {
      kind: age >= 18 ? 'adult' : 'child',
      given: pickRanked(rng, sex === 'M' ? pool.male : pool.female),
      family: pickRanked(rng, pool.family),
      sex,
      dob: dobForAge(rng, age, o.start),
      heritage,
      ethnicity: people.find((p) => p.heritage === heritage)?.ethnicity ?? 'NOBT',
      household: household.id,
      phone: phone(),
    });
    person.offender = index;
    members.push(person.index);
  }
  const kinds: PlaceKind[] =
    model === 'group'
      ? ['takeaway', 'hotel', 'house', 'taxi_firm', 'park', 'car_park', 'shop']
      : model === 'lone'
        ? ['house', 'car_park', 'park']
        : ['park', 'house', 'shop'];
  const nPlaces = model === 'group' ? rng.range(1, 4) : rng.range(1, 2);
  const placeIdx: number[] = [];
  for (let k = 0; k < nPlaces; k += 1) {
    const kind = rng.pick(kinds);
    placeIdx.push(places.length);
    places.push({
      id: `L${String(places.length + 1).padStart(5, '0')}`,
      kind,
      name: rng.pick(PLACE_NAMES[kind]),
      address: makeAddress(rng, district),
    });
  }
  const nVehicles =
    model === 'group'
      ? 1 + rng.poisson(P.groups.vehiclesPerGroup.value - 1)
      : model === 'lone'
        ? rng.int(2)
        : 0;
  const vrms: string[] = [];
  for (let k = 0; k < nVehicles; k += 1) {
    let vrm = makeVrm(rng);
    while (vehicles.has(vrm)) vrm = makeVrm(rng);
    vehicles.set(vrm, `${rng.pick(COLOURS)} ${rng.pick(MAKES)}`);
    vrms.push(vrm);
  }
  const phones = members.map((m) => {
    const own = people[m]!.phone;
    const extra = rng.poisson(P.groups.phonesPerMember.value - 1);
    return [...(own === '' ? [] : [own]), ...Array.from({ length: extra }, () => phone())];
  });
  return {
    id,
    model,
    members,
    places: placeIdx,
    vehicles: vrms,
    phones,
    activeFrom: o.start - rng.range(0, 365),
  };
}

/**
 * Offender heritage is drawn from the area's adult population: the simulator makes no claim about
 * offender ethnicity, and ethnicity never feeds a rule, score or match (DESIGN.md §2 principle 7).
 */
function adultHeritage(rng: Rng, people: readonly Person[]): Heritage {
  for (;;) {
    const p = people[rng.int(people.length)]!;
    if (p.kind === 'adult' && p.offender < 0) return p.heritage;
  }
}
