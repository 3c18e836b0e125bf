/**
 * Break-glass pages: ask for emergency access with a reason; the data-protection lead's review queue.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isAppError, notFound } from '../../platform/errors/index.ts';
import type { AppDeps } from '../../platform/http/app.ts';
import { actorOf, requireSignIn } from '../http/hooks.ts';
import { canInPartnership } from '../policy/engine.ts';
import type { Actor } from '../policy/types.ts';
import {
  BREAK_GLASS_MINUTES,
  REASON_MIN_LENGTH,
  openBreakGlass,
  recordReview,
  reviewQueue,
} from './break-glass.service.ts';

const OpenBody = z.object({
  reference: z.string().max(200).default(''),
  reason: z.string().max(2000).default(''),
  _csrf: z.string().optional(),
});
const ReviewBody = z.object({
  outcome: z.enum(['justified', 'not_justified']).optional(),
  note: z.string().max(2000).default(''),
  _csrf: z.string().optional(),
});

function mayBreakGlass(actor: Actor): boolean {
  return actor.roles.some((r) => r === 'practitioner' || r === 'coordinator' || r === 'police_analyst');
}

export function registerBreakGlassRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  const formPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: { href: string; text: string }[],
  ) =>
    reply.page('access/views/break-glass.njk', {
      pageTitle: 'Emergency access to a record',
      values,
      errorList: errors,
      fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text])),
      minutes: BREAK_GLASS_MINUTES,
      reasonMin: REASON_MIN_LENGTH,
    });

  app.get('/break-glass', { schema: { hide: true }, preHandler: requireSignIn }, async (request, reply) => {
    if (!mayBreakGlass(actorOf(request))) throw notFound('page');
    return formPage(request, reply, {}, []);
  });

  app.post(
    '/break-glass',
    { schema: { body: OpenBody, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!mayBreakGlass(actor)) throw notFound('page');
      try {
        const { personId } = await openBreakGlass(db, deps.clock, actor, request.body);
        return await reply.redirect(`/people/${personId}`, 303);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'validation') throw error;
        const errors = error.issues.map((i) => ({ href: `#${String(i.path[0])}`, text: i.message }));
        return formPage(
          request,
          reply.status(400),
          { reference: request.body.reference, reason: request.body.reason },
          errors,
        );
      }
    },
  );

  app.get(
    '/break-glass/reviews',
    { schema: { hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!canInPartnership(actor, 'break_glass.review')) throw notFound('page');
      const items = await reviewQueue(db, deps.clock, actor);
      return reply.page('access/views/break-glass-reviews.njk', {
        pageTitle: 'Emergency access reviews',
        items,
      });
    },
  );

  app.post(
    '/break-glass/reviews/:id',
    {
      schema: { params: z.object({ id: z.uuid() }), body: ReviewBody, hide: true },
      preHandler: requireSignIn,
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!canInPartnership(actor, 'break_glass.review')) throw notFound('page');
      const outcome = request.body.outcome;
      if (outcome === undefined) return reply.redirect('/break-glass/reviews', 303);
      await recordReview(db, deps.clock, actor, request.params.id, { outcome, note: request.body.note });
      return reply.redirect('/break-glass/reviews', 303);
    },
  );
}
