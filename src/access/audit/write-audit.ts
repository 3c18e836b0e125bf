/**
 * Writes audit events (the consultation log) inside the caller's transaction, from the request context.
 * One statement locks the chain head row (select ... for update, which serialises writers per
 * partnership), inserts the event carrying the head's hash and its own (SHA-256 of that hash and the
 * event's canonical content, computed by PostgreSQL from the content Node wrote), and makes it the new
 * head. If this throws, the caller's transaction rolls back and the request fails: no audit, no work.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/database/index.ts';
import { requireContext } from '../context/request-context.ts';
import type { Actor } from '../policy/types.ts';
import { GENESIS_HASH, auditEventContent } from './canonical.ts';

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
  const content = auditEventContent(row);
  // Lock the head, append the event after it, move the head: one round trip, so the lock that
  // serialises every audited request of the partnership is held for this statement and the commit only.
  // The hash is hashAuditEvent's (verify.ts recomputes it in Node): sha256(prev_hash || '\n' || content).
  const append = () =>
    sql<{ last_seq: number }>`
      with head as (
        select last_hash from audit_chain_head where partnership_id = ${partnershipId} for update
      ), inserted as (
        insert into audit_event (partnership_id, occurred_at, request_id, actor_user_id, actor_agency_id,
          actor_role, action, subject_type, subject_ids, purpose, outcome, details, prev_hash, hash)
        select ${partnershipId}::uuid, ${row.occurred_at}::timestamptz, ${row.request_id}::text,
          ${row.actor_user_id}::uuid, ${row.actor_agency_id}::uuid, ${row.actor_role}::text,
          ${row.action}::text, ${row.subject_type}::text, ${JSON.stringify(row.subject_ids)}::jsonb,
          ${row.purpose}::text, ${row.outcome}::text, ${JSON.stringify(row.details)}::jsonb, head.last_hash,
          encode(sha256(convert_to(head.last_hash || chr(10) || ${content}::text, 'UTF8')), 'hex')
        from head
        returning seq, hash
      )
      update audit_chain_head h
      set last_seq = inserted.seq, last_hash = inserted.hash, event_count = h.event_count + 1
      from inserted
      where h.partnership_id = ${partnershipId}
      returning h.last_seq`.execute(tx);
  if ((await append()).rows.length === 1) return;
  // No head yet: it is created once per partnership, then the event is appended after it.
  await tx
    .insertInto('audit_chain_head')
    .values({ partnership_id: partnershipId, last_seq: 0, last_hash: GENESIS_HASH, event_count: 0 })
    .onConflict((oc) => oc.column('partnership_id').doNothing())
    .execute();
  if ((await append()).rows.length !== 1) throw new Error('The audit chain head could not be created');
}
