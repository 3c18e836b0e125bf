/**
 * Screening pages: the instrument as a form (`/children/:id/screenings/new`; "Calculate level" shows the
 * score, level and overrides before saving), and the coordinators' escalation list of overdue reviews
 * (`/screenings/overdue`). Works without JavaScript; scores are computed on the server.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, canInPartnership, requireSignIn, type Actor } from '../access/index.ts';
import { isAppError, notFound, type FieldIssue } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import type { ScreeningResult } from './engine/index.ts';
import { CHARACTERISTICS, RECENCIES, RISK_LEVELS, type Characteristic, type Recency } from './tools/index.ts';
import {
  CURRENT_INSTRUMENT,
  createScreeningService,
  type ScreeningChild,
  type ScreeningSubmission,
} from './screening.service.ts';
import { LEVEL_LABEL, LEVEL_TAG } from './screening.tables.ts';

const Params = z.object({ id: z.uuid() });
const Body = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

export const CHARACTERISTIC_LABEL: Record<Characteristic, string> = {
  learning_disability: 'Has a learning disability',
  looked_after: 'Looked after by the local authority',
  care_leaver: 'Care leaver',
  child_protection_plan: 'On a child protection plan',
  special_educational_needs: 'Has special educational needs',
};
const RECENCY_LABEL: Record<Recency, string> = {
  within_3_months: 'Last 3 months',
  within_12_months: '3 to 12 months ago',
  over_12_months: 'Over 12 months ago',
};

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** Reads the form into a submission, with field issues for anything not on the form's lists. */
export function parseScreeningForm(body: Record<string, string | string[]>): {
  submission: ScreeningSubmission;
  issues: FieldIssue[];
} {
  const issues: FieldIssue[] = [];
  const answers: ScreeningSubmission['answers'] = [];
  for (const section of CURRENT_INSTRUMENT.sections) {
    if (!section.usesRecency) {
      const ticked = new Set(list(body[section.id]));
      for (const item of section.items) answers.push({ itemId: item.id, present: ticked.has(item.id) });
      continue;
    }
    for (const item of section.items) {
      const value = one(body[`item-${item.id}`]);
      if (value === '' || value === 'none') answers.push({ itemId: item.id, present: false });
      else if ((RECENCIES as readonly string[]).includes(value)) {
        answers.push({ itemId: item.id, present: true, recency: value as Recency });
      } else {
        issues.push({
          path: [`item-${item.id}`],
          code: 'invalid_value',
          message: 'Select when this was last seen',
        });
      }
    }
  }
  const characteristics = list(body.characteristics).filter((c): c is Characteristic =>
    (CHARACTERISTICS as readonly string[]).includes(c),
  );
  const level = one(body.judgement);
  const rationale = one(body.rationale).trim();
  let judgement: ScreeningSubmission['judgement'];
  if (level !== '' && level !== 'agree') {
    if ((RISK_LEVELS as readonly string[]).includes(level)) {
      judgement = { level: level as (typeof RISK_LEVELS)[number], rationale };
    } else issues.push({ path: ['judgement'], code: 'invalid_value', message: 'Select a level' });
  }
  if (rationale.length > 5000) {
    issues.push({
      path: ['rationale'],
      code: 'too_big',
      message: 'Your reasons must be 5000 characters or fewer',
    });
  }
  return { submission: { answers, characteristics, judgement }, issues };
}

function mayScreen(actor: Actor): void {
  if (!canInPartnership(actor, 'screening.record')) throw notFound('page');
}

/** @example ROUTE_MODULES.push(registerScreeningRoutes); */
export function registerScreeningRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const screenings = createScreeningService(deps.database.db, deps.clock);
  const view = (
    child: ScreeningChild,
    values: Record<string, string | string[]>,
    result: ScreeningResult | undefined,
    issues: FieldIssue[],
  ) => {
    const errors = issues.map((i) => ({ href: `#${String(i.path[0])}`, text: i.message }));
    return {
      pageTitle: `Screen ${child.name}`,
      child,
      instrument: CURRENT_INSTRUMENT,
      values,
      ticked: (name: string) => list(values[name]),
      result,
      errorList: errors,
      fieldErrors: Object.fromEntries(issues.map((i) => [String(i.path[0]), i.message])),
      characteristics: CHARACTERISTICS.map((c) => ({ value: c, text: CHARACTERISTIC_LABEL[c] })),
      recencies: RECENCIES.map((r) => ({ value: r, text: RECENCY_LABEL[r] })),
      levels: RISK_LEVELS.map((l) => ({ value: l, text: LEVEL_LABEL[l] })),
      levelLabel: LEVEL_LABEL,
      levelTag: LEVEL_TAG,
    };
  };

  app.get(
    '/children/:id/screenings/new',
    { schema: { params: Params, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      mayScreen(actor);
      const child = await screenings.child(actor, request.params.id);
      return reply.page(
        'screening/views/new.njk',
        view(child, { characteristics: child.recorded }, undefined, []),
      );
    },
  );

  app.post(
    '/children/:id/screenings',
    { schema: { params: Params, body: Body, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      mayScreen(actor);
      const id = request.params.id;
      const { submission, issues } = parseScreeningForm(request.body);
      const save = one(request.body.intent) === 'save';
      if (issues.length > 0) {
        const child = await screenings.child(actor, id);
        return reply
          .status(400)
          .page('screening/views/new.njk', view(child, request.body, undefined, issues));
      }
      try {
        const { child, result, screeningId } = await screenings.record(actor, id, submission, { save });
        if (screeningId !== undefined) return await reply.redirect(`/children/${id}?screened=1#risk`, 303);
        const resultIssues: FieldIssue[] = result.issues.map((i) => ({
          path: [i.code === 'rationale_required' ? 'rationale' : 'judgement'],
          code: i.code,
          message:
            i.code === 'rationale_required'
              ? `Explain why your judgement differs from the tool’s level, in at least ${CURRENT_INSTRUMENT.minimumRationaleLength} characters`
              : i.message.replace(
                  /^Professional judgement cannot be below (\w+)/u,
                  (_m, l: string) =>
                    `Your judgement cannot be below ${LEVEL_LABEL[l as keyof typeof LEVEL_LABEL].toLowerCase()}`,
                ),
        }));
        return await reply
          .status(save && resultIssues.length > 0 ? 400 : 200)
          .page('screening/views/new.njk', view(child, request.body, result, save ? resultIssues : []));
      } catch (error) {
        if (!isAppError(error) || error.code !== 'validation') throw error;
        const child = await screenings.child(actor, id);
        return reply
          .status(400)
          .page('screening/views/new.njk', view(child, request.body, undefined, error.issues));
      }
    },
  );

  app.get(
    '/screenings/overdue',
    { schema: { hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!canInPartnership(actor, 'screening.review_overdue')) throw notFound('page');
      const rows = await screenings.overdue(actor);
      return reply.page('screening/views/overdue.njk', {
        pageTitle: 'Screening reviews overdue',
        rows,
        levelLabel: LEVEL_LABEL,
      });
    },
  );
}
