/**
 * The start page and the health check.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkDatabase } from '../platform/database/index.ts';
import type { AppDeps } from '../platform/http/app.ts';

const HealthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.object({ kind: z.enum(['postgres', 'pglite']), ok: z.boolean(), latencyMs: z.number() }),
  version: z.string(),
});

export function registerHomeRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const partnership = await deps.database.db
      .selectFrom('partnership')
      .select(['partnership_id', 'name'])
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    const agencyCount =
      partnership === undefined
        ? 0
        : Number(
            (
              await deps.database.db
                .selectFrom('agency')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('partnership_id', '=', partnership.partnership_id)
                .executeTakeFirstOrThrow()
            ).n,
          );
    return reply.page('pages/start.njk', {
      pageTitle: 'Protecting children from sexual exploitation, together',
      partnershipName: partnership?.name ?? 'No partnership has been set up yet.',
      agencyCount,
      startHref: deps.config.demoMode ? '/people' : '/sign-in',
      startText: deps.config.demoMode ? 'Open the demo partnership' : 'Sign in',
    });
  });

  app.get('/accessibility', { schema: { hide: true } }, async (_request, reply) =>
    reply.page('pages/accessibility.njk', {}),
  );
  app.get('/privacy', { schema: { hide: true } }, async (_request, reply) =>
    reply.page('pages/privacy.njk', {}),
  );

  app.get(
    '/health',
    {
      schema: {
        summary: 'Service and database health',
        tags: ['health'],
        response: { 200: HealthResponse, 503: HealthResponse },
      },
    },
    async (_request, reply) => {
      const database = await checkDatabase(deps.database.db);
      const body = {
        status: database.ok ? ('ok' as const) : ('unavailable' as const),
        database: { kind: deps.database.kind, ...database },
        version: '0.1.0',
      };
      return reply.status(database.ok ? 200 : 503).send(body);
    },
  );
}
