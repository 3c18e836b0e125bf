import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidNhsNumber, isValidUpn, simulate, type SimulationSummary } from './index.ts';

let dir = '';
let summary: SimulationSummary;
const read = (f: string): Record<string, string>[] =>
  parse<Record<string, string>>(readFileSync(join(dir, f)), { columns: true });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sim-shape-'));
  summary = simulate({ seed: 11, out: dir, profile: 'small', children: 3000, months: 6 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simulated partnership shape', () => {
  it('gives every pupil a UPN with a valid check letter and every health NHS number mod 11', () => {
    const pupils = read('education/pupils.csv');
    expect(pupils.length).toBeGreaterThan(1500);
    expect(pupils.every((p) => isValidUpn(p.upn!))).toBe(true);
    const ed = read('health/ed_attendances.csv');
    const nhs = ed.map((r) => r.nhs_number!).filter((x) => x !== '');
    expect(nhs.every(isValidNhsNumber)).toBe(true);
    expect(nhs.length / ed.length).toBeGreaterThan(0.85);
    expect(nhs.length / ed.length).toBeLessThan(0.99);
  });

  it('puts every person-bearing source record in the truth file, pointing at a real person', () => {
    const truth = read('truth/records.csv');
    const persons = new Set(read('truth/persons.csv').map((p) => p.person_id!));
    const keys = new Set(truth.map((t) => `${t.agency!}/${t.feed!}/${t.record_key!}`));
    expect(truth.every((t) => persons.has(t.person_id!))).toBe(true);
    const files: [string, string][] = [
      ['police/parties', 'party_id'],
      ['health/ed_attendances', 'attendance_id'],
      ['health/sexual_health_attendances', 'attendance_id'],
      ['social_care/children', 'la_child_id'],
      ['education/pupils', 'upn'],
      ['youth_offending/referrals', 'yot_ref'],
      ['voluntary/referrals', 'case_ref'],
    ];
    for (const [file, key] of files) {
      for (const row of read(`${file}.csv`)) expect(keys.has(`${file}/${row[key]!}`)).toBe(true);
    }
  });

  it('keeps police noise within the documented ranges and above education noise', () => {
    const truth = read('truth/records.csv');
    const rate = (feed: string, kind: string): number => {
      const rows = truth.filter((t) => t.feed === feed);
      return rows.filter((t) => t.noise!.split(';').includes(kind)).length / rows.length;
    };
    expect(rate('parties', 'dob_missing')).toBeGreaterThan(0.06);
    expect(rate('parties', 'dob_missing')).toBeLessThan(0.2);
    expect(rate('pupils', 'dob_missing')).toBe(0);
    const noisy = (feed: string): number =>
      truth.filter((t) => t.feed === feed && t.noise !== '').length /
      truth.filter((t) => t.feed === feed).length;
    expect(noisy('parties')).toBeGreaterThan(noisy('pupils'));
  });

  it('has an overall absence rate near the national 7% and victims absent far more', () => {
    const rate = summary.attendance.absentSessions / summary.attendance.possibleSessions;
    expect(rate).toBeGreaterThan(0.05);
    expect(rate).toBeLessThan(0.1);
  });

  it('chooses victims mostly aged 13-16, with looked-after children over-represented', () => {
    const victims = read('truth/victims.csv');
    const persons = new Map(read('truth/persons.csv').map((p) => [p.person_id!, p]));
    expect(victims.length).toBeGreaterThan(5);
    const ages = victims.map(
      (v) =>
        (Date.parse(v.exploitation_start!) - Date.parse(persons.get(v.person_id!)!.date_of_birth!)) /
        3.156e10,
    );
    expect(ages.filter((a) => a >= 12.5 && a < 17.5).length / ages.length).toBeGreaterThan(0.6);
    const lac =
      victims.filter((v) => persons.get(v.person_id!)!.looked_after_from !== '').length / victims.length;
    const children = [...persons.values()].filter((p) => p.kind === 'child');
    const baseLac = children.filter((p) => p.looked_after_from !== '').length / children.length;
    expect(lac).toBeGreaterThan(baseLac * 3);
    const recognised = victims.filter((v) => v.first_recognised !== '').length;
    expect(recognised).toBeLessThan(victims.length);
  });

  it('gives each group members, and groups of the group model 2 or more adults', () => {
    const groups = read('truth/groups.csv');
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      expect(Number(g.members)).toBeGreaterThan(0);
      if (g.model === 'group') expect(Number(g.members)).toBeGreaterThanOrEqual(2);
    }
  });

  it('records warning signs in children who are not exploited too, so no rule is trivially perfect', () => {
    const truth = read('truth/records.csv');
    const missing = read('police/parties.csv').filter((p) => p.role === 'missing_person');
    const bg = truth.filter((t) => t.feed === 'parties' && t.cause === 'background').length;
    expect(missing.length).toBeGreaterThan(10);
    expect(bg).toBeGreaterThan(0);
    const sh = read('health/sexual_health_attendances.csv');
    const shTruth = truth.filter((t) => t.feed === 'sexual_health_attendances');
    expect(sh.length).toBe(shTruth.length);
    expect(shTruth.some((t) => t.cause === 'background')).toBe(true);
  });

  it('uses only fictional Q postcodes and DfE attendance codes', () => {
    const pupils = read('education/pupils.csv');
    expect(pupils.every((p) => p.postcode!.startsWith('Q'))).toBe(true);
    const codes = new Set(
      readFileSync(join(dir, 'education/attendance.csv'), 'utf8')
        .split('\n')
        .slice(1, 200_000)
        .map((l) => l.split(',')[4])
        .filter((x) => x !== undefined),
    );
    const allowed = new Set(['/', '\\', 'L', 'U', 'I', 'M', 'O', 'N', 'G', 'E', 'C2', '#']);
    for (const c of codes) expect(allowed.has(c)).toBe(true);
  });
});
