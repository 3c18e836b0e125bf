/**
 * Loads the viewer's share of the POLE records from the product tables, and only that share: the graph a
 * viewer gets is built from visible records alone, so nothing hidden can shape it (no counts, no gaps,
 * no weights from hidden evidence). What a viewer sees:
 * - persons the policy lets them read (`person.read`);
 * - events recorded by their own agency or naming at least one person they may read, with only the
 *   visible persons kept as parties;
 * - objects and places that appear in those events;
 * - intelligence items they may read (full: with linked persons, objects and places; sanitised: with
 *   linked persons only), each as an event on the day it was recorded.
 * A child is "at risk" when a visible record names them as a victim or puts them with an adult of
 * concern. Ethnicity, religion and nationality are never selected.
 */
import { can, checkPersonAccess, type AccessScope } from '../access/index.ts';
import { withIntelligenceTables } from '../intelligence/index.ts';
import type { LocationKind, PartyRole, PoleData, PoleEvent } from './engine/types.ts';

export interface PlaceRecord {
  readonly id: string;
  readonly kind: string;
  readonly name: string | null;
  readonly postcode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
}

export interface ViewerPole {
  readonly data: PoleData;
  /** Display labels of visible nodes (person names, registration marks, place names). */
  readonly labels: ReadonlyMap<string, string>;
  readonly places: ReadonlyMap<string, PlaceRecord>;
  /** Event type and agency name by visible event id, for evidence tables. */
  readonly eventInfo: ReadonlyMap<
    string,
    { readonly type: string; readonly at: string; readonly agency: string }
  >;
}

const CHUNK = 5000;
const PLACE_KIND: Readonly<Record<string, LocationKind>> = {
  hotel: 'hotel',
  takeaway: 'takeaway',
  taxi: 'taxi',
  park: 'park',
  party_house: 'house',
  house: 'house',
  home: 'house',
  care_placement: 'house',
  online: 'online',
};

function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/**
 * The viewer's POLE data, labels and places.
 *
 * @example
 * const pole = await loadViewerPole(scope, clock.now());
 * const graph = buildPoleGraph(pole.data);
 */
export async function loadViewerPole(scope: AccessScope, now: Date): Promise<ViewerPole> {
  const { actor } = scope;
  const pid = actor.partnershipId;
  const tx = withIntelligenceTables(scope.tx);
  const everyone = await tx
    .selectFrom('person')
    .select(['id', 'kind', 'given_name', 'family_name', 'merged_into'])
    .where('partnership_id', '=', pid)
    .execute();
  const allPersons = everyone.filter((p) => p.merged_into === null);
  // People merged into another after identity review: their records are the survivor's (the survivor
  // is the node; the merged id never appears in the graph).
  const survivor = new Map<string, string>();
  for (const p of everyone) if (p.merged_into !== null) survivor.set(p.id, p.merged_into);
  const rootOf = (id: string): string => survivor.get(id) ?? id;
  const visible = new Set<string>();
  for (const part of chunks(allPersons.map((p) => p.id))) {
    for (const id of (await checkPersonAccess(scope.tx, actor, 'person.read', part, now)).allowed) {
      visible.add(id);
    }
  }
  const persons = allPersons.filter((p) => visible.has(p.id));
  const namedIds = [...visible, ...[...survivor].filter(([, root]) => visible.has(root)).map(([id]) => id)];
  const labels = new Map<string, string>();
  for (const p of persons) {
    labels.set(
      p.id,
      [p.given_name, p.family_name].filter((x) => x !== null).join(' ') || 'Name not recorded',
    );
  }

  // Events: own agency's, or naming a visible person (or a record merged into one).
  const eventIds = new Set<string>();
  for (const part of chunks(namedIds)) {
    const rows = await tx
      .selectFrom('event_party')
      .select('event_id')
      .distinct()
      .where('partnership_id', '=', pid)
      .where('person_id', 'in', part)
      .execute();
    for (const r of rows) eventIds.add(r.event_id);
  }
  const own = await tx
    .selectFrom('event')
    .select('id')
    .where('partnership_id', '=', pid)
    .where('agency_id', '=', actor.agencyId)
    .execute();
  for (const r of own) eventIds.add(r.id);

  const events = new Map<
    string,
    {
      at: Date;
      locationId: string | null;
      type: string;
      agency: string;
      parties: { personId: string; role: PartyRole }[];
      objects: { objectId: string }[];
    }
  >();
  const objectIds = new Set<string>();
  const locationIds = new Set<string>();
  for (const part of chunks([...eventIds])) {
    const rows = await tx
      .selectFrom('event as e')
      .innerJoin('agency as a', 'a.id', 'e.agency_id')
      .select(['e.id', 'e.occurred_at', 'e.location_id', 'e.type', 'a.name as agency'])
      .where('e.partnership_id', '=', pid)
      .where('e.id', 'in', part)
      .execute();
    for (const r of rows) {
      events.set(r.id, {
        at: r.occurred_at,
        locationId: r.location_id,
        type: r.type,
        agency: r.agency,
        parties: [],
        objects: [],
      });
      if (r.location_id !== null) locationIds.add(r.location_id);
    }
    const parties = await tx
      .selectFrom('event_party')
      .select(['event_id', 'person_id', 'role'])
      .where('partnership_id', '=', pid)
      .where('event_id', 'in', part)
      .execute();
    for (const p of parties) {
      const personId = rootOf(p.person_id);
      const ev = events.get(p.event_id);
      if (ev === undefined || !visible.has(personId)) continue;
      if (!ev.parties.some((x) => x.personId === personId && x.role === p.role)) {
        ev.parties.push({ personId, role: p.role });
      }
    }
    const objs = await tx
      .selectFrom('event_object')
      .select(['event_id', 'object_id'])
      .where('partnership_id', '=', pid)
      .where('event_id', 'in', part)
      .execute();
    for (const o of objs) {
      events.get(o.event_id)?.objects.push({ objectId: o.object_id });
      objectIds.add(o.object_id);
    }
  }

  // Intelligence the viewer may read, as events.
  const intel = await tx
    .selectFrom('intelligence')
    .select(['id', 'agency_id', 'handling_code', 'recorded_at'])
    .where('partnership_id', '=', pid)
    .execute();
  const readable = intel.filter((i) => {
    const facts = {
      type: 'intelligence' as const,
      id: i.id,
      partnershipId: pid,
      handlingCode: i.handling_code,
      agencyId: i.agency_id,
    };
    return can(actor, 'intelligence.read_full', facts) || can(actor, 'intelligence.read_sanitised', facts);
  });
  const full = new Set(
    readable
      .filter((i) =>
        can(actor, 'intelligence.read_full', {
          type: 'intelligence',
          id: i.id,
          partnershipId: pid,
          handlingCode: i.handling_code,
          agencyId: i.agency_id,
        }),
      )
      .map((i) => i.id),
  );
  for (const i of readable) {
    events.set(`intel:${i.id}`, {
      at: i.recorded_at,
      locationId: null,
      type: 'intelligence',
      agency: 'Intelligence',
      parties: [],
      objects: [],
    });
  }
  for (const part of chunks(readable.map((i) => i.id))) {
    const links = await tx
      .selectFrom('intelligence_link')
      .select(['intelligence_id', 'entity_type', 'entity_id'])
      .where('partnership_id', '=', pid)
      .where('intelligence_id', 'in', part)
      .execute();
    for (const l of links) {
      const ev = events.get(`intel:${l.intelligence_id}`)!;
      if (l.entity_type === 'person') {
        const personId = rootOf(l.entity_id);
        if (visible.has(personId) && !ev.parties.some((x) => x.personId === personId)) {
          ev.parties.push({ personId, role: 'subject' });
        }
      } else if (full.has(l.intelligence_id)) {
        if (l.entity_type === 'object') {
          ev.objects.push({ objectId: l.entity_id });
          objectIds.add(l.entity_id);
        } else if (ev.locationId === null) {
          ev.locationId = l.entity_id;
          locationIds.add(l.entity_id);
        }
      }
    }
  }
  // An event left with no visible party says nothing the viewer may know about people: drop it.
  for (const [id, e] of events) if (e.parties.length === 0) events.delete(id);
  const usedObjects = new Set<string>();
  const usedPlaces = new Set<string>();
  for (const e of events.values()) {
    for (const o of e.objects) usedObjects.add(o.objectId);
    if (e.locationId !== null) usedPlaces.add(e.locationId);
  }

  const objects =
    usedObjects.size === 0
      ? []
      : (
          await Promise.all(
            chunks([...usedObjects]).map((part) =>
              tx
                .selectFrom('object')
                .select(['id', 'kind', 'value'])
                .where('partnership_id', '=', pid)
                .where('id', 'in', part)
                .execute(),
            ),
          )
        ).flat();
  const places =
    usedPlaces.size === 0
      ? []
      : (
          await Promise.all(
            chunks([...usedPlaces]).map((part) =>
              tx
                .selectFrom('location')
                .select(['id', 'kind', 'name', 'postcode', 'latitude', 'longitude'])
                .where('partnership_id', '=', pid)
                .where('id', 'in', part)
                .execute(),
            ),
          )
        ).flat();
  for (const o of objects) labels.set(o.id, o.value);
  for (const l of places) {
    labels.set(l.id, [l.name, l.postcode].filter((x) => x !== null).join(', ') || 'Unnamed place');
  }

  // Roles from visible records only.
  const kindOf = new Map(persons.map((p) => [p.id, p.kind]));
  const atRisk = new Set<string>();
  for (const e of events.values()) {
    const withAdult = e.parties.some((p) => kindOf.get(p.personId) === 'adult_of_concern');
    for (const p of e.parties) {
      if (kindOf.get(p.personId) === 'child' && (withAdult || p.role === 'victim')) atRisk.add(p.personId);
    }
  }
  const poleEvents: PoleEvent[] = [...events].map(([id, e]) => {
    const base = {
      id,
      at: e.at.toISOString(),
      parties: e.parties,
      objects: e.objects.filter((o) => usedObjects.has(o.objectId)),
    };
    return e.locationId === null ? base : { ...base, locationId: e.locationId };
  });
  poleEvents.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    data: {
      persons: persons.map((p) => ({
        id: p.id,
        kind: p.kind,
        atRisk: p.kind === 'child' && atRisk.has(p.id),
      })),
      objects: objects.map((o) => ({
        id: o.id,
        kind: o.kind === 'online_account' ? ('handle' as const) : o.kind,
        label: o.value,
      })),
      locations: places.map((l) => ({
        id: l.id,
        kind: PLACE_KIND[l.kind] ?? 'other',
        label: labels.get(l.id)!,
      })),
      events: poleEvents,
    },
    labels,
    places: new Map(places.map((l) => [l.id, l])),
    eventInfo: new Map(
      [...events].map(([id, e]) => [id, { type: e.type, at: e.at.toISOString(), agency: e.agency }]),
    ),
  };
}
