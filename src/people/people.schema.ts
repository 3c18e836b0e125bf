import { z } from 'zod';

export const PEOPLE_PAGE_SIZE = 50;

export const PeopleListQuery = z.object({
  page: z.coerce.number().int().min(1, 'Page must be 1 or more').max(100_000).default(1),
  kind: z.enum(['child', 'adult_of_concern', 'other']).optional(),
  q: z.string().trim().max(200, 'Search must be 200 characters or fewer').optional(),
});
export type PeopleListQuery = z.infer<typeof PeopleListQuery>;

export const PersonParams = z.object({ id: z.uuid() });

export const PersonListItem = z.object({
  id: z.uuid(),
  kind: z.enum(['child', 'adult_of_concern', 'other']),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  sex: z.string().nullable(),
  lookedAfter: z.boolean(),
});

export const MAY_EXIST_ELSEWHERE = 'A record may exist elsewhere: contact the MASH';

export const PeopleListResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  people: z.array(PersonListItem),
  notice: z.string().optional(),
});

export const PersonResponse = z.object({
  id: z.uuid(),
  kind: z.enum(['child', 'adult_of_concern', 'other']),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  sex: z.string().nullable(),
  lookedAfter: z.boolean(),
  sealed: z.boolean(),
  healthVisible: z.boolean(),
  disability: z.string().nullable().optional(),
  identifiers: z.array(z.object({ scheme: z.string(), value: z.string() })),
  involvedAgencies: z.array(z.string()),
  events: z.array(
    z.object({
      occurredAt: z.string(),
      type: z.string(),
      agency: z.string(),
      role: z.string(),
      narrative: z.string().nullable(),
      restricted: z.boolean(),
    }),
  ),
  concerns: z.array(
    z.object({ raisedAt: z.string(), agency: z.string(), status: z.string(), raisedByYou: z.boolean() }),
  ),
  breakGlassExpires: z.string().optional(),
});
