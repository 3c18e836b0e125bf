/**
 * The alerts JSON API under /api/v1: the inbox as a filtered list, one alert with its evidence and
 * history, the day's digest, and the lifecycle steps. The same service calls as the pages, so the same
 * policy checks and audit: signed out is 401, anything missing or out of scope 404, bad input 400 with
 * the issues (nothing changed), an alert already closed 409. Changes need the session's CSRF token in
 * the `x-csrf-token` header.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../access/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import {
  ALERT_STATUS_FILTERS,
  actionBody,
  alertListQuery,
  alertParams,
  digestQuery,
  dismissBody,
  snoozeBody,
} from './service/alerts.schema.ts';
import {
  dailyDigest,
  getAlert,
  listAlerts,
  transitionAlert,
  type AlertDetail as Detail,
  type AlertSummary as Summary,
} from './service/alerts.service.ts';
import { ALERT_STATUSES } from './service/tables.ts';

const AlertSummary = z.object({
  id: z.string(),
  personId: z.string(),
  childName: z.string(),
  band: z.string(),
  bandIndex: z.number().int(),
  score: z.number(),
  raisedOn: z.string().describe('The day the child crossed into the band (YYYY-MM-DD)'),
  status: z.enum(ALERT_STATUSES),
  routedTo: z.enum(['mash_inbox', 'lead_professional']),
  ruleIds: z.array(z.string()),
  explanations: z.array(z.string()).describe('Why each rule fired, in plain words (those you may read)'),
  reasonsWithheld: z
    .number()
    .int()
    .describe('Reasons resting on records held by another agency that you may not see (counted only)'),
  snoozedUntil: z.string().nullable(),
});

const AlertDetail = AlertSummary.extend({
  evidence: z.object({
    items: z.array(z.object({ date: z.string(), what: z.string(), agency: z.string() })),
    withheld: z
      .number()
      .int()
      .describe('Records behind the alert held by another agency that you may not see (counted only)'),
  }),
  outcome: z.string().nullable(),
  outcomeReason: z.string().nullable(),
  history: z.array(
    z.object({ at: z.string(), from: z.string().nullable(), to: z.string(), reason: z.string().nullable() }),
  ),
  canUpdate: z.boolean().describe('Whether you may acknowledge, action, dismiss or snooze it now'),
  canClose: z
    .boolean()
    .describe('Whether you may dismiss or snooze it: not when every reason rests on records you may not see'),
});

const StepResult = z.object({
  id: z.string(),
  status: z.enum(ALERT_STATUSES),
  personId: z.string(),
  next: z.string().nullable().describe('After "action": the page that opens the screening or case'),
});

const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(
      z.object({ path: z.array(z.union([z.string(), z.number()])), code: z.string(), message: z.string() }),
    ),
    requestId: z.string(),
  }),
});

/** Form posts may carry the CSRF token in the body; JSON clients send the x-csrf-token header. */
const csrf = {
  _csrf: z.string().optional().describe('The session CSRF token, when not sent as the x-csrf-token header'),
};

const STEPS = [
  {
    step: 'acknowledge',
    body: z.object(csrf).optional(),
    summary: 'Acknowledge an alert: you are looking at it (assigns it to you if unassigned)',
  },
  {
    step: 'action',
    body: actionBody.extend(csrf),
    summary: 'Act on an alert by opening a CSE screening or a case for the child',
  },
  {
    step: 'dismiss',
    body: dismissBody.extend(csrf),
    summary: 'Dismiss an alert, with the reason no action is needed',
  },
  {
    step: 'snooze',
    body: snoozeBody.extend(csrf),
    summary: 'Snooze an alert until a future date, with the reason to wait',
  },
] as const;

/** The service's read-only records as the API's plain JSON shapes. */
const present = (a: Summary): z.infer<typeof AlertSummary> => ({
  ...a,
  ruleIds: [...a.ruleIds],
  explanations: [...a.explanations],
});
const presentDetail = (a: Detail): z.infer<typeof AlertDetail> => ({
  ...present(a),
  evidence: { items: a.evidence.items.map((i) => ({ ...i })), withheld: a.evidence.withheld },
  outcome: a.outcome,
  outcomeReason: a.outcomeReason,
  history: a.history.map((h) => ({ ...h })),
  canUpdate: a.canUpdate,
  canClose: a.canClose,
});

/**
 * Where an actioned alert goes next: a new screening or a new case for the child.
 *
 * @example
 * nextPage('case', id); // '/cases/new?child=' + id
 */
export function nextPage(opened: 'screening' | 'case', personId: string): string {
  return opened === 'screening' ? `/children/${personId}/screenings/new` : `/cases/new?child=${personId}`;
}

export function registerAlertApiRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  // Sign-in is checked before the input, so a signed-out caller always gets 401.
  const guard = { preValidation: requireSignIn };

  app.get(
    '/api/v1/alerts',
    {
      schema: {
        summary: 'Your alert inbox: alerts you may see, most urgent first, filtered and paged',
        description: `Coordinators see the MASH inbox; practitioners the alerts routed or assigned to them; other roles get 404. status: ${ALERT_STATUS_FILTERS.join(', ')} (open, the default, is what the inbox shows).`,
        tags: ['alerts'],
        querystring: alertListQuery,
        response: {
          200: z.object({
            alerts: z.array(AlertSummary),
            total: z.number().int(),
            limit: z.number().int(),
            offset: z.number().int(),
          }),
          400: ErrorBody,
        },
      },
      ...guard,
    },
    async (request) => {
      const page = await listAlerts(db, deps.clock, actorOf(request), request.query);
      return { ...page, alerts: page.alerts.map(present) };
    },
  );

  app.get(
    '/api/v1/alerts/digest',
    {
      schema: {
        summary: "A day's digest: alerts raised that day, the most urgent in full, the rest counted",
        description:
          'A digest instead of a flood: at most the daily limit per user in full, the rest summarised by band.',
        tags: ['alerts'],
        querystring: digestQuery,
        response: {
          200: z.object({
            date: z.string(),
            limit: z.number().int(),
            shown: z.array(AlertSummary),
            summarised: z.number().int(),
            summarisedByBand: z.record(z.string(), z.number().int()),
          }),
          400: ErrorBody,
        },
      },
      ...guard,
    },
    async (request) => {
      const digest = await dailyDigest(db, deps.clock, actorOf(request), request.query.date);
      return {
        ...digest,
        shown: digest.shown.map(present),
        summarisedByBand: { ...digest.summarisedByBand },
      };
    },
  );

  app.get(
    '/api/v1/alerts/:id',
    {
      schema: {
        summary: 'One alert with the records that raised it (those you may see) and its history',
        tags: ['alerts'],
        params: alertParams,
        response: { 200: AlertDetail, 400: ErrorBody, 404: ErrorBody },
      },
      ...guard,
    },
    async (request) => presentDetail(await getAlert(db, deps.clock, actorOf(request), request.params.id)),
  );

  for (const { step, body, summary } of STEPS) {
    app.post(
      `/api/v1/alerts/:id/${step}`,
      {
        schema: {
          summary,
          tags: ['alerts'],
          params: alertParams,
          body,
          response: { 200: StepResult, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
        ...guard,
      },
      async (request) => {
        // The transition schema keeps only the step's own fields (the CSRF token is dropped).
        const input = { ...(request.body ?? {}), step };
        const done = await transitionAlert(db, deps.clock, actorOf(request), request.params.id, input);
        return {
          id: request.params.id,
          status: done.status,
          personId: done.personId,
          next: done.step.step === 'action' ? nextPage(done.step.opened, done.personId) : null,
        };
      },
    );
  }
}
