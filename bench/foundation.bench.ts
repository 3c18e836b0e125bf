/**
 * Foundation benchmark: time to open a fresh database, apply every migration and load the demo
 * partnership, on embedded PGlite and on PostgreSQL (DATABASE_URL, or the local server at
 * 127.0.0.1:5432 if it answers). Baseline in the same run: opening the same empty database without
 * migrating, so the ratio shows what migrations and the demo load cost on top of start-up.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadDemoPartnership } from '../src/demo/index.ts';
import { migrate, openDatabase, type DatabaseHandle } from '../src/platform/database/index.ts';
import type { DatabaseConfig } from '../src/platform/config/config.ts';

const RUNS = 3;

function figure(name: string, value: number, unit: string): void {
  process.stdout.write(`${name} ${Number.isInteger(value) ? value : value.toFixed(3)} ${unit}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function postgresBase(): Promise<string | undefined> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch {
    return undefined;
  }
}

async function withFreshPostgres<T>(base: string, work: (config: DatabaseConfig) => Promise<T>): Promise<T> {
  const name = `sightline_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const u = new URL(base);
    u.pathname = `/${name}`;
    return await work({ kind: 'postgres', url: u.toString() });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function measure(
  label: string,
  fresh: <T>(work: (c: DatabaseConfig) => Promise<T>) => Promise<T>,
): Promise<void> {
  const full: number[] = [];
  const open: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    open.push(
      await fresh(async (config) => {
        let handle: DatabaseHandle | undefined;
        const ms = await timed(async () => {
          handle = await openDatabase(config);
        });
        await handle?.close();
        return ms;
      }),
    );
    full.push(
      await fresh(async (config) => {
        let handle: DatabaseHandle | undefined;
        const ms = await timed(async () => {
          handle = await openDatabase(config);
          await migrate(handle.db);
          await loadDemoPartnership(handle.db);
        });
        await handle?.close();
        return ms;
      }),
    );
    process.stderr.write(
      `  ${label} run ${run + 1}/${RUNS}: open ${open.at(-1)?.toFixed(0)} ms, migrate+demo ${full.at(-1)?.toFixed(0)} ms\n`,
    );
  }
  figure(`foundation_open_${label}`, median(open), 'ms');
  figure(`foundation_migrate_and_demo_${label}`, median(full), 'ms');
  figure(`foundation_migrate_and_demo_${label}_ratio_vs_open`, median(full) / median(open), 'x');
}

await measure('pglite', async (work) => work({ kind: 'pglite', dataDir: 'memory://' }));
const base = await postgresBase();
if (base === undefined) {
  process.stderr.write('PostgreSQL not reachable: skipping the PostgreSQL figures\n');
} else {
  await measure('postgres', (work) => withFreshPostgres(base, work));
}
