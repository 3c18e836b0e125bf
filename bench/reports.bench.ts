// Reports: the full CSE partnership return over five years of a 50,000-child partnership on PostgreSQL
// (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; a fresh database is created and
// dropped). The data are SYNTHETIC ROWS INSERTED IN BULK by SQL (generate_series), not the simulator
// plus the import pipeline, which would take far longer than the measurement on a shared machine:
// 50,000 children and 20,000 adults with recorded characteristics, identifiers and addresses, a pupil-roll
// source record per child, ~375,000 events over five years (1.5 per child per year, about twice the
// simulator's rate) each with its source record, parties (victim/subject, suspects on crimes, an
// associate on half), 3% crimes of which a third CSE-flagged, 20,000 concerns and school attendance
// sessions (excluded by the reports, as in production).
//
// Figures: the return (load facts, build tables, disclosure control, audit) and the return rendered to
// XLSX, CSV and PDF; the dashboard and data quality for comparison; the baseline is plain count(*) over
// the same tables in the same run, and each figure is also given as a ratio to it. Measured twice; the
// faster run is reported (2 shared cores).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { runWithContext } from '../src/access/index.ts';
import { systemClock } from '../src/platform/clock/clock.ts';
import { migrate, openDatabase, type Db } from '../src/platform/database/index.ts';
import { produceReport, renderExport, type ReportName } from '../src/reports/index.ts';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 50_000);
const ADULTS = Math.round(CHILDREN * 0.4);
const EVENTS = Math.round(CHILDREN * 1.5 * 5);
const CONCERNS = Math.round(CHILDREN * 0.4);
const PERIOD = { from: '2020-04-01', to: '2025-03-31' };
const PID = '00000000-0000-4000-8000-000000000001';
const AGENCIES = ['police', 'social_care', 'education', 'health', 'voluntary', 'youth_offending'] as const;
const agencyId = (kind: string): string =>
  `00000000-0000-4000-8000-0000000001${String(AGENCIES.indexOf(kind as never)).padStart(2, '0')}`;

const P = sql`${sql.lit(PID)}::uuid`;
const A = (kind: string) => sql`${sql.lit(agencyId(kind))}::uuid`;
const log = (s: string): boolean => process.stderr.write(`${s}\n`);
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// BENCH_REUSE_DB=<name> measures an existing seeded database; BENCH_KEEP_DB=1 keeps the fresh one.
const reuse = process.env.BENCH_REUSE_DB;
const dbName = reuse ?? `sightline_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
if (reuse === undefined) await admin.query(`create database ${dbName}`);
const url = new URL(base);
url.pathname = `/${dbName}`;
const handle = await openDatabase({ kind: 'postgres', url: url.toString() });

async function seed(db: Db): Promise<void> {
  const run = async (label: string, q: ReturnType<typeof sql>): Promise<void> => {
    const t = performance.now();
    await q.execute(db);
    log(`  ${label} ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  await sql`insert into partnership (partnership_id, code, name) values (${PID}, 'bench', 'Bench')`.execute(
    db,
  );
  for (const kind of AGENCIES) {
    await sql`insert into agency (id, partnership_id, code, name, kind)
      values (${agencyId(kind)}, ${PID}, ${kind}, ${`Bench ${kind}`}, ${kind})`.execute(db);
  }
  // Person ids are md5('c'||n) for children and md5('a'||n) for adults, so rows can refer to them.
  await run(
    'persons',
    sql`insert into person (id, partnership_id, kind, given_name, family_name, date_of_birth, sex,
          ethnicity_dfe, ethnicity_police_self_defined, nationality, looked_after)
        select md5('c' || n)::uuid, ${P}, 'child', 'Given' || n, 'Family' || (n % 997),
          date '2003-01-01' + (n * 7919 % 8000), (array['female','male','female','male',null])[1 + n % 5],
          case when n % 4 = 0 then null else (array['WBRI','WIRI','MWBC','AIND','APKN','BAFR','BCRB','CHNE','OOTH','REFU'])[1 + n % 10] end,
          null, case when n % 6 = 0 then null else 'British' end, n % 40 = 0
        from generate_series(1, ${sql.lit(CHILDREN)}) n
        union all
        select md5('a' || n)::uuid, ${P}, 'adult_of_concern', 'Adult' || n, 'Family' || (n % 997),
          date '1960-01-01' + (n * 7919 % 15000), (array['male','male','male','female',null])[1 + n % 5],
          null, case when n % 3 = 0 then null else (array['W1','W2','M1','A1','A2','B1','O1'])[1 + n % 7] end,
          case when n % 2 = 0 then null else 'British' end, false
        from generate_series(1, ${sql.lit(ADULTS)}) n`,
  );
  await run(
    'identifiers, addresses, pupil roll',
    sql`with ids as (
          insert into person_identifier (id, partnership_id, person_id, scheme, value)
          select gen_random_uuid(), ${P}, md5('c' || n)::uuid, 'nhs_number', (9000000000 + n)::text
          from generate_series(1, ${sql.lit(CHILDREN)}) n where n % 10 <> 0
          union all
          select gen_random_uuid(), ${P}, md5('c' || n)::uuid, 'upn', 'A' || (100000000000 + n)
          from generate_series(1, ${sql.lit(CHILDREN)}) n where n % 10 > 1 returning 1
        ), adr as (
          insert into person_address (id, partnership_id, person_id, line1, postcode)
          select gen_random_uuid(), ${P}, md5('c' || n)::uuid, n || ' Bench Street', 'NM' || (n % 24) || ' 1AB'
          from generate_series(1, ${sql.lit(CHILDREN)}) n returning 1
        )
        insert into source_record (id, partnership_id, agency_id, feed, external_key, payload, person_id)
        select gen_random_uuid(), ${P}, ${A('education')}, 'pupil_roll', 'UPN' || n,
          jsonb_build_object('ethnicity', (array['WBRI','MWBC','BAFR','APKN','REFU'])[1 + n % 5]), md5('c' || n)::uuid
        from generate_series(1, ${sql.lit(CHILDREN)}) n`,
  );
  await run(
    'locations',
    sql`insert into location (id, partnership_id, kind, postcode)
        select md5('l' || n)::uuid, ${P},
          (array['home','care_placement','school','hotel','takeaway','taxi','park','party_house','house','shop','transport_hub','online'])[1 + n % 12],
          'NM' || (n % 24) || ' 2CD'
        from generate_series(0, 1999) n`,
  );
  // Event n: type by n % 100, a child subject/victim, a time spread over the five years.
  await run(
    'events and source records',
    sql`create temp table bench_event as
        select n, md5('e' || n)::uuid as id, md5('s' || n)::uuid as source_id,
          case when n % 100 < 3 then 'crime' when n % 100 < 13 then 'missing_episode'
               when n % 100 < 16 then 'missing_from_care' when n % 100 < 19 then 'placement_change'
               when n % 100 < 23 then 'status_change' when n % 100 < 33 then 'assessment'
               when n % 100 < 43 then 'referral' when n % 100 < 46 then 'voluntary_referral'
               when n % 100 < 71 then 'ed_attendance' when n % 100 < 81 then 'suspension'
               when n % 100 < 91 then 'stop_search' else 'police_incident' end as type,
          timestamptz '2020-04-01 00:00Z' + ((n::bigint * 7907) % (1826 * 24)) * interval '1 hour' as at,
          md5('c' || ((n::bigint * 104729) % ${sql.lit(CHILDREN)} + 1))::uuid as child,
          md5('a' || ((n::bigint * 31) % ${sql.lit(ADULTS)} + 1))::uuid as adult,
          md5('a' || ((n::bigint * 31 + 1) % ${sql.lit(ADULTS)} + 1))::uuid as adult2
        from generate_series(1, ${sql.lit(EVENTS)}) n`,
  );
  await run(
    'source records',
    sql`insert into source_record (id, partnership_id, agency_id, feed, external_key, payload, person_id)
        select source_id, ${P}, ${A('police')}, 'bench_' || type, 'E' || n,
          jsonb_build_object('ref', 'E' || n), child from bench_event`,
  );
  await run(
    'events',
    sql`insert into event (id, partnership_id, agency_id, type, occurred_at, location_id, data, source_record_id)
        select id, ${P},
          case when type in ('crime','missing_episode','stop_search','police_incident') then ${A('police')}::uuid
               when type in ('ed_attendance') then ${A('health')}::uuid
               when type in ('suspension') then ${A('education')}::uuid
               when type in ('voluntary_referral') then ${A('voluntary')}::uuid
               else ${A('social_care')}::uuid end,
          type, at, case when n % 3 = 0 then null else md5('l' || (n % 2000))::uuid end,
          case type
            when 'crime' then jsonb_build_object('cse_flag', n % 3 = 0,
              'offence', (array['rape_of_child','sexual_activity_with_child','grooming','indecent_images'])[1 + n % 4])
            when 'missing_episode' then jsonb_build_object('risk_level', (array['low','medium','high'])[1 + n % 3],
              'return_interview_date', case when n % 2 = 0 then '2024-01-01' end)
            when 'status_change' then jsonb_build_object('status', (array['LAC','CIN','CP'])[1 + n % 3])
            when 'assessment' then jsonb_build_object('factors', case when n % 7 = 0 then '["11A","2B"]'::jsonb else '["2B"]'::jsonb end)
            when 'voluntary_referral' then jsonb_build_object('service', case when n % 2 = 0 then 'cse_specialist' else 'mentoring' end,
              'engagement', (array['engaged','partial','disengaged'])[1 + n % 3])
            else '{}'::jsonb end,
          source_id
        from bench_event`,
  );
  await run(
    'event parties',
    sql`insert into event_party (id, partnership_id, event_id, person_id, role)
        select gen_random_uuid(), ${P}, id, child, case when type = 'crime' then 'victim' else 'subject' end from bench_event
        union all
        select gen_random_uuid(), ${P}, id, adult, case when type = 'crime' then 'suspect' else 'associate' end
        from bench_event where type = 'crime' or n % 2 = 0
        union all
        select gen_random_uuid(), ${P}, id, adult2, 'suspect' from bench_event where type = 'crime' and n % 5 = 0`,
  );
  await run(
    'concerns and attendance sessions',
    sql`with c as (
          insert into concern (id, partnership_id, person_id, raised_by_agency_id, narrative, lawful_basis, raised_at)
          select gen_random_uuid(), ${P}, md5('c' || ((n::bigint * 7717) % ${sql.lit(CHILDREN)} + 1))::uuid,
            (array[${A('education')}, ${A('health')}, ${A('police')}, ${A('social_care')}])[1 + n % 4]::uuid,
            'Bench concern', 'public_task', timestamptz '2020-04-01 00:00Z' + ((n::bigint * 7907) % (1826 * 24)) * interval '1 hour'
          from generate_series(1, ${sql.lit(CONCERNS)}) n returning 1
        )
        insert into event (id, partnership_id, agency_id, type, occurred_at, data)
        select gen_random_uuid(), ${P}, ${A('education')}, 'attendance_session',
          timestamptz '2020-04-01 09:00Z' + (d * interval '1 day'), jsonb_build_object('school', s)
        from generate_series(0, 1825) d, generate_series(1, 30) s where extract(isodow from date '2020-04-01' + d) < 6`,
  );
  await run('analyze', sql`analyze`);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return performance.now() - t;
}

try {
  await migrate(handle.db);
  if (reuse === undefined) {
    log(`seeding ${CHILDREN} children, ${ADULTS} adults, ${EVENTS} events, ${CONCERNS} concerns ...`);
    await seed(handle.db);
  }
  const db = handle.db;
  const baseline = (): Promise<unknown> =>
    sql`select (select count(*) from event where partnership_id = ${PID}) +
               (select count(*) from event_party where partnership_id = ${PID}) +
               (select count(*) from person where partnership_id = ${PID}) +
               (select count(*) from source_record where partnership_id = ${PID}) +
               (select count(*) from person_identifier where partnership_id = ${PID}) +
               (select count(*) from person_address where partnership_id = ${PID}) +
               (select count(*) from concern where partnership_id = ${PID}) as n`.execute(db);
  const report = (name: ReportName, format: string) => () =>
    produceReport(db, systemClock, PID, name, PERIOD, format);
  const best = {
    baseline: Infinity,
    ret: Infinity,
    xlsx: Infinity,
    csv: Infinity,
    pdf: Infinity,
    dash: Infinity,
    dq: Infinity,
  };
  await runWithContext(
    { requestId: 'bench', actor: undefined, purpose: 'partnership reporting', channel: 'cli' },
    async () => {
      for (let round = 1; round <= 2; round += 1) {
        best.baseline = Math.min(best.baseline, await timed(baseline));
        let published: Awaited<ReturnType<ReturnType<typeof report>>> | undefined;
        best.ret = Math.min(
          best.ret,
          await timed(async () => (published = await report('cse-return', 'xlsx')())),
        );
        best.xlsx = Math.min(best.xlsx, await timed(() => renderExport(published!, 'xlsx')));
        best.csv = Math.min(best.csv, await timed(() => renderExport(published!, 'csv')));
        best.pdf = Math.min(best.pdf, await timed(() => renderExport(published!, 'pdf')));
        best.dash = Math.min(best.dash, await timed(report('dashboard', 'html')));
        best.dq = Math.min(best.dq, await timed(report('data-quality', 'html')));
        log(
          `round ${round}: return ${(best.ret / 1000).toFixed(2)} s, cells suppressed ${published!.disclosure.cellsSuppressed}`,
        );
      }
    },
  );
  const s = (ms: number): string => (ms / 1000).toFixed(2);
  const fullReturn = best.ret + best.xlsx;
  console.log(`reports_children ${CHILDREN} count`);
  console.log(`reports_events_5y ${EVENTS} count`);
  console.log(`reports_return_5y ${s(fullReturn)} s`);
  console.log(`reports_return_build ${s(best.ret)} s`);
  console.log(`reports_return_render_xlsx ${s(best.xlsx)} s`);
  console.log(`reports_return_render_csv ${s(best.csv)} s`);
  console.log(`reports_return_render_pdf ${s(best.pdf)} s`);
  console.log(`reports_dashboard_5y ${s(best.dash)} s`);
  console.log(`reports_data_quality_5y ${s(best.dq)} s`);
  console.log(`reports_baseline_count_star ${s(best.baseline)} s`);
  console.log(`reports_return_vs_count_star ${(fullReturn / best.baseline).toFixed(1)} ratio`);
  console.log(`reports_return_within_10s ${fullReturn <= 10_000 ? 1 : 0} bool`);
} finally {
  await handle.close();
  if (reuse === undefined && process.env.BENCH_KEEP_DB === undefined) {
    await admin.query(`drop database if exists ${dbName} with (force)`);
  } else log(`kept database ${dbName}`);
  await admin.end();
}
