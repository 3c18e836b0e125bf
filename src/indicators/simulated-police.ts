/**
 * The police part of the simulator adapter: missing reports, stops, incidents, crimes and
 * intelligence become child events; co-sightings become association facts (see
 * `simulated-associations.ts`).
 */
import type { EventType } from '../events/index.ts';
import type { AssociationFact } from './engine/types.ts';
import { adultOfConcernFacts, sharedThingFacts, type Sighting } from './simulated-associations.ts';
import { dayOf, pushTo, type Row } from './simulated-csv.ts';

/** Adds one event for a child (undefined children and days are skipped). */
export type Add = (
  child: number | undefined,
  day: number,
  type: EventType,
  qualifier: string | undefined,
  label: string,
) => void;

/**
 * Police records: events for children, and association facts derived from who was seen with whom.
 *
 * @example
 * const facts = policeEvents(readRows, childOf, personOf, childIndex, add);
 */
export function policeEvents(
  f: (path: string) => Row[],
  childOf: (key: string) => number | undefined,
  personOf: ReadonlyMap<string, string>,
  childIndex: ReadonlyMap<string, number>,
  add: Add,
): AssociationFact[] {
  const records = new Map<string, Row>();
  const kinds: [string, string, string][] = [
    ['missing_report', 'missing_reports', 'report_id'],
    ['incident', 'incidents', 'incident_id'],
    ['stop', 'stops', 'stop_id'],
    ['crime', 'crimes', 'crime_id'],
    ['intelligence', 'intelligence', 'intel_id'],
  ];
  for (const [type, file, key] of kinds) {
    for (const r of f(`police/${file}.csv`)) records.set(`${type}/${r[key]}`, r);
  }
  const partiesByRecord = new Map<
    string,
    { person: string; role: string; child: number | undefined; party: string }[]
  >();
  for (const p of f('police/parties.csv')) {
    const person = personOf.get(`police/parties/${p.party_id}`);
    if (person === undefined) continue;
    pushTo(partiesByRecord, `${p.record_type}/${p.record_id}`, {
      person,
      role: p.role!,
      child: childOf(`police/parties/${p.party_id}`),
      party: p.party_id!,
    });
  }
  const childIds = [...childIndex.keys()];
  const concernFrom = new Map<string, number>();
  const flaggedVehicle = new Map<string, number>();
  const flaggedPlace = new Map<string, number>();
  const adultSightings = new Map<string, Sighting[]>();
  const vehicleSightings = new Map<string, Sighting[]>();
  const placeSightings = new Map<string, Sighting[]>();
  const earliest = (m: Map<string, number>, k: string, d: number): void => {
    if (!(m.get(k)! <= d)) m.set(k, d);
  };
  for (const [recordKey, parties] of [...partiesByRecord].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const [type] = recordKey.split('/') as [string];
    const r = records.get(recordKey);
    if (r === undefined) continue;
    const day = dayOf(r.reported_at ?? r.occurred_at ?? r.recorded_at);
    const children = parties.filter((p) => p.child !== undefined);
    const adults = parties.filter((p) => p.child === undefined && !childIndex.has(p.person));
    const place = (r.postcode ?? r.found_postcode ?? '').includes(' ')
      ? `${r.location_name ?? r.found_location}|${r.postcode ?? r.found_postcode}`
      : '';
    const vrm = r.vrm ?? '';
    switch (type) {
      case 'missing_report':
        for (const c of children) {
          if (c.role === 'missing_person') add(c.child, day, 'missing_episode', undefined, recordKey);
        }
        break;
      case 'stop':
        for (const c of children) add(c.child, day, 'found_in_company', undefined, recordKey);
        break;
      case 'incident':
        for (const c of children) add(c.child, day, 'police_incident', undefined, recordKey);
        break;
      case 'crime':
        for (const c of children) {
          if (c.role === 'victim') {
            add(c.child, day, 'crime', r.cse_flag === 'Y' ? 'cse_flag' : undefined, recordKey);
          }
        }
        if (r.cse_flag === 'Y') {
          for (const a of adults) if (a.role === 'suspect') earliest(concernFrom, a.person, day);
        }
        break;
      case 'intelligence': {
        const atRisk = children.filter((c) => c.role === 'child_at_risk');
        for (const c of atRisk) add(c.child, day, 'intelligence', undefined, recordKey);
        if (atRisk.length > 0) {
          for (const a of adults) earliest(concernFrom, a.person, day);
          if (vrm !== '') earliest(flaggedVehicle, vrm, day);
          if (place !== '') earliest(flaggedPlace, place, day);
        }
        continue; // intelligence is not a sighting
      }
      default:
        break;
    }
    for (const c of children) {
      const s: Sighting = { child: childIds[c.child!]!, day, record: recordKey };
      for (const a of adults) pushTo(adultSightings, a.person, s);
      if (vrm !== '') pushTo(vehicleSightings, vrm, s);
      if (place !== '') pushTo(placeSightings, place, s);
    }
  }
  return [
    ...adultOfConcernFacts(concernFrom, adultSightings),
    ...sharedThingFacts('vehicle_linked_to_children_at_risk', vehicleSightings, flaggedVehicle),
    ...sharedThingFacts('place_linked_to_children_at_risk', placeSightings, flaggedPlace),
  ];
}
