/**
 * Actions from meetings and cases: the overdue list (each user sees their own agency's actions; a
 * coordinator sees all), status updates, and escalation of overdue actions to the owning agency's named
 * lead. Escalation runs from the CLI (`sightline actions escalate`, as the system) or from the overdue page
 * (coordinators); both use `escalateOverdue`, which is idempotent: an action escalates once.
 */
import { can, writeAudit, type Actor } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import { inTransaction, type Db, type Tx } from '../platform/database/index.ts';
import { issuesFromZod, notFound, validationError } from '../platform/errors/index.ts';
import { actionStatusSchema } from './cases.schema.ts';
import { withCaseTables, type ActionStatus } from './cases.tables.ts';
import { scopedWith } from './scoped.ts';

export interface ActionRow {
  id: string;
  description: string;
  ownerAgencyId: string;
  ownerAgency: string;
  ownerName: string;
  dueOn: string;
  daysOverdue: number;
  status: ActionStatus;
  meetingId: string | null;
  caseId: string | null;
  escalatedAt: Date | null;
  escalatedTo: string | null;
}

const OPEN: ActionStatus[] = ['open', 'in_progress'];

function daysBetween(from: string, to: Date): number {
  return Math.floor((to.getTime() - new Date(`${from}T00:00:00Z`).getTime()) / 86_400_000);
}

/** Open actions whose due date has passed, in a partnership. @example await overdueActions(tx, pid, now); */
export async function overdueActions(tx: Tx, pid: string, now: Date): Promise<ActionRow[]> {
  const today = now.toISOString().slice(0, 10);
  const rows = await withCaseTables(tx)
    .selectFrom('case_action')
    .innerJoin('agency', 'agency.id', 'case_action.owner_agency_id')
    .leftJoin('user_account', 'user_account.id', 'case_action.escalated_to_user_id')
    .select([
      'case_action.id',
      'description',
      'owner_agency_id',
      'agency.name as owner_agency',
      'owner_name',
      'due_on',
      'status',
      'meeting_id',
      'case_id',
      'escalated_at',
      'user_account.display_name as escalated_to',
    ])
    .where('case_action.partnership_id', '=', pid)
    .where('status', 'in', OPEN)
    .where('due_on', '<', today)
    .orderBy('due_on')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    description: r.description,
    ownerAgencyId: r.owner_agency_id,
    ownerAgency: r.owner_agency,
    ownerName: r.owner_name,
    dueOn: r.due_on,
    daysOverdue: daysBetween(r.due_on, now),
    status: r.status,
    meetingId: r.meeting_id,
    caseId: r.case_id,
    escalatedAt: r.escalated_at,
    escalatedTo: r.escalated_to,
  }));
}

export interface EscalationResult {
  /** Escalated by this run. */
  escalated: ActionRow[];
  /** Overdue and escalated before. */
  alreadyEscalated: ActionRow[];
}

/**
 * Marks every overdue, not yet escalated action as escalated to its agency's named lead (or to the agency
 * when no lead is named), and audits it. Runs inside the caller's transaction.
 *
 * @example
 * const result = await escalateOverdue(tx, partnershipId, clock.now());
 */
export async function escalateOverdue(tx: Tx, pid: string, now: Date): Promise<EscalationResult> {
  const db = withCaseTables(tx);
  const overdue = await overdueActions(tx, pid, now);
  const fresh = overdue.filter((a) => a.escalatedAt === null);
  const leads = new Map(
    (
      await db
        .selectFrom('agency_lead')
        .select(['agency_id', 'user_id'])
        .where('partnership_id', '=', pid)
        .execute()
    ).map((l) => [l.agency_id, l.user_id]),
  );
  for (const a of fresh) {
    await db
      .updateTable('case_action')
      .set({ escalated_at: now, escalated_to_user_id: leads.get(a.ownerAgencyId) ?? null })
      .where('partnership_id', '=', pid)
      .where('id', '=', a.id)
      .where('escalated_at', 'is', null)
      .execute();
  }
  if (fresh.length > 0) {
    await writeAudit(tx, now, {
      action: 'action.escalate',
      subjectType: 'action',
      subjectIds: fresh.map((a) => a.id),
      partnershipId: pid,
      details: { escalated: fresh.length },
    });
  }
  const after = await overdueActions(tx, pid, now);
  const freshIds = new Set(fresh.map((a) => a.id));
  return {
    escalated: after.filter((a) => freshIds.has(a.id)),
    alreadyEscalated: after.filter((a) => !freshIds.has(a.id)),
  };
}

/**
 * Escalation as the system (CLI), for one partnership, in its own transaction.
 *
 * @example
 * await runInContext(() => escalateOverdueForPartnership(db, clock, pid));
 */
export async function escalateOverdueForPartnership(
  db: Db,
  clock: Clock,
  pid: string,
): Promise<EscalationResult> {
  return inTransaction(db, (tx) => escalateOverdue(tx, pid, clock.now()));
}

export interface ActionsService {
  /** Overdue actions the actor may see (their agency's; every agency's for a coordinator). */
  overdue(actor: Actor): Promise<{ rows: ActionRow[]; canEscalate: boolean }>;
  updateStatus(actor: Actor, id: string, input: unknown): Promise<{ meetingId: string | null }>;
  /** Coordinators run escalation from the overdue page. */
  escalate(actor: Actor): Promise<EscalationResult>;
}

const actionFacts = (actor: Actor, r: { id: string; ownerAgencyId: string }) =>
  ({ type: 'action', id: r.id, partnershipId: actor.partnershipId, ownerAgencyId: r.ownerAgencyId }) as const;

/** Coordinators run escalation: the role that schedules meetings and owns their follow-up. */
const mayEscalate = (actor: Actor) =>
  can(actor, 'meeting.schedule', { type: 'partnership', partnershipId: actor.partnershipId });

/** @example const actions = createActionsService(db, clock); await actions.overdue(actor); */
export function createActionsService(db: Db, clock: Clock): ActionsService {
  const run = scopedWith(db, clock);
  return {
    overdue: (actor) =>
      run(actor, async (s) => {
        const rows = (await overdueActions(s.tx, actor.partnershipId, s.now)).filter((r) =>
          can(actor, 'action.read', actionFacts(actor, r)),
        );
        await writeAudit(s.tx, s.now, {
          action: 'action.list_overdue',
          subjectType: 'action',
          subjectIds: rows.map((r) => r.id),
        });
        return { rows, canEscalate: mayEscalate(actor) };
      }),

    updateStatus: (actor, id, input) =>
      run(actor, async (s) => {
        const row = await s.db
          .selectFrom('case_action')
          .select(['id', 'owner_agency_id', 'meeting_id'])
          .where('partnership_id', '=', actor.partnershipId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (
          row === undefined ||
          !can(actor, 'action.update', actionFacts(actor, { id, ownerAgencyId: row.owner_agency_id }))
        ) {
          await writeAudit(s.tx, s.now, {
            action: 'action.update',
            subjectType: 'action',
            subjectIds: [id],
            outcome: 'denied',
          });
          throw notFound('action');
        }
        const parsed = actionStatusSchema.safeParse(input);
        if (!parsed.success) throw validationError(issuesFromZod(parsed.error));
        const done = parsed.data.status === 'done' || parsed.data.status === 'cancelled';
        await s.db
          .updateTable('case_action')
          .set({ status: parsed.data.status, completed_at: done ? s.now : null })
          .where('partnership_id', '=', actor.partnershipId)
          .where('id', '=', id)
          .execute();
        await writeAudit(s.tx, s.now, {
          action: 'action.update',
          subjectType: 'action',
          subjectIds: [id],
          details: { status: parsed.data.status },
        });
        return { meetingId: row.meeting_id };
      }),

    escalate: (actor) =>
      run(actor, async (s) => {
        if (!mayEscalate(actor)) {
          await writeAudit(s.tx, s.now, { action: 'action.escalate', outcome: 'denied' });
          throw notFound('page');
        }
        return escalateOverdue(s.tx, actor.partnershipId, s.now);
      }),
  };
}
