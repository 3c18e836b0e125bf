/**
 * The child record page (`/children/:id`, and `?view=print` for a meeting's paper copy) and its JSON
 * twin. Sign-in → zod → one service call (policy, one query, audit) → render. Out of scope is 404.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, canInPartnership, requireSignIn } from '../access/index.ts';
import { survivorOrRethrow } from '../identity/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import { LEVEL_LABEL, LEVEL_TAG } from '../screening/index.ts';
import { ChildParams, ChildResponse, ChronologyQuery } from './children.schema.ts';
import { createChildrenService } from './children.service.ts';
import { SCHEME_LABEL, chronologyRowsHtml, eventTypeLabel } from './children.presenter.ts';

const CSS = readFileSync(join(import.meta.dirname, 'child-record.css'), 'utf8');

/** @example ROUTE_MODULES.push(registerChildrenRoutes); */
export function registerChildrenRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const children = createChildrenService(deps.database.db, deps.clock);

  app.get('/static/children/child-record.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(CSS),
  );

  app.get(
    '/children/:id',
    { schema: { params: ChildParams, querystring: ChronologyQuery, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      const query = request.query;
      const child = await children.get(actor, request.params.id, query).catch((error: unknown) =>
        // A record linked to another after identity review leads there, for those who may see them.
        survivorOrRethrow(error, deps.database.db, deps.clock, actor, request.params.id),
      );
      if (typeof child === 'string') return reply.redirect(`/children/${child}`, 303);
      const name = [child.givenName, child.familyName].filter((x) => x !== null).join(' ') || 'Child';
      const print = query.view === 'print';
      const filtered = query.agency !== undefined || query.type !== undefined || query.significant;
      const printParams = new URLSearchParams({ view: 'print' });
      if (query.agency !== undefined) printParams.set('agency', query.agency);
      if (query.type !== undefined) printParams.set('type', query.type);
      if (query.significant) printParams.set('significant', '1');
      return reply.page(print ? 'children/views/child-print.njk' : 'children/views/child.njk', {
        pageTitle: print ? `${name}: chronology for printing` : name,
        name,
        child,
        query,
        filtered,
        printHref: `/children/${child.id}?${printParams.toString()}`,
        printedAt: deps.clock.now().toISOString(),
        printedBy: actor.displayName,
        printedAgency: actor.agencyName,
        canScreen: canInPartnership(actor, 'screening.record'),
        canReviewIdentity: canInPartnership(actor, 'identity.review'),
        rowsHtml: chronologyRowsHtml(child.chronology.items),
        schemeLabel: SCHEME_LABEL,
        levelLabel: LEVEL_LABEL,
        levelTag: LEVEL_TAG,
        typeLabel: Object.fromEntries(
          child.chronology.options.types.map((t) => [t.value, eventTypeLabel(t.value)]),
        ),
      });
    },
  );

  app.get(
    '/api/v1/children/:id',
    {
      schema: {
        summary:
          'A child you may see, with risk level, alerts and the multi-agency chronology (404 otherwise)',
        description:
          'Events other agencies hold that your agency may not see are left out; `chronology.withheld` counts them only where the access policy allows revealing that they exist.',
        tags: ['children'],
        params: ChildParams,
        querystring: ChronologyQuery,
        response: { 200: ChildResponse },
      },
      preHandler: requireSignIn,
    },
    async (request) => children.get(actorOf(request), request.params.id, request.query),
  );
}
