/**
 * Policy facts for cases, meetings, minute sections, actions and support plans, loaded in batches within
 * the actor's partnership. The policy (access/policy) decides; these only gather what it needs. A record
 * that does not exist has no facts and is denied, exactly like one out of scope.
 */
import { can, writeAudit, type AccessScope, type Action, type Resource } from '../access/index.ts';
import { notFound } from '../platform/errors/index.ts';
import type { CasesDb } from './cases.tables.ts';

type Facts<T extends Resource['type']> = Extract<Resource, { type: T }>;

function group(rows: { k: string; v: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.k, [...(out.get(r.k) ?? []), r.v]);
  return out;
}

/** @example const facts = await caseFacts(db, pid, [id]); */
export async function caseFacts(db: CasesDb, pid: string, ids: readonly string[]) {
  const out = new Map<string, Facts<'case'>>();
  if (ids.length === 0) return out;
  const list = [...new Set(ids)];
  const rows = await db
    .selectFrom('case_record')
    .select(['id', 'lead_agency_id'])
    .where('partnership_id', '=', pid)
    .where('id', 'in', list)
    .execute();
  const agencies = group(
    await db
      .selectFrom('case_agency')
      .select(['case_id as k', 'agency_id as v'])
      .where('partnership_id', '=', pid)
      .where('case_id', 'in', list)
      .execute(),
  );
  for (const r of rows) {
    out.set(r.id, {
      type: 'case',
      id: r.id,
      partnershipId: pid,
      leadAgencyId: r.lead_agency_id,
      agencyIds: agencies.get(r.id) ?? [],
    });
  }
  return out;
}

/** @example const facts = await meetingFacts(db, pid, [id]); */
export async function meetingFacts(db: CasesDb, pid: string, ids: readonly string[]) {
  const out = new Map<string, Facts<'meeting'>>();
  if (ids.length === 0) return out;
  const list = [...new Set(ids)];
  const rows = await db
    .selectFrom('meeting')
    .select('id')
    .where('partnership_id', '=', pid)
    .where('id', 'in', list)
    .execute();
  const invited = group(
    await db
      .selectFrom('meeting_attendance')
      .select(['meeting_id as k', 'agency_id as v'])
      .where('partnership_id', '=', pid)
      .where('meeting_id', 'in', list)
      .execute(),
  );
  for (const r of rows) {
    out.set(r.id, {
      type: 'meeting',
      id: r.id,
      partnershipId: pid,
      invitedAgencyIds: invited.get(r.id) ?? [],
    });
  }
  return out;
}

/** @example const facts = await supportPlanFacts(db, pid, [planId]); */
export async function supportPlanFacts(db: CasesDb, pid: string, ids: readonly string[]) {
  const out = new Map<string, Facts<'support_plan'>>();
  if (ids.length === 0) return out;
  const list = [...new Set(ids)];
  const rows = await db
    .selectFrom('support_plan')
    .select(['id', 'key_worker_agency_id'])
    .where('partnership_id', '=', pid)
    .where('id', 'in', list)
    .execute();
  const services = await db
    .selectFrom('support_service')
    .select(['plan_id', 'provider_agency_id'])
    .where('partnership_id', '=', pid)
    .where('plan_id', 'in', list)
    .where('provider_agency_id', 'is not', null)
    .execute();
  const byPlan = group(services.map((s) => ({ k: s.plan_id, v: s.provider_agency_id ?? '' })));
  for (const r of rows) {
    out.set(r.id, {
      type: 'support_plan',
      id: r.id,
      partnershipId: pid,
      keyWorkerAgencyId: r.key_worker_agency_id,
      serviceAgencyIds: byPlan.get(r.id) ?? [],
    });
  }
  return out;
}

/**
 * Checks one record; on refusal writes a denied audit event and throws not found (never 403).
 *
 * @example
 * await requireAllowed(scope, 'case.read', facts.get(id), 'case', id);
 */
export async function requireAllowed(
  scope: AccessScope,
  now: Date,
  action: Action,
  facts: Resource | undefined,
  subjectType: string,
  id: string,
): Promise<void> {
  if (facts !== undefined && can(scope.actor, action, facts)) return;
  await writeAudit(scope.tx, now, {
    action,
    subjectType,
    subjectIds: [id],
    outcome: 'denied',
    details: { reason: 'not_found_or_out_of_scope' },
  });
  throw notFound(subjectType === 'case_record' ? 'case' : subjectType.replace('_', ' '));
}

/** Whether the actor may do a partnership-level action (open a case, schedule a meeting). */
export function canDo(scope: AccessScope, action: Action): boolean {
  return can(scope.actor, action, { type: 'partnership', partnershipId: scope.actor.partnershipId });
}
