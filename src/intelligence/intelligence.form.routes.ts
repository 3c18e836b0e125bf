/**
 * Record intelligence through the browser (`/intelligence/new`), without JavaScript, in three steps that
 * carry their answers in the form: the item and its 3x5x2 grading; links to people, vehicles, phones,
 * accounts and places found by search; then a check page showing the shareable version the sanitisation
 * step produces, before anything is saved. Sign-in first, then the policy (`intelligence.record`, 404
 * otherwise, audited), then the input: the same schema and grading rules as the JSON API, shown as a
 * GOV.UK error summary. Each step makes one service call, audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, canInPartnership, requireSignIn } from '../access/index.ts';
import { checkLanguage } from '../events/index.ts';
import { isAppError, type FieldIssue } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import type { EntityOption } from './entity-search.ts';
import { SEARCH_LIMITS } from './entity-search.ts';
import {
  FormBody,
  GRADE_CHOICES,
  NO_ERRORS,
  aboutDetails,
  formErrors,
  formValues,
  inputFrom,
  parseLink,
  type FormErrors,
  type FormValues,
} from './intelligence.form.ts';
import { INTELLIGENCE_LIMITS, validateNewIntelligence } from './intelligence.schema.ts';
import { createIntelligenceService, type IntelligencePreview } from './intelligence.service.ts';
import { HANDLING_CODE, INTELLIGENCE_ASSESSMENT, SOURCE_EVALUATION } from './grading/grading.ts';

const EMPTY: FormValues = {
  fields: {
    text: '',
    sourceType: '',
    sourceReference: '',
    sourceEvaluation: '',
    assessment: '',
    corroboration: '',
    riskNote: '',
    handling: '',
    handlingConditions: '',
    sanitisedText: '',
  },
  links: [],
};

const one = (v: string | string[] | undefined): string =>
  v === undefined ? '' : Array.isArray(v) ? (v[0] ?? '') : v;

/** What the posted button asked for. */
function actionOf(body: FormBody): string {
  if (body.add !== undefined) return 'add';
  if (body.remove !== undefined) return 'remove';
  return one(body.action) || 'details';
}

export function registerIntelligenceFormRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const intel = createIntelligenceService(deps.database.db, deps.clock);
  // Checklist: signed in (303 to sign-in), may record (404, audited), then the input.
  const mayRecord = async (request: FastifyRequest): Promise<void> => {
    await intel.mayRecord(actorOf(request));
  };
  const guard = { preValidation: [requireSignIn, mayRecord] };

  const detailsPage = (reply: FastifyReply, values: FormValues, errors: FormErrors = NO_ERRORS) =>
    reply.page('intelligence/views/new.njk', {
      pageTitle: 'Record intelligence',
      values,
      choices: GRADE_CHOICES,
      limits: INTELLIGENCE_LIMITS,
      ...errors,
    });

  const linksPage = (
    reply: FastifyReply,
    values: FormValues,
    found: { chosen: EntityOption[]; results?: EntityOption[] },
    q: string,
    errors: FormErrors = NO_ERRORS,
  ) =>
    reply.page('intelligence/views/links.njk', {
      pageTitle: 'Link the intelligence to people, vehicles, phones and places',
      values: { ...values, links: found.chosen.map((c) => `${c.type}:${c.id}`) },
      chosen: found.chosen,
      results: found.results,
      q,
      ...errors,
    });

  const checkPage = (reply: FastifyReply, values: FormValues, preview: IntelligencePreview) => {
    const g = preview.item.grading;
    return reply.page('intelligence/views/check.njk', {
      pageTitle: 'Check the intelligence before you save it',
      values,
      preview,
      grading: g,
      labels: { source: SOURCE_EVALUATION, assessment: INTELLIGENCE_ASSESSMENT, handling: HANDLING_CODE },
      findings: checkLanguage(preview.item.text),
    });
  };

  /** A refused item goes back to the step its first problem is on. */
  const refused = async (
    reply: FastifyReply,
    request: FastifyRequest,
    values: FormValues,
    issues: FieldIssue[],
  ) => {
    const errors = formErrors(issues);
    if (aboutDetails(issues)) return detailsPage(reply.status(400), values, errors);
    const found = await intel.findLinks(actorOf(request), { chosen: chosenOf(values) });
    return linksPage(reply.status(400), values, found, '', errors);
  };

  app.get('/intelligence/new', { schema: { hide: true }, ...guard }, async (_request, reply) =>
    detailsPage(reply, EMPTY),
  );

  app.post(
    '/intelligence/new',
    { schema: { hide: true, body: FormBody }, ...guard },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const values = formValues(body);
      const q = one(body.q).trim();
      const action = actionOf(body);

      if (action === 'edit') return detailsPage(reply, values);

      if (action === 'details') {
        // The item's own answers, checked by the same rules as saving (links come next).
        try {
          validateNewIntelligence(inputFrom({ ...values, links: [] }));
        } catch (error) {
          if (!isAppError(error) || error.code !== 'validation') throw error;
          return detailsPage(reply.status(400), values, formErrors(error.issues));
        }
        return linksPage(reply, values, await intel.findLinks(actor, { chosen: chosenOf(values) }), '');
      }

      if (action === 'links' || action === 'search' || action === 'add' || action === 'remove') {
        if (action === 'search' && q.length < SEARCH_LIMITS.minLength) {
          const found = await intel.findLinks(actor, { chosen: chosenOf(values) });
          return linksPage(reply.status(400), values, found, q, {
            errorList: [{ href: '#q', text: 'Enter at least 2 characters to search' }],
            fieldErrors: { q: 'Enter at least 2 characters to search' },
          });
        }
        const found = await intel.findLinks(actor, { query: q, chosen: chosenOf(values) });
        return linksPage(reply, values, found, q);
      }

      const input = inputFrom(values);
      try {
        if (action === 'save') {
          const { id } = await intel.record(actor, input);
          return await reply.redirect(`/intelligence?recorded=${id}`, 303);
        }
        return await checkPage(reply, values, await intel.preview(actor, input));
      } catch (error) {
        if (!isAppError(error) || error.code !== 'validation') throw error;
        return await refused(reply, request, values, error.issues);
      }
    },
  );
}

function chosenOf(values: FormValues): { type: EntityOption['type']; id: string }[] {
  return values.links.flatMap((v) => {
    const link = parseLink(v);
    return link === undefined ? [] : [link];
  });
}

/** Whether the actor may record intelligence (for the list page's button). */
export function mayRecordIntelligence(request: FastifyRequest): boolean {
  return request.actor !== null && canInPartnership(request.actor, 'intelligence.record');
}
