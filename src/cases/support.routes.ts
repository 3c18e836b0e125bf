/**
 * Support plan pages: review reminders, a child's plan (what the child wants comes first), the plan form,
 * services and the engagement log. Sign-in → one service call (policy-checked, audited) → render.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requireSignIn, type Actor } from '../access/index.ts';
import { notFound } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import { idParams, withDates } from './cases.schema.ts';
import { FormBody, NO_ERRORS, dateParts, formErrors, one, type FormErrors } from './forms.ts';
import { agencyChoices } from './lookups.ts';
import { scopedWith } from './scoped.ts';
import { createSupportService, type SupportPlanView } from './support.service.ts';

export const SERVICE_LABEL = {
  cse_worker: 'Specialist CSE worker',
  isva: 'Independent sexual violence adviser (ISVA)',
  therapy: 'Therapy or counselling',
  court_special_measures: 'Court special measures',
  other: 'Other support',
} as const;
export const CONTACT_LABEL = { contact: 'Contact', review: 'Review', area_move: 'Moved area' } as const;
export const ENGAGEMENT_LABEL = {
  engaged: 'Engaged',
  partly: 'Partly engaged',
  not_engaged: 'Did not want to engage',
  not_seen: 'Not seen',
} as const;

type FormKind = 'plan' | 'services' | 'contacts';
const TITLE: Record<FormKind, string> = {
  plan: 'Support plan',
  services: 'Add a service',
  contacts: 'Record contact or a review',
};
const DATE_FIELDS: Record<FormKind, string[]> = {
  plan: ['nextReviewOn', 'adultHandoverOn'],
  services: [],
  contacts: ['occurredOn'],
};

function planValues(view: SupportPlanView): FormBody {
  const p = view.plan;
  if (p === null) return {};
  return {
    childWords: p.childWords,
    safetyPlan: p.safetyPlan,
    keyWorkerName: p.keyWorkerName,
    keyWorkerAgencyId: p.keyWorkerAgencyId,
    currentArea: p.currentArea ?? '',
    reviewEveryMonths: String(p.reviewEveryMonths),
    nextReviewOn: p.nextReviewOn,
    adultHandoverOn: p.adultHandoverOn ?? '',
    adultHandoverTo: p.adultHandoverTo ?? '',
  };
}

export function registerSupportRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const support = createSupportService(deps.database.db, deps.clock);
  const run = scopedWith(deps.database.db, deps.clock);

  app.get('/support', { schema: { hide: true }, preHandler: requireSignIn }, async (request, reply) => {
    const rows = await support.reminders(actorOf(request));
    return reply.page('cases/views/support-list.njk', { pageTitle: 'Support plan reviews', rows });
  });

  app.get(
    '/support/:id',
    { schema: { params: idParams, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const view = await support.get(actorOf(request), request.params.id);
      return reply.page('cases/views/support-plan.njk', {
        pageTitle: `Support plan: ${view.child.name}`,
        view,
        serviceLabel: SERVICE_LABEL,
        contactLabel: CONTACT_LABEL,
        engagementLabel: ENGAGEMENT_LABEL,
      });
    },
  );

  const formPage = async (
    reply: FastifyReply,
    actor: Actor,
    childId: string,
    kind: FormKind,
    body: FormBody | undefined,
    errors: FormErrors,
  ) => {
    const view = await support.get(actor, childId);
    if (kind !== 'contacts' && !view.canManage) throw notFound('support plan');
    if (kind !== 'plan' && view.plan === null) throw notFound('support plan');
    const values = body ?? planValues(view);
    return reply.page(`cases/views/support-${kind === 'plan' ? 'plan-form' : kind}.njk`, {
      pageTitle: `${kind === 'plan' && view.plan === null ? 'Start a support plan' : TITLE[kind]}: ${view.child.name}`,
      heading: kind === 'plan' && view.plan === null ? 'Start a support plan' : TITLE[kind],
      view,
      values,
      agencies: await run(actor, (s) => agencyChoices(s)),
      dates: Object.fromEntries(DATE_FIELDS[kind].map((f) => [f, dateParts(values, f)])),
      serviceLabel: SERVICE_LABEL,
      engagementLabel: ENGAGEMENT_LABEL,
      ...errors,
    });
  };

  for (const kind of ['plan', 'services', 'contacts'] as const) {
    app.get(
      `/support/:id/${kind}`,
      { schema: { params: idParams, hide: true }, preHandler: requireSignIn },
      async (request, reply) =>
        formPage(reply, actorOf(request), request.params.id, kind, undefined, NO_ERRORS),
    );
    app.post(
      `/support/:id/${kind}`,
      { schema: { params: idParams, body: FormBody, hide: true }, preHandler: requireSignIn },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = request.params.id;
        const body = request.body;
        const v = withDates(body, DATE_FIELDS[kind]);
        const str = (k: string) => (typeof v[k] === 'string' ? v[k] : '');
        try {
          if (kind === 'plan') {
            await support.save(actor, id, {
              childWords: one(body.childWords),
              safetyPlan: one(body.safetyPlan),
              keyWorkerName: one(body.keyWorkerName),
              keyWorkerAgencyId: one(body.keyWorkerAgencyId),
              currentArea: one(body.currentArea),
              reviewEveryMonths: one(body.reviewEveryMonths),
              nextReviewOn: str('nextReviewOn'),
              ...(str('adultHandoverOn') === '' ? {} : { adultHandoverOn: str('adultHandoverOn') }),
              adultHandoverTo: one(body.adultHandoverTo),
            });
          } else if (kind === 'services') {
            await support.addService(actor, id, {
              kind: one(body.kind) as 'isva',
              provider: one(body.provider),
              providerAgencyId: one(body.providerAgencyId),
              status: one(body.status) as 'active',
            });
          } else {
            await support.addContact(actor, id, {
              occurredOn: str('occurredOn'),
              kind: one(body.kind) as 'contact',
              engagement: one(body.engagement),
              note: one(body.note),
              newArea: one(body.newArea),
            });
          }
        } catch (error) {
          return await formPage(reply.status(400), actor, id, kind, body, formErrors(error));
        }
        return reply.redirect(`/support/${id}`, 303);
      },
    );
  }
}
