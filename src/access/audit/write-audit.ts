/**
 * Writes audit events (the consultation log) inside the caller's transaction, from the request context.
 * The chain head row is locked first (select ... for update), which serialises writers per partnership;
 * the new event carries the head's hash and becomes the new head. If this throws, the caller's
 * transaction rolls back and the request fails: no audit, no work.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/database/index.ts';
import { requireContext } from '../context/request-context.ts';
import type { Actor } from '../policy/types.ts';
import { GENESIS_HASH, hashAuditEvent } from './canonical.ts';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditInput {
  action: string;
  subjectType?: string;
  subjectIds?: readonly string[];
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
  /** Overrides the context's purpose (e.g. a break-glass reason). */
  purpose?: string;
  /** Needed when there is no signed-in actor (sign-in attempts, the CLI). */
  partnershipId?: string;
  /** The actor, when the context has none yet (a sign-in that has just succeeded). */
  actor?: Actor;
}

/**
 * Appends one audit event in `tx`. Must be called with a transaction: the event commits or rolls back
 * with the work it records.
 *
 * @example
 * await inTransaction(db, async (tx) => { const p = await read(tx); await writeAudit(tx, now, { action: 'person.read', subjectType: 'person', subjectIds: [p.id] }); });
 */
export async function writeAudit(tx: Transaction<Database>, now: Date, input: AuditInput): Promise<void> {
  if (!tx.isTransaction) throw new Error('Audit events must be written inside the transaction of the work');
  const context = requireContext();
  const actor = input.actor ?? context.actor;
  const partnershipId = input.partnershipId ?? actor?.partnershipId;
  if (partnershipId === undefined) throw new Error('An audit event needs a partnership');
  // The head row is locked first; it is created (once per partnership) only when missing.
  const lockHead = () =>
    tx
      .selectFrom('audit_chain_head')
      .select(['last_hash', 'event_count'])
      .where('partnership_id', '=', partnershipId)
      .forUpdate()
      .executeTakeFirst();
  let head = await lockHead();
  if (head === undefined) {
    await tx
      .insertInto('audit_chain_head')
      .values({ partnership_id: partnershipId, last_seq: 0, last_hash: GENESIS_HASH, event_count: 0 })
      .onConflict((oc) => oc.column('partnership_id').doNothing())
      .execute();
    head = await lockHead();
    if (head === undefined) throw new Error('The audit chain head could not be created');
  }
  const row = {
    partnership_id: partnershipId,
    occurred_at: now,
    request_id: context.requestId,
    actor_user_id: actor?.userId ?? null,
    actor_agency_id: actor?.agencyId ?? null,
    actor_role:
      actor === undefined
        ? context.channel === 'cli' || context.channel === 'system'
          ? 'system'
          : null
        : actor.roles.join(','),
    action: input.action,
    subject_type: input.subjectType ?? null,
    subject_ids: [...(input.subjectIds ?? [])],
    purpose: input.purpose ?? context.purpose,
    outcome: input.outcome ?? 'success',
    details: { channel: context.channel, ...(input.details ?? {}) },
    prev_hash: head.last_hash,
  } as const;
  const hash = hashAuditEvent(row);
  // The event and the new head in one statement: the head's lock is held for as few round trips as
  // possible, since it serialises every audited request of the partnership.
  await tx
    .with('inserted', (w) =>
      w
        .insertInto('audit_event')
        .values({
          ...row,
          subject_ids: JSON.stringify(row.subject_ids),
          details: JSON.stringify(row.details),
          hash,
        })
        .returning('seq'),
    )
    .updateTable('audit_chain_head')
    .set((eb) => ({
      last_seq: eb.selectFrom('inserted').select('seq'),
      last_hash: hash,
      event_count: sql<number>`event_count + 1`,
    }))
    .where('partnership_id', '=', partnershipId)
    .execute();
}
