/**
 * People pages and API. Each route: sign-in required → zod input → one service call (scoped, policy
 * checked, audited) → render or JSON. A person outside the user's scope is "not found", exactly like a
 * missing one.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requireSignIn } from '../access/index.ts';
import { survivorOrRethrow } from '../identity/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import {
  MAY_EXIST_ELSEWHERE,
  PeopleListQuery,
  PeopleListResponse,
  PersonParams,
  PersonResponse,
} from './people.schema.ts';
import { createPeopleService } from './people.service.ts';

const KIND_LABEL = { child: 'Child', adult_of_concern: 'Adult of concern', other: 'Other' } as const;
const SCHEME_LABEL: Record<string, string> = {
  nhs_number: 'NHS number',
  upn: 'Unique pupil number',
  police_id: 'Police reference',
  la_id: 'Local authority reference',
  yot_id: 'Youth justice reference',
  other: 'Other reference',
};

function pageLink(query: PeopleListQuery, page: number): string {
  const params = new URLSearchParams({ page: String(page) });
  if (query.q !== undefined && query.q !== '') params.set('q', query.q);
  if (query.kind !== undefined) params.set('kind', query.kind);
  return `/people?${params.toString()}`;
}

export function registerPeopleRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const people = createPeopleService(deps.database.db, deps.clock);

  app.get(
    '/people',
    { schema: { querystring: PeopleListQuery, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const query = request.query;
      const result = await people.list(actorOf(request), query);
      const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
      return reply.page('people/views/list.njk', {
        pageTitle: 'People',
        result,
        query,
        kindLabel: KIND_LABEL,
        notice: result.mayExistElsewhere ? MAY_EXIST_ELSEWHERE : undefined,
        previous: result.page > 1 ? pageLink(query, result.page - 1) : undefined,
        next: result.page < pages ? pageLink(query, result.page + 1) : undefined,
        pages,
      });
    },
  );

  app.get(
    '/people/:id',
    { schema: { params: PersonParams, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      const person = await people.get(actor, request.params.id).catch((error: unknown) =>
        // A record linked to another after identity review leads there, for those who may see them.
        survivorOrRethrow(error, deps.database.db, deps.clock, actor, request.params.id),
      );
      if (typeof person === 'string') return reply.redirect(`/people/${person}`, 303);
      return reply.page('people/views/person.njk', {
        pageTitle: [person.givenName, person.familyName].filter((x) => x !== null).join(' ') || 'Person',
        person,
        kindLabel: KIND_LABEL,
        schemeLabel: SCHEME_LABEL,
      });
    },
  );

  app.get(
    '/api/v1/people',
    {
      schema: {
        summary: 'List or search the people you may see',
        description: `Only people in your scope are listed and counted. When a search matches someone outside your scope, \`notice\` says "${MAY_EXIST_ELSEWHERE}".`,
        tags: ['people'],
        querystring: PeopleListQuery,
        response: { 200: PeopleListResponse },
      },
      preHandler: requireSignIn,
    },
    async (request) => {
      const result = await people.list(actorOf(request), request.query);
      return {
        total: result.total,
        page: result.page,
        pageSize: result.pageSize,
        people: result.rows,
        ...(result.mayExistElsewhere ? { notice: MAY_EXIST_ELSEWHERE } : {}),
      };
    },
  );

  app.get(
    '/api/v1/people/:id',
    {
      schema: {
        summary: 'A person you may see (404 otherwise)',
        tags: ['people'],
        params: PersonParams,
        response: { 200: PersonResponse },
      },
      preHandler: requireSignIn,
    },
    async (request) => people.get(actorOf(request), request.params.id),
  );
}
