/**
 * The attendance hot path (≈19M marks a year for 50,000 pupils): CSV records are checked field by field
 * against memoised answers (a UPN or date is checked once per batch) and written straight into COPY text,
 * with no per-row objects beyond the parser's field arrays. Rows not in canonical form go through the
 * general validator, so messages and normalisation are exactly those of every other feed.
 *
 * Each chunk is one transaction: `COPY attendance_mark FROM STDIN` under a savepoint (the fast case: no
 * mark already present), falling back to COPY into a temporary staging table and `INSERT … SELECT … ON
 * CONFLICT DO NOTHING` when a key already exists (re-import, overlapping files). The chunk's quarantine
 * rows, changed people, progress marker and batch counters commit with it. The next chunk is parsed while
 * the database commits the previous one.
 */
import { createReadStream } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ATTENDANCE_CODES } from './codes.ts';
import { openBulk, type BulkTx } from './bulk.ts';
import type { FeedDefinition } from './feeds/types.ts';
import type { ChunkContext } from './load-records.ts';
import { CsvParser } from './parse/csv.ts';
import { detached, isoDate, validateRow, type RowIssue } from './validate.ts';
import { isValidUpn } from '../linkage/index.ts';
import type { DatabaseHandle } from '../platform/database/index.ts';

/** Codes that mean the pupil was present (not a change worth telling the early-warning engine). */
const PRESENT = new Set(['/', '\\', 'L']);
const COLS = '(partnership_id, agency_id, school_urn, upn, mark_date, session, code)';
const MEMO_LIMIT = 500_000;

/** Escapes a value for COPY text format. */
function copyText(v: string): string {
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : v;
}

/**
 * Each ~1 MB of COPY text is copied into a Buffer at once. The text is built by concatenation from the
 * parser's fields, which V8 keeps as ropes of slices that hold the decoded input alive; as strings they
 * outlive the young generation while their chunk waits for the database, are promoted, and the heap of a
 * 19M-mark school year grew past 2 GB. As bytes, the strings die young.
 */
function seal(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

interface Rejected {
  line: number;
  values: Readonly<Record<string, string>>;
  issues: RowIssue[];
}

interface Chunk {
  no: number;
  rowsIn: number;
  valid: number;
  /** COPY text, a buffer per ~1 MB (bytes outside the JS heap; see `seal`). */
  parts: Buffer[];
  rejected: Rejected[];
  absent: Set<string>;
  /** Rows read, and the file position of the chunk's last row (the batch page's progress). */
  read: { rows: number; bytes: number };
}

export interface AttendanceCopyOptions {
  readonly file: string;
  readonly chunkSize: number;
  readonly resumeFrom: number;
  readonly onBytes: (n: number) => void;
  readonly onChunk: (chunkNo: number, rows: number, committed: boolean) => void;
  /** Stops before the next chunk commits. */
  readonly signal?: AbortSignal;
}

async function commitChunk(
  tx: BulkTx,
  ctx: ChunkContext,
  feed: FeedDefinition,
  c: Chunk,
  personByUpn: ReadonlyMap<string, string>,
): Promise<void> {
  let loaded = c.valid;
  let absent = c.absent;
  if (c.valid > 0) {
    await tx.query('savepoint copy_direct');
    try {
      await tx.copyIn(`copy attendance_mark ${COLS} from stdin`, c.parts);
      await tx.query('release savepoint copy_direct');
    } catch (e) {
      if ((e as { code?: string }).code !== '23505') throw e;
      await tx.query('rollback to savepoint copy_direct');
      await tx.query(
        'create temp table if not exists attendance_stage (like attendance_mark) on commit delete rows',
      );
      await tx.copyIn(`copy attendance_stage ${COLS} from stdin`, c.parts);
      const r = await tx.query<{ n: number; absent: string[] | null }>(
        `with ins as (insert into attendance_mark ${COLS} select ${COLS.slice(1, -1)} from attendance_stage
           on conflict do nothing returning upn, code)
         select count(*)::int as n, array_agg(distinct upn) filter (where code <> all($1::text[])) as absent from ins`,
        [[...PRESENT]],
      );
      loaded = r[0]?.n ?? 0;
      absent = new Set(r[0]?.absent ?? []);
    }
  }
  const changed = [...absent].map((u) => personByUpn.get(u)).filter((p): p is string => p !== undefined);
  if (changed.length > 0) {
    await tx.query(
      `insert into import_changed_person (batch_id, person_id)
       select $1::uuid, p from unnest($2::uuid[]) as p on conflict do nothing`,
      [ctx.batchId, changed],
    );
  }
  const q = c.rejected.length;
  if (q > 0) {
    await tx.query(
      `insert into import_quarantine (id, partnership_id, agency_id, batch_id, feed, line, record, issues)
       select gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, $4, t.line, t.record::jsonb, t.issues::jsonb
       from unnest($5::int[], $6::text[], $7::text[]) as t(line, record, issues)`,
      [
        ctx.partnershipId,
        ctx.agencyId,
        ctx.batchId,
        feed.name,
        c.rejected.map((r) => r.line),
        c.rejected.map((r) => JSON.stringify(r.values)),
        c.rejected.map((r) => JSON.stringify(r.issues)),
      ],
    );
  }
  const duplicate = c.valid - loaded;
  await tx.query(
    `insert into import_chunk (batch_id, chunk_no, rows_in, rows_loaded, rows_quarantined, rows_duplicate)
     values ($1, $2, $3, $4, $5, $6)`,
    [ctx.batchId, c.no, c.rowsIn, loaded, q, duplicate],
  );
  await tx.query(
    `update import_batch set rows_in = rows_in + $2, rows_loaded = rows_loaded + $3,
       rows_quarantined = rows_quarantined + $4, rows_duplicate = rows_duplicate + $5,
       rows_read = $6, bytes_read = $7, progress_at = clock_timestamp() where id = $1`,
    [ctx.batchId, c.rowsIn, loaded, q, duplicate, c.read.rows, c.read.bytes],
  );
}

/**
 * Loads an attendance CSV through COPY, chunk by chunk, skipping chunks a killed run already committed.
 *
 * @example
 * await loadAttendanceCsv(handle, ctx, feed, { file, chunkSize: 50_000, resumeFrom: 0, onBytes, onChunk });
 */
export async function loadAttendanceCsv(
  handle: DatabaseHandle,
  ctx: ChunkContext,
  feed: FeedDefinition,
  o: AttendanceCopyOptions,
): Promise<void> {
  const conn = await openBulk(handle);
  try {
    const people = await conn.transaction((tx) =>
      tx.query<{ value: string; person_id: string }>(
        `select value, person_id from person_identifier where partnership_id = $1 and scheme = 'upn'`,
        [ctx.partnershipId],
      ),
    );
    const personByUpn = new Map(people.map((p) => [p.value, p.person_id]));
    const prefix = `${ctx.partnershipId}\t${ctx.agencyId}\t`;
    const upnOk = new Map<string, boolean>();
    const dateOk = new Map<string, boolean>();
    const urnText = new Map<string, string>();
    const memo = new Map<string, string | [string, string]>();
    let header: string[] | undefined;
    let at = { urn: -1, upn: -1, date: -1, session: -1, mark: -1 };
    let inflight: Promise<void> = Promise.resolve();
    let chunkNo = 0;
    let rowsRead = 0;
    // The bytes of the buffer being parsed (from, length) and the record reached in it, to place a
    // chunk's end in the file: the reader is a megabyte ahead of the rows.
    let bufferFrom = 0;
    let bufferBytes = 0;
    let bufferRecords = 1;
    let recordIndex = 0;
    const newChunk = (no: number): Chunk => ({
      no,
      rowsIn: 0,
      valid: 0,
      parts: [],
      rejected: [],
      absent: new Set(),
      read: { rows: 0, bytes: 0 },
    });
    let cur = newChunk(0);
    let text = '';

    const flush = async (): Promise<void> => {
      if (text.length > 0) cur.parts.push(seal(text));
      text = '';
      const c = cur;
      rowsRead += c.rowsIn;
      c.read = {
        rows: rowsRead,
        bytes: Math.round(bufferFrom + (bufferBytes * Math.min(recordIndex, bufferRecords)) / bufferRecords),
      };
      cur = newChunk(++chunkNo);
      await inflight;
      o.signal?.throwIfAborted();
      if (c.no < o.resumeFrom) {
        o.onChunk(c.no, c.rowsIn, false);
        return;
      }
      const p = conn
        .transaction((tx) => commitChunk(tx, ctx, feed, c, personByUpn))
        .then(() => o.onChunk(c.no, c.rowsIn, true));
      p.catch(() => undefined);
      inflight = p;
      await nextTurn(); // let the server answer between chunks (PGlite runs queries in this thread)
    };

    const slow = (line: number, fields: string[]): void => {
      const h = header!;
      const values: Record<string, string> = {};
      for (let i = 0; i < Math.min(h.length, fields.length); i++) values[h[i]!] = fields[i]!;
      if (fields.length !== h.length) {
        cur.rejected.push({
          line,
          values,
          issues: [
            {
              line,
              field: '(row)',
              problem: `the row has ${fields.length} fields`,
              expected: `${h.length} as in the header`,
            },
          ],
        });
        return;
      }
      const v = validateRow(feed, line, values, memo);
      if (!v.ok) {
        cur.rejected.push({ line, values, issues: v.issues });
        return;
      }
      const r = v.row;
      text += `${prefix}${copyText(r.urn!)}\t${r.upn!}\t${r.date!}\t${r.session!}\t${copyText(r.mark!)}\n`;
      cur.valid++;
      if (!PRESENT.has(r.mark!)) cur.absent.add(r.upn!);
    };

    const row = (line: number, f: string[]): void => {
      cur.rowsIn++;
      const upn = f[at.upn];
      const date = f[at.date];
      const session = f[at.session];
      const mark = f[at.mark];
      const urn = f[at.urn];
      if (
        f.length !== header!.length ||
        upn === undefined ||
        date === undefined ||
        urn === undefined ||
        mark === undefined ||
        (session !== 'AM' && session !== 'PM') ||
        !ATTENDANCE_CODES.has(mark)
      ) {
        slow(line, f);
        return;
      }
      let ok = upnOk.get(upn);
      if (ok === undefined) {
        ok = isValidUpn(upn) && upn === upn.trim().toUpperCase();
        if (upnOk.size < MEMO_LIMIT) upnOk.set(detached(upn), ok);
      }
      let dok = dateOk.get(date);
      if (dok === undefined) {
        dok = isoDate(date) === date;
        if (dateOk.size < MEMO_LIMIT) dateOk.set(detached(date), dok);
      }
      let u = urnText.get(urn);
      if (u === undefined) {
        const t = urn.trim();
        u = t === urn && t !== '' && t.length <= 10_000 ? copyText(t) : '';
        if (urnText.size < MEMO_LIMIT) urnText.set(detached(urn), u);
      }
      if (!ok || !dok || u === '') {
        slow(line, f);
        return;
      }
      text += `${prefix}${u}\t${upn}\t${date}\t${session}\t${mark === '\\' ? '\\\\' : mark}\n`;
      cur.valid++;
      if (!PRESENT.has(mark)) cur.absent.add(upn);
    };

    const parser = new CsvParser();
    const take = async (records: { line: number; fields: string[] }[]): Promise<void> => {
      bufferRecords = Math.max(1, records.length);
      recordIndex = 0;
      for (const r of records) {
        recordIndex++;
        if (header === undefined) {
          header = r.fields.map((h) => h.trim().toLowerCase());
          const idx = (n: string): number => header!.indexOf(n);
          at = {
            urn: idx('urn'),
            upn: idx('upn'),
            date: idx('date'),
            session: idx('session'),
            mark: idx('mark'),
          };
          continue;
        }
        if (at.urn < 0 || at.upn < 0 || at.date < 0 || at.session < 0 || at.mark < 0) {
          cur.rowsIn++;
          slow(r.line, r.fields);
        } else row(r.line, r.fields);
        if (text.length > 1 << 20) {
          cur.parts.push(seal(text));
          text = '';
        }
        if (cur.rowsIn >= o.chunkSize) await flush();
      }
    };
    const decoder = new TextDecoder('utf-8');
    const stream = createReadStream(o.file, { highWaterMark: 1 << 20 });
    for await (const buf of stream as AsyncIterable<Buffer>) {
      o.onBytes(buf.length);
      bufferFrom += bufferBytes;
      bufferBytes = buf.length;
      await take(parser.push(decoder.decode(buf, { stream: true })));
    }
    bufferFrom += bufferBytes;
    bufferBytes = 0;
    await take(parser.push(decoder.decode(), true));
    if (cur.rowsIn > 0) await flush();
    await inflight;
  } finally {
    conn.release();
  }
}
