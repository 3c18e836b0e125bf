// Imports benchmark: one school year of daily attendance (190 days x AM/PM) for IMPORTS_BENCH_PUPILS pupils
// (default 5,000 = 1.9M marks on this shared 2-core machine; 50,000 gives the full ~19M), generated
// deterministically, imported with validation into PostgreSQL (BENCH_DATABASE_URL, DATABASE_URL or 127.0.0.1:5432, a
// fresh database per run) and into PGlite (IMPORTS_BENCH_PGLITE_PUPILS, default 1,000). The file is written
// in pupil order and in date order (as a year of daily files joined), IMPORTS_BENCH_ORDER=pupil|date|both
// (default both): the same marks either way.
//
// Baselines in the same run, through the same client (pg-copy-streams from a file on PostgreSQL; COPY FROM
// '/dev/blob' on PGlite):
// - raw COPY of the same marks, one row per mark, into an indexed table keyed as the marks are (pupil,
//   date, session): the "raw COPY into an indexed table", and the ratio it asks for;
// - raw COPY of the week rows the importer stores (attendance_week, migration 0013), with no validation:
//   the ceiling of the storage the import writes.
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  type WriteStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { importFile } from '../src/imports/index.ts';
import { migrate, openDatabase, type DatabaseHandle } from '../src/platform/database/index.ts';
import { upn } from '../src/imports/fixtures.test-support.ts';

function figure(name: string, value: number, unit: string): void {
  process.stdout.write(`${name} ${Number.isInteger(value) ? value : value.toPrecision(4)} ${unit}\n`);
}
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const CODES = ['/', '\\', '/', '\\', '/', '\\', 'L', 'N', 'I', 'M', 'O', 'U', 'G', 'C'];
/** The bench's marks table: one row per mark, keyed as the stable key of a mark (the raw COPY baseline). */
const MARKS_TABLE = `create table bench_attendance_mark (
  partnership_id uuid not null, agency_id uuid not null, school_urn text not null, upn text not null,
  mark_date date not null, session char(2) not null, code text not null,
  primary key (partnership_id, upn, mark_date, session))`;
const MARK_COLS = '(partnership_id, agency_id, school_urn, upn, mark_date, session, code)';
const WEEK_COLS = '(partnership_id, agency_id, school_urn, upn, week_start, marks)';

/** A pupil's mark for a day and session: mostly present, one in ten something else (deterministic). */
function codeOf(p: number, d: number, pm: number): string {
  let h = Math.imul(p + 1, 0x9e3779b1) ^ Math.imul(d * 2 + pm + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = (h ^ (h >>> 13)) >>> 0;
  return CODES[h % 10 === 0 ? 6 + (h % 8) : h % 2]!;
}

async function put(w: WriteStream, text: string): Promise<void> {
  if (!w.write(text)) await new Promise<void>((res) => w.once('drain', () => res()));
}

interface Files {
  feed: string;
  raw: string;
  weeks: string;
  daily: string;
  rows: number;
}

async function writeFiles(
  dir: string,
  pupils: number,
  pid: string,
  aid: string,
  order: string,
): Promise<Files> {
  const feed = join(dir, `attendance-${order}.csv`);
  const raw = join(dir, 'raw.csv');
  const weeks = join(dir, 'weeks.csv');
  const f = createWriteStream(feed);
  await put(f, 'urn,upn,date,session,mark\n');
  const days: { iso: string; week: string; slot: number }[] = [];
  for (let d = new Date(Date.UTC(2024, 8, 2)); days.length < 190; d = new Date(d.getTime() + 86_400_000)) {
    const dow = (d.getUTCDay() + 6) % 7;
    if (dow < 5) {
      const week = new Date(d.getTime() - dow * 86_400_000).toISOString().slice(0, 10);
      days.push({ iso: d.toISOString().slice(0, 10), week, slot: dow * 2 });
    }
  }
  const urnOf = (p: number): string => String(100000 + (p % 40));
  const upns = Array.from({ length: pupils }, (_, p) => upn(p));
  let rows = 0;
  if (order === 'date') {
    for (let d = 0; d < days.length; d++) {
      for (const [pm, s] of ['AM', 'PM'].entries()) {
        let a = '';
        for (let p = 0; p < pupils; p++) {
          a += `${urnOf(p)},${upns[p]},${days[d]!.iso},${s},${codeOf(p, d, pm)}\n`;
          rows++;
          if (a.length > 1 << 20) {
            await put(f, a);
            a = '';
          }
        }
        await put(f, a);
      }
    }
  } else {
    for (let p = 0; p < pupils; p++) {
      let a = '';
      for (let d = 0; d < days.length; d++) {
        for (const [pm, s] of ['AM', 'PM'].entries()) {
          a += `${urnOf(p)},${upns[p]},${days[d]!.iso},${s},${codeOf(p, d, pm)}\n`;
          rows++;
        }
      }
      await put(f, a);
    }
  }
  await new Promise<void>((res) => f.end(() => res()));
  // The baselines' files, pupil by pupil (the same marks as the feed, as rows ready for COPY).
  const r = createWriteStream(raw);
  const w = createWriteStream(weeks);
  for (let p = 0; p < pupils; p++) {
    let a = '';
    let b = '';
    let slots = new Array<string>(14).fill('  ');
    for (let d = 0; d < days.length; d++) {
      for (let pm = 0; pm < 2; pm++) {
        const code = codeOf(p, d, pm);
        a += `${pid},${aid},${urnOf(p)},${upns[p]},${days[d]!.iso},${pm === 0 ? 'AM' : 'PM'},"${code}"\n`;
        slots[days[d]!.slot + pm] = code.padEnd(2, ' ');
      }
      if (d + 1 === days.length || days[d + 1]!.week !== days[d]!.week) {
        b += `${pid},${aid},${urnOf(p)},${upns[p]},${days[d]!.week},"${slots.join('')}"\n`;
        slots = new Array<string>(14).fill('  ');
      }
    }
    await put(r, a);
    await put(w, b);
  }
  await Promise.all([
    new Promise<void>((res) => r.end(() => res())),
    new Promise<void>((res) => w.end(() => res())),
  ]);
  // A daily file into a year already stored: every pupil's Saturday sessions of the last week, which
  // fill empty slots of week rows that exist (the merge path a school's daily file takes).
  const daily = join(dir, 'daily.csv');
  const saturday = new Date(Date.parse(`${days[days.length - 1]!.week}T00:00:00Z`) + 5 * 86_400_000);
  const sat = saturday.toISOString().slice(0, 10);
  const dl = createWriteStream(daily);
  await put(dl, 'urn,upn,date,session,mark\n');
  for (let p = 0; p < pupils; p++) {
    await put(
      dl,
      `${urnOf(p)},${upns[p]},${sat},AM,${codeOf(p, 999, 0)}\n${urnOf(p)},${upns[p]},${sat},PM,/\n`,
    );
  }
  await new Promise<void>((res) => dl.end(() => res()));
  return { feed, raw, weeks, daily, rows };
}

async function setup(handle: DatabaseHandle): Promise<{ pid: string; aid: string }> {
  await migrate(handle.db);
  const pid = '00000000-0000-4000-8000-000000000001';
  const aid = '00000000-0000-4000-8000-000000000002';
  await sql`insert into partnership (partnership_id, code, name) values (${pid}, 'bench', 'Bench')`.execute(
    handle.db,
  );
  await sql`insert into agency (id, partnership_id, code, name, kind) values (${aid}, ${pid}, 'SCHOOLS', 'Schools', 'education')`.execute(
    handle.db,
  );
  return { pid, aid };
}

type Copy = (copySql: string, file: string) => Promise<void>;

async function timed(work: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await work();
  return (performance.now() - t) / 1000;
}

async function run(prefix: string, handle: DatabaseHandle, pupils: number, copy: Copy): Promise<void> {
  const { pid, aid } = await setup(handle);
  await sql.raw(MARKS_TABLE).execute(handle.db);
  const orders =
    (process.env.IMPORTS_BENCH_ORDER ?? 'both') === 'both'
      ? ['pupil', 'date']
      : [process.env.IMPORTS_BENCH_ORDER!];
  const dir = mkdtempSync(join(tmpdir(), 'sightline-bench-'));
  try {
    let files: Files | undefined;
    const secsOf = new Map<string, number>();
    for (const order of orders) {
      const f = await writeFiles(dir, pupils, pid, aid, order);
      files ??= f;
      log(`${prefix}: ${f.rows} marks written in ${order} order`);
      await sql`truncate attendance_week`.execute(handle.db);
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = 0;
      let peakHeap = 0;
      const timer = setInterval(() => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.rss);
        peakHeap = Math.max(peakHeap, m.heapTotal);
      }, 50);
      let s: Awaited<ReturnType<typeof importFile>> | undefined;
      const cpu = process.cpuUsage();
      const secs = await timed(async () => {
        s = await importFile(handle, { partnershipId: pid, feed: 'attendance', file: f.feed });
      });
      const used = process.cpuUsage(cpu);
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      if (s!.loaded !== f.rows) throw new Error(`loaded ${s!.loaded} of ${f.rows}`);
      const name = `${prefix}_${order}_order`;
      figure(`${name}_import_rate`, f.rows / secs, 'rows/s');
      figure(`${name}_import_seconds`, secs, 's');
      // This process's CPU per mark (on PGlite it includes the database, which runs in this thread).
      figure(`${name}_import_process_cpu_per_mark`, ((used.user + used.system) * 1000) / f.rows, 'ns');
      figure(`${name}_peak_rss`, peak / 2 ** 20, 'MB');
      figure(`${name}_rss_before_import`, before / 2 ** 20, 'MB');
      figure(`${name}_peak_js_heap`, peakHeap / 2 ** 20, 'MB');
      figure(`${name}_extrapolated_19m_seconds`, (19_000_000 / f.rows) * secs, 's');
      secsOf.set(order, secs);
    }
    const stored = await sql<{ n: number }>`select count(*)::int as n from attendance_week`.execute(
      handle.db,
    );
    await sql`truncate attendance_week`.execute(handle.db);
    const weekSecs = await timed(() =>
      copy(`copy attendance_week ${WEEK_COLS} from stdin with (format csv)`, files!.weeks),
    );
    const weeks = await sql<{ n: number }>`select count(*)::int as n from attendance_week`.execute(handle.db);
    if (weeks.rows[0]!.n !== stored.rows[0]!.n) {
      throw new Error('the raw week rows differ from the stored ones');
    }
    let day: Awaited<ReturnType<typeof importFile>> | undefined;
    const daySecs = await timed(async () => {
      day = await importFile(handle, { partnershipId: pid, feed: 'attendance', file: files!.daily });
    });
    if (day!.loaded !== 2 * pupils) throw new Error(`daily file loaded ${day!.loaded} of ${2 * pupils}`);
    const rawSecs = await timed(() =>
      copy(`copy bench_attendance_mark ${MARK_COLS} from stdin with (format csv)`, files!.raw),
    );
    const n = await sql<{ n: number }>`select count(*)::int as n from bench_attendance_mark`.execute(
      handle.db,
    );
    if (n.rows[0]!.n !== files!.rows) throw new Error('raw load incomplete');
    figure(`${prefix}_marks`, files!.rows, 'rows');
    figure(`${prefix}_week_rows`, weeks.rows[0]!.n, 'rows');
    figure(`${prefix}_raw_copy_marks_rate`, files!.rows / rawSecs, 'rows/s');
    figure(`${prefix}_raw_copy_week_rows_marks_rate`, files!.rows / weekSecs, 'marks/s');
    figure(`${prefix}_daily_file_into_stored_year_rate`, (2 * pupils) / daySecs, 'rows/s');
    figure(`${prefix}_daily_file_into_stored_year_seconds`, daySecs, 's');
    for (const [order, secs] of secsOf) {
      figure(`${prefix}_${order}_order_ratio_to_raw_copy`, rawSecs / secs, 'ratio');
      figure(`${prefix}_${order}_order_ratio_to_raw_week_copy`, weekSecs / secs, 'ratio');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
// PostgreSQL as the other benchmarks find it (CI's server on 127.0.0.1:5432 unless told otherwise).
const base =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Client({ connectionString: base });
const reachable = await admin.connect().then(
  () => true,
  (e: unknown) => {
    log(`PostgreSQL skipped: cannot connect to ${new URL(base).host} (${(e as Error).message})`);
    return false;
  },
);
if (reachable) {
  const name = `sightline_bench_imports_${process.pid}`;
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() });
  try {
    await run(
      'imports_pg',
      handle,
      Number(process.env.IMPORTS_BENCH_PUPILS ?? 5000),
      async (copySql, file) => {
        const client = await handle.pool!.connect();
        try {
          await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom(copySql)));
        } finally {
          client.release();
        }
      },
    );
  } finally {
    await handle.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const lite = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
try {
  await run(
    'imports_pglite',
    lite,
    Number(process.env.IMPORTS_BENCH_PGLITE_PUPILS ?? 1000),
    async (copySql, file) => {
      await lite.pglite!.query(copySql.replace('from stdin', "from '/dev/blob'"), [], {
        blob: new Blob([readFileSync(file)]),
      });
    },
  );
} finally {
  await lite.close();
}
