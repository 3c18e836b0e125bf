/**
 * Verifies each partnership's audit hash chain: every row's hash matches its content (else it was
 * changed), every row links to the one before it (else rows were deleted, inserted or reordered), and
 * the chain ends where the head says (else the newest rows were deleted).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/index.ts';
import { GENESIS_HASH, hashAuditEvent } from './canonical.ts';

export type ChainProblemKind = 'changed' | 'broken_link' | 'head_mismatch';

export interface ChainProblem {
  partnershipId: string;
  kind: ChainProblemKind;
  /** The sequence number where the problem shows. */
  seq: number;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  partnerships: number;
  events: number;
  problems: ChainProblem[];
}

const BATCH = 5000;

/**
 * Verifies every chain (or one partnership's).
 *
 * @example
 * const report = await verifyAuditChain(db);
 * if (!report.ok) console.error(report.problems[0].message);
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  options: { partnershipId?: string } = {},
): Promise<VerifyReport> {
  let heads = db
    .selectFrom('partnership')
    .leftJoin('audit_chain_head as h', 'h.partnership_id', 'partnership.partnership_id')
    .select(['partnership.partnership_id', 'h.last_seq', 'h.last_hash', 'h.event_count']);
  if (options.partnershipId !== undefined) {
    heads = heads.where('partnership.partnership_id', '=', options.partnershipId);
  }
  const problems: ChainProblem[] = [];
  let events = 0;
  const partnerships = await heads.execute();
  for (const head of partnerships) {
    const pid = head.partnership_id;
    let prev = GENESIS_HASH;
    let lastSeq = 0;
    let count = 0;
    for (;;) {
      const rows = await db
        .selectFrom('audit_event')
        .selectAll()
        .where('partnership_id', '=', pid)
        .where('seq', '>', lastSeq)
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      for (const row of rows) {
        count += 1;
        if (row.prev_hash !== prev) {
          problems.push({
            partnershipId: pid,
            kind: 'broken_link',
            seq: row.seq,
            message: `audit event ${row.seq} does not follow the event before it: an event was deleted, inserted or reordered just before ${row.seq}`,
          });
        }
        const expected = hashAuditEvent({ ...row, subject_ids: row.subject_ids, details: row.details });
        if (expected !== row.hash) {
          problems.push({
            partnershipId: pid,
            kind: 'changed',
            seq: row.seq,
            message: `audit event ${row.seq} was changed after it was written (its hash does not match its content)`,
          });
        }
        prev = row.hash;
        lastSeq = row.seq;
      }
      if (rows.length < BATCH) break;
    }
    events += count;
    const headSeq = head.last_seq ?? 0;
    const headHash = head.last_hash ?? GENESIS_HASH;
    const headCount = head.event_count ?? 0;
    if (headSeq !== lastSeq || headHash !== prev || headCount !== count) {
      problems.push({
        partnershipId: pid,
        kind: 'head_mismatch',
        seq: lastSeq,
        message: `the chain ends at event ${lastSeq} (${count} events) but the chain head records event ${headSeq} (${headCount} events): events were deleted or added at the end`,
      });
    }
  }
  return { ok: problems.length === 0, partnerships: partnerships.length, events, problems };
}
