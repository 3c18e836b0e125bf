/**
 * The SQL behind the access-checked person handle. Every query takes the partnership; none is exported
 * beyond the access module (other modules read people only through `withAccess`).
 */
import type { Transaction } from 'kysely';
import type { Database, PersonKind } from '../../platform/database/index.ts';

type Tx = Transaction<Database>;

export interface PersonCandidateFilter {
  kind?: PersonKind | undefined;
  /** Name search: every word must match the start of a given, family or alias name. */
  terms?: string[] | undefined;
}

/** Ids of every person matching the filter, in list order (children first, then by name). */
export async function candidatePersonIds(tx: Tx, partnershipId: string, filter: PersonCandidateFilter): Promise<string[]> {
  let query = tx
    .selectFrom('person as p')
    .select('p.id')
    .where('p.partnership_id', '=', partnershipId)
    .where('p.merged_into', 'is', null);
  if (filter.kind !== undefined) query = query.where('p.kind', '=', filter.kind);
  for (const term of filter.terms ?? []) {
    const like = `${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['p.given_name']), 'like', like),
        eb(eb.fn('lower', ['p.family_name']), 'like', like),
        eb.exists(
          eb
            .selectFrom('person_alias as a')
            .select('a.id')
            .whereRef('a.person_id', '=', 'p.id')
            .where((e2) =>
              e2.or([
                e2(e2.fn('lower', ['a.given_name']), 'like', like),
                e2(e2.fn('lower', ['a.family_name']), 'like', like),
              ]),
            ),
        ),
        eb.exists(
          eb
            .selectFrom('person_identifier as i')
            .select('i.id')
            .whereRef('i.person_id', '=', 'p.id')
            .where((e3) => e3(e3.fn('lower', ['i.value']), '=', term.toLowerCase())),
        ),
      ]),
    );
  }
  const rows = await query.orderBy('p.kind').orderBy('p.family_name').orderBy('p.given_name').orderBy('p.id').execute();
  return rows.map((r) => r.id);
}

export interface PersonListRow {
  id: string;
  kind: PersonKind;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  sex: string | null;
  lookedAfter: boolean;
}

/** List rows for the given ids, in the given order. */
export async function personListRows(tx: Tx, partnershipId: string, ids: string[]): Promise<PersonListRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('person')
    .select(['id', 'kind', 'given_name', 'family_name', 'date_of_birth', 'sex', 'looked_after'])
    .where('partnership_id', '=', partnershipId)
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r === undefined
      ? []
      : [
          {
            id: r.id,
            kind: r.kind,
            givenName: r.given_name,
            familyName: r.family_name,
            dateOfBirth: r.date_of_birth,
            sex: r.sex,
            lookedAfter: r.looked_after,
          },
        ];
  });
}

/** Everything the person page shows, before fields are stripped. */
export async function personRecord(tx: Tx, partnershipId: string, id: string) {
  const person = await tx
    .selectFrom('person')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const [identifiers, events, concerns, agencies] = await Promise.all([
    tx
      .selectFrom('person_identifier')
      .select(['scheme', 'value'])
      .where('partnership_id', '=', partnershipId)
      .where('person_id', '=', id)
      .orderBy('scheme')
      .orderBy('value')
      .execute(),
    tx
      .selectFrom('event_party as ep')
      .innerJoin('event as e', 'e.id', 'ep.event_id')
      .innerJoin('agency as a', 'a.id', 'e.agency_id')
      .select(['e.id', 'e.type', 'e.occurred_at', 'e.narrative', 'ep.role', 'a.name as agency_name', 'a.kind as agency_kind'])
      .where('ep.partnership_id', '=', partnershipId)
      .where('ep.person_id', '=', id)
      .orderBy('e.occurred_at', 'desc')
      .limit(50)
      .execute(),
    tx
      .selectFrom('concern as c')
      .innerJoin('agency as a', 'a.id', 'c.raised_by_agency_id')
      .select(['c.id', 'c.raised_at', 'c.status', 'c.raised_by_user_id', 'c.raised_by_agency_id', 'a.name as agency_name'])
      .where('c.partnership_id', '=', partnershipId)
      .where('c.person_id', '=', id)
      .orderBy('c.raised_at', 'desc')
      .execute(),
    tx.selectFrom('agency').select(['id', 'name']).where('partnership_id', '=', partnershipId).execute(),
  ]);
  return { person, identifiers, events, concerns, agencyNames: new Map(agencies.map((a) => [a.id, a.name])) };
}
