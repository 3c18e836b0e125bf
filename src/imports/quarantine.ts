/**
 * The quarantine: rows that failed validation, listed with their reasons, and resubmitted after a fix.
 * A resubmission runs the corrected rows through the same feed as a new batch (so it is accounted for
 * like any other) and marks the quarantine entries resubmitted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../platform/database/index.ts';
import { importFile, type BatchSummary } from './import-file.ts';
import type { RowIssue } from './validate.ts';

export interface QuarantineEntry {
  readonly id: string;
  readonly batchId: string;
  readonly feed: string;
  readonly line: number;
  readonly record: Record<string, string>;
  readonly issues: RowIssue[];
  readonly status: string;
}

/**
 * Lists quarantined rows (open ones by default).
 *
 * @example
 * const entries = await listQuarantine(handle, partnershipId, { feed: 'attendance' });
 */
export async function listQuarantine(
  handle: DatabaseHandle,
  partnershipId: string,
  filter: { feed?: string; batchId?: string; status?: string; limit?: number } = {},
): Promise<QuarantineEntry[]> {
  const rows = await sql<{
    id: string;
    batch_id: string;
    feed: string;
    line: number;
    record: Record<string, string>;
    issues: RowIssue[];
    status: string;
  }>`
    select id, batch_id, feed, line, record, issues, status from import_quarantine
    where partnership_id = ${partnershipId} and status = ${filter.status ?? 'open'}
      and (${filter.feed ?? null}::text is null or feed = ${filter.feed ?? null})
      and (${filter.batchId ?? null}::uuid is null or batch_id = ${filter.batchId ?? null})
    order by created_at, batch_id, line limit ${filter.limit ?? 1000}`.execute(handle.db);
  return rows.rows.map((r) => ({
    id: r.id,
    batchId: r.batch_id,
    feed: r.feed,
    line: r.line,
    record: r.record,
    issues: r.issues,
    status: r.status,
  }));
}

/**
 * Resubmits quarantined rows, optionally with corrected values, as a new batch of the same feed.
 *
 * @example
 * await resubmitQuarantine(handle, partnershipId, [id], { [id]: { date: '2024-09-02' } });
 */
export async function resubmitQuarantine(
  handle: DatabaseHandle,
  partnershipId: string,
  ids: readonly string[],
  corrections: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
): Promise<BatchSummary[]> {
  const rows = await sql<{ id: string; feed: string; record: Record<string, string>; agency_code: string }>`
    select q.id, q.feed, q.record, a.code as agency_code from import_quarantine q join agency a on a.id = q.agency_id
    where q.partnership_id = ${partnershipId} and q.status = 'open' and q.id = any(${[...ids]}::uuid[]) order by q.feed, q.line`.execute(
    handle.db,
  );
  const byFeed = new Map<string, typeof rows.rows>();
  for (const r of rows.rows) {
    byFeed.set(`${r.feed}\u0000${r.agency_code}`, [
      ...(byFeed.get(`${r.feed}\u0000${r.agency_code}`) ?? []),
      r,
    ]);
  }
  const out: BatchSummary[] = [];
  for (const [k, group] of byFeed) {
    const [feed, agencyCode] = k.split('\u0000') as [string, string];
    const dir = mkdtempSync(join(tmpdir(), 'sightline-resubmit-'));
    try {
      const file = join(dir, `resubmit-${group[0]!.id}.jsonl`);
      writeFileSync(
        file,
        group.map((g) => JSON.stringify({ ...g.record, ...corrections[g.id] })).join('\n') + '\n',
      );
      out.push(await importFile(handle, { partnershipId, feed, file, agencyCode }));
      await sql`update import_quarantine set status = 'resubmitted', resolved_at = now() where id = any(${group.map((g) => g.id)}::uuid[])`.execute(
        handle.db,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
