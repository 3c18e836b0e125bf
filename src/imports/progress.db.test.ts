// The batch's read progress (bytes and rows read, written with each chunk) on both load paths, and a run
// that stops part way: marked failed with a code ('stopped' by its signal, 'error' otherwise), resumed by
// the next run of the file, which ends with the accounting of one clean run. A running batch another
// run is importing is left alone when the caller asks (the web upload).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildPartnership } from '../../test/support/factories.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../test/support/db.ts';
import { tempDir, upn, writeFeed } from './fixtures.test-support.ts';
import { importFile, type BatchKnown, type BatchSummary } from './index.ts';
// After the module's index, which loads the module's files in their working order.
import { fileRunKey } from './import-file.ts';

let t: TestDatabase;
let partnershipId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  partnershipId = await buildPartnership(t.db);
  await buildAgency(t.db, partnershipId, { kind: 'education', code: 'EDU' });
});
afterAll(() => t.dispose());

function pupils(from: number, n: number): string[] {
  const rows = ['upn,legal_forename,legal_surname,date_of_birth,sex'];
  for (let p = from; p < from + n; p++) {
    rows.push(`${upn(p)},Kid${p},Progress${p % 40},2011-03-0${1 + (p % 9)},F`);
  }
  return rows;
}

function marks(pupilCount: number, days: number): string[] {
  const rows = ['urn,upn,date,session,mark'];
  for (let p = 0; p < pupilCount; p++) {
    for (let d = 1; d <= days; d++) {
      for (const s of ['AM', 'PM']) rows.push(`100001,${upn(p)},2024-10-0${d},${s},/`);
    }
  }
  return rows;
}

/** Imports `file` until its first chunk commits, then stops the run; returns the batch id. */
async function stoppedAfterOneChunk(file: string, chunkSize: number): Promise<string> {
  const stop = new AbortController();
  let id = '';
  await expect(
    importFile(t, {
      partnershipId,
      feed: 'pupil_roll',
      file,
      chunkSize,
      signal: stop.signal,
      onBatch: (b) => {
        id = b.batchId;
      },
      afterChunk: () => stop.abort(),
    }),
  ).rejects.toThrow();
  return id;
}

/** Runs `file` as the web upload does (another live run is left alone); returns what `onBatch` was told. */
async function uploadRun(file: string): Promise<{ known: BatchKnown | undefined; summary: BatchSummary }> {
  let known: BatchKnown | undefined;
  const summary = await importFile(t, {
    partnershipId,
    feed: 'pupil_roll',
    file,
    liveRunMs: 60_000,
    onBatch: (b) => {
      known = b;
    },
  });
  return { known, summary };
}

async function batch(id: string) {
  return t.db
    .selectFrom('import_batch')
    .select([
      'status',
      'failure',
      'rows_in',
      'rows_loaded',
      'rows_quarantined',
      'rows_duplicate',
      'rows_read',
      'bytes_read',
      'bytes_total',
      'run_started_at',
      'progress_at',
    ])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Runs an import, reading the batch's progress after every committed chunk. */
async function observe(feed: string, file: string, chunkSize: number) {
  let id: string | undefined;
  const seen: { rows: number; bytes: number; at: Date | null }[] = [];
  const reads: Promise<void>[] = [];
  const summary = await importFile(t, {
    partnershipId,
    feed,
    file,
    chunkSize,
    onBatch: (b) => {
      id = b.batchId;
    },
    afterChunk: () => {
      reads.push(
        batch(id!).then((b) => {
          seen.push({ rows: b.rows_read, bytes: b.bytes_read, at: b.progress_at });
        }),
      );
    },
  });
  await Promise.all(reads);
  return { summary, seen, final: await batch(summary.batchId) };
}

describe('import progress', () => {
  it('moves rows and bytes read forward with each chunk of a record feed, and ends at the whole file', async () => {
    const file = writeFeed(tempDir(), 'pupils', pupils(0, 1200));
    const { summary, seen, final } = await observe('pupil_roll', file, 500);
    expect(seen.map((s) => s.rows)).toEqual([500, 1000, 1200]);
    // The position of each chunk's last row, not how far the reader has read ahead (the whole file).
    const size = statSync(file).size;
    expect(seen[0]!.bytes / size).toBeGreaterThan(0.35);
    expect(seen[0]!.bytes / size).toBeLessThan(0.5);
    expect(seen[1]!.bytes).toBeGreaterThan(seen[0]!.bytes);
    expect(seen[2]!.bytes).toBe(size);
    expect(seen.every((s) => s.at !== null)).toBe(true);
    expect(final).toMatchObject({
      status: 'completed',
      failure: null,
      rows_in: 1200,
      rows_read: 1200,
      bytes_read: size,
      bytes_total: size,
    });
    expect(summary.rowsIn).toBe(summary.loaded + summary.quarantined + summary.duplicate);
    expect(final.progress_at!.getTime()).toBeGreaterThanOrEqual(final.run_started_at!.getTime());
  });

  it('moves forward with each COPY chunk of an attendance file too', async () => {
    const file = writeFeed(tempDir(), 'attendance', marks(50, 9));
    const { seen, final } = await observe('attendance', file, 300);
    // A chunk closes at the first mark of a new pupil-week once it holds 300 rows: each pupil has 12
    // marks in the week of 30 September and 6 in the next, so the second chunk runs on to row 606.
    expect(seen.map((s) => s.rows)).toEqual([300, 606, 900]);
    const size = statSync(file).size;
    expect(seen[0]!.bytes / size).toBeGreaterThan(0.25);
    expect(seen[0]!.bytes / size).toBeLessThan(0.4);
    expect(seen[1]!.bytes).toBeGreaterThan(seen[0]!.bytes);
    expect(final).toMatchObject({ status: 'completed', rows_in: 900, rows_read: 900 });
    expect(final.bytes_read).toBe(final.bytes_total);
  });

  it('marks a run its signal stops as stopped, and the next run resumes it to one clean run’s accounting', async () => {
    const file = writeFeed(tempDir(), 'pupils-stopped', pupils(2000, 1100));
    const id = await stoppedAfterOneChunk(file, 500);
    expect(await batch(id)).toMatchObject({
      status: 'failed',
      failure: 'stopped',
      rows_in: 500,
      rows_read: 500,
    });

    const again = await importFile(t, { partnershipId, feed: 'pupil_roll', file, chunkSize: 500 });
    expect(again).toMatchObject({ batchId: id, status: 'completed', resumedFromChunk: 1, rowsIn: 1100 });
    expect(await batch(id)).toMatchObject({
      status: 'completed',
      failure: null,
      rows_in: 1100,
      rows_read: 1100,
    });
    expect(again.rowsIn).toBe(again.loaded + again.quarantined + again.duplicate);
  });

  it('marks a run that fails as failed with a code only, never the error’s text', async () => {
    const file = writeFeed(tempDir(), 'pupils-error', pupils(4000, 700));
    let id = '';
    await expect(
      importFile(t, {
        partnershipId,
        feed: 'pupil_roll',
        file,
        chunkSize: 500,
        onBatch: (b) => {
          id = b.batchId;
        },
        afterChunk: () => {
          throw new Error('Kid4001 Progress1 broke it');
        },
      }),
    ).rejects.toThrow();
    expect(await batch(id)).toMatchObject({ status: 'failed', failure: 'error', rows_in: 500 });
    const again = await importFile(t, { partnershipId, feed: 'pupil_roll', file, chunkSize: 500 });
    expect(again).toMatchObject({ batchId: id, status: 'completed', rowsIn: 700 });
  });

  it('leaves a batch another run is importing alone when asked, and takes over one that has stalled', async () => {
    const file = writeFeed(tempDir(), 'pupils-live', pupils(6000, 600));
    const id = await stoppedAfterOneChunk(file, 500);
    // As if another server process were importing it right now:
    await sql`update import_batch set status = 'running', failure = null, progress_at = clock_timestamp() where id = ${id}`.execute(
      t.db,
    );
    const { known, summary: live } = await uploadRun(file);
    expect(known).toEqual({ batchId: id, alreadyImported: false, runningElsewhere: true });
    expect(live).toMatchObject({ batchId: id, status: 'running', rowsIn: 500 });
    expect(await batch(id)).toMatchObject({ status: 'running', rows_in: 500 });

    // That process died ten minutes ago: the next upload resumes the batch.
    await sql`update import_batch set progress_at = clock_timestamp() - interval '10 minutes' where id = ${id}`.execute(
      t.db,
    );
    // Resumed with another chunk size asked for (or another default): it cuts the file as the first run
    // did, so the chunk it skips is exactly the one committed.
    const resumed = await importFile(t, {
      partnershipId,
      feed: 'pupil_roll',
      file,
      liveRunMs: 60_000,
      chunkSize: 70,
    });
    expect(resumed).toMatchObject({ batchId: id, status: 'completed', resumedFromChunk: 1, rowsIn: 600 });
    const b = await batch(id);
    expect(b.rows_in).toBe(600);
    expect(b.rows_loaded + b.rows_quarantined + b.rows_duplicate).toBe(600);
    const repeat = await importFile(t, { partnershipId, feed: 'pupil_roll', file, liveRunMs: 60_000 });
    expect(repeat).toMatchObject({ batchId: id, alreadyImported: true });
  });

  it.skipIf(testDatabaseKind !== 'postgres')(
    'knows for certain when another run holds the file, however long since its last chunk, and resumes once it is gone',
    async () => {
      const file = writeFeed(tempDir(), 'pupils-locked', pupils(8000, 300));
      const id = await stoppedAfterOneChunk(file, 100);
      // Another run holds the file and is deep in a long chunk: no progress for ten minutes.
      await sql`update import_batch set status = 'running', failure = null,
        progress_at = clock_timestamp() - interval '10 minutes' where id = ${id}`.execute(t.db);
      const row = await t.db
        .selectFrom('import_batch')
        .select(['agency_id', 'feed', 'feed_version'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
      const key = fileRunKey(
        partnershipId,
        row.agency_id,
        { name: row.feed, version: row.feed_version },
        sha,
      );
      const holder = await t.pool!.connect();
      await holder.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
      try {
        const { known, summary: upload } = await uploadRun(file);
        expect(known).toEqual({ batchId: id, alreadyImported: false, runningElsewhere: true });
        expect(upload).toMatchObject({ batchId: id, status: 'running', rowsIn: 100 });
        await expect(importFile(t, { partnershipId, feed: 'pupil_roll', file })).rejects.toThrow(
          'Another run is importing this file right now',
        );
        expect(await batch(id)).toMatchObject({ status: 'running', rows_in: 100 });
      } finally {
        holder.release(true); // that run is killed: its connection goes, and its lock with it
      }
      const resumed = await importFile(t, { partnershipId, feed: 'pupil_roll', file });
      expect(resumed).toMatchObject({ batchId: id, status: 'completed', resumedFromChunk: 1, rowsIn: 300 });
    },
  );
});
