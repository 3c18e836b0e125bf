/**
 * The SQL behind the child record: two queries for any size of chronology (the profile with its
 * identifiers, aliases, addresses and screening history as JSON arrays; then every event the child is
 * a party to, with the agency). Called only after the access policy allowed the read.
 */
import { sql, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../platform/database/index.ts';
import { withScreeningTables } from '../screening/index.ts';
import type { ChronologyRow } from './chronology.ts';

type Tx = Transaction<Database>;

/**
 * The child's profile and screening history (one query).
 *
 * @example
 * const profile = await childProfile(tx, partnershipId, childId);
 */
export async function childProfile(tx: Tx, partnershipId: string, id: string) {
  const db = withScreeningTables(tx);
  return db
    .selectFrom('person as p')
    .select((eb) => [
      'p.id',
      'p.kind',
      'p.given_name',
      'p.middle_names',
      'p.family_name',
      'p.date_of_birth',
      'p.sex',
      'p.disability',
      'p.special_educational_needs',
      'p.looked_after',
      'p.sealed',
      jsonArrayFrom(
        eb
          .selectFrom('person_identifier as i')
          .select(['i.scheme', 'i.value'])
          .whereRef('i.person_id', '=', 'p.id')
          .where('i.partnership_id', '=', partnershipId)
          .orderBy('i.scheme')
          .orderBy('i.value'),
      ).as('identifiers'),
      jsonArrayFrom(
        eb
          .selectFrom('person_alias as a')
          .select(['a.kind', 'a.given_name', 'a.family_name'])
          .whereRef('a.person_id', '=', 'p.id')
          .where('a.partnership_id', '=', partnershipId)
          .orderBy('a.family_name')
          .orderBy('a.given_name'),
      ).as('aliases'),
      jsonArrayFrom(
        eb
          .selectFrom('person_address as d')
          .select(['d.line1', 'd.line2', 'd.town', 'd.postcode', 'd.valid_from', 'd.valid_to'])
          .whereRef('d.person_id', '=', 'p.id')
          .where('d.partnership_id', '=', partnershipId)
          .orderBy(sql`d.valid_from desc nulls last`),
      ).as('addresses'),
      jsonArrayFrom(
        eb
          .selectFrom('screening as s')
          .innerJoin('agency as sa', 'sa.id', 's.assessor_agency_id')
          .select([
            's.id',
            's.assessed_on',
            's.score',
            's.computed_level',
            's.final_level',
            's.judgement_level',
            's.overrides',
            's.review_due',
            'sa.name as agency',
          ])
          .whereRef('s.person_id', '=', 'p.id')
          .where('s.partnership_id', '=', partnershipId)
          .orderBy('s.recorded_at', 'desc')
          .limit(50),
      ).as('screenings'),
    ])
    .where('p.partnership_id', '=', partnershipId)
    .where('p.id', '=', id)
    .executeTakeFirstOrThrow();
}

/**
 * Every event the child is a party to, newest first, with the contributing agency (one query).
 *
 * @example
 * const rows = await chronologyRows(tx, partnershipId, childId);
 */
export async function chronologyRows(tx: Tx, partnershipId: string, id: string): Promise<ChronologyRow[]> {
  const rows = await tx
    .selectFrom('event_party as ep')
    .innerJoin('event as e', 'e.id', 'ep.event_id')
    .innerJoin('agency as a', 'a.id', 'e.agency_id')
    .select([
      'e.id',
      'e.type',
      'e.occurred_at',
      'e.occurred_until',
      'e.narrative',
      sql<string | null>`e.data->>'status'`.as('status'),
      'ep.role',
      'a.id as agency_id',
      'a.name as agency_name',
      'a.kind as agency_kind',
    ])
    .where('ep.partnership_id', '=', partnershipId)
    .where('ep.person_id', '=', id)
    .where('e.partnership_id', '=', partnershipId)
    .orderBy('e.occurred_at', 'desc')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    occurredAt: r.occurred_at,
    occurredUntil: r.occurred_until,
    narrative: r.narrative,
    status: r.status,
    role: r.role,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    agencyKind: r.agency_kind,
  }));
}

let alertTableKnown: boolean | undefined;

/**
 * Open early-warning alerts for the child, when the alert table exists (migration of the early-warning
 * module). Until it lands this returns null, and the page says alerts are not available yet.
 *
 * @example
 * const alerts = await openAlerts(tx, partnershipId, childId); // null before alerts exist
 */
export async function openAlerts(
  tx: Tx,
  partnershipId: string,
  id: string,
): Promise<{ id: string; band: string; raisedOn: string; status: string }[] | null> {
  if (alertTableKnown === undefined) {
    const probe = await sql<{ ok: boolean }>`select to_regclass('alert') is not null as ok`.execute(tx);
    alertTableKnown = probe.rows[0]?.ok === true;
  }
  if (!alertTableKnown) return null;
  const result = await sql<{ id: string; band: string; raised_on: string; status: string }>`
    select id, band, raised_on::text as raised_on, status from alert
    where partnership_id = ${partnershipId} and person_id = ${id} and status in ('new', 'acknowledged')
    order by raised_on desc limit 20`.execute(tx);
  return result.rows.map((r) => ({ id: r.id, band: r.band, raisedOn: r.raised_on, status: r.status }));
}
