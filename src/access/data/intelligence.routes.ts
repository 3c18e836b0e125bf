/**
 * Intelligence (read side, for the access policy) and partnership aggregates. Police analysts see an item
 * in full; coordinators see the sanitised version of handling code P; everyone else, and everyone for
 * code C outside the police, gets 404. Partnership analysts see counts, never a person.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../platform/database/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import type { AppDeps } from '../../platform/http/app.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { actorOf, requireSignIn } from '../http/hooks.ts';
import { canInPartnership } from '../policy/engine.ts';
import { withAccess } from './scope.ts';

const IntelligenceResponse = z.object({
  id: z.uuid(),
  version: z.enum(['full', 'sanitised']),
  recordedOn: z.string(),
  grading: z.object({ source: z.string(), assessment: z.string(), handling: z.enum(['P', 'C']) }),
  text: z.string(),
  personId: z.string().nullable(),
});
const AggregateResponse = z.object({
  people: z.object({ child: z.number().int(), adult_of_concern: z.number().int(), other: z.number().int() }),
});

export function registerIntelligenceRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  app.get(
    '/api/v1/intelligence/:id',
    {
      schema: {
        summary: 'An intelligence item: in full for police analysts, sanitised for partners (404 otherwise)',
        tags: ['intelligence'],
        params: z.object({ id: z.uuid() }),
        response: { 200: IntelligenceResponse },
      },
      preHandler: requireSignIn,
    },
    async (request) => {
      const item = await withAccess(db, deps.clock, actorOf(request), (scope) => scope.readIntelligence(request.params.id));
      if (item === undefined) throw notFound('intelligence');
      return item;
    },
  );

  app.get(
    '/api/v1/aggregates/people',
    {
      schema: { summary: 'How many people the partnership records, by kind', tags: ['aggregates'], response: { 200: AggregateResponse } },
      preHandler: requireSignIn,
    },
    async (request) => {
      const actor = actorOf(request);
      if (!canInPartnership(actor, 'aggregate.read')) throw notFound('page');
      const now = deps.clock.now();
      return inTransaction(db, async (tx) => {
        const rows = await tx
          .selectFrom('person')
          .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
          .where('partnership_id', '=', actor.partnershipId)
          .where('merged_into', 'is', null)
          .groupBy('kind')
          .execute();
        await writeAudit(tx, now, { action: 'aggregate.read', subjectType: 'aggregate', details: { aggregate: 'people_by_kind' } });
        const people = { child: 0, adult_of_concern: 0, other: 0 };
        for (const r of rows) people[r.kind] = Number(r.n);
        return { people };
      });
    },
  );
}
