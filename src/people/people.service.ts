/**
 * People: the business rules over persons. Every read goes through the access-checked handle, so it is
 * scoped, filtered by the policy and audited in the same transaction.
 */
import { withAccess, type Actor, type PersonListRow, type PersonView } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/database/index.ts';
import { notFound } from '../platform/errors/index.ts';
import { PEOPLE_PAGE_SIZE, type PeopleListQuery } from './people.schema.ts';

export interface PeopleListResult {
  rows: PersonListRow[];
  total: number;
  page: number;
  pageSize: number;
  mayExistElsewhere: boolean;
}

export interface PeopleService {
  list(actor: Actor, query: PeopleListQuery): Promise<PeopleListResult>;
  /** Throws not_found when the person is missing or out of the actor's scope. */
  get(actor: Actor, id: string): Promise<PersonView>;
}

/** @example const people = createPeopleService(db, clock); await people.list(actor, { page: 1 }); */
export function createPeopleService(db: Db, clock: Clock): PeopleService {
  return {
    async list(actor, query) {
      const result = await withAccess(db, clock, actor, (scope) =>
        scope.listPeople({
          offset: (query.page - 1) * PEOPLE_PAGE_SIZE,
          limit: PEOPLE_PAGE_SIZE,
          kind: query.kind,
          search: query.q,
        }),
      );
      return { ...result, page: query.page, pageSize: PEOPLE_PAGE_SIZE };
    },
    async get(actor, id) {
      const person = await withAccess(db, clock, actor, (scope) => scope.readPerson(id));
      if (person === undefined) throw notFound('person');
      return person;
    },
  };
}
