/**
 * People: the business rules over persons. Takes its dependencies as arguments.
 */
import type { Db } from '../platform/database/index.ts';
import { listPeople, type PersonPage } from './people.repository.ts';
import { PEOPLE_PAGE_SIZE, type PeopleListQuery } from './people.schema.ts';

export interface PeopleService {
  list(
    partnershipId: string,
    query: PeopleListQuery,
  ): Promise<PersonPage & { page: number; pageSize: number }>;
}

/** @example const people = createPeopleService(db); await people.list(pid, { page: 1 }); */
export function createPeopleService(db: Db): PeopleService {
  return {
    async list(partnershipId, query) {
      const result = await listPeople(db, partnershipId, {
        offset: (query.page - 1) * PEOPLE_PAGE_SIZE,
        limit: PEOPLE_PAGE_SIZE,
        kind: query.kind,
      });
      return { ...result, page: query.page, pageSize: PEOPLE_PAGE_SIZE };
    },
  };
}
