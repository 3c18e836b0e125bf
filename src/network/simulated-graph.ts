/**
 * The simulator adapter for the network engine: reads a `sightline simulate` folder's police records
 * (missing reports, incidents, stops, crimes, intelligence and their parties) into POLE data, and
 * measures possible-group detection against the planted groups in `truth/`.
 *
 * What comes from where (so the evaluation stays honest):
 * - Identity: each police party is resolved to a person through `truth/records.csv`, i.e. perfect
 *   record linkage (linkage is measured on its own). Child or adult comes from the person's date of
 *   birth (`truth/persons.csv` kind), as the product's person record would hold it.
 * - Adult of concern and child at risk are derived from the records only, never from the truth's
 *   group or victim columns: an adult named as suspect, associate, driver, "found with" or subject
 *   of intelligence is an adult of concern; a child named as at risk in intelligence, as the victim
 *   of a crime flagged CSE, or recorded together with an adult of concern is a child at risk.
 * - Places: a record's place is kept only when it has a full postcode (a named premises); streets
 *   recorded with an outward code alone say nothing about a shared place and are left out.
 * - Objects: vehicles (VRM) seen at stops and in intelligence; phones in intelligence (tied to the
 *   subject) and phones recorded for each party (tied to that party).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { buildPoleGraph, type BuildOptions } from './engine/build-graph.ts';
import { detectGroups, type GroupOptions, type PossibleGroup } from './engine/groups.ts';
import { evaluateRecovery, type PlantedGroup, type RecoveryFigures } from './engine/planted.ts';
import type {
  LocationKind,
  PartyRole,
  PoleData,
  PoleEvent,
  PoleLocation,
  PoleObject,
  PolePerson,
} from './engine/types.ts';

type Row = Readonly<Record<string, string>>;

function readCsv(path: string): Row[] {
  if (!existsSync(path)) return [];
  return parse<Row>(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true });
}

const ROLE: Readonly<Record<string, PartyRole>> = {
  missing_person: 'subject',
  reporter: 'reporter',
  found_with: 'associate',
  subject: 'subject',
  victim: 'victim',
  witness: 'witness',
  suspect: 'suspect',
  associate: 'associate',
  driver: 'associate',
  child_at_risk: 'victim',
};
const CONCERN_ROLES = new Set(['suspect', 'associate', 'driver', 'found_with']);

const PLACE_KIND: Readonly<Record<string, LocationKind>> = {
  takeaway: 'takeaway',
  hotel: 'hotel',
  house: 'house',
  private_address: 'house',
  friend_address: 'house',
  park: 'park',
  taxi_firm: 'taxi',
};

/** The records of one police file that the adapter reads, with their id and time columns. */
const RECORD_FILES = [
  { type: 'missing_report', file: 'missing_reports', id: 'report_id', at: 'reported_at' },
  { type: 'incident', file: 'incidents', id: 'incident_id', at: 'occurred_at' },
  { type: 'stop', file: 'stops', id: 'stop_id', at: 'occurred_at' },
  { type: 'crime', file: 'crimes', id: 'crime_id', at: 'recorded_at' },
  { type: 'intelligence', file: 'intelligence', id: 'intel_id', at: 'recorded_at' },
] as const;

export interface SimulatedPole {
  readonly data: PoleData;
  /** Planted groups (model "group") with their adult members and victims, from `truth/`. */
  readonly planted: readonly PlantedGroup[];
}

/**
 * Reads a simulator output folder into POLE data plus the planted groups to evaluate against.
 *
 * @example
 * const { data, planted } = readSimulatedPole('/tmp/sim');
 * data.events.length; // one event per police record that names a person
 */
export function readSimulatedPole(dir: string): SimulatedPole {
  const kindOf = new Map<string, string>();
  for (const p of readCsv(join(dir, 'truth/persons.csv'))) kindOf.set(p.person_id!, p.kind!);
  const personOf = new Map<string, string>();
  for (const r of readCsv(join(dir, 'truth/records.csv'))) {
    if (r.agency === 'police' && r.feed === 'parties') personOf.set(r.record_key!, r.person_id!);
  }
  const parties = new Map<string, { person: string; role: string; phone: string }[]>();
  for (const p of readCsv(join(dir, 'police/parties.csv'))) {
    const person = personOf.get(p.party_id!);
    if (person === undefined) continue;
    const key = `${p.record_type}/${p.record_id}`;
    const entry = { person, role: p.role!, phone: p.phone ?? '' };
    const list = parties.get(key);
    if (list === undefined) parties.set(key, [entry]);
    else list.push(entry);
  }

  const locations = new Map<string, PoleLocation>();
  const objects = new Map<string, PoleObject>();
  const events: PoleEvent[] = [];
  const concern = new Set<string>();
  const flaggedChild = new Set<string>();
  const isChild = (id: string): boolean => kindOf.get(id) === 'child';

  for (const spec of RECORD_FILES) {
    for (const r of readCsv(join(dir, `police/${spec.file}.csv`))) {
      const recordId = r[spec.id]!;
      const named = parties.get(`${spec.type}/${recordId}`) ?? [];
      if (named.length === 0) continue;
      const postcode = r.postcode ?? r.found_postcode ?? '';
      const rawKind = r.location_kind ?? r.found_location ?? '';
      let locationId: string | undefined;
      if (postcode.includes(' ')) {
        locationId = `place:${postcode}`;
        const kind = PLACE_KIND[rawKind];
        const known = locations.get(locationId);
        if (known === undefined || (known.kind === 'other' && kind !== undefined)) {
          const label = r.location_name !== undefined && r.location_name !== '' ? r.location_name : postcode;
          locations.set(locationId, { id: locationId, kind: kind ?? 'other', label });
        }
      }
      const objs: { objectId: string; personId?: string }[] = [];
      const vrm = r.vrm ?? '';
      if (vrm !== '') {
        objects.set(`vehicle:${vrm}`, { id: `vehicle:${vrm}`, kind: 'vehicle', label: vrm });
        objs.push({ objectId: `vehicle:${vrm}` });
      }
      const subject = named.find((n) => n.role === 'subject');
      const intelPhone = r.phone ?? '';
      if (intelPhone !== '' && subject !== undefined) {
        objects.set(`phone:${intelPhone}`, { id: `phone:${intelPhone}`, kind: 'phone', label: intelPhone });
        objs.push({ objectId: `phone:${intelPhone}`, personId: subject.person });
      }
      for (const n of named) {
        if (n.phone === '') continue;
        objects.set(`phone:${n.phone}`, { id: `phone:${n.phone}`, kind: 'phone', label: n.phone });
        objs.push({ objectId: `phone:${n.phone}`, personId: n.person });
      }
      for (const n of named) {
        if (isChild(n.person)) {
          if (n.role === 'child_at_risk' || (spec.type === 'crime' && r.cse_flag === 'Y')) {
            flaggedChild.add(n.person);
          }
        } else if (CONCERN_ROLES.has(n.role) || (spec.type === 'intelligence' && n.role === 'subject')) {
          concern.add(n.person);
        }
      }
      const at = `${r[spec.at]!}:00Z`;
      const base = {
        id: `${spec.type}:${recordId}`,
        at,
        parties: named.map((n) => ({ personId: n.person, role: ROLE[n.role] ?? 'associate' })),
        objects: dedupe(objs),
      };
      events.push(locationId === undefined ? base : { ...base, locationId });
    }
  }

  // A child recorded together with an adult of concern is at risk (as an analyst would flag them).
  const atRisk = new Set(flaggedChild);
  for (const e of events) {
    if (!e.parties.some((p) => concern.has(p.personId))) continue;
    for (const p of e.parties) if (isChild(p.personId)) atRisk.add(p.personId);
  }
  const persons: PolePerson[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    for (const { personId: id } of e.parties) {
      if (seen.has(id)) continue;
      seen.add(id);
      const child = isChild(id);
      persons.push({
        id,
        kind: child ? 'child' : concern.has(id) ? 'adult_of_concern' : 'other',
        atRisk: child && atRisk.has(id),
      });
    }
  }
  persons.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    data: { persons, objects: [...objects.values()], locations: [...locations.values()], events },
    planted: readPlantedGroups(dir),
  };
}

function dedupe(objs: { objectId: string; personId?: string }[]): PoleEvent['objects'] {
  const seen = new Set<string>();
  return objs.filter((o) => {
    const key = `${o.objectId}|${o.personId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The simulator's planted offender groups (model "group"; lone offenders and peer groups are not
 * groups of adults), each with its adult members and its victims.
 *
 * @example
 * readPlantedGroups('/tmp/sim').filter((g) => g.adults.length >= 3).length;
 */
export function readPlantedGroups(dir: string): PlantedGroup[] {
  const model = new Map<string, string>();
  for (const g of readCsv(join(dir, 'truth/groups.csv'))) model.set(g.group_id!, g.model!);
  const adults = new Map<string, string[]>();
  for (const m of readCsv(join(dir, 'truth/group_members.csv'))) {
    if (model.get(m.group_id!) !== 'group' || m.kind !== 'adult') continue;
    const list = adults.get(m.group_id!) ?? [];
    list.push(m.person_id!);
    adults.set(m.group_id!, list);
  }
  const children = new Map<string, string[]>();
  for (const v of readCsv(join(dir, 'truth/victims.csv'))) {
    const list = children.get(v.group_id!) ?? [];
    list.push(v.person_id!);
    children.set(v.group_id!, list);
  }
  return [...adults].map(([id, list]) => ({ id, adults: list, children: children.get(id) ?? [] }));
}

export interface SimulatedEvaluation extends RecoveryFigures {
  /** Planted groups of every size (the recall counts only those with 3 or more adults). */
  readonly plantedAllSizes: number;
  readonly persons: number;
  readonly events: number;
  readonly seconds: number;
  readonly groups: readonly PossibleGroup[];
}

/**
 * Builds the graph from a simulator folder, detects possible groups and scores them against the truth:
 * recall over planted groups of 3 or more adults (found when one reported group holds at least 2/3 of
 * its adults) and precision over reported groups (matching when it holds 2/3 of some planted group's
 * adults, groups of two included).
 *
 * @example
 * const figures = evaluateSimulated('/tmp/sim');
 * figures.recall; // e.g. 0.9
 */
export function evaluateSimulated(
  dir: string,
  options: { build?: BuildOptions; groups?: GroupOptions } = {},
): SimulatedEvaluation {
  const { data, planted } = readSimulatedPole(dir);
  const t = process.hrtime.bigint();
  const groups = detectGroups(buildPoleGraph(data, options.build), options.groups);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  return {
    ...evaluateRecovery(planted, groups),
    plantedAllSizes: planted.length,
    persons: data.persons.length,
    events: data.events.length,
    seconds,
    groups,
  };
}
