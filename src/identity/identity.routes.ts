/**
 * Identity review pages: the queue (`/identity/reviews`), a pair side by side with the engine's
 * explanation and the decision form (`/identity/reviews/:id`), and the records linked to a person with
 * unlinking (`/identity/people/:id/linked`). Sign-in → policy → zod → one service call → render. Works
 * without JavaScript; a bad answer re-renders the page with the GOV.UK error summary and changes nothing.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, canInPartnership, requireSignIn, type Actor } from '../access/index.ts';
import { isAppError, issuesFromZod, notFound, type FieldIssue } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import {
  DecisionInput,
  FormBody,
  LinkedQuery,
  NOTE_MAX,
  PairParams,
  PersonParams,
  QueueQuery,
  UnlinkInput,
  UnlinkParams,
} from './identity.schema.ts';
import { recordHref } from './identity.presenter.ts';
import { createIdentityService } from './identity.service.ts';

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

const ACTION_TEXT: Record<string, string> = {
  link: 'Linked',
  reject: 'Recorded as not the same person',
  defer: 'Left to decide later',
  unmerge: 'Unlinked',
};

function mayReview(actor: Actor): void {
  if (!canInPartnership(actor, 'identity.review')) throw notFound('page');
}

/** GOV.UK error summary entries and per-field messages; `prefix` scopes ids when a page has several forms. */
function errorsOf(issues: FieldIssue[], prefix = '') {
  const errorList = issues.map((i) => ({
    href: `#${prefix}${String(i.path[0] ?? 'decision')}`,
    text: i.message,
  }));
  const fieldErrors: Record<string, string> = {};
  for (const i of issues) {
    const key = `${prefix}${String(i.path[0] ?? 'decision')}`;
    fieldErrors[key] = fieldErrors[key] === undefined ? i.message : `${fieldErrors[key]}. ${i.message}`;
  }
  return { errorList, fieldErrors };
}

/** @example ROUTE_MODULES.push(registerIdentityRoutes); */
export function registerIdentityRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const identity = createIdentityService(deps.database.db, deps.clock);

  const pairPage = async (
    reply: FastifyReply,
    actor: Actor,
    id: string,
    values: Record<string, string | undefined>,
    issues: FieldIssue[],
  ) => {
    const pair = await identity.pair(actor, id);
    return reply.page('identity/views/pair.njk', {
      pageTitle: 'Are these records about the same person?',
      pair,
      values,
      noteMax: NOTE_MAX,
      actionText: ACTION_TEXT,
      ...errorsOf(issues),
    });
  };

  const linkedPage = async (
    reply: FastifyReply,
    actor: Actor,
    id: string,
    form: { mergeId: string; values: Record<string, string | undefined>; issues: FieldIssue[] } | undefined,
    unlinked: boolean,
  ) => {
    const view = await identity.linked(actor, id);
    return reply.page('identity/views/linked.njk', {
      pageTitle: `Records linked to ${view.person.name}`,
      view,
      form,
      unlinked,
      recordHref: recordHref(view.person.id, view.person.kind),
      ...errorsOf(form?.issues ?? [], form === undefined ? '' : `m${form.mergeId}-`),
    });
  };

  app.get(
    '/identity/reviews',
    { schema: { querystring: QueueQuery, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      mayReview(actor);
      const queue = await identity.queue(actor, { page: request.query.page });
      const { done, decided } = request.query;
      return reply.page('identity/views/queue.njk', {
        pageTitle: 'Records that may be the same person',
        queue,
        done: done === undefined || decided === undefined ? undefined : { pairId: done, decided },
      });
    },
  );

  app.get(
    '/identity/reviews/:id',
    { schema: { params: PairParams, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      mayReview(actor);
      return pairPage(reply, actor, request.params.id, {}, []);
    },
  );

  app.post(
    '/identity/reviews/:id',
    { schema: { params: PairParams, body: FormBody, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      mayReview(actor);
      const id = request.params.id;
      const values = { decision: one(request.body.decision), note: one(request.body.note) };
      const parsed = DecisionInput.safeParse(values);
      if (!parsed.success) {
        return pairPage(reply.status(400), actor, id, values, issuesFromZod(parsed.error));
      }
      try {
        const outcome = await identity.decide(actor, id, parsed.data);
        const params = new URLSearchParams({ done: outcome.pairId, decided: outcome.action });
        return await reply.redirect(`/identity/reviews?${params.toString()}`, 303);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'validation') throw error;
        return pairPage(reply.status(400), actor, id, values, error.issues);
      }
    },
  );

  app.get(
    '/identity/people/:id/linked',
    { schema: { params: PersonParams, querystring: LinkedQuery, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      mayReview(actor);
      return linkedPage(reply, actor, request.params.id, undefined, request.query.unlinked === '1');
    },
  );

  app.post(
    '/identity/people/:id/linked/:mergeId/unlink',
    { schema: { params: UnlinkParams, body: FormBody, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      mayReview(actor);
      const { id, mergeId } = request.params;
      const values = { reason: one(request.body.reason), outcome: one(request.body.outcome) };
      const parsed = UnlinkInput.safeParse(values);
      if (!parsed.success) {
        const issues = issuesFromZod(parsed.error);
        return linkedPage(reply.status(400), actor, id, { mergeId, values, issues }, false);
      }
      try {
        await identity.unlink(actor, id, mergeId, parsed.data);
        return await reply.redirect(`/identity/people/${id}/linked?unlinked=1`, 303);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'validation') throw error;
        return linkedPage(reply.status(400), actor, id, { mergeId, values, issues: error.issues }, false);
      }
    },
  );
}
