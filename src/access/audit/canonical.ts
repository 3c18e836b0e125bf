/**
 * The hash of an audit event: SHA-256 over canonical JSON (keys sorted, no spaces) of the row's content
 * and the previous row's hash. Pure, so `audit verify` recomputes exactly what the writer computed.
 */
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface HashableAuditEvent {
  partnership_id: string;
  occurred_at: Date;
  request_id: string | null;
  actor_user_id: string | null;
  actor_agency_id: string | null;
  actor_role: string | null;
  action: string;
  subject_type: string | null;
  subject_ids: readonly string[];
  purpose: string | null;
  outcome: string;
  details: Record<string, unknown>;
  prev_hash: string;
}

/** The genesis value of every partnership's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hashed content of an audit event: canonical JSON of every field but the previous hash.
 *
 * @example
 * const content = auditEventContent(row); // '{"action":"person.read",...}'
 */
export function auditEventContent(event: Omit<HashableAuditEvent, 'prev_hash'>): string {
  return canonicalJson({
    partnership_id: event.partnership_id,
    occurred_at: event.occurred_at.toISOString(),
    request_id: event.request_id,
    actor_user_id: event.actor_user_id,
    actor_agency_id: event.actor_agency_id,
    actor_role: event.actor_role,
    action: event.action,
    subject_type: event.subject_type,
    subject_ids: event.subject_ids,
    purpose: event.purpose,
    outcome: event.outcome,
    details: event.details,
  });
}

/**
 * Hashes one audit event together with the previous hash: SHA-256 of the previous hash, a newline and
 * the content (`auditEventContent`), as hex. The writer has PostgreSQL compute the same digest.
 *
 * @example
 * const hash = hashAuditEvent({ ...row, prev_hash: GENESIS_HASH });
 */
export function hashAuditEvent(event: HashableAuditEvent): string {
  return createHash('sha256')
    .update(event.prev_hash)
    .update('\n')
    .update(auditEventContent(event))
    .digest('hex');
}
