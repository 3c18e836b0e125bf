// Imports benchmark: one school year of daily attendance (190 days x AM/PM) for IMPORTS_BENCH_PUPILS pupils
// (default 5,000 = 1.9M marks on this shared 2-core machine; 50,000 gives the full ~19M), generated
// deterministically, imported with validation into PostgreSQL (BENCH_DATABASE_URL, DATABASE_URL or 127.0.0.1:5432, a
// fresh database per run) and into PGlite (IMPORTS_BENCH_PGLITE_PUPILS, default 1,000). Baselines in the same
// run: a raw COPY of the same rows into the same indexed (primary key) table, through the same client
// (pg-copy-streams from the file on PostgreSQL; COPY FROM '/dev/blob' on PGlite).
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

async function writeFiles(
  dir: string,
  pupils: number,
  pid: string,
  aid: string,
): Promise<{ feed: string; raw: string; rows: number }> {
  const feed = join(dir, 'attendance.csv');
  const raw = join(dir, 'raw.csv');
  const f = createWriteStream(feed);
  const r = createWriteStream(raw);
  f.write('urn,upn,date,session,mark\n');
  const days: string[] = [];
  for (let d = new Date(Date.UTC(2024, 8, 2)); days.length < 190; d = new Date(d.getTime() + 86_400_000)) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
  }
  let seed = 12345;
  let rows = 0;
  for (let p = 0; p < pupils; p++) {
    const u = upn(p);
    const urn = String(100000 + (p % 40));
    let a = '';
    let b = '';
    for (const day of days) {
      for (const s of ['AM', 'PM']) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const code = CODES[seed % 10 === 0 ? 6 + (seed % 8) : seed % 2]!;
        a += `${urn},${u},${day},${s},${code === '\\' || code === '"' ? code : code}\n`;
        b += `${pid},${aid},${urn},${u},${day},${s},"${code.replace(/"/g, '""')}"\n`;
        rows++;
      }
    }
    if (!f.write(a)) await new Promise<void>((res) => f.once('drain', () => res()));
    if (!r.write(b)) await new Promise<void>((res) => r.once('drain', () => res()));
  }
  await Promise.all([
    new Promise<void>((res) => f.end(() => res())),
    new Promise<void>((res) => r.end(() => res())),
  ]);
  return { feed, raw, rows };
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

async function run(
  prefix: string,
  handle: DatabaseHandle,
  pupils: number,
  rawLoad: (raw: string) => Promise<void>,
): Promise<void> {
  const { pid, aid } = await setup(handle);
  const dir = mkdtempSync(join(tmpdir(), 'sightline-bench-'));
  try {
    const files = await writeFiles(dir, pupils, pid, aid);
    log(`${prefix}: ${files.rows} marks written`);
    const before = process.memoryUsage().rss;
    let peak = 0;
    let peakHeap = 0;
    let peakBuffers = 0;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      peakHeap = Math.max(peakHeap, m.heapTotal);
      peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
    }, 50);
    let t = performance.now();
    const s = await importFile(handle, { partnershipId: pid, feed: 'attendance', file: files.feed });
    const importSecs = (performance.now() - t) / 1000;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (s.loaded !== files.rows) throw new Error(`loaded ${s.loaded} of ${files.rows}`);
    await sql`truncate attendance_mark`.execute(handle.db);
    t = performance.now();
    await rawLoad(files.raw);
    const rawSecs = (performance.now() - t) / 1000;
    const n = await sql<{ n: number }>`select count(*)::int as n from attendance_mark`.execute(handle.db);
    if (n.rows[0]!.n !== files.rows) throw new Error('raw load incomplete');
    figure(`${prefix}_marks`, files.rows, 'rows');
    figure(`${prefix}_import_rate`, files.rows / importSecs, 'rows/s');
    figure(`${prefix}_raw_copy_rate`, files.rows / rawSecs, 'rows/s');
    figure(`${prefix}_ratio_to_raw_copy`, rawSecs / importSecs, 'ratio');
    figure(`${prefix}_peak_rss`, peak / 2 ** 20, 'MB');
    figure(`${prefix}_rss_before_import`, before / 2 ** 20, 'MB');
    figure(`${prefix}_peak_js_heap`, peakHeap / 2 ** 20, 'MB');
    figure(`${prefix}_peak_buffers`, peakBuffers / 2 ** 20, 'MB');
    figure(`${prefix}_extrapolated_19m_seconds`, (19_000_000 / files.rows) * importSecs, 's');
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
    await run('imports_pg', handle, Number(process.env.IMPORTS_BENCH_PUPILS ?? 5000), async (raw) => {
      const client = await handle.pool!.connect();
      try {
        await pipeline(
          createReadStream(raw, { highWaterMark: 1 << 20 }),
          client.query(
            copyFrom(
              'copy attendance_mark (partnership_id, agency_id, school_urn, upn, mark_date, session, code) from stdin with (format csv)',
            ),
          ),
        );
      } finally {
        client.release();
      }
    });
  } finally {
    await handle.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const lite = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
try {
  await run('imports_pglite', lite, Number(process.env.IMPORTS_BENCH_PGLITE_PUPILS ?? 1000), async (raw) => {
    await lite.pglite!.query(
      `copy attendance_mark (partnership_id, agency_id, school_urn, upn, mark_date, session, code) from '/dev/blob' with (format csv)`,
      [],
      { blob: new Blob([readFileSync(raw)]) },
    );
  });
} finally {
  await lite.close();
}
