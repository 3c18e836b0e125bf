/**
 * Alert pages: the inbox (most urgent first, evidence on one screen, a daily limit with the rest
 * summarised), one alert with its lifecycle forms, the rules' live record and the fairness monitor.
 * Each route: sign-in → zod input → one service call → render. Out of scope is "not found". The
 * JSON API over the same services is registered with them (alerts.api.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, canInPartnership, requireSignIn } from '../access/index.ts';
import { isAppError, notFound } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import { alertParams } from './service/alerts.schema.ts';
import {
  CLOSE_WITHHELD_MESSAGE,
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
  'until-day': z.string().max(10).optional(),
  'until-month': z.string().max(10).optional(),
  'until-year': z.string().max(10).optional(),
});
type FormBody = z.infer<typeof FormBody>;
const OUTCOME_LABEL: Record<string, string> = {
  screening: 'CSE screening started',
  case: 'Case opened',
  dismissed: 'Dismissed',
  snoozed: 'Snoozed',
};

/**
 * The snooze date from the GOV.UK date input: 'YYYY-MM-DD', 'invalid' when incomplete or impossible
 * (the schema then says so), or undefined when left empty.
 *
 * @example
 * untilFrom({ 'until-day': '1', 'until-month': '12', 'until-year': '2026' }); // '2026-12-01'
 */
export function untilFrom(body: FormBody): string | undefined {
  const parts = [body['until-day'], body['until-month'], body['until-year']].map((p) => (p ?? '').trim());
  if (parts.every((p) => p === '')) return undefined;
  const [d, m, y] = parts as [string, string, string];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return 'invalid';
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T12:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? 'invalid' : iso;
}
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
    errors: { field: string; text: string }[],
    form?: string,
  ) => {
    // A date input's error links to its first field (GOV.UK error summary pattern).
    const hrefOf = (field: string) => (field === 'snooze-until' ? '#snooze-until-day' : `#${field}`);
    const inFourWeeks = new Date(deps.clock.now().getTime() + 28 * 86_400_000);
    return reply.page('indicators/views/alert.njk', {
      pageTitle: `Alert: ${alert.childName}`,
      alert,
      statusLabel: STATUS_LABEL,
      outcomeLabel: OUTCOME_LABEL,
      exampleDate: `${inFourWeeks.getUTCDate()} ${inFourWeeks.getUTCMonth() + 1} ${inFourWeeks.getUTCFullYear()}`,
      values,
      form,
      errorList: errors.map((e) => ({ href: hrefOf(e.field), text: e.text })),
      fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
      closeWithheld: CLOSE_WITHHELD_MESSAGE,
    });
  };

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
        showInsights: canInPartnership(actor, 'aggregate.read'),
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
        const input = { step, opened: body.opened, reason: body.reason, until: untilFrom(body) };
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
            field: `${step}-${String(i.path[0] ?? 'reason')}`,
            text: i.message,
          }));
          const values = {
            reason: body.reason ?? '',
            untilDay: body['until-day'] ?? '',
            untilMonth: body['until-month'] ?? '',
            untilYear: body['until-year'] ?? '',
          };
          return alertPage(reply.status(400), alert, values, errors, step);
        }
      },
    );
  }

  registerAlertApiRoutes(base, deps);
}
