import { z } from 'zod';

export const PEOPLE_PAGE_SIZE = 50;

export const PeopleListQuery = z.object({
  page: z.coerce.number().int().min(1, 'Page must be 1 or more').max(100_000).default(1),
  kind: z.enum(['child', 'adult_of_concern', 'other']).optional(),
});
export type PeopleListQuery = z.infer<typeof PeopleListQuery>;

export const PersonListItem = z.object({
  id: z.uuid(),
  kind: z.enum(['child', 'adult_of_concern', 'other']),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  sex: z.string().nullable(),
  lookedAfter: z.boolean(),
});

export const PeopleListResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  people: z.array(PersonListItem),
});
