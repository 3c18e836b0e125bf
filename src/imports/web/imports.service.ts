/**
 * What the import pages need: the partnership's batches, one batch, its quarantined rows, an upload
 * run through `importFile`, and a single quarantined row corrected and resubmitted. Every call is made
 * for an actor who may `import.run` (checked by the routes); uploads and quarantine views are audited.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { writeAudit, type Actor } from '../../access/index.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, type DatabaseHandle } from '../../platform/database/index.ts';
import { feedByName } from '../feeds/index.ts';
import { importFile, type BatchSummary } from '../import-file.ts';
import { listQuarantine, resubmitQuarantine, type QuarantineEntry } from '../quarantine.ts';
import { validateRow, type RowIssue } from '../validate.ts';

export interface BatchRow {
  readonly id: string;
  readonly feed: string;
  readonly feedVersion: number;
  readonly fileName: string;
  readonly agencyName: string;
  readonly status: 'running' | 'completed' | 'failed';
  readonly rowsIn: number;
  readonly loaded: number;
  readonly quarantined: number;
  readonly duplicate: number;
  readonly openQuarantine: number;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

/** Lists the partnership's batches, newest first. */
export async function listBatches(
  handle: DatabaseHandle,
  partnershipId: string,
  id?: string,
): Promise<BatchRow[]> {
  const rows = await sql<{
    id: string;
    feed: string;
    feed_version: number;
    file_name: string;
    agency_name: string;
    status: 'running' | 'completed' | 'failed';
    rows_in: number;
    rows_loaded: number;
    rows_quarantined: number;
    rows_duplicate: number;
    open_quarantine: number;
    started_at: Date;
    finished_at: Date | null;
  }>`
    select b.id, b.feed, b.feed_version, b.file_name, a.name as agency_name, b.status, b.rows_in, b.rows_loaded,
      b.rows_quarantined, b.rows_duplicate, b.started_at, b.finished_at,
      (select count(*)::int from import_quarantine q where q.batch_id = b.id and q.status = 'open') as open_quarantine
    from import_batch b join agency a on a.id = b.agency_id
    where b.partnership_id = ${partnershipId} and (${id ?? null}::uuid is null or b.id = ${id ?? null})
    order by b.started_at desc, b.id limit 200`.execute(handle.db);
  return rows.rows.map((r) => ({
    id: r.id,
    feed: r.feed,
    feedVersion: r.feed_version,
    fileName: r.file_name,
    agencyName: r.agency_name,
    status: r.status,
    rowsIn: r.rows_in,
    loaded: r.rows_loaded,
    quarantined: r.rows_quarantined,
    duplicate: r.rows_duplicate,
    openQuarantine: r.open_quarantine,
    startedAt: new Date(r.started_at),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
  }));
}

/** The partnership's agencies, for the upload form. */
export async function listAgencies(
  handle: DatabaseHandle,
  partnershipId: string,
): Promise<{ code: string; name: string }[]> {
  const rows = await sql<{ code: string; name: string }>`
    select code, name from agency where partnership_id = ${partnershipId} order by name`.execute(handle.db);
  return rows.rows;
}

export interface Upload {
  readonly feed: string;
  readonly agencyCode: string;
  readonly format: 'csv' | 'jsonl';
  readonly fileName: string;
  readonly content: string;
}

/** Runs an uploaded file through the feed, records who uploaded it, and audits the upload. */
export async function runUpload(
  handle: DatabaseHandle,
  clock: Clock,
  actor: Actor,
  upload: Upload,
): Promise<BatchSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-upload-'));
  try {
    const base = upload.fileName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'upload';
    const name = base.endsWith(`.${upload.format}`) ? base : `${base}.${upload.format}`;
    const file = join(dir, name);
    writeFileSync(file, upload.content);
    const summary = await importFile(handle, {
      partnershipId: actor.partnershipId,
      feed: upload.feed,
      file,
      agencyCode: upload.agencyCode,
      format: upload.format,
    });
    await inTransaction(handle.db, async (tx) => {
      await sql`update import_batch set created_by = coalesce(created_by, ${actor.userId}::uuid) where id = ${summary.batchId}`.execute(
        tx,
      );
      await writeAudit(tx, clock.now(), {
        action: 'import.upload',
        subjectType: 'import_batch',
        subjectIds: [summary.batchId],
        details: {
          feed: summary.feed,
          rowsIn: summary.rowsIn,
          loaded: summary.loaded,
          quarantined: summary.quarantined,
          duplicate: summary.duplicate,
          alreadyImported: summary.alreadyImported,
        },
      });
    });
    return summary;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A batch's open quarantined rows; the view is audited (they hold personal data). */
export async function viewQuarantine(
  handle: DatabaseHandle,
  clock: Clock,
  actor: Actor,
  batchId: string,
): Promise<QuarantineEntry[]> {
  const entries = await listQuarantine(handle, actor.partnershipId, { batchId, limit: 500 });
  await inTransaction(handle.db, (tx) =>
    writeAudit(tx, clock.now(), {
      action: 'import.quarantine.view',
      subjectType: 'import_batch',
      subjectIds: [batchId],
      details: { rows: entries.length },
    }),
  );
  return entries;
}

export type ResubmitResult =
  | { ok: true; batchId: string }
  | { ok: false; entry: QuarantineEntry; values: Record<string, string>; issues: RowIssue[] };

/**
 * Corrects one quarantined row and resubmits it as a new batch. The corrected row is validated first: if
 * it is still wrong nothing is resubmitted and the issues come back for the form. `undefined` when the
 * entry is not an open one of this batch.
 */
export async function correctAndResubmit(
  handle: DatabaseHandle,
  clock: Clock,
  actor: Actor,
  batchId: string,
  entryId: string,
  corrections: Readonly<Record<string, string>>,
): Promise<ResubmitResult | undefined> {
  const entries = await listQuarantine(handle, actor.partnershipId, { batchId, limit: 5000 });
  const entry = entries.find((e) => e.id === entryId);
  if (entry === undefined) return undefined;
  const feed = feedByName(entry.feed);
  if (feed === undefined) return undefined;
  const allowed = new Set([...feed.columns.map((c) => c.name), ...Object.keys(entry.record)]);
  const changes = Object.fromEntries(Object.entries(corrections).filter(([k]) => allowed.has(k)));
  const values = { ...entry.record, ...changes };
  const checked = validateRow(feed, entry.line, values);
  if (!checked.ok) return { ok: false, entry, values, issues: checked.issues };
  const [summary] = await resubmitQuarantine(handle, actor.partnershipId, [entry.id], {
    [entry.id]: changes,
  });
  if (summary === undefined) return undefined;
  await inTransaction(handle.db, async (tx) => {
    await sql`update import_batch set created_by = coalesce(created_by, ${actor.userId}::uuid) where id = ${summary.batchId}`.execute(
      tx,
    );
    await writeAudit(tx, clock.now(), {
      action: 'import.quarantine.resubmit',
      subjectType: 'import_batch',
      subjectIds: [batchId, summary.batchId],
      details: { entry: entry.id, fields: Object.keys(changes) },
    });
  });
  return { ok: true, batchId: summary.batchId };
}
