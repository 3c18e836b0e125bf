// Child record under load (issue 8's target: p95 <= 150 ms with 50 concurrent sessions on PostgreSQL):
// the real server over a fresh PostgreSQL database, a child with 500 chronology events from six agencies
// (and, as the floor, a child with none),
// 50 signed-in sessions hitting /children/:id with autocannon (50 connections, one session each) in a
// closed loop (the next request the moment an answer arrives: a stress test) and with think time (each
// session one page about every second, at random), and /health measured the same way in the same run as the baseline. The server runs in its own processes
// (`sightline serve --workers`), autocannon in this one; all share this machine's two cores.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { createSession } from '../src/access/sessions/sessions.ts';
import { loadDemoPartnership } from '../src/demo/index.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { migrate, openDatabase } from '../src/platform/database/index.ts';
import { newId } from '../src/platform/ids/ids.ts';

// autocannon ships no types: the small part used here, typed by hand.
interface AutocannonResult {
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (
  options: Record<string, unknown>,
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Linux's /proc, where the CPU time of the server's and PostgreSQL's processes can be read. */
const PROCFS = existsSync('/proc/self/stat');

/** A process's /proc/<pid>/stat fields after the command's closing parenthesis (state first), or undefined once it has exited. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, ms) used so far by each process, from /proc (Linux); exited ones read 0. */
function cpuMs(pids: readonly number[]): number {
  const tick = 10; // USER_HZ is 100 on Linux
  let ms = 0;
  for (const pid of pids) {
    const fields = statFields(pid); // utime and stime are stat's fields 14 and 15
    if (fields !== undefined) ms += (Number(fields[11]) + Number(fields[12])) * tick;
  }
  return ms;
}

/** The process and its children (the `serve --workers` primary and its workers). */
function processTree(root: number): number[] {
  const pids = [root];
  if (!PROCFS) return pids;
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/u.test(entry) && Number(statFields(entry)?.[1]) === root) pids.push(Number(entry));
  }
  return pids;
}

const EVENTS = 500;
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 30);

/** Starts `sightline serve --workers n` on a free port and waits until it listens. */
async function startServe(
  databaseUrl: string,
  workers: number,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const bin = fileURLToPath(new URL('../bin/sightline.js', import.meta.url));
  // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (workers inherit it).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(
    process.execPath,
    [...nodeArgs, bin, 'serve', '--port', '0', '--workers', String(workers)],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl,
        SIGHTLINE_DEMO_MODE: 'true',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      text += chunk;
      const m = /running at (http:\/\/\S+)/u.exec(text);
      if (m) resolve(m[1]!.replace(/\/$/u, '').replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`sightline serve exited (${code}): ${text}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `sightline_bench_${randomBytes(4).toString('hex')}`;
const adminUrl = new URL(baseUrl);
const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`create database ${dbName}`);
const url = new URL(baseUrl);
url.pathname = `/${dbName}`;
const database = await openDatabase({ kind: 'postgres', url: url.toString() });

try {
  await migrate(database.db);
  await loadDemoPartnership(database.db);
  const db = database.db;
  const child = await db
    .selectFrom('person')
    .select(['id', 'partnership_id'])
    .where('family_name', '=', 'Hartwell')
    .executeTakeFirstOrThrow();
  const agencies = await db.selectFrom('agency').select(['id', 'kind']).execute();
  const TYPES: Record<string, string[]> = {
    police: ['missing_episode', 'found_in_company', 'police_incident', 'vehicle_sighting'],
    education: ['attendance_session', 'suspension'],
    health: ['ed_attendance', 'sexual_health_attendance'],
    social_care: ['status_change', 'placement_change', 'missing_from_care', 'assessment'],
    youth_offending: ['yot_referral'],
    voluntary: ['voluntary_referral'],
  };
  const events = Array.from({ length: EVENTS }, (_, i) => {
    const agency = agencies[i % agencies.length]!;
    const types = TYPES[agency.kind] ?? ['referral'];
    return {
      id: newId(),
      partnership_id: child.partnership_id,
      agency_id: agency.id,
      type: types[i % types.length]!,
      occurred_at: new Date(Date.UTC(2024, 0, 1) + i * 36 * 3_600_000),
      occurred_until: null,
      location_id: null,
      narrative: `Synthetic chronology entry ${i + 1}: recorded by the agency for the benchmark.`,
      data: JSON.stringify({ n: i }),
      source_record_id: null,
      recorded_by: null,
    };
  });
  for (let i = 0; i < events.length; i += 100) {
    const chunk = events.slice(i, i + 100);
    await db.insertInto('event').values(chunk).execute();
    await db
      .insertInto('event_party')
      .values(
        chunk.map((e) => ({
          id: newId(),
          partnership_id: child.partnership_id,
          event_id: e.id,
          person_id: child.id,
          role: 'subject' as const,
        })),
      )
      .execute();
  }
  await sql`analyze`.execute(db);
  // A child with no events at all: its record costs what every audited page costs (session, policy,
  // one query, audit, commit, layout), the floor under the 500-event figure.
  const empty = await db
    .selectFrom('person as p')
    .select('p.id')
    .where('p.partnership_id', '=', child.partnership_id)
    .where('p.kind', '=', 'child')
    .where('p.merged_into', 'is', null)
    .where('p.sealed', '=', false)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('event_party as ep').select('ep.id').whereRef('ep.person_id', '=', 'p.id')),
      ),
    )
    .orderBy('p.id')
    .executeTakeFirstOrThrow();

  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString(), SIGHTLINE_DEMO_MODE: 'true' });
  const user = await db
    .selectFrom('user_account')
    .select(['id', 'partnership_id'])
    .where('email', '=', 'coordinator@northmoor.example')
    .executeTakeFirstOrThrow();
  const cookies: string[] = [];
  for (let i = 0; i < SESSIONS; i += 1) {
    const s = await createSession(
      db,
      { partnershipId: user.partnership_id, userId: user.id, stage: 'active' },
      new Date(),
      config.session,
    );
    cookies.push(s.id);
  }
  // The server runs as it is deployed: its own process(es) (`sightline serve`, node:cluster with
  // BENCH_WORKERS workers, default 2 = this machine's cores), so the load generator does not share its
  // event loop. Everything still shares this machine's two cores with PostgreSQL and autocannon.
  const server = await startServe(url.toString(), WORKERS);
  process.stderr.write(
    `server on ${server.url} (${WORKERS} workers), child with ${EVENTS} events, ${SESSIONS} sessions\n`,
  );

  const check = await fetch(`${server.url}/children/${child.id}`, {
    headers: { cookie: `sightline_session=${cookies[0]}` },
  });
  const html = await check.text();
  if (check.status !== 200 || Number(/Showing (\d+) of/u.exec(html)?.[1] ?? 0) < EVENTS) {
    throw new Error(`child record check failed (${check.status})`);
  }
  const emptyCheck = await fetch(`${server.url}/children/${empty.id}`, {
    headers: { cookie: `sightline_session=${cookies[0]}` },
  });
  if (emptyCheck.status !== 200 || !(await emptyCheck.text()).includes('No events recorded.')) {
    throw new Error(`empty child record check failed (${emptyCheck.status})`);
  }

  interface Figures {
    p50: number;
    p95: number;
    rps: number;
    total: number;
    failed: number;
  }
  const percentile = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  // Closed loop: each connection asks again the moment an answer arrives.
  const run = (path: string, withSessions: boolean) =>
    new Promise<Figures>((resolve, reject) => {
      let next = 0;
      const times: number[] = [];
      const instance = autocannon(
        {
          url: `${server.url}${path}`,
          connections: SESSIONS,
          duration: SECONDS,
          requests: [
            {
              setupRequest: (req: Record<string, unknown>, context: Record<string, string>) => {
                if (!withSessions) return req;
                context.cookie ??= cookies[next++ % cookies.length]!;
                return { ...req, headers: { cookie: `sightline_session=${context.cookie}` } };
              },
            },
          ],
        },
        (
          error: Error | null,
          result: { requests: { average: number; total: number }; non2xx: number; errors: number },
        ) => {
          if (error) {
            reject(error);
            return;
          }
          times.sort((x, y) => x - y);
          resolve({
            p50: percentile(times, 50),
            p95: percentile(times, 95),
            rps: result.requests.average,
            total: result.requests.total,
            failed: result.non2xx + result.errors,
          });
        },
      );
      instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
        times.push(responseTime),
      );
    });

  // Sessions as people use them: each opens the child record, reads it for a random while
  // (exponentially distributed, mean `thinkMs`), then opens it again; arrivals are spread out rather
  // than synchronised (autocannon's fixed per-connection rate fires every connection at the same
  // instant). Open-loop per session: latency is measured from when the page was asked for.
  const sessionsWithThinkTime = async (path: string, thinkMs: number, seconds: number): Promise<Figures> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: SESSIONS });
    const times: number[] = [];
    let failed = 0;
    const until = performance.now() + seconds * 1000;
    const get = (cookie: string) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const req = http.get(
          `${server.url}${path}`,
          { agent, headers: { cookie: `sightline_session=${cookie}` } },
          (res) => {
            res.on('data', () => undefined);
            res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - started : -1));
          },
        );
        req.on('error', reject);
      });
    await Promise.all(
      cookies.slice(0, SESSIONS).map(async (cookie) => {
        await sleep(Math.random() * thinkMs);
        while (performance.now() < until) {
          const ms = await get(cookie);
          if (ms < 0) failed += 1;
          else times.push(ms);
          await sleep(-Math.log(1 - Math.random()) * thinkMs);
        }
      }),
    );
    agent.destroy();
    times.sort((x, y) => x - y);
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      rps: times.length / seconds,
      total: times.length,
      failed,
    };
  };

  await run(`/children/${child.id}`, true); // warm-up (JIT, plans, template cache)
  // The same 50 sessions as people use them: each opens a child record about once a second (50 pages/s
  // in all, a heavy meeting morning), rather than the closed loops below where every answer is followed
  // at once by the next request. Measured in steady state (after the warm-up has settled, for
  // PACED_SECONDS), and once more for SECONDS straight after the stress runs, where the first seconds
  // carry their aftermath (garbage collection, the audit table's growth).
  await sleep(2000);
  const paced = await sessionsWithThinkTime(`/children/${child.id}`, 1000, PACED_SECONDS);
  const health = await run('/health', false);
  // CPU per page of each party while the closed loop runs: the server's processes, the PostgreSQL
  // backends serving its pool (found after the warm-up, so the pool is full), and this process
  // (autocannon). Only where PostgreSQL runs on this machine; otherwise its figure is left out.
  // A remote server's backend pids would name unrelated processes here.
  const localDatabase = ['127.0.0.1', 'localhost', '[::1]', ''].includes(url.hostname);
  const backends =
    PROCFS && localDatabase
      ? (
          await sql<{ pid: number }>`select pid from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`.execute(db)
        ).rows.map((r) => r.pid)
      : [];
  const serverPids = processTree(server.pid);
  const before = { server: cpuMs(serverPids), pg: cpuMs(backends), self: process.cpuUsage() };
  const record = await run(`/children/${child.id}`, true);
  const self = process.cpuUsage(before.self);
  const perPage = {
    server: (cpuMs(serverPids) - before.server) / record.total,
    pg: (cpuMs(backends) - before.pg) / record.total,
    loadGenerator: (self.user + self.system) / 1000 / record.total,
  };
  const emptyRecord = await run(`/children/${empty.id}`, true);
  const api = await run(`/api/v1/children/${child.id}`, true);
  const pacedAfter = await sessionsWithThinkTime(`/children/${child.id}`, 1000, SECONDS);
  process.stderr.write(
    `child record: ${record.total} requests, ${record.failed} not 2xx or failed; no events: ${emptyRecord.failed} failed; with think time: ${paced.failed + pacedAfter.failed} failed; /health: ${health.total}\n`,
  );
  console.log(`child_record_p50 ${record.p50.toFixed(1)} ms`);
  console.log(`child_record_p95 ${record.p95.toFixed(1)} ms`);
  console.log(`child_record_rps ${record.rps.toFixed(1)} req/s`);
  if (PROCFS) console.log(`child_record_server_cpu_per_page ${perPage.server.toFixed(2)} ms`);
  if (backends.length > 0) console.log(`child_record_postgres_cpu_per_page ${perPage.pg.toFixed(2)} ms`);
  console.log(`child_record_load_generator_cpu_per_page ${perPage.loadGenerator.toFixed(2)} ms`);
  console.log(`child_record_no_events_p95 ${emptyRecord.p95.toFixed(1)} ms`);
  console.log(`child_record_no_events_rps ${emptyRecord.rps.toFixed(1)} req/s`);
  console.log(`child_record_think_1s_p50 ${paced.p50.toFixed(1)} ms`);
  console.log(`child_record_think_1s_p95 ${paced.p95.toFixed(1)} ms`);
  console.log(`child_record_think_1s_rps ${paced.rps.toFixed(1)} req/s`);
  console.log(`child_record_think_1s_after_stress_p95 ${pacedAfter.p95.toFixed(1)} ms`);
  console.log(`child_record_api_p95 ${api.p95.toFixed(1)} ms`);
  console.log(`child_record_api_rps ${api.rps.toFixed(1)} req/s`);
  console.log(`health_baseline_p50 ${health.p50.toFixed(1)} ms`);
  console.log(`health_baseline_p95 ${health.p95.toFixed(1)} ms`);
  console.log(`health_baseline_rps ${health.rps.toFixed(1)} req/s`);
  console.log(`child_record_vs_health_p95 ${(record.p95 / health.p95).toFixed(2)} ratio`);
  await server.stop();
} finally {
  await database.close();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
