/**
 * The people, vehicles, phones, online accounts and places an intelligence item may be linked to, found
 * by search. A viewer finds only what they may already see, by the same rule as the network pages:
 * people through the policy (`person.read`); a vehicle, phone, account or place only when it appears on
 * a record their agency made, on a record naming someone they may see, or on intelligence they read in
 * full. Anything else is absent (never "hidden"), so a search reveals nothing a viewer may not see.
 */
import { can, checkPersonAccess, type AccessScope } from '../access/index.ts';
import type { PersonKind } from '../platform/database/index.ts';
import { withIntelligenceTables, type IntelligenceDb } from './intelligence.schema.ts';

export type EntityType = 'person' | 'object' | 'location';

export interface EntityOption {
  type: EntityType;
  id: string;
  label: string;
  /** A second line to tell similar results apart: kind, date of birth, description or postcode. */
  detail: string;
}

export const SEARCH_LIMITS = { minLength: 2, maxLength: 100, perType: 10, candidates: 50 } as const;

const OBJECT_KIND = { vehicle: 'Vehicle', phone: 'Phone', online_account: 'Online account' } as const;
const PERSON_KIND: Record<PersonKind, string> = {
  child: 'Child',
  adult_of_concern: 'Adult of concern',
  other: 'Other person',
};

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The label a link shows everywhere (item page, form, check page). */
export function objectLabel(kind: keyof typeof OBJECT_KIND, value: string): string {
  return `${OBJECT_KIND[kind]} ${value}`;
}

/**
 * Which of these objects and places the viewer may see (see the module comment for the rule).
 *
 * @example
 * const { objects, places } = await visibleObjectsAndPlaces(scope, { objects: ids, places: [] }, now);
 */
export async function visibleObjectsAndPlaces(
  scope: AccessScope,
  candidates: { objects: readonly string[]; places: readonly string[] },
  now: Date,
): Promise<{ objects: Set<string>; places: Set<string> }> {
  const tx = withIntelligenceTables(scope.tx);
  const { actor } = scope;
  const pid = actor.partnershipId;
  const objects = new Set<string>();
  const places = new Set<string>();
  const wanted = { objects: [...new Set(candidates.objects)], places: [...new Set(candidates.places)] };
  if (wanted.objects.length === 0 && wanted.places.length === 0) return { objects, places };

  // 1. On a record the viewer's own agency made.
  if (wanted.objects.length > 0) {
    const rows = await tx
      .selectFrom('event_object as eo')
      .innerJoin('event as e', 'e.id', 'eo.event_id')
      .select('eo.object_id as id')
      .distinct()
      .where('eo.partnership_id', '=', pid)
      .where('e.agency_id', '=', actor.agencyId)
      .where('eo.object_id', 'in', wanted.objects)
      .execute();
    for (const r of rows) objects.add(r.id);
  }
  if (wanted.places.length > 0) {
    const rows = await tx
      .selectFrom('event')
      .select('location_id as id')
      .distinct()
      .where('partnership_id', '=', pid)
      .where('agency_id', '=', actor.agencyId)
      .where('location_id', 'in', wanted.places)
      .execute();
    for (const r of rows) if (r.id !== null) places.add(r.id);
  }

  // 2. On a record naming someone the viewer may see.
  const restObjects = wanted.objects.filter((id) => !objects.has(id));
  const restPlaces = wanted.places.filter((id) => !places.has(id));
  const parties: { kind: 'object' | 'location'; id: string; personId: string }[] = [];
  if (restObjects.length > 0) {
    const rows = await tx
      .selectFrom('event_object as eo')
      .innerJoin('event_party as ep', 'ep.event_id', 'eo.event_id')
      .select(['eo.object_id as id', 'ep.person_id'])
      .distinct()
      .where('eo.partnership_id', '=', pid)
      .where('eo.object_id', 'in', restObjects)
      .execute();
    for (const r of rows) parties.push({ kind: 'object', id: r.id, personId: r.person_id });
  }
  if (restPlaces.length > 0) {
    const rows = await tx
      .selectFrom('event as e')
      .innerJoin('event_party as ep', 'ep.event_id', 'e.id')
      .select(['e.location_id as id', 'ep.person_id'])
      .distinct()
      .where('e.partnership_id', '=', pid)
      .where('e.location_id', 'in', restPlaces)
      .execute();
    for (const r of rows) {
      if (r.id !== null) parties.push({ kind: 'location', id: r.id, personId: r.person_id });
    }
  }
  if (parties.length > 0) {
    const persons = [...new Set(parties.map((p) => p.personId))];
    const { allowed } = await checkPersonAccess(scope.tx, actor, 'person.read', persons, now);
    for (const p of parties) {
      if (allowed.has(p.personId)) (p.kind === 'object' ? objects : places).add(p.id);
    }
  }

  // 3. On intelligence the viewer reads in full.
  const lastObjects = wanted.objects.filter((id) => !objects.has(id));
  const lastPlaces = wanted.places.filter((id) => !places.has(id));
  if (lastObjects.length + lastPlaces.length > 0) {
    const rows = await tx
      .selectFrom('intelligence_link as l')
      .innerJoin('intelligence as i', 'i.id', 'l.intelligence_id')
      .select(['l.entity_type', 'l.entity_id', 'i.id', 'i.agency_id', 'i.handling_code'])
      .where('l.partnership_id', '=', pid)
      .where('l.entity_id', 'in', [...lastObjects, ...lastPlaces])
      .execute();
    for (const r of rows) {
      const full = can(actor, 'intelligence.read_full', {
        type: 'intelligence',
        id: r.id,
        partnershipId: pid,
        handlingCode: r.handling_code,
        agencyId: r.agency_id,
      });
      if (!full) continue;
      if (r.entity_type === 'object' && lastObjects.includes(r.entity_id)) objects.add(r.entity_id);
      if (r.entity_type === 'location' && lastPlaces.includes(r.entity_id)) places.add(r.entity_id);
    }
  }
  return { objects, places };
}

/**
 * Labels for the chosen links the viewer may see, in the order given; the others are left out.
 *
 * @example
 * const links = await describeLinks(scope, [{ type: 'person', id }], now);
 */
export async function describeLinks(
  scope: AccessScope,
  links: readonly { type: EntityType; id: string }[],
  now: Date,
): Promise<EntityOption[]> {
  const tx = withIntelligenceTables(scope.tx);
  const ids = (t: EntityType) => [...new Set(links.filter((l) => l.type === t).map((l) => l.id))];
  const options = new Map<string, EntityOption>();
  const persons = ids('person');
  const { allowed } = await checkPersonAccess(scope.tx, scope.actor, 'person.read', persons, now);
  for (const o of await personOptions(tx, scope.actor.partnershipId, [...allowed])) {
    options.set(`person:${o.id}`, o);
  }
  const visible = await visibleObjectsAndPlaces(
    scope,
    { objects: ids('object'), places: ids('location') },
    now,
  );
  for (const o of await objectOptions(tx, scope.actor.partnershipId, [...visible.objects])) {
    options.set(`object:${o.id}`, o);
  }
  for (const o of await placeOptions(tx, scope.actor.partnershipId, [...visible.places])) {
    options.set(`location:${o.id}`, o);
  }
  return links.flatMap((l) => {
    const o = options.get(`${l.type}:${l.id}`);
    return o === undefined ? [] : [o];
  });
}

/**
 * Vehicles, phones, accounts and places matching a search that the viewer may see (people are searched
 * through the access module's person search, which audits itself).
 *
 * @example
 * const found = await searchObjectsAndPlaces(scope, 'QX10', now);
 */
export async function searchObjectsAndPlaces(
  scope: AccessScope,
  query: string,
  now: Date,
): Promise<EntityOption[]> {
  const tx = withIntelligenceTables(scope.tx);
  const pid = scope.actor.partnershipId;
  const q = query.trim().slice(0, SEARCH_LIMITS.maxLength);
  if (q.length < SEARCH_LIMITS.minLength) return [];
  const compact = `%${escapeLike(q.replace(/\s/g, '').toUpperCase())}%`;
  const digits = q.replace(/[^\d]/g, '');
  const words = `%${escapeLike(q.toLowerCase())}%`;
  const objectRows = await tx
    .selectFrom('object')
    .select('id')
    .where('partnership_id', '=', pid)
    .where((eb) =>
      eb.or([
        eb(eb.fn('upper', ['normalised_value']), 'like', compact),
        ...(digits.length >= 4 ? [eb('normalised_value', 'like', `%${digits}%`)] : []),
        eb(eb.fn('lower', ['description']), 'like', words),
      ]),
    )
    .orderBy('value')
    .limit(SEARCH_LIMITS.candidates)
    .execute();
  const placeRows = await tx
    .selectFrom('location')
    .select('id')
    .where('partnership_id', '=', pid)
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', words),
        eb(eb.fn('lower', ['address']), 'like', words),
        eb(eb.fn('upper', [eb.fn('replace', ['postcode', eb.val(' '), eb.val('')])]), 'like', compact),
      ]),
    )
    .orderBy('name')
    .limit(SEARCH_LIMITS.candidates)
    .execute();
  const visible = await visibleObjectsAndPlaces(
    scope,
    { objects: objectRows.map((r) => r.id), places: placeRows.map((r) => r.id) },
    now,
  );
  const objects = objectRows.map((r) => r.id).filter((id) => visible.objects.has(id));
  const places = placeRows.map((r) => r.id).filter((id) => visible.places.has(id));
  return [
    ...(await objectOptions(tx, pid, objects.slice(0, SEARCH_LIMITS.perType))),
    ...(await placeOptions(tx, pid, places.slice(0, SEARCH_LIMITS.perType))),
  ];
}

/** Options for people the caller has already checked the viewer may see, in the order given. */
export async function personOptions(
  tx: IntelligenceDb,
  partnershipId: string,
  ids: readonly string[],
): Promise<EntityOption[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('person')
    .select(['id', 'kind', 'given_name', 'family_name', 'date_of_birth'])
    .where('partnership_id', '=', partnershipId)
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (r === undefined) return [];
    const name = [r.given_name, r.family_name].filter((x) => x !== null).join(' ') || 'Name not recorded';
    const born =
      r.date_of_birth === null ? 'date of birth not recorded' : `born ${formatDate(r.date_of_birth)}`;
    return [{ type: 'person' as const, id, label: name, detail: `${PERSON_KIND[r.kind]}, ${born}` }];
  });
}

async function objectOptions(
  tx: IntelligenceDb,
  partnershipId: string,
  ids: readonly string[],
): Promise<EntityOption[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('object')
    .select(['id', 'kind', 'value', 'description'])
    .where('partnership_id', '=', partnershipId)
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (r === undefined) return [];
    return [
      {
        type: 'object' as const,
        id,
        label: objectLabel(r.kind, r.value),
        detail: r.description ?? OBJECT_KIND[r.kind],
      },
    ];
  });
}

async function placeOptions(
  tx: IntelligenceDb,
  partnershipId: string,
  ids: readonly string[],
): Promise<EntityOption[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('location')
    .select(['id', 'kind', 'name', 'postcode', 'address'])
    .where('partnership_id', '=', partnershipId)
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (r === undefined) return [];
    const label = [r.name, r.postcode].filter((x) => x !== null).join(', ') || 'Unnamed place';
    const kind = r.kind.replace(/_/g, ' ');
    return [
      {
        type: 'location' as const,
        id,
        label,
        detail: `Place: ${kind}${r.address !== null ? `, ${r.address}` : ''}`,
      },
    ];
  });
}

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

function formatDate(value: string | Date): string {
  const d = value instanceof Date ? value : new Date(`${value}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? String(value) : DATE.format(d);
}
