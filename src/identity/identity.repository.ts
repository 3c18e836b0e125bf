/**
 * The SQL behind identity review: the queued pairs with the people they now belong to, do-not-match
 * pairs, and each person's details with those of the people merged into them. Called only after the
 * service has checked the policy; every query takes the partnership.
 */
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { PersonKind, Tx } from '../platform/database/index.ts';
import { withIdentityTables, type LinkDecisionKind } from './identity.tables.ts';

export interface PairRow {
  id: string;
  decision: LinkDecisionKind;
  personId: string;
  candidateId: string;
  rootA: string;
  rootB: string;
  score: number;
  explanation: Record<string, unknown>;
  queuedAt: Date;
  deferredAt: Date | null;
  deferredBy: string | null;
  deferredNote: string | null;
}

function pairQuery(tx: Tx, partnershipId: string) {
  return withIdentityTables(tx)
    .selectFrom('link_decision as d')
    .innerJoin('person as pa', 'pa.id', 'd.person_id')
    .innerJoin('person as pb', 'pb.id', 'd.candidate_person_id')
    .leftJoin('user_account as u', 'u.id', 'd.deferred_by')
    .select([
      'd.id',
      'd.decision',
      'd.person_id',
      'd.candidate_person_id',
      sql<string>`coalesce(pa.merged_into, pa.id)`.as('root_a'),
      sql<string>`coalesce(pb.merged_into, pb.id)`.as('root_b'),
      'd.score',
      'd.explanation',
      'd.decided_at',
      'd.deferred_at',
      'u.display_name as deferred_by',
      'd.deferred_note',
    ])
    .where('d.partnership_id', '=', partnershipId);
}

type RawPair = Awaited<ReturnType<ReturnType<typeof pairQuery>['execute']>>[number];

function toPair(r: RawPair): PairRow {
  return {
    id: r.id,
    decision: r.decision,
    personId: r.person_id,
    candidateId: r.candidate_person_id!,
    rootA: r.root_a,
    rootB: r.root_b,
    score: Number(r.score),
    explanation: r.explanation,
    queuedAt: r.decided_at,
    deferredAt: r.deferred_at,
    deferredBy: r.deferred_by,
    deferredNote: r.deferred_note,
  };
}

/**
 * Every pair waiting for review, with the people its two records now belong to.
 *
 * @example
 * const pairs = await pendingPairs(tx, partnershipId);
 */
export async function pendingPairs(tx: Tx, partnershipId: string): Promise<PairRow[]> {
  const rows = await pairQuery(tx, partnershipId).where('d.decision', '=', 'review').execute();
  return rows.map(toPair);
}

/**
 * One queued or decided pair (never an automatic link or a new record), optionally locked.
 *
 * @example
 * const pair = await pairById(tx, partnershipId, id, { lock: true });
 */
export async function pairById(
  tx: Tx,
  partnershipId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<PairRow | undefined> {
  let q = pairQuery(tx, partnershipId)
    .where('d.id', '=', id)
    .where('d.decision', 'in', ['review', 'confirmed', 'rejected'])
    .where('d.candidate_person_id', 'is not', null);
  if (options.lock === true) q = q.forUpdate('d');
  const row = await q.executeTakeFirst();
  return row === undefined ? undefined : toPair(row);
}

/**
 * Do-not-match pairs as the people they now belong to, each key `a|b` with a < b.
 *
 * @example
 * if ((await apartPairs(tx, pid)).has(pairKey(a, b))) …
 */
export async function apartPairs(tx: Tx, partnershipId: string): Promise<Set<string>> {
  const rows = await withIdentityTables(tx)
    .selectFrom('identity_do_not_match as d')
    .innerJoin('person as pa', 'pa.id', 'd.person_a')
    .innerJoin('person as pb', 'pb.id', 'd.person_b')
    .select([
      sql<string>`coalesce(pa.merged_into, pa.id)`.as('a'),
      sql<string>`coalesce(pb.merged_into, pb.id)`.as('b'),
    ])
    .where('d.partnership_id', '=', partnershipId)
    .execute();
  return new Set(rows.map((r) => pairKey(r.a, r.b)));
}

/** @example pairKey(b, a) === pairKey(a, b) */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export interface PersonSummary {
  id: string;
  kind: PersonKind;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  sealed: boolean;
  /** Agencies with a record or an event of this person or of anyone merged into them. */
  agencies: string[];
}

/**
 * Names, dates of birth and contributing agencies for a page of people (one query).
 *
 * @example
 * const people = await personSummaries(tx, partnershipId, ids);
 */
export async function personSummaries(
  tx: Tx,
  partnershipId: string,
  ids: readonly string[],
): Promise<Map<string, PersonSummary>> {
  if (ids.length === 0) return new Map();
  // The person and everyone merged into them.
  const group = sql`array(select m.id from person m
    where m.partnership_id = p.partnership_id and m.merged_into = p.id) || p.id`;
  const rows = await tx
    .selectFrom('person as p')
    .select([
      'p.id',
      'p.kind',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'p.sealed',
      sql<string[] | null>`(select array_agg(distinct a.name order by a.name)
        from (
          select s.agency_id from source_record s
          where s.partnership_id = p.partnership_id and s.person_id = any(${group})
          union all
          select e.agency_id from event_party ep join event e on e.id = ep.event_id
          where ep.partnership_id = p.partnership_id and ep.person_id = any(${group})
        ) x join agency a on a.id = x.agency_id)`.as('agencies'),
    ])
    .where('p.partnership_id', '=', partnershipId)
    .where('p.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        kind: r.kind,
        givenName: r.given_name,
        familyName: r.family_name,
        dateOfBirth: r.date_of_birth,
        sealed: r.sealed,
        agencies: r.agencies ?? [],
      },
    ]),
  );
}

/**
 * Everything a reviewer compares about one person, including the people merged into them.
 *
 * @example
 * const detail = await personDetail(tx, partnershipId, id);
 */
export async function personDetail(
  tx: Tx,
  partnershipId: string,
  id: string,
  options: { withMerged: boolean } = { withMerged: true },
) {
  const merged = options.withMerged
    ? await tx
        .selectFrom('person')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('merged_into', '=', id)
        .execute()
    : [];
  const ids = [id, ...merged.map((m) => m.id)];
  return tx
    .selectFrom('person as p')
    .select((eb) => [
      'p.id',
      'p.kind',
      'p.given_name',
      'p.middle_names',
      'p.family_name',
      'p.date_of_birth',
      'p.sex',
      'p.sealed',
      'p.merged_into',
      'p.created_at',
      jsonArrayFrom(
        eb
          .selectFrom('person as m')
          .select(['m.id', 'm.given_name', 'm.family_name', 'm.date_of_birth', 'm.sealed'])
          .where('m.partnership_id', '=', partnershipId)
          .where('m.id', 'in', ids)
          .where('m.id', '!=', id)
          .orderBy('m.created_at'),
      ).as('merged'),
      jsonArrayFrom(
        eb
          .selectFrom('person_alias as a')
          .select(['a.given_name', 'a.family_name'])
          .where('a.partnership_id', '=', partnershipId)
          .where('a.person_id', 'in', ids)
          .orderBy('a.family_name')
          .orderBy('a.given_name'),
      ).as('aliases'),
      jsonArrayFrom(
        eb
          .selectFrom('person_address as a')
          .select(['a.line1', 'a.line2', 'a.town', 'a.postcode'])
          .distinct()
          .where('a.partnership_id', '=', partnershipId)
          .where('a.person_id', 'in', ids)
          .orderBy('a.postcode')
          .orderBy('a.line1'),
      ).as('addresses'),
      jsonArrayFrom(
        eb
          .selectFrom('person_identifier as i')
          .select(['i.scheme', 'i.value'])
          .distinct()
          .where('i.partnership_id', '=', partnershipId)
          .where('i.person_id', 'in', ids)
          .orderBy('i.scheme')
          .orderBy('i.value'),
      ).as('identifiers'),
      jsonArrayFrom(
        eb
          .selectFrom('source_record as s')
          .innerJoin('agency as ag', 'ag.id', 's.agency_id')
          .select([
            'ag.name as agency',
            sql<number>`count(*)::int`.as('records'),
            sql<string>`min(s.received_at)::text`.as('first'),
          ])
          .where('s.partnership_id', '=', partnershipId)
          .where('s.person_id', 'in', ids)
          .groupBy('ag.name')
          .orderBy('ag.name'),
      ).as('records'),
      jsonArrayFrom(
        eb
          .selectFrom('event_party as ep')
          .innerJoin('event as e', 'e.id', 'ep.event_id')
          .innerJoin('agency as ag', 'ag.id', 'e.agency_id')
          .select(['ag.name as agency', sql<number>`count(distinct e.id)::int`.as('events')])
          .where('ep.partnership_id', '=', partnershipId)
          .where('ep.person_id', 'in', ids)
          .groupBy('ag.name')
          .orderBy('ag.name'),
      ).as('events'),
    ])
    .where('p.partnership_id', '=', partnershipId)
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export type PersonDetailRow = NonNullable<Awaited<ReturnType<typeof personDetail>>>;

/**
 * The merges still in effect whose survivor is `id`, with who made them.
 *
 * @example
 * const merges = await activeMerges(tx, partnershipId, childId);
 */
export async function activeMerges(tx: Tx, partnershipId: string, id: string) {
  return withIdentityTables(tx)
    .selectFrom('identity_merge as g')
    .leftJoin('user_account as u', 'u.id', 'g.merged_by')
    .select([
      'g.id',
      'g.merged_id',
      'g.moved_ids',
      'g.link_decision_id',
      'g.merged_at',
      'g.note',
      'u.display_name as merged_by',
    ])
    .where('g.partnership_id', '=', partnershipId)
    .where('g.survivor_id', '=', id)
    .where('g.unmerged_at', 'is', null)
    .orderBy('g.merged_at', 'desc')
    .execute();
}

/**
 * A pair's decisions in order, with who made them.
 *
 * @example
 * const history = await pairHistory(tx, partnershipId, pairId);
 */
export async function pairHistory(tx: Tx, partnershipId: string, linkDecisionId: string) {
  return withIdentityTables(tx)
    .selectFrom('identity_decision as x')
    .leftJoin('user_account as u', 'u.id', 'x.decided_by')
    .select(['x.action', 'x.decided_at', 'x.note', 'u.display_name as decided_by'])
    .where('x.partnership_id', '=', partnershipId)
    .where('x.link_decision_id', '=', linkDecisionId)
    .orderBy('x.decided_at')
    .orderBy('x.id')
    .execute();
}
