/**
 * Loads the facts the policy needs about many records at once (one query per kind of fact), always
 * within the actor's partnership. Records that do not exist simply have no facts, and are denied.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/index.ts';
import type { Actor, IntelligenceFacts, PersonFacts } from './types.ts';

type Q = Kysely<Database>;

/**
 * Person facts for the given ids (missing and merged people are left out).
 *
 * @example
 * const facts = await loadPersonFacts(tx, actor, ids, new Date());
 */
export async function loadPersonFacts(
  db: Q,
  actor: Actor,
  ids: readonly string[],
  now: Date,
): Promise<Map<string, PersonFacts>> {
  const out = new Map<string, PersonFacts>();
  if (ids.length === 0) return out;
  const pid = actor.partnershipId;
  const list = [...new Set(ids)];
  const people = await db
    .selectFrom('person')
    .select(['id', 'kind', 'sealed', 'partnership_id'])
    .where('partnership_id', '=', pid)
    .where('merged_into', 'is', null)
    .where('id', 'in', list)
    .execute();
  if (people.length === 0) return out;
  const found = people.map((p) => p.id);
  const [sources, events, concerns, assignments, named, glass] = await Promise.all([
    db
      .selectFrom('source_record')
      .select(['person_id', 'agency_id'])
      .distinct()
      .where('partnership_id', '=', pid)
      .where('person_id', 'in', found)
      .execute(),
    db
      .selectFrom('event_party')
      .innerJoin('event', 'event.id', 'event_party.event_id')
      .select(['event_party.person_id', 'event.agency_id'])
      .distinct()
      .where('event_party.partnership_id', '=', pid)
      .where('event_party.person_id', 'in', found)
      .execute(),
    db
      .selectFrom('concern')
      .select(['person_id', 'raised_by_agency_id as agency_id'])
      .distinct()
      .where('partnership_id', '=', pid)
      .where('person_id', 'in', found)
      .execute(),
    db
      .selectFrom('agency_assignment')
      .select(['person_id', 'agency_id'])
      .distinct()
      .where('partnership_id', '=', pid)
      .where('person_id', 'in', found)
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', now)]))
      .execute(),
    db
      .selectFrom('sealed_record_user')
      .select(['person_id', 'user_id'])
      .where('partnership_id', '=', pid)
      .where('person_id', 'in', found)
      .execute(),
    db
      .selectFrom('break_glass')
      .select(['person_id', 'user_id'])
      .where('partnership_id', '=', pid)
      .where('user_id', '=', actor.userId)
      .where('person_id', 'in', found)
      .where('expires_at', '>', now)
      .execute(),
  ]);
  for (const p of people) {
    out.set(p.id, {
      type: 'person',
      id: p.id,
      partnershipId: p.partnership_id,
      kind: p.kind,
      sealed: p.sealed,
      involvedAgencyIds: [],
      namedUserIds: [],
      breakGlassUserIds: [],
    });
  }
  const push = (
    personId: string | null,
    key: 'involvedAgencyIds' | 'namedUserIds' | 'breakGlassUserIds',
    v: string,
  ) => {
    if (personId === null) return;
    const f = out.get(personId);
    if (f !== undefined && !f[key].includes(v)) (f[key] as string[]).push(v);
  };
  for (const r of [...sources, ...events, ...concerns, ...assignments]) {
    push(r.person_id, 'involvedAgencyIds', r.agency_id);
  }
  for (const r of named) push(r.person_id, 'namedUserIds', r.user_id);
  for (const r of glass) push(r.person_id, 'breakGlassUserIds', r.user_id);
  return out;
}

/** @example const facts = await loadIntelligenceFacts(tx, actor, [id]); */
export async function loadIntelligenceFacts(
  db: Q,
  actor: Actor,
  ids: readonly string[],
): Promise<Map<string, IntelligenceFacts>> {
  const out = new Map<string, IntelligenceFacts>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('intelligence')
    .select(['id', 'partnership_id', 'handling_code', 'agency_id'])
    .where('partnership_id', '=', actor.partnershipId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) {
    out.set(r.id, {
      type: 'intelligence',
      id: r.id,
      partnershipId: r.partnership_id,
      handlingCode: r.handling_code,
      agencyId: r.agency_id,
    });
  }
  return out;
}
