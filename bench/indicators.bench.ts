// Indicator engine: full evaluation of 100,000 children over 20 million events (typed arrays,
// generated deterministically), incremental re-evaluation after a 10,000-event import, and the same
// rules as straightforward SQL (PGlite in-process, or PostgreSQL when DATABASE_URL is set) on a subset,
// compared as events per second. Synthetic data only.
import { performance } from 'node:perf_hooks';
import {
  ATTENDANCE,
  SIGNAL_NAMES,
  termsAround,
  type CompiledRuleSet,
  applyImport,
  buildStore,
  compileRuleSet,
  createIncrementalState,
  defaultRuleSet,
  emptyProfiles,
  evaluateAll,
} from '../src/indicators/index.ts';

const ATTENDANCE_CODES = [ATTENDANCE.present, ATTENDANCE.authorised, ATTENDANCE.unauthorised];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Events: 90% attendance sessions (92% present); the other signals are skewed as in life, 80% of
 * them falling on one child in ten.
 */
function generateEvents(
  children: number,
  events: number,
  firstDay: number,
  days: number,
  seed: number,
): { child: Int32Array; day: Int32Array; code: Uint8Array } {
  const rand = prng(seed);
  const other = SIGNAL_NAMES.map((_, i) => i).filter((i) => !ATTENDANCE_CODES.includes(i));
  const [present, authorised, unauthorised] = ATTENDANCE_CODES as [number, number, number];
  const child = new Int32Array(events);
  const day = new Int32Array(events);
  const code = new Uint8Array(events);
  const tenth = Math.max(1, Math.floor(children / 10));
  for (let i = 0; i < events; i += 1) {
    day[i] = firstDay + Math.floor(rand() * days);
    if (rand() < 0.9) {
      child[i] = Math.floor(rand() * children);
      const a = rand();
      code[i] = a < 0.92 ? present : a < 0.97 ? authorised : unauthorised;
    } else {
      child[i] = Math.floor(rand() * (rand() < 0.8 ? tenth : children));
      code[i] = other[Math.floor(rand() * other.length)]!;
    }
  }
  return { child, day, code };
}

interface SqlSubset {
  readonly events: number;
  readonly columns: { child: Int32Array; day: Int32Array; code: Uint8Array; id: Int32Array };
}

/** The events of children `0..children-1`, keeping their original ids. */
function buildSqlBaseline(
  cols: { child: Int32Array; day: Int32Array; code: Uint8Array },
  children: number,
): SqlSubset {
  const keep: number[] = [];
  for (let i = 0; i < cols.child.length; i += 1) if (cols.child[i]! < children) keep.push(i);
  return {
    events: keep.length,
    columns: {
      child: Int32Array.from(keep, (i) => cols.child[i]!),
      day: Int32Array.from(keep, (i) => cols.day[i]!),
      code: Uint8Array.from(keep, (i) => cols.code[i]!),
      id: Int32Array.from(keep),
    },
  };
}

const list = (t: Uint8Array): string => {
  const codes: number[] = [];
  t.forEach((v, i) => v === 1 && codes.push(i));
  return codes.length === 0 ? '-1' : codes.join(',');
};

/** One SQL query per rule returning (child, weight) for children the rule fires for. */
function ruleQueries(compiled: CompiledRuleSet, asOf: number): string[] {
  const [p, a, u] = ATTENDANCE_CODES as [number, number, number];
  const out: string[] = [];
  for (const r of compiled.rules) {
    const w = r.rule.weight;
    const lo = asOf - r.window + 1;
    const inWindow = `day BETWEEN ${lo} AND ${asOf}`;
    switch (r.kind) {
      case 'count':
        out.push(`SELECT child, ${w} AS w FROM ev WHERE code IN (${list(r.match)}) AND ${inWindow}
                  GROUP BY child HAVING count(${r.distinctDays ? 'DISTINCT day' : '*'}) >= ${r.atLeast}`);
        break;
      case 'attendance_rate':
        out.push(`SELECT child, ${w} AS w FROM ev WHERE code IN (${p},${a},${u}) AND ${inWindow}
                  GROUP BY child HAVING count(*) >= ${r.minSessions}
                  AND count(*) FILTER (WHERE code = ${p}) * 100.0 < ${r.below} * count(*)`);
        break;
      case 'attendance_drop': {
        const t = termsAround(asOf);
        const prev = `day BETWEEN ${t.previous.from} AND ${t.previous.to}`;
        const cur = `day BETWEEN ${t.current.from} AND ${t.current.to}`;
        out.push(`SELECT child, ${w} AS w FROM ev WHERE code IN (${p},${a},${u}) AND day <= ${asOf}
                  GROUP BY child HAVING count(*) FILTER (WHERE ${prev}) >= ${r.minSessions}
                  AND count(*) FILTER (WHERE ${cur}) >= ${r.minSessions}
                  AND count(*) FILTER (WHERE ${prev} AND code = ${p}) * 100.0 / count(*) FILTER (WHERE ${prev})
                    - count(*) FILTER (WHERE ${cur} AND code = ${p}) * 100.0 / count(*) FILTER (WHERE ${cur})
                    >= ${r.dropPoints}`);
        break;
      }
      case 'co_occurrence':
        out.push(`SELECT DISTINCT x.child, ${w} AS w FROM ev x JOIN ev y ON x.child = y.child
                  AND abs(x.day - y.day) <= ${r.within} AND x.id <> y.id
                  WHERE x.code IN (${list(r.first)}) AND y.code IN (${list(r.second)})
                  AND x.${inWindow} AND y.${inWindow}`);
        break;
      case 'screening_level': {
        const levels: string[] = [];
        r.level.forEach((lv, c) => lv > -2 && levels.push(`WHEN ${c} THEN ${lv}`));
        out.push(`SELECT child, ${w} AS w FROM (
                    SELECT DISTINCT ON (child) child, CASE code ${levels.join(' ')} END AS lv FROM ev
                    WHERE code IN (${r.level.reduce<number[]>((acc, lv, c) => (lv > -2 ? [...acc, c] : acc), []).join(',')})
                    AND ${inWindow} ORDER BY child, day DESC, id DESC) s WHERE lv >= ${r.atLeast}`);
        break;
      }
      case 'profile':
        break; // the bench has no profiles; modifiers never apply
    }
  }
  return out;
}

interface Db {
  exec(sql: string): Promise<unknown>;
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

async function open(): Promise<{ db: Db; engine: string }> {
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    return {
      engine: 'postgresql',
      db: {
        exec: (sql) => client.query(sql),
        query: async (sql: string, params?: unknown[]) => ({
          rows: (await client.query(sql, params)).rows as unknown[],
        }),
        close: () => client.end(),
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite();
  return { engine: 'pglite', db: db as unknown as Db };
}

/** Loads the subset, runs every rule query and sums weights per child; times the queries only. */
async function runSqlBaseline(
  compiled: CompiledRuleSet,
  sub: SqlSubset,
  asOf: number,
): Promise<{ seconds: number; scores: Map<number, number>; engine: string }> {
  const { db, engine } = await open();
  await db.exec('DROP TABLE IF EXISTS ev; CREATE TEMP TABLE ev (id int, child int, day int, code int)');
  const { child, day, code, id } = sub.columns;
  const CHUNK = 50_000;
  for (let s = 0; s < sub.events; s += CHUNK) {
    const e = Math.min(sub.events, s + CHUNK);
    await db.query('INSERT INTO ev SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])', [
      Array.from(id.subarray(s, e)),
      Array.from(child.subarray(s, e)),
      Array.from(day.subarray(s, e)),
      Array.from(code.subarray(s, e)),
    ]);
  }
  await db.exec('CREATE INDEX ON ev (child, day); CREATE INDEX ON ev (code, day); ANALYZE ev');
  const sql = `SELECT child, sum(w)::float8 AS score FROM (${ruleQueries(compiled, asOf).join('\nUNION ALL\n')}) hits GROUP BY child`;
  const t0 = performance.now();
  const rows = (await db.query(sql)).rows as { child: number; score: number }[];
  const seconds = (performance.now() - t0) / 1000;
  await db.close();
  return { seconds, scores: new Map(rows.map((r) => [r.child, r.score])), engine };
}

// ---- the run ----

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000_000);
const SQL_CHILDREN = Number(process.env.BENCH_SQL_CHILDREN ?? 2_000);
const DAYS = 730;
const FIRST_DAY = 19_700; // 2023-12-09
const AS_OF = FIRST_DAY + DAYS - 1;

const log = (s: string): void => void process.stderr.write(`${s}\n`);
const figure = (name: string, value: number, unit: string): void =>
  void process.stdout.write(`${name} ${Number(value.toPrecision(4))} ${unit}\n`);

const compiled = compileRuleSet(defaultRuleSet());
log(`generating ${EVENTS} events for ${CHILDREN} children (${ATTENDANCE_CODES.length} attendance codes)`);
const cols = generateEvents(CHILDREN, EVENTS, FIRST_DAY, DAYS, 20260601);
const profiles = emptyProfiles(CHILDREN);

// Warm the JIT on a small store first (a server evaluates many times a day).
{
  const w = generateEvents(2_000, 400_000, FIRST_DAY, DAYS, 1);
  const ws = buildStore(w, 2_000);
  evaluateAll(compiled, ws, emptyProfiles(2_000), AS_OF);
  const st = createIncrementalState(
    compiled,
    ws,
    emptyProfiles(2_000),
    evaluateAll(compiled, ws, emptyProfiles(2_000), AS_OF),
  );
  const wi = generateEvents(2_000, 2_000, AS_OF - 29, 30, 2);
  applyImport(st, { ...wi, id: Int32Array.from({ length: 2_000 }, (_, i) => 400_000 + i) }, AS_OF);
}
globalThis.gc?.();
const t0 = performance.now();
const store = buildStore(cols, CHILDREN);
const t1 = performance.now();
const evaluation = evaluateAll(compiled, store, profiles, AS_OF);
const t2 = performance.now();
const fullSeconds = (t2 - t0) / 1000;
const bandCounts = compiled.bandNames.map((_, b) => evaluation.bands.filter((x) => x === b).length);
log(
  `bands ${compiled.bandNames.map((n, b) => `${n}=${bandCounts[b]}`).join(' ')}; with hits=${evaluation.results.size}`,
);
figure('indicators.full.index_seconds', (t1 - t0) / 1000, 's');
figure('indicators.full.evaluate_seconds', (t2 - t1) / 1000, 's');
figure('indicators.full.total_seconds', fullSeconds, 's');
figure('indicators.full.events_per_second', EVENTS / fullSeconds, 'events/s');

// Incremental: 10,000 events for random children, dated in the last 30 days, same as-of date.
const state = createIncrementalState(compiled, store, profiles, evaluation);
const imp = generateEvents(CHILDREN, 10_000, AS_OF - 29, 30, 777);
const batch = { ...imp, id: Int32Array.from({ length: 10_000 }, (_, i) => EVENTS + i) };
const t3 = performance.now();
const changed = applyImport(state, batch, AS_OF);
const t4 = performance.now();
figure('indicators.incremental.import_10k_ms', t4 - t3, 'ms');
figure('indicators.incremental.children_touched', changed.size, 'children');

// SQL baseline on the first SQL_CHILDREN children, and the engine on the same subset (also checks
// that the two agree child by child).
const sub = buildSqlBaseline(cols, SQL_CHILDREN);
log(`SQL baseline on ${sub.events} events for ${SQL_CHILDREN} children`);
const sql = await runSqlBaseline(compiled, sub, AS_OF);
const subStore = buildStore(sub.columns, SQL_CHILDREN);
const t5 = performance.now();
const subEval = evaluateAll(compiled, subStore, emptyProfiles(SQL_CHILDREN), AS_OF);
const t6 = performance.now();
let disagree = 0;
for (let c = 0; c < SQL_CHILDREN; c += 1) {
  if (Math.abs((sql.scores.get(c) ?? 0) - subEval.scores[c]!) > 1e-9) disagree += 1;
}
figure('indicators.sql.engine', sql.engine === 'pglite' ? 0 : 1, sql.engine);
figure('indicators.sql.events_per_second', sub.events / sql.seconds, 'events/s');
figure('indicators.subset.engine_events_per_second', sub.events / ((t6 - t5) / 1000), 'events/s');
figure('indicators.sql.children_disagreeing', disagree, 'children');
figure('indicators.ratio_full_vs_sql', EVENTS / fullSeconds / (sub.events / sql.seconds), 'x');
