/**
 * People pages and API. Until the access module lands (issue 4) these are served only in demo mode,
 * where every record is synthetic; outside demo mode they are not found.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import { currentPartnership } from '../platform/http/partnership.ts';
import { PeopleListQuery, PeopleListResponse } from './people.schema.ts';
import { createPeopleService } from './people.service.ts';

const KIND_LABEL = { child: 'Child', adult_of_concern: 'Adult of concern', other: 'Other' } as const;

export function registerPeopleRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const people = createPeopleService(deps.database.db);
  const guard = () => {
    if (!deps.config.demoMode) throw notFound('page');
  };

  app.get('/people', { schema: { querystring: PeopleListQuery, hide: true } }, async (request, reply) => {
    guard();
    const partnership = await currentPartnership(deps.database.db);
    const result = await people.list(partnership.partnershipId, request.query);
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    return reply.page('people/views/list.njk', {
      pageTitle: 'People',
      result,
      kindLabel: KIND_LABEL,
      previous: result.page > 1 ? `/people?page=${result.page - 1}` : undefined,
      next: result.page < pages ? `/people?page=${result.page + 1}` : undefined,
      pages,
    });
  });

  app.get(
    '/api/v1/people',
    {
      schema: {
        summary: 'List people in the partnership',
        tags: ['people'],
        querystring: PeopleListQuery,
        response: { 200: PeopleListResponse },
      },
    },
    async (request) => {
      guard();
      const partnership = await currentPartnership(deps.database.db);
      const result = await people.list(partnership.partnershipId, request.query);
      return { total: result.total, page: result.page, pageSize: result.pageSize, people: result.rows };
    },
  );
}
