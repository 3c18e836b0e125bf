/**
 * Support plans: long-term, coordinated support for a child, led by what the child wants. A plan belongs
 * to the child, not to an address or an age: reviews continue past 18 and across moves of area (a move is
 * logged, the plan and its review dates carry on) until a planned hand-over to adult services.
 */
import type { ZodError } from 'zod';
import { can, checkPersonAccess, writeAudit, type Actor } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/database/index.ts';
import { issuesFromZod, notFound, validationError } from '../platform/errors/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { requireAllowed, supportPlanFacts } from './cases.access.ts';
import {
  supportContactSchema,
  supportPlanSchema,
  supportServiceSchema,
  type SupportContactInput,
  type SupportPlanInput,
  type SupportServiceInput,
} from './cases.schema.ts';
import type { Updateable } from 'kysely';
import type { ContactKind, Engagement, ServiceKind, SupportPlanTable } from './cases.tables.ts';
import { personName } from './lookups.ts';
import { scopedWith, type CaseScope } from './scoped.ts';

export interface SupportPlanView {
  child: {
    id: string;
    name: string;
    dateOfBirth: string | null;
    eighteenOn: string | null;
    isAdult: boolean;
  };
  plan: {
    id: string;
    childWords: string;
    safetyPlan: string;
    keyWorkerName: string;
    keyWorkerAgencyId: string;
    keyWorkerAgency: string;
    currentArea: string | null;
    reviewEveryMonths: number;
    nextReviewOn: string;
    reviewOverdue: boolean;
    adultHandoverOn: string | null;
    adultHandoverTo: string | null;
    services: { kind: ServiceKind; provider: string; status: string }[];
    contacts: {
      occurredOn: string;
      kind: ContactKind;
      engagement: Engagement | null;
      note: string;
      agency: string;
    }[];
  } | null;
  canManage: boolean;
}

export interface ReminderRow {
  childId: string;
  childName: string;
  nextReviewOn: string;
  overdue: boolean;
  isAdult: boolean;
  adultHandoverOn: string | null;
}

/** Adds whole months to a 'YYYY-MM-DD' date (end of month clamps). @example addMonths('2026-01-31', 1); // '2026-02-28' */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

function parse<T>(r: { success: true; data: T } | { success: false; error: ZodError }): T {
  if (!r.success) throw validationError(issuesFromZod(r.error));
  return r.data;
}

async function requireChild(s: CaseScope, childId: string) {
  const { allowed, facts } = await checkPersonAccess(s.tx, s.actor, 'person.read', [childId], s.now);
  if (!allowed.has(childId) || facts.get(childId)?.kind !== 'child') {
    await writeAudit(s.tx, s.now, {
      action: 'support_plan.read',
      subjectType: 'person',
      subjectIds: [childId],
      outcome: 'denied',
    });
    throw notFound('child');
  }
  return s.db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'date_of_birth'])
    .where('partnership_id', '=', s.actor.partnershipId)
    .where('id', '=', childId)
    .executeTakeFirstOrThrow();
}

async function planOf(s: CaseScope, childId: string) {
  return s.db
    .selectFrom('support_plan')
    .selectAll()
    .where('partnership_id', '=', s.actor.partnershipId)
    .where('person_id', '=', childId)
    .executeTakeFirst();
}

async function requirePlan(
  s: CaseScope,
  childId: string,
  action: 'support_plan.read' | 'support_plan.manage',
) {
  await requireChild(s, childId);
  const plan = await planOf(s, childId);
  const f =
    plan === undefined
      ? undefined
      : (await supportPlanFacts(s.db, s.actor.partnershipId, [plan.id])).get(plan.id);
  await requireAllowed(s, s.now, action, f, 'support_plan', plan?.id ?? childId);
  return plan!;
}

export interface SupportService {
  get(actor: Actor, childId: string): Promise<SupportPlanView>;
  save(actor: Actor, childId: string, input: SupportPlanInput): Promise<void>;
  addService(actor: Actor, childId: string, input: SupportServiceInput): Promise<void>;
  addContact(actor: Actor, childId: string, input: SupportContactInput): Promise<void>;
  reminders(actor: Actor, withinDays?: number): Promise<ReminderRow[]>;
}

/** @example const support = createSupportService(db, clock); await support.get(actor, childId); */
export function createSupportService(db: Db, clock: Clock): SupportService {
  const run = scopedWith(db, clock);
  return {
    get: (actor, childId) =>
      run(actor, async (s) => {
        const child = await requireChild(s, childId);
        const today = s.now.toISOString().slice(0, 10);
        const eighteenOn = child.date_of_birth === null ? null : addMonths(child.date_of_birth, 216);
        const childView = {
          id: child.id,
          name: personName(child),
          dateOfBirth: child.date_of_birth,
          eighteenOn,
          isAdult: eighteenOn !== null && eighteenOn <= today,
        };
        const plan = await planOf(s, childId);
        if (plan === undefined) {
          const mayCreate = can(actor, 'support_plan.manage', {
            type: 'support_plan',
            id: '',
            partnershipId: actor.partnershipId,
            keyWorkerAgencyId: actor.agencyId,
            serviceAgencyIds: [],
          });
          await writeAudit(s.tx, s.now, {
            action: 'support_plan.read',
            subjectType: 'person',
            subjectIds: [childId],
            details: { plan: false },
          });
          return { child: childView, plan: null, canManage: mayCreate };
        }
        const f = (await supportPlanFacts(s.db, actor.partnershipId, [plan.id])).get(plan.id);
        await requireAllowed(s, s.now, 'support_plan.read', f, 'support_plan', plan.id);
        const pid = actor.partnershipId;
        const [agency, services, contacts] = await Promise.all([
          s.db
            .selectFrom('agency')
            .select('name')
            .where('id', '=', plan.key_worker_agency_id)
            .executeTakeFirstOrThrow(),
          s.db
            .selectFrom('support_service')
            .select(['kind', 'provider', 'status'])
            .where('partnership_id', '=', pid)
            .where('plan_id', '=', plan.id)
            .orderBy('recorded_at')
            .execute(),
          s.db
            .selectFrom('support_contact')
            .innerJoin('agency', 'agency.id', 'support_contact.recorded_by_agency_id')
            .select(['occurred_on', 'support_contact.kind', 'engagement', 'note', 'agency.name as agency'])
            .where('support_contact.partnership_id', '=', pid)
            .where('plan_id', '=', plan.id)
            .orderBy('occurred_on', 'desc')
            .orderBy('recorded_at', 'desc')
            .execute(),
        ]);
        await writeAudit(s.tx, s.now, {
          action: 'support_plan.read',
          subjectType: 'support_plan',
          subjectIds: [plan.id, childId],
        });
        return {
          child: childView,
          canManage: f !== undefined && can(actor, 'support_plan.manage', f),
          plan: {
            id: plan.id,
            childWords: plan.child_words,
            safetyPlan: plan.safety_plan,
            keyWorkerName: plan.key_worker_name,
            keyWorkerAgencyId: plan.key_worker_agency_id,
            keyWorkerAgency: agency.name,
            currentArea: plan.current_area,
            reviewEveryMonths: plan.review_every_months,
            nextReviewOn: plan.next_review_on,
            reviewOverdue: plan.next_review_on < today,
            adultHandoverOn: plan.adult_handover_on,
            adultHandoverTo: plan.adult_handover_to,
            services,
            contacts: contacts.map((c) => ({
              occurredOn: c.occurred_on,
              kind: c.kind,
              engagement: c.engagement,
              note: c.note,
              agency: c.agency,
            })),
          },
        };
      }),

    save: (actor, childId, input) =>
      run(actor, async (s) => {
        await requireChild(s, childId);
        const existing = await planOf(s, childId);
        const v = parse(supportPlanSchema.safeParse(input));
        const pid = actor.partnershipId;
        const facts =
          existing === undefined
            ? {
                type: 'support_plan' as const,
                id: '',
                partnershipId: pid,
                keyWorkerAgencyId: v.keyWorkerAgencyId,
                serviceAgencyIds: [],
              }
            : (await supportPlanFacts(s.db, pid, [existing.id])).get(existing.id);
        await requireAllowed(s, s.now, 'support_plan.manage', facts, 'support_plan', existing?.id ?? childId);
        const agency = await s.db
          .selectFrom('agency')
          .select('id')
          .where('partnership_id', '=', pid)
          .where('id', '=', v.keyWorkerAgencyId)
          .executeTakeFirst();
        if (agency === undefined) {
          throw validationError([
            { path: ['keyWorkerAgencyId'], code: 'not_found', message: "Select the key worker's agency" },
          ]);
        }
        const values = {
          child_words: v.childWords,
          safety_plan: v.safetyPlan,
          key_worker_name: v.keyWorkerName,
          key_worker_agency_id: v.keyWorkerAgencyId,
          current_area: v.currentArea || null,
          review_every_months: v.reviewEveryMonths,
          next_review_on: v.nextReviewOn,
          adult_handover_on: v.adultHandoverOn ?? null,
          adult_handover_to: v.adultHandoverTo || null,
          updated_at: s.now,
        } satisfies Updateable<SupportPlanTable>;
        const id = existing?.id ?? newId();
        if (existing === undefined) {
          await s.db
            .insertInto('support_plan')
            .values({
              id,
              partnership_id: pid,
              person_id: childId,
              created_at: s.now,
              created_by: actor.userId,
              ...values,
            })
            .execute();
        } else {
          await s.db
            .updateTable('support_plan')
            .set(values)
            .where('partnership_id', '=', pid)
            .where('id', '=', id)
            .execute();
        }
        await writeAudit(s.tx, s.now, {
          action: existing === undefined ? 'support_plan.create' : 'support_plan.update',
          subjectType: 'support_plan',
          subjectIds: [id, childId],
        });
      }),

    addService: (actor, childId, input) =>
      run(actor, async (s) => {
        const plan = await requirePlan(s, childId, 'support_plan.manage');
        const v = parse(supportServiceSchema.safeParse(input));
        await s.db
          .insertInto('support_service')
          .values({
            id: newId(),
            partnership_id: actor.partnershipId,
            plan_id: plan.id,
            kind: v.kind,
            provider: v.provider,
            provider_agency_id: v.providerAgencyId ?? null,
            status: v.status,
            started_on: null,
            recorded_at: s.now,
          })
          .execute();
        await writeAudit(s.tx, s.now, {
          action: 'support_plan.service',
          subjectType: 'support_plan',
          subjectIds: [plan.id],
          details: { kind: v.kind },
        });
      }),

    addContact: (actor, childId, input) =>
      run(actor, async (s) => {
        const plan = await requirePlan(s, childId, 'support_plan.read');
        const v = parse(supportContactSchema.safeParse(input));
        if (v.kind === 'area_move' && v.newArea === '') {
          throw validationError([
            { path: ['newArea'], code: 'too_small', message: 'Enter the area the young person has moved to' },
          ]);
        }
        const pid = actor.partnershipId;
        const note =
          v.kind === 'area_move'
            ? `Moved from ${plan.current_area ?? 'an area not recorded'} to ${v.newArea}. ${v.note}`
            : v.note;
        await s.db
          .insertInto('support_contact')
          .values({
            id: newId(),
            partnership_id: pid,
            plan_id: plan.id,
            occurred_on: v.occurredOn,
            kind: v.kind,
            engagement: v.engagement ?? null,
            note,
            recorded_at: s.now,
            recorded_by: actor.userId,
            recorded_by_agency_id: actor.agencyId,
          })
          .execute();
        if (v.kind === 'review') {
          await s.db
            .updateTable('support_plan')
            .set({ next_review_on: addMonths(v.occurredOn, plan.review_every_months), updated_at: s.now })
            .where('id', '=', plan.id)
            .execute();
        }
        if (v.kind === 'area_move') {
          await s.db
            .updateTable('support_plan')
            .set({ current_area: v.newArea, updated_at: s.now })
            .where('id', '=', plan.id)
            .execute();
        }
        await writeAudit(s.tx, s.now, {
          action: 'support_plan.contact',
          subjectType: 'support_plan',
          subjectIds: [plan.id],
          details: { kind: v.kind },
        });
      }),

    reminders: (actor, withinDays = 30) =>
      run(actor, async (s) => {
        const pid = actor.partnershipId;
        const horizon = new Date(s.now.getTime() + withinDays * 86_400_000).toISOString().slice(0, 10);
        const today = s.now.toISOString().slice(0, 10);
        const plans = await s.db
          .selectFrom('support_plan')
          .innerJoin('person', 'person.id', 'support_plan.person_id')
          .select([
            'support_plan.id',
            'person.id as child_id',
            'given_name',
            'family_name',
            'date_of_birth',
            'next_review_on',
            'adult_handover_on',
          ])
          .where('support_plan.partnership_id', '=', pid)
          .where('next_review_on', '<=', horizon)
          .orderBy('next_review_on')
          .execute();
        const facts = await supportPlanFacts(
          s.db,
          pid,
          plans.map((p) => p.id),
        );
        const { allowed } = await checkPersonAccess(
          s.tx,
          actor,
          'person.read',
          plans.map((p) => p.child_id),
          s.now,
        );
        const rows = plans.filter((p) => {
          const f = facts.get(p.id);
          return allowed.has(p.child_id) && f !== undefined && can(actor, 'support_plan.read', f);
        });
        await writeAudit(s.tx, s.now, {
          action: 'support_plan.reminders',
          subjectType: 'support_plan',
          subjectIds: rows.map((r) => r.id),
        });
        return rows.map((p) => ({
          childId: p.child_id,
          childName: personName(p),
          nextReviewOn: p.next_review_on,
          overdue: p.next_review_on < today,
          isAdult: p.date_of_birth !== null && addMonths(p.date_of_birth, 216) <= today,
          adultHandoverOn: p.adult_handover_on,
        }));
      }),
  };
}
