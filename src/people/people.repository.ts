/**
 * Reads of the person table, always scoped to one partnership. One method per intent.
 */
import type { Db } from '../platform/database/index.ts';

export interface PersonListRow {
  id: string;
  kind: 'child' | 'adult_of_concern' | 'other';
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  sex: string | null;
  lookedAfter: boolean;
}

export interface PersonPage {
  rows: PersonListRow[];
  total: number;
}

/**
 * Lists people in a partnership, children first, then by family and given name.
 *
 * @example
 * await listPeople(db, partnershipId, { offset: 0, limit: 50 });
 */
export async function listPeople(
  db: Db,
  partnershipId: string,
  page: { offset: number; limit: number; kind?: PersonListRow['kind'] | undefined },
): Promise<PersonPage> {
  let query = db
    .selectFrom('person')
    .where('partnership_id', '=', partnershipId)
    .where('merged_into', 'is', null);
  if (page.kind !== undefined) query = query.where('kind', '=', page.kind);
  const [rows, count] = await Promise.all([
    query
      .select(['id', 'kind', 'given_name', 'family_name', 'date_of_birth', 'sex', 'looked_after'])
      .orderBy('kind')
      .orderBy('family_name')
      .orderBy('given_name')
      .orderBy('id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      givenName: r.given_name,
      familyName: r.family_name,
      dateOfBirth: r.date_of_birth,
      sex: r.sex,
      lookedAfter: r.looked_after,
    })),
  };
}
