/**
 * Meeting pages (MACE / strategy) and the overdue actions page. Each route: sign-in → zod input → one
 * service call (policy-checked, audited) → render, redirect or JSON. Restricted minute sections are
 * filtered by the service, so the page and the API show exactly the same sections.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, canInPartnership, requireSignIn, type Actor } from '../access/index.ts';
import { notFound } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import { createActionsService } from './actions.service.ts';
import { AGENDA_HORIZON_DAYS, suggestAgenda } from './agenda.ts';
import { idParams, withDates } from './cases.schema.ts';
import { FormBody, NO_ERRORS, dateParts, formErrors, many, one, type FormErrors } from './forms.ts';
import { agencyChoices } from './lookups.ts';
import { createMeetingsService } from './meetings.service.ts';
import { scopedWith } from './scoped.ts';

export const MEETING_KIND = { mace: 'MACE meeting', strategy: 'Strategy meeting' } as const;

type FormKind = 'attendance' | 'minutes' | 'decisions' | 'actions';
const FORM_TITLE: Record<FormKind, string> = {
  attendance: 'Record attendance',
  minutes: 'Add a section to the minutes',
  decisions: 'Record a decision',
  actions: 'Add an action',
};

export function registerMeetingRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const meetings = createMeetingsService(db, deps.clock);
  const actions = createActionsService(db, deps.clock);
  const run = scopedWith(db, deps.clock);

  const newMeetingPage = async (reply: FastifyReply, actor: Actor, body: FormBody, errors: FormErrors) => {
    const { agencies, agenda } = await run(actor, async (s) => ({
      agencies: await agencyChoices(s),
      agenda: await suggestAgenda(s),
    }));
    const fresh = Object.keys(body).length === 0;
    return reply.page('cases/views/meeting-new.njk', {
      pageTitle: 'Schedule a meeting',
      agencies,
      agenda,
      horizonDays: AGENDA_HORIZON_DAYS,
      values: {
        ...body,
        agencyIds: many(body.agencyIds),
        agenda: fresh ? agenda.items.map((i) => i.key) : many(body.agenda),
      },
      heldOn: dateParts(body, 'heldOn'),
      ...errors,
    });
  };

  app.get('/meetings', { schema: { hide: true }, preHandler: requireSignIn }, async (request, reply) => {
    const actor = actorOf(request);
    return reply.page('cases/views/meeting-list.njk', {
      pageTitle: 'Meetings',
      rows: await meetings.list(actor),
      kindLabel: MEETING_KIND,
      canSchedule: canInPartnership(actor, 'meeting.schedule'),
    });
  });

  app.get('/meetings/new', { schema: { hide: true }, preHandler: requireSignIn }, async (request, reply) => {
    const actor = actorOf(request);
    if (!canInPartnership(actor, 'meeting.schedule')) throw notFound('page');
    return newMeetingPage(reply, actor, {}, NO_ERRORS);
  });

  app.post(
    '/meetings',
    { schema: { body: FormBody, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!canInPartnership(actor, 'meeting.schedule')) throw notFound('page');
      const body = request.body;
      const dated = withDates(body, ['heldOn']);
      let created: { id: string };
      try {
        created = await meetings.schedule(actor, {
          kind: one(body.kind) as 'mace',
          title: one(body.title),
          heldOn: typeof dated.heldOn === 'string' ? dated.heldOn : '',
          agencyIds: many(body.agencyIds),
          agenda: many(body.agenda),
        });
      } catch (error) {
        return await newMeetingPage(reply.status(400), actor, { agenda: [], ...body }, formErrors(error));
      }
      return reply.redirect(`/meetings/${created.id}`, 303);
    },
  );

  app.get(
    '/meetings/:id',
    { schema: { params: idParams, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const m = await meetings.get(actorOf(request), request.params.id);
      return reply.page('cases/views/meeting.njk', {
        pageTitle: m.title,
        m,
        kindLabel: MEETING_KIND,
        today: deps.clock.now().toISOString().slice(0, 10),
      });
    },
  );

  const formPage = async (
    reply: FastifyReply,
    actor: Actor,
    id: string,
    kind: FormKind,
    body: FormBody,
    errors: FormErrors,
  ) => {
    const m = await meetings.requireManage(actor, id);
    const agencies = await run(actor, (s) => agencyChoices(s));
    return reply.page(`cases/views/meeting-${kind}.njk`, {
      pageTitle: FORM_TITLE[kind],
      m,
      agencies,
      values: { ...body, allowedAgencyIds: many(body.allowedAgencyIds) },
      dueOn: dateParts(body, 'dueOn'),
      ...errors,
    });
  };

  for (const kind of ['attendance', 'minutes', 'decisions', 'actions'] as const) {
    app.get(
      `/meetings/:id/${kind}`,
      { schema: { params: idParams, hide: true }, preHandler: requireSignIn },
      async (request, reply) => formPage(reply, actorOf(request), request.params.id, kind, {}, NO_ERRORS),
    );
    app.post(
      `/meetings/:id/${kind}`,
      { schema: { params: idParams, body: FormBody, hide: true }, preHandler: requireSignIn },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = request.params.id;
        const body = request.body;
        try {
          if (kind === 'attendance') {
            const attended: Record<string, 'yes' | 'no'> = {};
            const names: Record<string, string> = {};
            for (const [k, v] of Object.entries(body)) {
              if (k.startsWith('attended-')) attended[k.slice(9)] = one(v) as 'yes';
              if (k.startsWith('names-')) names[k.slice(6)] = one(v);
            }
            await meetings.recordAttendance(actor, id, { attended, names });
          } else if (kind === 'minutes') {
            await meetings.addMinutes(actor, id, {
              heading: one(body.heading),
              body: one(body.body),
              restricted: one(body.restricted) === 'yes',
              allowedAgencyIds: many(body.allowedAgencyIds),
            });
          } else if (kind === 'decisions') {
            await meetings.addDecision(actor, id, { text: one(body.text), caseId: one(body.caseId) });
          } else {
            const dated = withDates(body, ['dueOn']);
            await meetings.addAction(actor, id, {
              description: one(body.description),
              ownerAgencyId: one(body.ownerAgencyId),
              ownerName: one(body.ownerName),
              dueOn: typeof dated.dueOn === 'string' ? dated.dueOn : '',
              caseId: one(body.caseId),
            });
          }
        } catch (error) {
          return await formPage(reply.status(400), actor, id, kind, body, formErrors(error));
        }
        return reply.redirect(`/meetings/${id}#${kind}`, 303);
      },
    );
  }

  app.get('/actions', { schema: { hide: true }, preHandler: requireSignIn }, async (request, reply) => {
    const { rows, canEscalate } = await actions.overdue(actorOf(request));
    return reply.page('cases/views/actions-overdue.njk', {
      pageTitle: 'Overdue actions',
      rows,
      canEscalate: canEscalate && rows.some((r) => r.escalatedAt === null),
    });
  });

  app.post(
    '/actions/escalate',
    { schema: { body: FormBody, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      await actions.escalate(actorOf(request));
      return reply.redirect('/actions', 303);
    },
  );

  app.post(
    '/actions/:id/status',
    { schema: { params: idParams, body: FormBody, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const { meetingId } = await actions.updateStatus(actorOf(request), request.params.id, {
        status: one(request.body.status),
      });
      const back =
        one(request.body.back) === 'actions' || meetingId === null
          ? '/actions'
          : `/meetings/${meetingId}#actions`;
      return reply.redirect(back, 303);
    },
  );

  const MinuteOut = z.object({
    id: z.string(),
    heading: z.string(),
    body: z.string(),
    restricted: z.boolean(),
    visibleTo: z.array(z.string()),
  });
  app.get(
    '/api/v1/meetings/:id',
    {
      schema: {
        summary: 'A meeting you may see, with only the minute sections your agency may see (404 otherwise)',
        tags: ['meetings'],
        params: idParams,
        response: {
          200: z.object({
            id: z.string(),
            kind: z.enum(['mace', 'strategy']),
            title: z.string(),
            heldOn: z.string(),
            minutes: z.array(MinuteOut),
            decisions: z.array(z.object({ id: z.string(), text: z.string() })),
            actions: z.array(
              z.object({
                id: z.string(),
                description: z.string(),
                ownerAgency: z.string(),
                dueOn: z.string(),
                status: z.string(),
              }),
            ),
          }),
        },
      },
      preHandler: requireSignIn,
    },
    async (request) => meetings.get(actorOf(request), request.params.id),
  );

  app.get(
    '/api/v1/actions/overdue',
    {
      schema: {
        summary: "Overdue actions you may see (your agency's; every agency's for coordinators)",
        tags: ['meetings'],
        response: {
          200: z.object({
            actions: z.array(
              z.object({
                id: z.string(),
                description: z.string(),
                ownerAgency: z.string(),
                ownerName: z.string(),
                dueOn: z.string(),
                daysOverdue: z.number(),
                status: z.string(),
                escalatedTo: z.string().nullable(),
              }),
            ),
          }),
        },
      },
      preHandler: requireSignIn,
    },
    async (request) => ({ actions: (await actions.overdue(actorOf(request))).rows }),
  );
}
