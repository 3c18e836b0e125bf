/**
 * Alert pages: the inbox (most urgent first, evidence on one screen, a daily limit with the rest
 * summarised), one alert with its lifecycle forms, the rules' live record and the fairness monitor.
 * Each route: sign-in → zod input → one service call → render. Out of scope is "not found". The
 * JSON API over the same services is registered with them (alerts.api.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../access/index.ts';
import { isAppError, notFound } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import { alertParams } from './service/alerts.schema.ts';
import {
  getAlert,
  listInbox,
  transitionAlert,
  worksAlerts,
  type AlertDetail,
} from './service/alerts.service.ts';
import { nextPage, registerAlertApiRoutes } from './alerts.api.ts';
import { fairness, rulesRecord } from './service/insights.service.ts';

const STEPS = ['acknowledge', 'action', 'dismiss', 'snooze'] as const;
const FormBody = z.object({
  _csrf: z.string().optional(),
  opened: z.string().max(20).optional(),
  reason: z.string().max(5000).optional(),
  until: z.string().max(20).optional(),
});
const STATUS_LABEL: Record<string, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  actioned: 'Actioned',
  dismissed: 'Dismissed',
  snoozed: 'Snoozed',
};

export function registerAlertRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  const alertPage = (
    reply: FastifyReply,
    alert: AlertDetail,
    values: Record<string, string>,
    errors: { href: string; text: string }[],
    form?: string,
  ) =>
    reply.page('indicators/views/alert.njk', {
      pageTitle: `Alert: ${alert.childName}`,
      alert,
      statusLabel: STATUS_LABEL,
      values,
      form,
      errorList: errors,
      fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text])),
    });

  app.get(
    '/alerts',
    {
      schema: { querystring: z.object({ all: z.enum(['1']).optional() }), hide: true },
      preHandler: requireSignIn,
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!worksAlerts(actor)) throw notFound('page');
      const inbox = await listInbox(db, deps.clock, actor);
      return reply.page('indicators/views/inbox.njk', {
        pageTitle: 'Alerts',
        inbox,
        statusLabel: STATUS_LABEL,
        showRest: request.query.all === '1',
      });
    },
  );

  app.get('/alerts/rules', { schema: { hide: true }, preHandler: requireSignIn }, async (request, reply) => {
    const page = await rulesRecord(db, deps.clock, actorOf(request));
    return reply.page('indicators/views/rules.njk', { pageTitle: 'Early-warning rules', page });
  });

  app.get(
    '/alerts/fairness',
    { schema: { hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const page = await fairness(db, deps.clock, actorOf(request));
      return reply.page('indicators/views/fairness.njk', { pageTitle: 'Alert rates by group', page });
    },
  );

  app.get(
    '/alerts/:id',
    { schema: { params: alertParams, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const alert = await getAlert(db, deps.clock, actorOf(request), request.params.id);
      return alertPage(reply, alert, {}, []);
    },
  );

  for (const step of STEPS) {
    app.post(
      `/alerts/:id/${step}`,
      { schema: { params: alertParams, body: FormBody, hide: true }, preHandler: requireSignIn },
      async (request, reply) => {
        const actor = actorOf(request);
        const { id } = request.params;
        const body = request.body;
        const input = { step, opened: body.opened, reason: body.reason, until: body.until };
        try {
          const done = await transitionAlert(db, deps.clock, actor, id, input);
          if (done.step.step === 'action') {
            return await reply.redirect(nextPage(done.step.opened, done.personId), 303);
          }
          return await reply.redirect(step === 'acknowledge' ? `/alerts/${id}` : '/alerts', 303);
        } catch (error) {
          if (!isAppError(error) || error.code !== 'validation') throw error;
          const alert = await getAlert(db, deps.clock, actor, id);
          const errors = error.issues.map((i) => ({
            href: `#${step}-${String(i.path[0] ?? 'reason')}`,
            text: i.message,
          }));
          const values = { reason: body.reason ?? '', until: body.until ?? '' };
          return alertPage(reply.status(400), alert, values, errors, step);
        }
      },
    );
  }

  registerAlertApiRoutes(base, deps);
}
