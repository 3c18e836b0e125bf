/**
 * The attendance hot path (≈19M marks a year for 50,000 pupils): CSV records are checked field by field
 * against memoised answers (a UPN or date is checked once per batch) and gathered into week rows
 * (`attendance-weeks.ts`: one row per pupil, school and week, ten times fewer rows and index entries than
 * marks), with no per-row objects beyond the parser's field arrays. Rows not in canonical form go through
 * the general validator, so messages and normalisation are exactly those of every other feed.
 *
 * A chunk closes at the first mark of a new week row once it holds `chunkSize` rows, so a file in date
 * order commits whole weeks and a file in pupil order whole pupil-weeks, and a week is written once.
 * Each chunk is one transaction: its week rows go by `COPY attendance_week FROM STDIN` under a savepoint
 * (the fast case: none of its weeks exists yet), falling back to COPY into the staging table and a
 * slot-by-slot merge when one does (re-import, overlapping or daily files). The chunk's quarantine rows,
 * changed people, progress marker and batch counters commit with it. The next chunk is parsed while the
 * database commits the previous one.
 */
import { createReadStream } from 'node:fs';
import { ATTENDANCE_CODES } from './codes.ts';
import { openBulk, type BulkTx } from './bulk.ts';
import type { FeedDefinition } from './feeds/types.ts';
import type { ChunkContext } from './load-records.ts';
import { CsvParser } from './parse/csv.ts';
import { detached, isoDate, validateRow, type RowIssue } from './validate.ts';
import {
  encodeMarks,
  ensureStage,
  hasAbsence,
  mergeStaged,
  WEEK_COLUMNS,
  WeekChunk,
  weekDayOf,
  type WeekDay,
  type WeekRow,
} from './attendance-weeks.ts';
import { isValidUpn } from '../linkage/index.ts';
import { shareConnection, type DatabaseHandle } from '../platform/database/index.ts';

const MEMO_LIMIT = 500_000;
/** A chunk closes at this many times `chunkSize` rows even inside a week row (bounded memory). */
const CHUNK_CAP = 20;
/** Each code's own string, to keep instead of the field that matched it (undefined: not a code). */
const CODE = new Map([...ATTENDANCE_CODES].map((c) => [c, c]));
/** Each code as a week slot in COPY text: padded to two characters, a backslash escaped. */
const SLOT_TEXT = new Map([...ATTENDANCE_CODES, ''].map((c) => [c, copyText(encodeMarks([c]).slice(0, 2))]));

/** Escapes a value for COPY text format. */
function copyText(v: string): string {
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : v;
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
  weeks: WeekChunk;
  rejected: Rejected[];
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

/**
 * The chunk's week rows as COPY text, a Buffer per ~1 MB (bytes, outside the JS heap, so the text does
 * not outlive the young generation while the chunk waits for the database).
 */
function copyParts(prefix: string, weeks: WeekChunk): Buffer[] {
  const parts: Buffer[] = [];
  const urnText = new Map<string, string>();
  let text = '';
  for (const r of weeks.rows) {
    let urn = urnText.get(r.urn);
    if (urn === undefined) urnText.set(r.urn, (urn = copyText(r.urn)));
    let marks = '';
    for (const c of r.slots) marks += SLOT_TEXT.get(c) ?? copyText(encodeMarks([c]).slice(0, 2));
    text += `${prefix}${urn}\t${r.upn}\t${r.week}\t${marks}\n`;
    if (text.length > 1 << 20) {
      parts.push(Buffer.from(text, 'utf8'));
      text = '';
    }
  }
  if (text.length > 0) parts.push(Buffer.from(text, 'utf8'));
  return parts;
}

async function commitChunk(
  tx: BulkTx,
  ctx: ChunkContext,
  feed: FeedDefinition,
  c: Chunk,
  personByUpn: ReadonlyMap<string, string>,
  prefix: string,
): Promise<void> {
  let loaded = 0;
  let absent: ReadonlySet<string> = new Set();
  if (c.weeks.rows.length > 0) {
    const parts = copyParts(prefix, c.weeks);
    await tx.query('savepoint copy_direct');
    try {
      await tx.copyIn(`copy attendance_week ${WEEK_COLUMNS} from stdin`, parts);
      await tx.query('release savepoint copy_direct');
      loaded = c.weeks.marks;
      absent = new Set(c.weeks.rows.filter((r) => hasAbsence(r.slots)).map((r) => r.upn));
    } catch (e) {
      if ((e as { code?: string }).code !== '23505') throw e;
      await tx.query('rollback to savepoint copy_direct');
      await ensureStage(tx);
      await tx.copyIn(`copy attendance_stage ${WEEK_COLUMNS} from stdin`, parts);
      await tx.query('analyze attendance_stage');
      const w = await mergeStaged(tx, ctx.partnershipId, c.weeks.rows);
      loaded = w.loaded;
      absent = w.absent;
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
 * await loadAttendanceCsv(handle, ctx, feed, { file, chunkSize: 100_000, resumeFrom: 0, onBytes, onChunk });
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
    // Memoised checks, keyed by the field as read; the answers are copies the chunks may keep (a
    // parser field is a slice that would hold its whole decoded megabyte alive).
    const upnOk = new Map<string, string | null>();
    const dateOk = new Map<string, WeekDay | null>();
    const urnOk = new Map<string, string | null>();
    const memo = new Map<string, string | [string, string]>();
    let header: string[] | undefined;
    let at = { urn: -1, upn: -1, date: -1, session: -1, mark: -1 };
    let inflight: Promise<void> = Promise.resolve();
    let chunkNo = 0;
    let rowsRead = 0;
    // The bytes of the buffer being parsed (from, length), to place a chunk's end in the file with the
    // parser's place in it: the reader is a megabyte ahead of the rows.
    let bufferFrom = 0;
    let bufferBytes = 0;
    const cap = o.chunkSize * CHUNK_CAP;
    const newChunk = (no: number): Chunk => ({
      no,
      rowsIn: 0,
      valid: 0,
      weeks: new WeekChunk(),
      rejected: [],
      read: { rows: 0, bytes: 0 },
    });
    let cur = newChunk(0);

    const flush = async (): Promise<void> => {
      const c = cur;
      rowsRead += c.rowsIn;
      c.read = {
        rows: rowsRead,
        bytes: Math.round(bufferFrom + bufferBytes * parser.readFraction),
      };
      cur = newChunk(++chunkNo);
      await inflight;
      o.signal?.throwIfAborted();
      if (c.no < o.resumeFrom) {
        o.onChunk(c.no, c.rowsIn, false);
        return;
      }
      const p = conn
        .transaction((tx) => commitChunk(tx, ctx, feed, c, personByUpn, prefix))
        .then(() => o.onChunk(c.no, c.rowsIn, true));
      p.catch(() => undefined);
      inflight = p;
      await shareConnection(handle); // pages go first between chunks (PGlite runs queries in this thread)
    };

    /** Whether a row with this week key must start the next chunk. */
    /** Whether a row whose week row the chunk has (found) or lacks must start the next chunk. */
    const closes = (found: WeekRow | undefined): boolean =>
      cur.rowsIn >= o.chunkSize && (found === undefined || cur.rowsIn >= cap);

    /** A row off the fast path: the general validator's messages and normalisation. False: next chunk. */
    const slow = (line: number, fields: string[]): boolean => {
      const h = header!;
      const values: Record<string, string> = {};
      for (let i = 0; i < Math.min(h.length, fields.length); i++) values[h[i]!] = fields[i]!;
      const reject = (issues: RowIssue[]): boolean => {
        if (cur.rowsIn >= o.chunkSize && (cur.rowsIn >= cap || cur.rejected.length >= o.chunkSize)) {
          return false;
        }
        cur.rowsIn++;
        cur.rejected.push({ line, values, issues });
        return true;
      };
      if (fields.length !== h.length) {
        return reject([
          {
            line,
            field: '(row)',
            problem: `the row has ${fields.length} fields`,
            expected: `${h.length} as in the header`,
          },
        ]);
      }
      const v = validateRow(feed, line, values, memo);
      if (!v.ok) return reject(v.issues);
      const r = v.row;
      const upn = detached(r.upn!);
      const urn = detached(r.urn!);
      const wd = weekDayOf(r.date!);
      const found = cur.weeks.find(upn, urn, wd.week);
      if (closes(found)) return false;
      cur.rowsIn++;
      cur.valid++;
      cur.weeks.put(found, upn, urn, wd, r.session === 'PM' ? 'PM' : 'AM', detached(r.mark!));
      return true;
    };

    /** One record; false when it belongs to the next chunk (nothing recorded yet). */
    const row = (line: number, f: string[]): boolean => {
      const upn = f[at.upn];
      const date = f[at.date];
      const session = f[at.session];
      const mark = f[at.mark];
      const urn = f[at.urn];
      let code: string | undefined;
      if (
        f.length !== header!.length ||
        upn === undefined ||
        date === undefined ||
        urn === undefined ||
        mark === undefined ||
        (session !== 'AM' && session !== 'PM') ||
        (code = CODE.get(mark)) === undefined
      ) {
        return slow(line, f);
      }
      let u = upnOk.get(upn);
      if (u === undefined) {
        u = isValidUpn(upn) && upn === upn.trim().toUpperCase() ? detached(upn) : null;
        if (upnOk.size < MEMO_LIMIT) upnOk.set(u ?? detached(upn), u);
      }
      let wd = dateOk.get(date);
      if (wd === undefined) {
        wd = isoDate(date) === date ? weekDayOf(date) : null;
        if (dateOk.size < MEMO_LIMIT) dateOk.set(detached(date), wd);
      }
      let s = urnOk.get(urn);
      if (s === undefined) {
        const t = urn.trim();
        s = t === urn && t !== '' && t.length <= 10_000 ? detached(t) : null;
        if (urnOk.size < MEMO_LIMIT) urnOk.set(s ?? detached(urn), s);
      }
      if (u === null || wd === null || s === null) return slow(line, f);
      const found = cur.weeks.find(u, s, wd.week);
      if (closes(found)) return false;
      cur.rowsIn++;
      cur.valid++;
      // The code list's own string, not the field (a slice of the decoded buffer).
      cur.weeks.put(found, u, s, wd, session, code);
      return true;
    };

    const parser = new CsvParser();
    let fast = false;
    const read = (line: number, fields: string[]): boolean => {
      if (header === undefined) {
        header = fields.map((h) => h.trim().toLowerCase());
        const idx = (n: string): number => header!.indexOf(n);
        at = {
          urn: idx('urn'),
          upn: idx('upn'),
          date: idx('date'),
          session: idx('session'),
          mark: idx('mark'),
        };
        fast = at.urn >= 0 && at.upn >= 0 && at.date >= 0 && at.session >= 0 && at.mark >= 0;
        return true;
      }
      return fast ? row(line, fields) : slow(line, fields);
    };
    // Records are read as the parser finds them (no array of a buffer's records held while they are
    // checked); a record that belongs to the next chunk waits in the parser while this one is handed over.
    const pump = async (): Promise<void> => {
      while (!parser.drain(read)) await flush();
    };
    const decoder = new TextDecoder('utf-8');
    const stream = createReadStream(o.file, { highWaterMark: 1 << 20 });
    for await (const buf of stream as AsyncIterable<Buffer>) {
      o.onBytes(buf.length);
      bufferFrom += bufferBytes;
      bufferBytes = buf.length;
      parser.add(decoder.decode(buf, { stream: true }));
      await pump();
    }
    bufferFrom += bufferBytes;
    bufferBytes = 0;
    parser.add(decoder.decode(), true);
    await pump();
    if (cur.rowsIn > 0) await flush();
    await inflight;
  } finally {
    conn.release();
  }
}
