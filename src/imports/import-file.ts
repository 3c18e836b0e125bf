/**
 * One import batch: stream the file, validate each row, and commit chunk by chunk. Each chunk's rows,
 * quarantine entries, progress marker, batch counters and read progress (bytes and rows read, for the
 * batch page) commit in one transaction, so a killed run resumes from its last committed chunk and ends
 * exactly where one clean run would. The same file (by SHA-256) is never loaded twice; overlapping files
 * add only rows with new stable keys. A run that throws marks its batch failed with a code ('stopped'
 * when its signal aborted it, 'error' otherwise); running the file again resumes it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import type { DatabaseHandle, Tx } from '../platform/database/index.ts';
import { inTransaction, shareConnection } from '../platform/database/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { feedByName } from './feeds/index.ts';
import type { FeedDefinition, Row } from './feeds/types.ts';
import { loadAttendanceCsv } from './attendance-copy.ts';
import { IdentityResolver } from './identity.ts';
import { loadAttendance } from './load-attendance.ts';
import { loadRecords, type ChunkContext } from './load-records.ts';
import { formatOf, readSource, type FileFormat, type SourceRecord } from './parse/source.ts';
import { validateRow, type RowIssue } from './validate.ts';
import { notifyBatchCompleted } from './batch-completed.ts';

export interface ImportProgress {
  readonly rows: number;
  readonly bytesRead: number;
  readonly bytesTotal: number;
}

export interface ImportFileOptions {
  readonly partnershipId: string;
  readonly feed: string;
  readonly file: string;
  /** Agency code; defaults to the partnership's only agency of the feed's kind. */
  readonly agencyCode?: string;
  readonly format?: FileFormat;
  readonly chunkSize?: number;
  readonly onProgress?: (p: ImportProgress) => void;
  /** A resolver shared across the batches of one run (importDirectory); built from the database otherwise. */
  readonly identity?: IdentityResolver;
  /** Test hook: called after each committed chunk. */
  readonly afterChunk?: (chunkNo: number) => void;
  /**
   * Tell the batch-completed listeners (default true). `importDirectory` turns it off and tells them
   * once for the whole folder.
   */
  readonly notify?: boolean;
  /** The file's SHA-256 in hex when the caller already has it (an upload is hashed as it arrives). */
  readonly fileSha256?: string;
  /** The name recorded on the batch (default: the file's base name). */
  readonly fileName?: string;
  /**
   * Called once the batch is known, and awaited, before any row is read: a new or resumed batch, or
   * the batch of the same file that completed before or is running elsewhere. The web upload audits
   * the start and answers with the batch page from here; if it throws, the run stops (its own batch
   * is marked failed).
   */
  readonly onBatch?: (batch: BatchKnown) => void | Promise<void>;
  /** Stops the run at the next chunk: the batch is marked failed ('stopped') and resumes when run again. */
  readonly signal?: AbortSignal;
  /**
   * A running batch of the same file that made progress within this many milliseconds is another
   * run's (a second upload of a file still importing): it is left alone, `onBatch` names it, and its
   * summary so far comes back. Unset: a running batch is resumed (`sightline import` after a kill). On
   * PostgreSQL a run that is importing the file right now is known for certain (it holds the file's
   * advisory lock): it is left alone whatever this says, and a run without `liveRunMs` fails with a message.
   */
  readonly liveRunMs?: number;
}

/** The batch a run works on, known before any row is read. */
export interface BatchKnown {
  readonly batchId: string;
  /** This exact file was imported before: nothing will be added. */
  readonly alreadyImported: boolean;
  /** Another run is importing this file right now (see `liveRunMs`): this one leaves it alone. */
  readonly runningElsewhere: boolean;
}

/**
 * How far a run has read, written with each committed chunk: rows, and the file position of the
 * chunk's last row (estimated within each megabyte read, since the reader reads ahead).
 */
export interface ReadProgress {
  readonly rows: number;
  readonly bytes: number;
}

export interface BatchSummary {
  readonly batchId: string;
  readonly feed: string;
  readonly feedVersion: number;
  readonly file: string;
  readonly rowsIn: number;
  readonly loaded: number;
  readonly quarantined: number;
  readonly duplicate: number;
  readonly status: 'completed' | 'running' | 'failed';
  /** True when this exact file had already been imported: nothing was added. */
  readonly alreadyImported: boolean;
  readonly resumedFromChunk: number;
  /** People whose records changed in this batch (for the early-warning engine). */
  readonly changedPeople: readonly string[];
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const buf of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(buf);
  }
  return hash.digest('hex');
}

async function agencyFor(
  handle: DatabaseHandle,
  partnershipId: string,
  feed: FeedDefinition,
  code: string | undefined,
): Promise<string> {
  const rows = await sql<{ id: string; code: string }>`
    select id, code from agency where partnership_id = ${partnershipId}
      and ${code === undefined ? sql`kind = ${feed.agencyKind}` : sql`code = ${code}`} order by code`.execute(
    handle.db,
  );
  if (rows.rows.length === 1) return rows.rows[0]!.id;
  if (rows.rows.length === 0) {
    throw new Error(
      code === undefined
        ? `no ${feed.agencyKind} agency in this partnership; pass --agency CODE`
        : `no agency with code ${code} in this partnership`,
    );
  }
  throw new Error(
    `${rows.rows.length} ${feed.agencyKind} agencies in this partnership (${rows.rows.map((r) => r.code).join(', ')}); pass --agency CODE`,
  );
}

async function summaryOf(
  handle: DatabaseHandle,
  batchId: string,
  alreadyImported: boolean,
  resumedFromChunk: number,
): Promise<BatchSummary> {
  const b = await sql<{
    feed: string;
    feed_version: number;
    file_name: string;
    status: 'completed' | 'running' | 'failed';
    rows_in: number;
    rows_loaded: number;
    rows_quarantined: number;
    rows_duplicate: number;
  }>`
    select feed, feed_version, file_name, status, rows_in, rows_loaded, rows_quarantined, rows_duplicate from import_batch where id = ${batchId}`.execute(
    handle.db,
  );
  const changed = await sql<{
    person_id: string;
  }>`select person_id from import_changed_person where batch_id = ${batchId} order by person_id`.execute(
    handle.db,
  );
  const r = b.rows[0]!;
  return {
    batchId,
    feed: r.feed,
    feedVersion: r.feed_version,
    file: r.file_name,
    rowsIn: r.rows_in,
    loaded: r.rows_loaded,
    quarantined: r.rows_quarantined,
    duplicate: r.rows_duplicate,
    status: r.status,
    alreadyImported,
    resumedFromChunk,
    changedPeople: changed.rows.map((c) => c.person_id),
  };
}

/** Commits one chunk: rows, quarantine, progress marker and counters, or none of them. */
async function commitChunk(
  tx: Tx,
  ctx: ChunkContext,
  feed: FeedDefinition,
  chunkNo: number,
  records: readonly SourceRecord[],
  memo: Map<string, string | [string, string]>,
  progress: ReadProgress,
): Promise<void> {
  const valid: { line: number; row: Row; values: Readonly<Record<string, string>> }[] = [];
  const rejected: { line: number; values: Readonly<Record<string, string>>; issues: RowIssue[] }[] = [];
  for (const rec of records) {
    if (rec.readError !== undefined) {
      rejected.push({
        line: rec.line,
        values: rec.values,
        issues: [
          {
            line: rec.line,
            field: '(row)',
            problem: rec.readError.split('; expected ')[0]!,
            expected: rec.readError.split('; expected ')[1] ?? 'a well-formed row',
          },
        ],
      });
      continue;
    }
    const v = validateRow(feed, rec.line, rec.values, memo);
    if (v.ok) valid.push({ line: rec.line, row: v.row, values: rec.values });
    else rejected.push({ line: rec.line, values: rec.values, issues: v.issues });
  }
  let loaded: number;
  let duplicate: number;
  if (feed.target === 'attendance') {
    loaded = await loadAttendance(
      tx,
      ctx,
      valid.map((x) => x.row),
    );
    duplicate = valid.length - loaded;
  } else {
    const out = await loadRecords(tx, ctx, feed, valid);
    loaded = out.loaded;
    duplicate = out.duplicate;
    rejected.push(...out.rejected);
    if (out.changed.size > 0) {
      await sql`insert into import_changed_person (batch_id, person_id)
        select ${ctx.batchId}::uuid, p from unnest(${[...out.changed]}::uuid[]) as p on conflict do nothing`.execute(
        tx,
      );
    }
  }
  if (rejected.length > 0) {
    await sql`insert into import_quarantine (id, partnership_id, agency_id, batch_id, feed, line, record, issues)
      select gen_random_uuid(), ${ctx.partnershipId}::uuid, ${ctx.agencyId}::uuid, ${ctx.batchId}::uuid, ${feed.name}, t.line, t.record::jsonb, t.issues::jsonb
      from unnest(${rejected.map((r) => r.line)}::int[], ${rejected.map((r) => JSON.stringify(r.values))}::text[], ${rejected.map((r) => JSON.stringify(r.issues))}::text[]) as t(line, record, issues)`.execute(
      tx,
    );
  }
  const q = rejected.length;
  await sql`insert into import_chunk (batch_id, chunk_no, rows_in, rows_loaded, rows_quarantined, rows_duplicate)
    values (${ctx.batchId}, ${chunkNo}, ${records.length}, ${loaded}, ${q}, ${duplicate})`.execute(tx);
  await sql`update import_batch set rows_in = rows_in + ${records.length}, rows_loaded = rows_loaded + ${loaded},
    rows_quarantined = rows_quarantined + ${q}, rows_duplicate = rows_duplicate + ${duplicate},
    rows_read = ${progress.rows}, bytes_read = ${progress.bytes}, progress_at = clock_timestamp()
    where id = ${ctx.batchId}`.execute(tx);
}

/**
 * Imports one file into the partnership through a declared feed.
 *
 * @example
 * const s = await importFile(handle, { partnershipId, feed: 'attendance', file: 'attendance.csv' });
 * s.rowsIn === s.loaded + s.quarantined + s.duplicate; // true
 */
export async function importFile(handle: DatabaseHandle, options: ImportFileOptions): Promise<BatchSummary> {
  const feed = feedByName(options.feed);
  if (feed === undefined) throw new Error(`unknown feed "${options.feed}"`);
  const agencyId = await agencyFor(handle, options.partnershipId, feed, options.agencyCode);
  const fileSha = options.fileSha256 ?? (await sha256(options.file));
  const lock = await lockFileRun(handle, fileRunKey(options.partnershipId, agencyId, feed, fileSha));
  try {
    return await importLocked(handle, options, feed, agencyId, fileSha, lock.held);
  } finally {
    await lock.release();
  }
}

/** The key of a file's runs: one partnership, agency, feed version and file content. */
export function fileRunKey(
  partnershipId: string,
  agencyId: string,
  feed: Pick<FeedDefinition, 'name' | 'version'>,
  fileSha: string,
): string {
  return `sightline.import:${partnershipId}:${agencyId}:${feed.name}:${feed.version}:${fileSha}`;
}

/**
 * On PostgreSQL, a session advisory lock on the file's key, held on a connection of its own for the
 * whole run: a second run of the same file at once (another `sightline import`, another server worker)
 * finds it taken and leaves the batch alone. A killed run's lock goes with its connection, so running
 * the file again resumes at once. PGlite is one process with one connection: there the lock is not needed.
 */
async function lockFileRun(
  handle: DatabaseHandle,
  key: string,
): Promise<{ held: boolean; release(): Promise<void> }> {
  if (handle.pool === undefined) return { held: true, release: async () => {} };
  const client = await handle.pool.connect();
  try {
    const taken = await client.query<{ held: boolean }>(
      'select pg_try_advisory_lock(hashtextextended($1, 0)) as held',
      [key],
    );
    const held = taken.rows[0]?.held === true;
    return {
      held,
      release: async () => {
        let broken = false;
        try {
          if (held) await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
        } catch {
          broken = true; // the connection is dropped below, and its lock with it
        }
        client.release(broken);
      },
    };
  } catch (error) {
    client.release(true);
    throw error;
  }
}

async function importLocked(
  handle: DatabaseHandle,
  options: ImportFileOptions,
  feed: FeedDefinition,
  agencyId: string,
  fileSha: string,
  held: boolean,
): Promise<BatchSummary> {
  const bytesTotal = statSync(options.file).size;
  const existing = await sql<{
    id: string;
    status: string;
    idle_ms: number | null;
    chunk_size: number | null;
  }>`
    select id, status, chunk_size, (extract(epoch from clock_timestamp() - progress_at) * 1000)::float8 as idle_ms
    from import_batch where partnership_id = ${options.partnershipId} and agency_id = ${agencyId}
      and feed = ${feed.name} and feed_version = ${feed.version} and file_sha256 = ${fileSha}
    order by started_at limit 1`.execute(handle.db);
  const prior = existing.rows[0];
  if (prior?.status === 'completed') {
    await options.onBatch?.({ batchId: prior.id, alreadyImported: true, runningElsewhere: false });
    return summaryOf(handle, prior.id, true, 0);
  }
  const liveElsewhere =
    !held ||
    (prior?.status === 'running' &&
      options.liveRunMs !== undefined &&
      prior.idle_ms !== null &&
      prior.idle_ms < options.liveRunMs);
  if (liveElsewhere) {
    if (prior === undefined || options.liveRunMs === undefined) {
      throw new Error(
        'Another run is importing this file right now. Wait for it to finish; nothing was changed by this one.',
      );
    }
    await options.onBatch?.({ batchId: prior.id, alreadyImported: false, runningElsewhere: true });
    return summaryOf(handle, prior.id, false, 0);
  }
  const batchId = prior?.id ?? newId();
  // A resumed batch is cut as its first run cut it (chunks are skipped by number).
  const chunkSize = prior?.chunk_size ?? options.chunkSize ?? defaultChunkSize(handle, feed);
  if (prior === undefined) {
    await sql`insert into import_batch (id, partnership_id, agency_id, feed, feed_version, file_name, file_sha256, status,
        bytes_total, run_started_at, progress_at, chunk_size)
      values (${batchId}, ${options.partnershipId}, ${agencyId}, ${feed.name}, ${feed.version}, ${options.fileName ?? basename(options.file)},
        ${fileSha}, 'running', ${bytesTotal}, clock_timestamp(), clock_timestamp(), ${chunkSize})`.execute(
      handle.db,
    );
  } else {
    // Resuming (a killed, stopped or failed run): the batch runs again and this run's progress starts over.
    await sql`update import_batch set status = 'running', failure = null, bytes_total = ${bytesTotal}, bytes_read = 0,
        rows_read = 0, run_started_at = clock_timestamp(), progress_at = clock_timestamp() where id = ${batchId}`.execute(
      handle.db,
    );
  }
  let run: { rows: number; resumedFrom: number };
  try {
    await options.onBatch?.({ batchId, alreadyImported: false, runningElsewhere: false });
    // Let whoever was told (an upload's answer) go out before the batch's first long stretch of work
    // (building the identity index runs in this thread, as do PGlite's queries).
    await nextTurn();
    run = await loadBatch(handle, feed, agencyId, batchId, bytesTotal, chunkSize, options);
  } catch (error) {
    await markFailed(handle, batchId, options.signal?.aborted === true ? 'stopped' : 'error');
    throw error;
  }
  await sql`update import_batch set status = 'completed', finished_at = now(), rows_read = ${run.rows},
    bytes_read = ${bytesTotal}, progress_at = clock_timestamp() where id = ${batchId}`.execute(handle.db);
  const summary = await summaryOf(handle, batchId, false, run.resumedFrom);
  if (options.notify !== false) {
    await notifyBatchCompleted(handle, {
      partnershipId: options.partnershipId,
      batchIds: [batchId],
      changedPeople: summary.changedPeople.length,
    });
  }
  return summary;
}

/** Marks a batch whose run threw as failed, with a code; never throws (the run's own error matters). */
async function markFailed(
  handle: DatabaseHandle,
  batchId: string,
  failure: 'stopped' | 'error',
): Promise<void> {
  try {
    await sql`update import_batch set status = 'failed', failure = ${failure}, progress_at = clock_timestamp()
      where id = ${batchId} and status = 'running'`.execute(handle.db);
  } catch {
    // The database itself failed: the batch stays 'running' and the next run of the file resumes it.
  }
}

/**
 * Rows a chunk holds unless told otherwise (attendance: at least this many, closing at a week row).
 * Record chunks are smaller on PGlite, whose engine runs in the server's thread: a page waiting for the
 * database gets in between chunks (`shareConnection`), so a chunk is as long as a page may wait.
 */
function defaultChunkSize(handle: DatabaseHandle, feed: FeedDefinition): number {
  if (feed.target === 'attendance') return 100_000;
  return handle.pool === undefined ? 100 : 500;
}

/** Reads and loads the batch's file from its first uncommitted chunk; returns the rows read. */
async function loadBatch(
  handle: DatabaseHandle,
  feed: FeedDefinition,
  agencyId: string,
  batchId: string,
  bytesTotal: number,
  chunkSize: number,
  options: ImportFileOptions,
): Promise<{ rows: number; resumedFrom: number }> {
  const done = await sql<{
    n: number;
  }>`select count(*)::int as n from import_chunk where batch_id = ${batchId}`.execute(handle.db);
  const resumeFrom = done.rows[0]?.n ?? 0;
  const identity =
    feed.person === undefined
      ? undefined
      : (options.identity ?? (await IdentityResolver.open(handle.db, options.partnershipId)));
  const ctx: ChunkContext = {
    partnershipId: options.partnershipId,
    agencyId,
    batchId,
    ...(identity !== undefined ? { identity } : {}),
  };
  const format = options.format ?? formatOf(options.file);
  if (feed.target === 'attendance' && format === 'csv') {
    let bytesRead = 0;
    let rows = 0;
    await loadAttendanceCsv(handle, ctx, feed, {
      file: options.file,
      chunkSize,
      resumeFrom,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      onBytes: (b) => (bytesRead += b),
      onChunk: (no, n, committed) => {
        rows += n;
        if (committed) options.afterChunk?.(no);
        options.onProgress?.({ rows, bytesRead, bytesTotal });
      },
    });
    return { rows, resumedFrom: resumeFrom };
  }
  const rows = await loadStream(handle, ctx, feed, format, resumeFrom, chunkSize, bytesTotal, options);
  return { rows, resumedFrom: resumeFrom };
}

/** The general path: every record validated and loaded through the chunk's Kysely transaction. */
async function loadStream(
  handle: DatabaseHandle,
  ctx: ChunkContext,
  feed: FeedDefinition,
  format: FileFormat,
  resumeFrom: number,
  chunkSize: number,
  bytesTotal: number,
  options: ImportFileOptions,
): Promise<number> {
  let bytesRead = 0;
  let rows = 0;
  let chunkNo = 0;
  let pending: SourceRecord[] = [];
  const memo = new Map<string, string | [string, string]>();
  const flush = async (at: number): Promise<void> => {
    options.signal?.throwIfAborted();
    const records = pending;
    pending = [];
    const progress = { rows: rows + records.length, bytes: at };
    if (chunkNo >= resumeFrom) {
      await inTransaction(handle.db, (tx) => commitChunk(tx, ctx, feed, chunkNo, records, memo, progress));
      options.afterChunk?.(chunkNo);
    }
    chunkNo++;
    rows += records.length;
    options.onProgress?.({ rows, bytesRead, bytesTotal });
    // Pages go first between chunks: on PGlite (queries run in this thread) each of their queries would
    // otherwise wait for a whole chunk.
    await shareConnection(handle);
  };
  let position = 0;
  for await (const batch of readSource(options.file, format, (b) => (bytesRead += b))) {
    // This batch's records came from the bytes read since the last one: place each chunk's end in them.
    const start = position;
    const span = bytesRead - start;
    position = bytesRead;
    for (let i = 0; i < batch.length; i++) {
      pending.push(batch[i]!);
      if (pending.length >= chunkSize) await flush(Math.round(start + (span * (i + 1)) / batch.length));
    }
  }
  if (pending.length > 0) await flush(bytesRead);
  return rows;
}
