/**
 * Association facts derived, time-honestly, from the simulator's police feeds, standing in for what
 * the network module will supply: a child found with an adult of concern; a vehicle or place linked to
 * other children. A fact is dated the day the link became knowable (never earlier), so a backtest on
 * month ends cannot see the future.
 */
import type { AssociationFact } from './engine/types.ts';
import type { AssociationKind } from './engine/signals.ts';

/** A sighting of a child with something: an adult, a vehicle or a place. */
export interface Sighting {
  readonly child: string;
  readonly day: number;
  /** Record the sighting came from (used in the fact id). */
  readonly record: string;
}

/**
 * Facts for children seen with adults who are, or later become, of concern. `concernFrom` gives the
 * first day each adult was of concern; `seenWith` maps adult -> sightings of children with them.
 *
 * @example
 * adultOfConcernFacts(new Map([['A1', 100]]), new Map([['A1', [{ child: 'C1', day: 90, record: 'STP-1' }]]]));
 */
export function adultOfConcernFacts(
  concernFrom: ReadonlyMap<string, number>,
  seenWith: ReadonlyMap<string, readonly Sighting[]>,
): AssociationFact[] {
  const out: AssociationFact[] = [];
  for (const [adult, sightings] of [...seenWith].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const from = concernFrom.get(adult);
    if (from === undefined) continue;
    for (const s of sightings) {
      out.push({
        id: `assoc:adult:${s.record}:${s.child}`,
        childId: s.child,
        kind: 'adult_of_concern',
        day: Math.max(from, s.day),
      });
    }
  }
  return out;
}

/**
 * Facts for children seen with a thing (vehicle or place) that another child was also seen with, or
 * that intelligence linked to children at risk (`flaggedFrom`). Dated when the second child appeared.
 *
 * @example
 * sharedThingFacts('vehicle_linked_to_children_at_risk', sightingsByVrm, new Map());
 */
export function sharedThingFacts(
  kind: AssociationKind,
  byThing: ReadonlyMap<string, readonly Sighting[]>,
  flaggedFrom: ReadonlyMap<string, number>,
): AssociationFact[] {
  const out: AssociationFact[] = [];
  for (const [thing, sightings] of [...byThing].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const sorted = [...sightings].sort((a, b) => a.day - b.day || (a.record < b.record ? -1 : 1));
    const firstByChild = new Map<string, number>();
    for (const s of sorted) if (!firstByChild.has(s.child)) firstByChild.set(s.child, s.day);
    const flagged = flaggedFrom.get(thing);
    for (const s of sorted) {
      // Earliest day another child had been seen with the thing, by this sighting's day or later.
      let otherDay = Infinity;
      for (const [c, d] of firstByChild) if (c !== s.child && d < otherDay) otherDay = d;
      const linkDay = Math.min(otherDay, flagged ?? Infinity);
      if (linkDay === Infinity) continue;
      out.push({
        id: `assoc:${kind}:${s.record}:${s.child}`,
        childId: s.child,
        kind,
        day: Math.max(linkDay, s.day),
      });
    }
  }
  return out;
}
