/**
 * What the import pages need: the partnership's batches with their progress, one batch, its quarantined
 * rows, an upload started through `importFile` in the background, and a single quarantined row
 * corrected and resubmitted. Every call is made for an actor who may `import.run` (checked by the
 * routes). The start of an upload (`import.upload.start`), its end (`import.upload`, with the accounting,
 * or a failure), quarantine views and resubmissions are audited.
 */
import { sql } from 'kysely';
import { writeAudit, type Actor } from '../../access/index.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, type DatabaseHandle } from '../../platform/database/index.ts';
import { describeError, type Logger } from '../../platform/logging/logger.ts';
import { feedByName } from '../feeds/index.ts';
import { importFile, type BatchKnown, type BatchSummary } from '../import-file.ts';
import { listQuarantine, resubmitQuarantine, type QuarantineEntry } from '../quarantine.ts';
import { validateRow, type RowIssue } from '../validate.ts';
import type { BackgroundImports } from './background.ts';
import { STALL_MS, type ProgressColumns } from './batch-progress.ts';
import type { ValidUpload } from './upload-form.ts';

export interface BatchRow extends ProgressColumns {
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
    failure: 'stopped' | 'error' | null;
    rows_read: number;
    bytes_read: number;
    bytes_total: number | null;
    run_seconds: number | null;
    idle_seconds: number | null;
  }>`
    select b.id, b.feed, b.feed_version, b.file_name, a.name as agency_name, b.status, b.rows_in, b.rows_loaded,
      b.rows_quarantined, b.rows_duplicate, b.started_at, b.finished_at, b.failure, b.rows_read, b.bytes_read,
      b.bytes_total, extract(epoch from b.progress_at - b.run_started_at)::float8 as run_seconds,
      extract(epoch from clock_timestamp() - b.progress_at)::float8 as idle_seconds,
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
    failure: r.failure,
    rowsRead: r.rows_read,
    bytesRead: r.bytes_read,
    bytesTotal: r.bytes_total,
    runSeconds: r.run_seconds,
    idleSeconds: r.idle_seconds,
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

export interface UploadDeps {
  readonly handle: DatabaseHandle;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly imports: BackgroundImports;
}

/**
 * Starts importing an uploaded file in the background and answers once its batch is known (a new
 * batch, the one the same file made before, or the one another run is importing now). The start is
 * audited (`import.upload.start`) before a row is read; when the run ends `import.upload` is audited
 * with its accounting (or as a failure) and the upload's folder is removed, whatever happened. A file
 * the importer refuses before a batch exists, or a start that cannot be audited, rejects here.
 *
 * @example
 * const { batchId } = await startUpload(deps, actor, form.upload, form.discard);
 */
export async function startUpload(
  deps: UploadDeps,
  actor: Actor,
  upload: ValidUpload,
  discard: () => Promise<void>,
): Promise<BatchKnown> {
  let announce: (batch: BatchKnown) => void = () => undefined;
  const known = new Promise<BatchKnown>((resolve) => {
    announce = resolve;
  });
  let batchId: string | undefined;
  const run = importFile(deps.handle, {
    partnershipId: actor.partnershipId,
    feed: upload.feed,
    agencyCode: upload.agencyCode,
    format: upload.format,
    file: upload.file.path,
    fileName: upload.file.name,
    fileSha256: upload.file.sha256,
    signal: deps.imports.signal,
    liveRunMs: STALL_MS,
    onBatch: async (batch) => {
      batchId = batch.batchId;
      await auditStart(deps, actor, upload, batch);
      announce(batch);
    },
  });
  deps.imports.track(
    run
      .then((summary) => (summary.status === 'running' ? undefined : auditEnd(deps, actor, summary)))
      .catch(async (error: unknown) => {
        deps.logger.warn({ batchId, err: describeError(error) }, 'upload import failed');
        if (batchId !== undefined) await auditFailure(deps, actor, batchId, upload.feed);
      })
      .catch((error: unknown) =>
        deps.logger.error({ batchId, err: describeError(error) }, 'upload audit failed'),
      )
      .finally(discard),
  );
  return Promise.race([
    known,
    run.then((s) => ({ batchId: s.batchId, alreadyImported: s.alreadyImported, runningElsewhere: false })),
  ]);
}

/** Who started the batch, and the start in the audit log, before the importer reads a row. */
async function auditStart(
  deps: UploadDeps,
  actor: Actor,
  upload: ValidUpload,
  batch: BatchKnown,
): Promise<void> {
  await inTransaction(deps.handle.db, async (tx) => {
    await sql`update import_batch set created_by = coalesce(created_by, ${actor.userId}::uuid) where id = ${batch.batchId}`.execute(
      tx,
    );
    await writeAudit(tx, deps.clock.now(), {
      action: 'import.upload.start',
      subjectType: 'import_batch',
      subjectIds: [batch.batchId],
      actor,
      details: {
        feed: upload.feed,
        bytes: upload.file.bytes,
        alreadyImported: batch.alreadyImported,
        runningElsewhere: batch.runningElsewhere,
      },
    });
  });
}

/** The upload's end, with the batch's accounting (the row written since uploads were first audited). */
async function auditEnd(deps: UploadDeps, actor: Actor, summary: BatchSummary): Promise<void> {
  await inTransaction(deps.handle.db, (tx) =>
    writeAudit(tx, deps.clock.now(), {
      action: 'import.upload',
      subjectType: 'import_batch',
      subjectIds: [summary.batchId],
      actor,
      details: {
        feed: summary.feed,
        rowsIn: summary.rowsIn,
        loaded: summary.loaded,
        quarantined: summary.quarantined,
        duplicate: summary.duplicate,
        alreadyImported: summary.alreadyImported,
      },
    }),
  );
}

async function auditFailure(deps: UploadDeps, actor: Actor, batchId: string, feed: string): Promise<void> {
  await inTransaction(deps.handle.db, (tx) =>
    writeAudit(tx, deps.clock.now(), {
      action: 'import.upload',
      subjectType: 'import_batch',
      subjectIds: [batchId],
      actor,
      outcome: 'failure',
      details: { feed },
    }),
  );
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
