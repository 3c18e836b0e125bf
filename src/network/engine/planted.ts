/**
 * A synthetic partnership with planted groups, for testing group detection until (and alongside) the
 * simulator. Entirely synthetic ids; deterministic for a seed. Also the recovery measure used by the
 * issue's acceptance test: a planted group counts as found when one reported group holds at least 2/3
 * of its adults; a reported group matches when it holds at least 2/3 of some planted group's adults.
 */
import { seededRandom } from './csr.ts';
import type { PartyRole, PoleData, PoleEvent, PoleLocation, PoleObject, PolePerson } from './types.ts';

export interface PlantedOptions {
  readonly seed?: number;
  readonly groups?: number;
  readonly children?: number;
  readonly bystanders?: number;
  readonly days?: number;
}

export interface PlantedGroup {
  readonly id: string;
  readonly adults: readonly string[];
  readonly children: readonly string[];
}

/**
 * Generates POLE data with planted exploitation groups and background noise.
 *
 * @example
 * const { data, groups } = plantedPartnership({ seed: 7, groups: 10 });
 */
export function plantedPartnership(options: PlantedOptions = {}): { data: PoleData; groups: PlantedGroup[] } {
  const rnd = seededRandom(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const nGroups = options.groups ?? 20;
  const nChildren = options.children ?? 600;
  const nBystanders = options.bystanders ?? 400;
  const days = options.days ?? 365;
  const start = Date.parse('2024-01-01T00:00:00Z');
  const when = (): string => new Date(start + Math.floor(rnd() * days * 86_400_000)).toISOString();

  const persons: PolePerson[] = [];
  const objects: PoleObject[] = [];
  const locations: PoleLocation[] = [];
  const events: PoleEvent[] = [];
  const children: string[] = [];
  for (let i = 0; i < nChildren; i++) {
    const id = `child-${i}`;
    persons.push({ id, kind: 'child', atRisk: rnd() < 0.3 });
    children.push(id);
  }
  const bystanders: string[] = [];
  for (let i = 0; i < nBystanders; i++) {
    const id = `other-${i}`;
    persons.push({ id, kind: rnd() < 0.15 ? 'adult_of_concern' : 'other', atRisk: false });
    bystanders.push(id);
  }
  const publicPlaces: string[] = [];
  for (let i = 0; i < 40; i++) {
    const id = `place-${i}`;
    locations.push({ id, kind: pick(['park', 'takeaway', 'other'] as const) });
    publicPlaces.push(id);
  }
  let eventNo = 0;
  const addEvent = (
    parties: { personId: string; role: PartyRole }[],
    locationId?: string,
    objs: PoleEvent['objects'] = [],
  ): void => {
    const base = { id: `ev-${eventNo++}`, at: when(), parties, objects: objs };
    events.push(locationId === undefined ? base : { ...base, locationId });
  };
  const groups: PlantedGroup[] = [];
  const atRisk = (): string => {
    for (;;) {
      const c = pick(children);
      if (persons[Number(c.slice(6))]!.atRisk) return c;
    }
  };
  for (let g = 0; g < nGroups; g++) {
    const adults: string[] = [];
    for (let a = 0, n = int(3, 7); a < n; a++) {
      const id = `g${g}-adult-${a}`;
      persons.push({ id, kind: 'adult_of_concern', atRisk: false });
      adults.push(id);
    }
    const victims = [...new Set(Array.from({ length: int(2, 6) }, atRisk))];
    const places: string[] = [];
    for (let p = 0, n = int(1, 3); p < n; p++) {
      const id = `g${g}-place-${p}`;
      locations.push({ id, kind: pick(['hotel', 'house', 'takeaway', 'taxi', 'online'] as const) });
      places.push(id);
    }
    const tools: string[] = [];
    for (let o = 0, n = int(1, 3); o < n; o++) {
      const id = `g${g}-obj-${o}`;
      objects.push({ id, kind: pick(['vehicle', 'phone', 'handle'] as const) });
      tools.push(id);
    }
    for (let e = 0, n = int(4, 12); e < n; e++) {
      const present = [...new Set([pick(adults), pick(adults)])];
      const parties = [
        ...present.map((personId) => ({ personId, role: 'suspect' as const })),
        { personId: pick(victims), role: 'victim' as const },
      ];
      const objs = rnd() < 0.6 ? [{ objectId: pick(tools), personId: pick(present) }] : [];
      addEvent(parties, rnd() < 0.8 ? pick(places) : undefined, objs);
    }
    groups.push({ id: `g${g}`, adults, children: victims });
  }
  // Background noise: children together in public places, one-off sightings with unrelated adults.
  for (let e = 0; e < nChildren * 2; e++) {
    const parties = [...new Set([pick(children), pick(children)])].map(
      (personId): { personId: string; role: PartyRole } => ({ personId, role: 'subject' }),
    );
    if (rnd() < 0.3) parties.push({ personId: pick(bystanders), role: 'associate' });
    addEvent(parties, rnd() < 0.5 ? pick(publicPlaces) : undefined);
  }
  return { data: { persons, objects, locations, events }, groups };
}

export interface RecoveryFigures {
  readonly plantedGroups: number;
  readonly plantedFound: number;
  readonly recall: number;
  readonly reportedGroups: number;
  readonly reportedMatching: number;
  readonly precision: number;
}

/**
 * Recovery of planted groups with 3 or more adults by reported groups (each a list of adult ids).
 *
 * @example
 * evaluateRecovery([{ id: 'g', adults: ['a', 'b', 'c'], children: [] }], [{ adults: ['a', 'b'] }]).recall; // 1
 */
export function evaluateRecovery(
  planted: readonly PlantedGroup[],
  reported: readonly { readonly adults: readonly string[] }[],
): RecoveryFigures {
  const holds = (r: { readonly adults: readonly string[] }, p: PlantedGroup): boolean => {
    const set = new Set(r.adults);
    return p.adults.filter((a) => set.has(a)).length * 3 >= 2 * p.adults.length;
  };
  const target = planted.filter((p) => p.adults.length >= 3);
  const found = target.filter((p) => reported.some((r) => holds(r, p))).length;
  const matching = reported.filter((r) => planted.some((p) => holds(r, p))).length;
  return {
    plantedGroups: target.length,
    plantedFound: found,
    recall: target.length === 0 ? 1 : found / target.length,
    reportedGroups: reported.length,
    reportedMatching: matching,
    precision: reported.length === 0 ? 1 : matching / reported.length,
  };
}
