/**
 * Acceptance: on a small simulated partnership imported through the real pipeline, the return's and
 * the dashboard's figures equal counts computed here, plainly, from the simulator's files. The only
 * things read back from the database are the pipeline's outputs the reports take as given: which
 * person each record was linked to (source_record.person_id) and each person's recorded sex and date
 * of birth. Everything else (who counts, which cell, periods, care and missing history, ethnicity) is
 * recomputed here from the CSV files without calling the reports code.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { buildAgency, buildPartnership } from '../../test/support/factories.ts';
import { importDirectory } from '../imports/index.ts';
import { simulate } from '../simulate/index.ts';
import { loadReportFacts } from './facts.ts';
import { publishReport, reportTables, type PublishedReport } from './reports.service.ts';

const PERIOD = { from: '2024-09-01', to: '2025-08-31' };
const MONTHS = Array.from({ length: 12 }, (_, i) => {
  const m = ((8 + i) % 12) + 1;
  return `${m >= 9 ? 2024 : 2025}-${String(m).padStart(2, '0')}`;
});
let t: TestDatabase;
let dir: string;
let raw: Map<string, number[]>;
const published: PublishedReport[] = [];

function readCsv(file: string): Record<string, string>[] {
  const text = readFileSync(join(dir, file), 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') {
      cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}
const inPeriod = (date: string): boolean =>
  date.slice(0, 10) >= PERIOD.from && date.slice(0, 10) <= PERIOD.to;
const before = (date: string): boolean => date.slice(0, 10) <= PERIOD.to;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sightline-reports-'));
  simulate({ seed: 3, out: dir, profile: 'small', children: 1500, months: 12 });
  rmSync(join(dir, 'education', 'attendance.csv')); // marks feed no report table; keeps the test fast
  t = await createTestDatabase();
  const pid = await buildPartnership(t.db);
  for (const kind of [
    'education',
    'police',
    'social_care',
    'health',
    'youth_offending',
    'voluntary',
  ] as const) {
    await buildAgency(t.db, pid, { kind, code: kind.toUpperCase() });
  }
  await importDirectory(t, pid, dir);
  const facts = await loadReportFacts(t.db, pid, PERIOD);
  raw = new Map();
  for (const name of ['dashboard', 'cse-return', 'data-quality'] as const) {
    for (const table of reportTables(name, facts).tables) raw.set(table.id, table.table.counts);
    published.push(publishReport(name, facts));
  }
}, 300_000);
afterAll(async () => {
  await t.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Counts keys into a row-major array over the given category lists. */
function tallyPlain(cats: string[][], keys: string[][]): number[] {
  const out = new Array<number>(cats.reduce((n, c) => n * c.length, 1)).fill(0);
  for (const k of keys) {
    let i = 0;
    cats.forEach((c, d) => (i = i * c.length + c.indexOf(k[d]!)));
    out[i]! += 1;
  }
  return out;
}

describe('the CSE return and dashboard on a simulated partnership', () => {
  it('counts missing episodes, return interviews and risk levels as the files do', () => {
    const police = readCsv('police/missing_reports.csv').filter((r) => inPeriod(r.reported_at!));
    const care = readCsv('social_care/missing.csv').filter((r) => inPeriod(r.mis_start!));
    expect(raw.get('missing_by_month_source')).toEqual(
      tallyPlain(
        [MONTHS, ['Police report', 'Missing from care']],
        [
          ...police.map((r) => [r.reported_at!.slice(0, 7), 'Police report']),
          ...care.map((r) => [r.mis_start!.slice(0, 7), 'Missing from care']),
        ],
      ),
    );
    expect(raw.get('missing_by_month_return_interview')).toEqual(
      tallyPlain(
        [MONTHS, ['Held', 'Not recorded']],
        police.map((r) => [
          r.reported_at!.slice(0, 7),
          r.return_interview_date === '' ? 'Not recorded' : 'Held',
        ]),
      ),
    );
    const risk = (v: string): string => ({ low: 'Low', medium: 'Medium', high: 'High' })[v] ?? 'Not recorded';
    expect(raw.get('missing_by_month_risk')).toEqual(
      tallyPlain(
        [MONTHS, ['Low', 'Medium', 'High', 'Not recorded']],
        police.map((r) => [r.reported_at!.slice(0, 7), risk(r.risk_level!)]),
      ),
    );
    const cse = readCsv('police/crimes.csv').filter((r) => r.cse_flag === 'Y' && inPeriod(r.recorded_at!));
    expect(raw.get('cse_crimes_by_month')).toEqual(
      tallyPlain(
        [MONTHS],
        cse.map((r) => [r.recorded_at!.slice(0, 7)]),
      ),
    );
    expect(raw.get('concerns_by_month_agency')!.every((n) => n === 0)).toBe(true); // feeds carry no concerns
  });

  it('counts victims and offenders (CEOP 2011 tables) as the files do', async () => {
    const linked = new Map<string, string>();
    const links = await sql<{ feed: string; external_key: string; person_id: string }>`
      select feed, external_key, person_id from source_record where person_id is not null`.execute(t.db);
    for (const l of links.rows) linked.set(`${l.feed}|${l.external_key}`, l.person_id);
    const people = await sql<{ id: string; sex: string | null; dob: string | null }>`
      select id, sex, to_char(date_of_birth, 'YYYY-MM-DD') as dob from person`.execute(t.db);
    const person = new Map(people.rows.map((p) => [p.id, p]));
    const crimes = readCsv('police/crimes.csv');
    const cseIds = new Set(
      crimes.filter((r) => r.cse_flag === 'Y' && inPeriod(r.recorded_at!)).map((r) => r.crime_id),
    );
    const parties = readCsv('police/parties.csv');
    const victims = new Set<string>();
    const offenders = new Set<string>();
    for (const p of parties) {
      if (p.record_type !== 'crime' || !cseIds.has(p.record_id)) continue;
      const id = linked.get(`police_parties|${p.party_id}`);
      if (id === undefined) continue;
      if (p.role === 'victim') victims.add(id);
      if (p.role === 'suspect') offenders.add(id);
    }
    for (const a of readCsv('social_care/assessments.csv')) {
      if (inPeriod(a.start_date!) && a.factors!.split(';').includes('11A')) {
        victims.add(linked.get(`care_assessments|${a.assessment_id}`)!);
      }
    }
    for (const v of readCsv('voluntary/referrals.csv')) {
      if (inPeriod(v.referral_date!) && v.service === 'cse_specialist') {
        victims.add(linked.get(`voluntary_referrals|${v.case_ref}`)!);
      }
    }
    expect(victims.size).toBeGreaterThan(0);
    const sexOf = (id: string): string =>
      ({ female: 'Female', male: 'Male' })[person.get(id)?.sex ?? ''] ?? 'Not recorded';
    const age = (id: string): number | undefined => {
      const dob = person.get(id)?.dob;
      if (dob === null || dob === undefined) return undefined;
      const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
      return 2025 - y - (8 < m || (m === 8 && 31 < d) ? 1 : 0);
    };
    const childBand = (id: string): string => {
      const a = age(id);
      if (a === undefined) return 'Not recorded';
      return a < 10 ? 'Under 10' : a <= 12 ? '10-12' : a <= 15 ? '13-15' : a <= 17 ? '16-17' : '18 and over';
    };
    const adultBand = (id: string): string => {
      const a = age(id);
      if (a === undefined) return 'Not recorded';
      return a < 18 ? 'Under 18' : a <= 24 ? '18-24' : a <= 34 ? '25-34' : a <= 44 ? '35-44' : '45 and over';
    };
    const V = [...victims];
    const O = [...offenders];
    const SEX = ['Female', 'Male', 'Not recorded'];
    expect(raw.get('victims_by_sex')).toEqual(
      tallyPlain(
        [SEX],
        V.map((id) => [sexOf(id)]),
      ),
    );
    expect(raw.get('offenders_by_sex')).toEqual(
      tallyPlain(
        [SEX],
        O.map((id) => [sexOf(id)]),
      ),
    );
    expect(raw.get('victims_by_age')).toEqual(
      tallyPlain(
        [['Under 10', '10-12', '13-15', '16-17', '18 and over', 'Not recorded']],
        V.map((id) => [childBand(id)]),
      ),
    );
    expect(raw.get('offenders_by_age')).toEqual(
      tallyPlain(
        [['Under 18', '18-24', '25-34', '35-44', '45 and over', 'Not recorded']],
        O.map((id) => [adultBand(id)]),
      ),
    );
    // Ethnicity: the DfE code on the person's school roll or social-care record (lowest code if several).
    const codes = JSON.parse(readFileSync('codelists/dfe-ethnicity.json', 'utf8')) as {
      codes: { code: string; category: string }[];
    };
    const group = new Map(codes.codes.map((c) => [c.code, c.category]));
    const eth = new Map<string, string>();
    const note = (id: string | undefined, code: string | undefined): void => {
      if (id === undefined || code === undefined || code === '') return;
      const prev = eth.get(id);
      if (prev === undefined || code < prev) eth.set(id, code);
    };
    for (const p of readCsv('education/pupils.csv')) note(linked.get(`pupil_roll|${p.upn}`), p.ethnicity);
    for (const c of readCsv('social_care/children.csv')) {
      note(linked.get(`care_children|${c.la_child_id}`), c.ethnicity);
    }
    const ethCat = (id: string): string => {
      const g = group.get(eth.get(id) ?? '');
      return g === undefined || g === 'Unknown' ? 'Not recorded' : g;
    };
    expect(raw.get('victims_by_ethnicity')).toEqual(
      tallyPlain(
        [['White', 'Mixed', 'Asian', 'Black', 'Chinese', 'Other', 'Not recorded']],
        V.map((id) => [ethCat(id)]),
      ),
    );
    // Police parties carry no ethnicity: every offender's is "Not recorded" (the finding CEOP made).
    expect(raw.get('offenders_by_ethnicity')).toEqual([0, 0, 0, 0, 0, O.length]);
    // Looked after and missing history up to the end of the period.
    const care = new Set<string>();
    const missing = new Set<string>();
    for (const p of readCsv('social_care/placements.csv')) {
      if (before(p.placement_start!)) {
        care.add(linked.get(`care_placements|${p.la_child_id}|${p.placement_start}`)!);
      }
    }
    for (const s of readCsv('social_care/statuses.csv')) {
      if (s.status === 'LAC' && before(s.start_date!)) {
        care.add(linked.get(`care_statuses|${s.la_child_id}|${s.status}|${s.start_date}`)!);
      }
    }
    for (const m of readCsv('social_care/missing.csv')) {
      if (!before(m.mis_start!)) continue;
      const id = linked.get(`care_missing|${m.la_child_id}|${m.mis_start}`);
      if (id !== undefined) {
        care.add(id);
        missing.add(id);
      }
    }
    const reported = new Map(readCsv('police/missing_reports.csv').map((r) => [r.report_id, r.reported_at!]));
    for (const p of parties) {
      const at = reported.get(p.record_id);
      if (
        p.record_type === 'missing_report' &&
        at !== undefined &&
        before(at) &&
        ['missing_person', 'subject', 'child_at_risk'].includes(p.role!)
      ) {
        const id = linked.get(`police_parties|${p.party_id}`);
        if (id !== undefined) missing.add(id);
      }
    }
    expect(raw.get('victims_by_care')).toEqual(
      tallyPlain(
        [['Looked after', 'Not looked after']],
        V.map((id) => [care.has(id) ? 'Looked after' : 'Not looked after']),
      ),
    );
    expect(raw.get('victims_by_missing')).toEqual(
      tallyPlain(
        [['Reported missing', 'Not reported missing']],
        V.map((id) => [missing.has(id) ? 'Reported missing' : 'Not reported missing']),
      ),
    );
    // The dashboard's children at risk are the victims here (no concerns in the feeds).
    expect(raw.get('at_risk_by_sex')).toEqual(raw.get('victims_by_sex'));
    // Groups: suspects named together on one police record in the period, joined transitively.
    const when = new Map<string, string>();
    for (const [file, key, at] of [
      ['police/crimes.csv', 'crime_id', 'recorded_at'],
      ['police/incidents.csv', 'incident_id', 'occurred_at'],
      ['police/stops.csv', 'stop_id', 'occurred_at'],
      ['police/intelligence.csv', 'intel_id', 'recorded_at'],
      ['police/missing_reports.csv', 'report_id', 'reported_at'],
    ] as const) {
      for (const r of readCsv(file)) when.set(r[key]!, r[at]!);
    }
    const together = new Map<string, Set<string>>();
    for (const p of parties) {
      const id = linked.get(`police_parties|${p.party_id}`);
      if (p.role !== 'suspect' || id === undefined || !inPeriod(when.get(p.record_id!) ?? '0000')) continue;
      const set = together.get(p.record_id!) ?? new Set<string>();
      set.add(id);
      together.set(p.record_id!, set);
    }
    const groups: Set<string>[] = [];
    for (const set of together.values()) {
      if (set.size < 2) continue;
      const touching = groups.filter((g) => [...set].some((x) => g.has(x)));
      const merged = new Set([...set, ...touching.flatMap((g) => [...g])]);
      for (const g of touching) groups.splice(groups.indexOf(g), 1);
      groups.push(merged);
    }
    const band = (n: number): string => (n <= 2 ? '2' : n <= 4 ? '3-4' : n <= 8 ? '5-8' : 'More than 8');
    expect(raw.get('groups_by_size')).toEqual(
      tallyPlain(
        [['2', '3-4', '5-8', 'More than 8']],
        groups.map((g) => [band(g.size)]),
      ),
    );
  });

  it('publishes no count from 1 to 5 anywhere', () => {
    let cells = 0;
    for (const report of published) {
      for (const s of report.sections) {
        for (const c of s.published.cells) {
          cells += 1;
          if (c.value !== null) {
            expect(c.value === 0 || c.value > 5, `${s.spec.id} ${c.labels.join('/')}`).toBe(true);
          } else expect(c.display).toBe('c');
        }
      }
    }
    expect(cells).toBeGreaterThan(100);
  });
});
