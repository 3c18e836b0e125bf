/**
 * The alert inbox and lifecycle. Every read and change is checked against the access policy (the
 * alert's `alert.read`/`alert.update` and its child's `person.read`; anything else is "not found"),
 * and audited in the same transaction.
 */
import type { Kysely } from 'kysely';
import { can, checkPersonAccess, writeAudit, type Actor } from '../../access/index.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, type Database, type Tx } from '../../platform/database/index.ts';
import { AppError, notFound, validationError } from '../../platform/errors/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import { DEFAULT_ALERT_POLICY } from './evaluation.service.ts';
import { visibleEvidence, type VisibleEvidence } from './evidence.ts';
import { reasonContext, visibleReasons, type ReasonContext } from './visible-reasons.ts';
import { withAlertTables, type StoredAlertStatus } from './tables.ts';
import { transitionSchema, type AlertListQuery, type Transition } from './alerts.schema.ts';

export interface AlertSummary {
  readonly id: string;
  readonly personId: string;
  readonly childName: string;
  readonly band: string;
  readonly bandIndex: number;
  readonly score: number;
  readonly raisedOn: string;
  readonly status: StoredAlertStatus;
  readonly routedTo: 'mash_inbox' | 'lead_professional';
  readonly ruleIds: readonly string[];
  /** Why it was raised: the reasons the viewer may read (rule ids and explanations, in step). */
  readonly explanations: readonly string[];
  /** Reasons resting on records the viewer may not see: counted, never described. */
  readonly reasonsWithheld: number;
  readonly snoozedUntil: string | null;
}

export interface AlertDetail extends AlertSummary {
  readonly evidence: VisibleEvidence;
  readonly outcome: string | null;
  readonly outcomeReason: string | null;
  readonly history: readonly { at: string; from: string | null; to: string; reason: string | null }[];
  readonly canUpdate: boolean;
  /**
   * Whether the viewer may dismiss or snooze it: they may update it and can read at least one of its
   * reasons (no one closes an alert on grounds they cannot see).
   */
  readonly canClose: boolean;
}

export interface Inbox {
  /** The most urgent alerts, in full with their evidence (the user's daily limit). */
  readonly shown: readonly AlertDetail[];
  /** The rest, one line each, counted by band. */
  readonly rest: readonly AlertSummary[];
  readonly restByBand: Readonly<Record<string, number>>;
  readonly limit: number;
}

const OPEN: StoredAlertStatus[] = ['new', 'acknowledged', 'snoozed'];

/**
 * Whether the actor works alerts at all: coordinators (the MASH inbox) and practitioners (alerts
 * routed to them). Everyone else is answered "not found" for the inbox, the list and the digest.
 *
 * @example
 * if (!worksAlerts(actor)) throw notFound('page');
 */
export function worksAlerts(actor: Actor): boolean {
  return actor.roles.includes('coordinator') || actor.roles.includes('practitioner');
}
const FINAL: ReadonlySet<StoredAlertStatus> = new Set(['actioned', 'dismissed']);

/** Which alerts to load before the access checks: by id, or by status and the list filters. */
interface AlertSelection {
  readonly ids?: readonly string[];
  readonly statuses?: readonly StoredAlertStatus[];
  /** Leave out snoozed alerts whose date to come back has not come (the inbox). */
  readonly dueOnly?: boolean;
  readonly band?: string;
  readonly personId?: string;
  readonly routedTo?: 'mash_inbox' | 'lead_professional';
  readonly raisedOn?: string;
}

async function visibleAlerts(tx: Tx, clock: Clock, actor: Actor, select: AlertSelection) {
  const today = clock.now().toISOString().slice(0, 10);
  let q = withAlertTables(tx)
    .selectFrom('alert as a')
    .innerJoin('person as p', 'p.id', 'a.person_id')
    .selectAll('a')
    .select(['p.given_name', 'p.family_name'])
    .where('a.partnership_id', '=', actor.partnershipId);
  if (select.ids !== undefined) {
    q = q.where('a.id', 'in', select.ids.length > 0 ? select.ids : ['00000000-0000-4000-8000-000000000000']);
  }
  if (select.statuses !== undefined) q = q.where('a.status', 'in', select.statuses);
  if (select.band !== undefined) q = q.where('a.band', '=', select.band);
  if (select.personId !== undefined) q = q.where('a.person_id', '=', select.personId);
  if (select.routedTo !== undefined) q = q.where('a.routed_to', '=', select.routedTo);
  if (select.raisedOn !== undefined) q = q.where('a.raised_on', '=', select.raisedOn);
  const rows = (
    await q
      .orderBy('a.band_index', 'desc')
      .orderBy('a.score', 'desc')
      .orderBy('a.raised_on')
      .orderBy('a.id')
      .execute()
  )
    .filter((r) => select.dueOnly !== true || r.status !== 'snoozed' || (r.snoozed_until ?? '') <= today)
    .filter((r) =>
      can(actor, 'alert.read', {
        type: 'alert',
        id: r.id,
        partnershipId: r.partnership_id,
        routedToUserId: r.routed_to_user_id,
        assigneeUserId: r.assignee_user_id,
      }),
    );
  const { allowed, facts } = await checkPersonAccess(
    tx,
    actor,
    'person.read',
    [...new Set(rows.map((r) => r.person_id))],
    clock.now(),
  );
  return { rows: rows.filter((r) => allowed.has(r.person_id)), facts };
}

type Row = Awaited<ReturnType<typeof visibleAlerts>>['rows'][number];
type Facts = Awaited<ReturnType<typeof visibleAlerts>>['facts'];

function summary(r: Row, ctx: ReasonContext, facts: Facts): AlertSummary {
  const reasons = visibleReasons(ctx, r, facts.get(r.person_id)!);
  return {
    id: r.id,
    personId: r.person_id,
    childName: [r.given_name, r.family_name].filter((x) => x !== null).join(' ') || 'Name not recorded',
    band: r.band,
    bandIndex: r.band_index,
    score: r.score,
    raisedOn: r.raised_on,
    status: r.status,
    routedTo: r.routed_to,
    ruleIds: reasons.ruleIds,
    explanations: reasons.explanations,
    reasonsWithheld: reasons.withheld,
    snoozedUntil: r.snoozed_until,
  };
}

/** Summaries of `rows`, each with only the reasons the actor may read. */
async function summaries(tx: Tx, actor: Actor, rows: readonly Row[], facts: Facts): Promise<AlertSummary[]> {
  const ctx = await reasonContext(tx, actor, rows);
  return rows.map((r) => summary(r, ctx, facts));
}

/**
 * Lifecycle events in time order; steps recorded in the same millisecond follow the status chain
 * (each step starts from the status the one before ended in), not their random ids.
 *
 * @example
 * inLifecycleOrder(rows).map((e) => e.to_status); // ['new', 'acknowledged', 'dismissed']
 */
export function inLifecycleOrder<
  T extends { occurred_at: Date; from_status: string | null; to_status: string },
>(events: readonly T[]): T[] {
  const left = [...events].sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime());
  const out: T[] = [];
  let status: string | null = null;
  while (left.length > 0) {
    const first = left[0]!.occurred_at.getTime();
    const i = left.findIndex((e) => e.occurred_at.getTime() === first && e.from_status === status);
    const [next] = left.splice(Math.max(i, 0), 1);
    out.push(next!);
    status = next!.to_status;
  }
  return out;
}

async function detail(tx: Tx, actor: Actor, r: Row, facts: Facts, ctx: ReasonContext): Promise<AlertDetail> {
  const history = await withAlertTables(tx)
    .selectFrom('alert_event')
    .select(['occurred_at', 'from_status', 'to_status', 'reason'])
    .where('partnership_id', '=', actor.partnershipId)
    .where('alert_id', '=', r.id)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  const base = summary(r, ctx, facts);
  const canUpdate = !FINAL.has(r.status) && mayUpdate(actor, r);
  return {
    ...base,
    evidence: await visibleEvidence(tx, actor, facts.get(r.person_id)!, r.evidence_event_ids),
    outcome: r.outcome,
    outcomeReason: r.outcome_reason,
    history: inLifecycleOrder(history).map((h) => ({
      at: h.occurred_at.toISOString(),
      from: h.from_status,
      to: h.to_status,
      reason: h.reason,
    })),
    canUpdate,
    canClose: canUpdate && !allReasonsWithheld(base.ruleIds, base.reasonsWithheld),
  };
}

/** Whether the policy lets the actor work this alert (a coordinator, or the practitioner it is routed or assigned to). */
function mayUpdate(actor: Actor, r: Row): boolean {
  return can(actor, 'alert.update', {
    type: 'alert',
    id: r.id,
    partnershipId: r.partnership_id,
    routedToUserId: r.routed_to_user_id,
    assigneeUserId: r.assignee_user_id,
  });
}

/** Whether every reason for an alert rests on records the viewer may not see. */
function allReasonsWithheld(visibleRuleIds: readonly string[], withheld: number): boolean {
  return visibleRuleIds.length === 0 && withheld > 0;
}

/** Why an alert whose reasons are all withheld from the viewer cannot be dismissed or snoozed by them. */
export const CLOSE_WITHHELD_MESSAGE =
  'Every reason for this alert rests on records held by another agency that are not shown to you, so you cannot dismiss or snooze it. Acknowledge it or act on it, or ask the MASH coordinator, who can see the full picture.';

/**
 * The actor's inbox: open alerts they may see, most urgent first; the first `limit` in full.
 *
 * @example
 * const inbox = await listInbox(db, clock, actor);
 */
export async function listInbox(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  options: { readonly limit?: number } = {},
): Promise<Inbox> {
  const limit = options.limit ?? DEFAULT_ALERT_POLICY.dailyLimitPerUser;
  return inTransaction(db, async (tx) => {
    const { rows, facts } = await visibleAlerts(tx, clock, actor, { statuses: OPEN, dueOnly: true });
    const shown: AlertDetail[] = [];
    const ctx = await reasonContext(tx, actor, rows);
    for (const r of rows.slice(0, limit)) shown.push(await detail(tx, actor, r, facts, ctx));
    const rest = rows.slice(limit).map((r) => summary(r, ctx, facts));
    const restByBand: Record<string, number> = {};
    for (const a of rest) restByBand[a.band] = (restByBand[a.band] ?? 0) + 1;
    await writeAudit(tx, clock.now(), {
      action: 'alert.list',
      subjectType: 'alert',
      subjectIds: shown.map((a) => a.id),
      details: { shown: shown.length, summarised: rest.length },
    });
    return { shown, rest, restByBand, limit };
  });
}

export interface AlertPage {
  readonly alerts: readonly AlertSummary[];
  /** Alerts matching the filters that the actor may see, across all pages. */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/**
 * The alerts the actor may see that match the filters, most urgent first, one page of them.
 *
 * @example
 * const page = await listAlerts(db, clock, actor, alertListQuery.parse({ status: 'open', band: 'high' }));
 */
export async function listAlerts(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  query: AlertListQuery,
): Promise<AlertPage> {
  if (!worksAlerts(actor)) throw notFound('page');
  return inTransaction(db, async (tx) => {
    const statuses = query.status === 'open' ? OPEN : query.status === 'all' ? undefined : [query.status];
    const { rows, facts } = await visibleAlerts(tx, clock, actor, {
      dueOnly: query.status === 'open',
      ...(statuses === undefined ? {} : { statuses }),
      ...(query.band === undefined ? {} : { band: query.band }),
      ...(query.child === undefined ? {} : { personId: query.child }),
      ...(query.routedTo === undefined ? {} : { routedTo: query.routedTo }),
    });
    const alerts = await summaries(tx, actor, rows.slice(query.offset, query.offset + query.limit), facts);
    await writeAudit(tx, clock.now(), {
      action: 'alert.list',
      subjectType: 'alert',
      subjectIds: alerts.map((a) => a.id),
      details: {
        status: query.status,
        band: query.band ?? null,
        routedTo: query.routedTo ?? null,
        child: query.child ?? null,
        returned: alerts.length,
        total: rows.length,
      },
    });
    return { alerts, total: rows.length, limit: query.limit, offset: query.offset };
  });
}

/** One day's alerts for one user: the most urgent in full (the daily limit), the rest counted by band. */
export interface AlertDigest {
  readonly date: string;
  readonly limit: number;
  readonly shown: readonly AlertSummary[];
  readonly summarised: number;
  readonly summarisedByBand: Readonly<Record<string, number>>;
}

/**
 * The actor's digest of the alerts raised on `date` (default today) that they may see: a digest
 * instead of a flood, however many alerts one import raised.
 *
 * @example
 * const digest = await dailyDigest(db, clock, actor); // digest.shown.length <= digest.limit
 */
export async function dailyDigest(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  date?: string,
  options: { readonly limit?: number } = {},
): Promise<AlertDigest> {
  if (!worksAlerts(actor)) throw notFound('page');
  const day = date ?? clock.now().toISOString().slice(0, 10);
  const limit = options.limit ?? DEFAULT_ALERT_POLICY.dailyLimitPerUser;
  return inTransaction(db, async (tx) => {
    const { rows, facts } = await visibleAlerts(tx, clock, actor, { raisedOn: day });
    const shown = await summaries(tx, actor, rows.slice(0, limit), facts);
    const summarisedByBand: Record<string, number> = {};
    for (const r of rows.slice(limit)) summarisedByBand[r.band] = (summarisedByBand[r.band] ?? 0) + 1;
    await writeAudit(tx, clock.now(), {
      action: 'alert.digest',
      subjectType: 'alert',
      subjectIds: shown.map((a) => a.id),
      details: { date: day, shown: shown.length, summarised: rows.length - shown.length },
    });
    return { date: day, limit, shown, summarised: rows.length - shown.length, summarisedByBand };
  });
}

/**
 * One alert with its evidence and history; not found when missing or out of scope.
 *
 * @example
 * const alert = await getAlert(db, clock, actor, id);
 */
export async function getAlert(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  id: string,
): Promise<AlertDetail> {
  return inTransaction(db, async (tx) => {
    const { rows, facts } = await visibleAlerts(tx, clock, actor, { ids: [id] });
    const r = rows[0];
    await writeAudit(tx, clock.now(), {
      action: 'alert.read',
      subjectType: 'alert',
      subjectIds: [id],
      outcome: r === undefined ? 'denied' : 'success',
    });
    if (r === undefined) return undefined;
    return detail(tx, actor, r, facts, await reasonContext(tx, actor, [r]));
  }).then((a) => {
    if (a === undefined) throw notFound('alert');
    return a;
  });
}

const TO_STATUS: Record<Transition['step'], StoredAlertStatus> = {
  acknowledge: 'acknowledged',
  action: 'actioned',
  dismiss: 'dismissed',
  snooze: 'snoozed',
};

/**
 * Moves an alert through its lifecycle (acknowledge, action, dismiss or snooze with a reason).
 * Throws not_found when out of scope or not the actor's to change (the refusal is audited), validation
 * for bad input, and conflict when the alert is already closed or when the actor would dismiss or
 * snooze it without being able to read any of its reasons.
 *
 * @example
 * await transitionAlert(db, clock, actor, id, { step: 'dismiss', reason: 'Known to the team; plan in place' });
 */
export async function transitionAlert(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  id: string,
  input: unknown,
): Promise<{ personId: string; status: StoredAlertStatus; step: Transition }> {
  const done = await inTransaction(db, async (tx) => {
    const { rows, facts } = await visibleAlerts(tx, clock, actor, { ids: [id] });
    const r = rows[0];
    if (r === undefined || !mayUpdate(actor, r)) {
      await writeAudit(tx, clock.now(), {
        action: 'alert.update',
        subjectType: 'alert',
        subjectIds: [id],
        outcome: 'denied',
      });
      return undefined; // the refusal commits with its audit event, then is thrown as not found
    }
    const parsed = transitionSchema.safeParse(input);
    if (!parsed.success) {
      throw validationError(
        parsed.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })),
      );
    }
    const step = parsed.data;
    const today = clock.now().toISOString().slice(0, 10);
    if (step.step === 'snooze' && step.until <= today) {
      throw validationError([
        {
          path: ['until'],
          code: 'too_small',
          message: 'The date to bring the alert back must be in the future',
        },
      ]);
    }
    if (FINAL.has(r.status)) throw new AppError('conflict', `This alert has already been ${r.status}`);
    if (step.step === 'acknowledge' && r.status === 'acknowledged') {
      throw new AppError('conflict', 'This alert has already been acknowledged');
    }
    if (step.step === 'dismiss' || step.step === 'snooze') {
      const { ruleIds, withheld } = visibleReasons(
        await reasonContext(tx, actor, [r]),
        r,
        facts.get(r.person_id)!,
      );
      if (allReasonsWithheld(ruleIds, withheld)) {
        throw new AppError('conflict', CLOSE_WITHHELD_MESSAGE);
      }
    }
    const to = TO_STATUS[step.step];
    const reason = step.step === 'dismiss' || step.step === 'snooze' ? step.reason : null;
    await withAlertTables(tx)
      .updateTable('alert')
      .set({
        status: to,
        updated_at: clock.now(),
        ...(step.step === 'acknowledge' ? { assignee_user_id: r.assignee_user_id ?? actor.userId } : {}),
        ...(step.step === 'action' ? { outcome: step.opened, outcome_reason: null } : {}),
        ...(step.step === 'dismiss' ? { outcome: 'dismissed' as const, outcome_reason: step.reason } : {}),
        ...(step.step === 'snooze'
          ? { outcome: 'snoozed' as const, outcome_reason: step.reason, snoozed_until: step.until }
          : {}),
      })
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', id)
      .execute();
    await withAlertTables(tx)
      .insertInto('alert_event')
      .values({
        id: newId(),
        partnership_id: actor.partnershipId,
        alert_id: id,
        from_status: r.status,
        to_status: to,
        reason:
          step.step === 'action'
            ? step.opened === 'case'
              ? 'Opened a case'
              : 'Started a CSE screening'
            : reason,
        actor_user_id: actor.userId,
        occurred_at: clock.now(),
      })
      .execute();
    await writeAudit(tx, clock.now(), {
      action: `alert.${step.step}`,
      subjectType: 'alert',
      subjectIds: [id],
      details: { from: r.status, to, personId: r.person_id },
    });
    return { personId: r.person_id, status: to, step };
  });
  if (done === undefined) throw notFound('alert');
  return done;
}
