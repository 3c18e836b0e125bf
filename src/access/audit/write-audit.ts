/**
 * Writes audit events (the consultation log) inside the caller's transaction, from the request context.
 * The event is inserted with its canonical content; at COMMIT a deferred trigger (migration 0015) locks
 * the partnership's chain head, links the event to it and hashes it (SHA-256 of the head's hash and the
 * content, the digest verify.ts recomputes in Node). If the insert or the trigger fails, the caller's
 * transaction rolls back and the request fails: no audit, no work.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../platform/database/index.ts';
import { requireContext } from '../context/request-context.ts';
import type { Actor } from '../policy/types.ts';
import { auditEventContent } from './canonical.ts';

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
  } as const;
  // The event joins the chain when the transaction commits (migration 0015's deferred trigger locks the
  // head, links the event to it and hashes it), so the lock that serialises a partnership's audited
  // requests is held while PostgreSQL commits, not while the request's work goes on.
  await tx
    .insertInto('audit_event')
    .values({
      ...row,
      subject_ids: JSON.stringify(row.subject_ids),
      details: JSON.stringify(row.details),
      prev_hash: '',
      hash: '',
      pending_content: auditEventContent(row),
    })
    .execute();
}
