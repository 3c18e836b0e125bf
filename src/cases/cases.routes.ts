/**
 * Case pages and API. Each route: sign-in → zod input → one service call (policy-checked, audited) →
 * render or JSON. A case outside the user's scope is "not found", exactly like a missing one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, canInPartnership, requireSignIn, type Actor } from '../access/index.ts';
import { notFound } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import { CLOSURE_REASONS, idParams, withDates } from './cases.schema.ts';
import { createCasesService } from './cases.service.ts';
import { FormBody, NO_ERRORS, dateParts, formErrors, many, one, type FormErrors } from './forms.ts';
import { agencyChoices, childChoices, placeChoices, userChoices } from './lookups.ts';
import { scopedWith } from './scoped.ts';

export const SUBJECT_LABEL = { child: 'Child', place: 'Place', peer_group: 'Peer group' } as const;
export const LINK_LABEL = {
  subject: 'Subject of the case',
  member: 'Member of the group',
  shares_place: 'Linked to the place',
} as const;

const CaseListQuery = z.object({ view: z.enum(['mine', 'all']).default('mine') });
const NewCaseQuery = z.object({ child: z.uuid().optional() });

const CaseRow = z.object({
  id: z.string(),
  title: z.string(),
  subjectKind: z.enum(['child', 'place', 'peer_group']),
  status: z.enum(['open', 'closed']),
  leadAgency: z.string(),
  leadProfessional: z.string().nullable(),
  reviewDueOn: z.string().nullable(),
  reviewOverdue: z.boolean(),
});

export function registerCaseRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const cases = createCasesService(db, deps.clock);
  const run = scopedWith(db, deps.clock);

  const requireOpener = (request: FastifyRequest): Actor => {
    const actor = actorOf(request);
    if (!canInPartnership(actor, 'case.open')) throw notFound('page');
    return actor;
  };

  const newCasePage = async (reply: FastifyReply, actor: Actor, body: FormBody, errors: FormErrors) => {
    const choices = await run(actor, async (s) => ({
      agencies: await agencyChoices(s),
      users: await userChoices(s),
      places: await placeChoices(s),
      children: await childChoices(s),
    }));
    return reply.page('cases/views/case-new.njk', {
      pageTitle: 'Open a case',
      ...choices,
      values: { ...body, memberIds: many(body.memberIds), agencyIds: many(body.agencyIds) },
      reviewDueOn: dateParts(body, 'reviewDueOn'),
      ...errors,
    });
  };

  app.get(
    '/cases',
    { schema: { querystring: CaseListQuery, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const view = request.query.view;
      const rows = await cases.list(actorOf(request), { mine: view === 'mine' });
      return reply.page('cases/views/case-list.njk', {
        pageTitle: view === 'mine' ? 'My cases' : 'All cases',
        rows,
        view,
        subjectLabel: SUBJECT_LABEL,
        canOpen: canInPartnership(actorOf(request), 'case.open'),
      });
    },
  );

  app.get(
    '/cases/new',
    { schema: { querystring: NewCaseQuery, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = requireOpener(request);
      const child = request.query.child;
      const body: FormBody = child === undefined ? {} : { subjectKind: 'child', childId: child };
      return newCasePage(reply, actor, body, NO_ERRORS);
    },
  );

  app.post(
    '/cases',
    { schema: { body: FormBody, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = requireOpener(request);
      const body = request.body;
      const input = withDates(body, ['reviewDueOn']);
      let created: { id: string };
      try {
        created = await cases.open(actor, {
          subjectKind: one(body.subjectKind) as 'child',
          childId: one(body.childId),
          locationId: one(body.locationId),
          memberIds: many(body.memberIds),
          title: one(body.title),
          reason: one(body.reason),
          leadAgencyId: one(body.leadAgencyId),
          leadUserId: one(body.leadUserId),
          agencyIds: many(body.agencyIds),
          reviewDueOn: typeof input.reviewDueOn === 'string' ? input.reviewDueOn : '',
        });
      } catch (error) {
        return await newCasePage(reply.status(400), actor, body, formErrors(error));
      }
      return reply.redirect(`/cases/${created.id}`, 303);
    },
  );

  app.get(
    '/cases/:id',
    { schema: { params: idParams, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const c = await cases.get(actorOf(request), request.params.id);
      return reply.page('cases/views/case.njk', {
        pageTitle: c.title,
        c,
        subjectLabel: SUBJECT_LABEL,
        linkLabel: LINK_LABEL,
        closureLabel: Object.fromEntries(CLOSURE_REASONS.map((r) => [r.code, r.label])),
      });
    },
  );

  const closePage = async (
    reply: FastifyReply,
    actor: Actor,
    id: string,
    body: FormBody,
    errors: FormErrors,
  ) => {
    const c = await cases.get(actor, id);
    if (!c.canManage || c.status === 'closed') throw notFound('case');
    return reply.page('cases/views/case-close.njk', {
      pageTitle: `Close the case: ${c.title}`,
      c,
      reasons: CLOSURE_REASONS,
      values: body,
      ...errors,
    });
  };

  app.get(
    '/cases/:id/close',
    { schema: { params: idParams, hide: true }, preHandler: requireSignIn },
    async (request, reply) => closePage(reply, actorOf(request), request.params.id, {}, NO_ERRORS),
  );

  app.post(
    '/cases/:id/close',
    { schema: { params: idParams, body: FormBody, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      try {
        await cases.close(actor, request.params.id, {
          outcome: one(body.outcome),
          closureReason: one(body.closureReason),
        });
      } catch (error) {
        return await closePage(reply.status(400), actor, request.params.id, body, formErrors(error));
      }
      return reply.redirect(`/cases/${request.params.id}`, 303);
    },
  );

  app.get(
    '/api/v1/cases',
    {
      schema: {
        summary: 'Cases you may see (your agency leads or works on them; coordinators see all)',
        tags: ['cases'],
        querystring: CaseListQuery,
        response: { 200: z.object({ cases: z.array(CaseRow) }) },
      },
      preHandler: requireSignIn,
    },
    async (request) => ({
      cases: await cases.list(actorOf(request), { mine: request.query.view === 'mine' }),
    }),
  );

  app.get(
    '/api/v1/cases/:id',
    {
      schema: {
        summary: 'A case you may see, with the children you may see (404 otherwise)',
        tags: ['cases'],
        params: idParams,
        response: {
          200: CaseRow.extend({
            reason: z.string(),
            agencies: z.array(z.string()),
            children: z.array(z.object({ id: z.string(), name: z.string(), link: z.string() })),
            outcome: z.string().nullable(),
            closureReason: z.string().nullable(),
          }),
        },
      },
      preHandler: requireSignIn,
    },
    async (request) => cases.get(actorOf(request), request.params.id),
  );
}
