/**
 * Intelligence pages and API: the items a user may see (in full for police analysts, the sanitised
 * version of handling code P for coordinators; 404 for anything else) and recording a graded item with
 * its links (`intelligence.record`; the form is in intelligence.form.routes.ts). Route → sign-in →
 * policy → zod → one service call (audited) → render or JSON.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../access/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import { HANDLING_CODE, INTELLIGENCE_ASSESSMENT, SOURCE_EVALUATION } from './grading/grading.ts';
import { intelligenceParams, newIntelligenceSchema } from './intelligence.schema.ts';
import { createIntelligenceService } from './intelligence.service.ts';
import { mayRecordIntelligence, registerIntelligenceFormRoutes } from './intelligence.form.routes.ts';

const ItemResponse = z.object({
  id: z.string(),
  scheme: z.enum(['3x5x2', '5x5x5']),
  version: z.enum(['full', 'sanitised']),
  recordedOn: z.string(),
  gradingLabel: z.string(),
  text: z.string(),
  source: z.object({ type: z.string(), reference: z.string() }).optional(),
  links: z.array(z.object({ type: z.string(), id: z.string(), label: z.string() })),
});

export function registerIntelligenceItemRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const intel = createIntelligenceService(deps.database.db, deps.clock);
  registerIntelligenceFormRoutes(base, deps);

  app.get(
    '/intelligence',
    {
      schema: { hide: true, querystring: z.object({ recorded: z.uuid().optional() }) },
      preValidation: requireSignIn,
    },
    async (request, reply) => {
      const items = await intel.list(actorOf(request));
      return reply.page('intelligence/views/list.njk', {
        pageTitle: 'Intelligence',
        items,
        canRecord: mayRecordIntelligence(request),
        recorded: items.find((i) => i.id === request.query.recorded),
      });
    },
  );

  app.get(
    '/intelligence/:id',
    { schema: { hide: true, params: intelligenceParams }, preValidation: requireSignIn },
    async (request, reply) => {
      const item = await intel.get(actorOf(request), request.params.id);
      return reply.page('intelligence/views/item.njk', {
        pageTitle: `Intelligence recorded ${item.recordedOn}`,
        item,
        labels: { source: SOURCE_EVALUATION, assessment: INTELLIGENCE_ASSESSMENT, handling: HANDLING_CODE },
      });
    },
  );

  app.get(
    '/api/v1/intelligence',
    {
      schema: {
        summary: 'Intelligence items you may see, each in the version you may see',
        tags: ['intelligence'],
        response: { 200: z.object({ items: z.array(ItemResponse) }) },
      },
      preHandler: requireSignIn,
    },
    async (request) => ({ items: await intel.list(actorOf(request)) }),
  );

  app.post(
    '/api/v1/intelligence',
    {
      schema: {
        summary: 'Record a graded intelligence item with its links (police analysts; 404 otherwise)',
        description:
          '3x5x2 grading is validated (conditions for handling code C, corroboration for B, a note for E); legacy 5x5x5 items are kept in their own scheme and never converted.',
        tags: ['intelligence'],
        body: newIntelligenceSchema,
        response: {
          201: z.object({
            id: z.string(),
            warnings: z.array(z.object({ code: z.string(), message: z.string() })),
          }),
        },
      },
      // Sign-in, then the policy (404, audited), then the body: a signed-out caller always gets 401.
      preValidation: [
        requireSignIn,
        async (request: FastifyRequest) => {
          await intel.mayRecord(actorOf(request));
        },
      ],
    },
    async (request, reply) => {
      const result = await intel.record(actorOf(request), request.body);
      return reply.code(201).send({
        id: result.id,
        warnings: result.warnings.map((w) => ({ code: w.code, message: w.message })),
      });
    },
  );
}
