/**
 * Adapter from the simulator's agency feeds (docs/feeds.md) to indicator-engine input: child
 * profiles, events in columns, association facts derived from police records, ground truth and the
 * population table for fairness monitoring. Identity comes from the truth linkage files (as if record
 * linkage were perfect); the truth `cause` column is never read. Synthetic data only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TruthVictim } from './engine/backtest.ts';
import type { PopulationChild } from './engine/monitoring/fairness.ts';
import { attendanceClass, codeFor, associationCode } from './engine/signals.ts';
import { buildStore } from './engine/store.ts';
import type { ChildProfile, DayPeriod, EventStore } from './engine/types.ts';
import type { EventType } from '../events/index.ts';
import { policeEvents } from './simulated-police.ts';
import { dayOf, pushTo, readCsv, streamAttendance, type Row } from './simulated-csv.ts';

/** Everything a backtest over a simulated partnership needs. */
export interface SimulatedPartnership {
  readonly children: readonly ChildProfile[];
  readonly store: EventStore;
  readonly childIndex: ReadonlyMap<string, number>;
  /** Source record per numeric event id (attendance sessions are not labelled). */
  readonly labels: ReadonlyMap<number, string>;
  readonly victims: readonly TruthVictim[];
  readonly population: readonly PopulationChild[];
  /** Events loaded per signal name. */
  readonly counts: Readonly<Record<string, number>>;
  /** Simulated period from the manifest (day numbers; `end` exclusive), when present. */
  readonly start: number | null;
  readonly end: number | null;
}

class Columns {
  child = new Int32Array(1 << 16);
  day = new Int32Array(1 << 16);
  code = new Uint8Array(1 << 16);
  length = 0;
  readonly labels = new Map<number, string>();
  readonly counts: Record<string, number> = {};
  push(child: number, day: number, code: number, label?: string): void {
    if (this.length === this.child.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.child = grow(this.child, (n) => new Int32Array(n));
      this.day = grow(this.day, (n) => new Int32Array(n));
      this.code = grow(this.code, (n) => new Uint8Array(n));
    }
    if (label !== undefined) this.labels.set(this.length, label);
    this.child[this.length] = child;
    this.day[this.length] = day;
    this.code[this.length] = code;
    this.length += 1;
  }
}

function qualifierOfEd(reason: string): string {
  return ['intoxication', 'assault', 'self_harm', 'overdose'].includes(reason) ? reason : 'other';
}

function qualifierOfSexualHealth(type: string): string {
  if (type.includes('sti')) return 'sti';
  if (type.includes('pregnancy')) return 'pregnancy';
  if (type.includes('contraception')) return 'contraception';
  return 'other';
}

/**
 * Reads a simulator output folder into engine input.
 *
 * @example
 * const sim = loadSimulatedPartnership('/tmp/sim');
 * backtest(compiled, sim.store, compileProfiles(sim.children), months, { alertBand: 'high', victims: sim.victims });
 */
export function loadSimulatedPartnership(dir: string): SimulatedPartnership {
  const f = (path: string): Row[] => readCsv(join(dir, path));
  const persons = f('truth/persons.csv').filter((p) => p.kind === 'child');
  const childIndex = new Map<string, number>();
  persons.forEach((p, i) => childIndex.set(p.person_id!, i));
  const byUpn = new Map<string, number>();
  const byLa = new Map<string, number>();
  for (const [i, p] of persons.entries()) {
    if (p.upn) byUpn.set(p.upn, i);
    if (p.la_child_id) byLa.set(p.la_child_id, i);
  }
  const personOf = new Map<string, string>();
  for (const r of f('truth/records.csv')) personOf.set(`${r.agency}/${r.feed}/${r.record_key}`, r.person_id!);
  const childOf = (key: string): number | undefined => {
    const pid = personOf.get(key);
    return pid === undefined ? undefined : childIndex.get(pid);
  };

  const cols = new Columns();
  const add = (
    child: number | undefined,
    day: number,
    type: EventType,
    qualifier: string | undefined,
    label: string,
  ): void => {
    if (child === undefined || Number.isNaN(day)) return;
    const code = codeFor(type, qualifier);
    cols.push(child, day, code, label);
    const name = qualifier === undefined ? type : `${type}:${qualifier}`;
    cols.counts[name] = (cols.counts[name] ?? 0) + 1;
  };

  // Education.
  const attendanceCode = new Map<string, number>();
  streamAttendance(join(dir, 'education/attendance.csv'), (upn, day, mark) => {
    const child = byUpn.get(upn);
    let code = attendanceCode.get(mark);
    if (code === undefined) {
      const cls = attendanceClass(mark);
      code = cls === 'not_counted' ? -1 : codeFor('attendance_session', cls);
      attendanceCode.set(mark, code);
    }
    if (child !== undefined && code >= 0) cols.push(child, day, code);
  });
  for (const r of f('education/suspensions.csv')) {
    add(
      byUpn.get(r.upn!),
      dayOf(r.start_date),
      /perm/i.test(r.category ?? '') ? 'permanent_exclusion' : 'suspension',
      undefined,
      `education/suspensions/${r.suspension_id}`,
    );
  }
  // Health, youth offending, voluntary sector.
  for (const r of f('health/ed_attendances.csv')) {
    add(
      childOf(`health/ed_attendances/${r.attendance_id}`),
      dayOf(r.arrived_at),
      'ed_attendance',
      qualifierOfEd(r.reason ?? ''),
      `health/ed_attendances/${r.attendance_id}`,
    );
  }
  for (const r of f('health/sexual_health_attendances.csv')) {
    add(
      childOf(`health/sexual_health_attendances/${r.attendance_id}`),
      dayOf(r.attended_at),
      'sexual_health_attendance',
      qualifierOfSexualHealth(r.attendance_type ?? ''),
      `health/sexual_health_attendances/${r.attendance_id}`,
    );
  }
  for (const r of f('youth_offending/referrals.csv')) {
    add(
      childOf(`youth_offending/referrals/${r.yot_ref}`),
      dayOf(r.referral_date),
      'yot_referral',
      undefined,
      `youth_offending/referrals/${r.yot_ref}`,
    );
  }
  for (const r of f('voluntary/referrals.csv')) {
    add(
      childOf(`voluntary/referrals/${r.case_ref}`),
      dayOf(r.referral_date),
      'voluntary_referral',
      undefined,
      `voluntary/referrals/${r.case_ref}`,
    );
  }
  // Children's social care.
  for (const r of f('social_care/referrals.csv')) {
    add(
      byLa.get(r.la_child_id!),
      dayOf(r.referral_date),
      'referral',
      undefined,
      `social_care/referrals/${r.referral_id}`,
    );
  }
  for (const r of f('social_care/assessments.csv')) {
    // Factors are known when the assessment is authorised, not when it starts.
    const cse = (r.factors ?? '').split(/[;, ]+/).includes('11A');
    add(
      byLa.get(r.la_child_id!),
      dayOf(r.authorised_date),
      'assessment',
      cse ? 'cse_factor' : undefined,
      `social_care/assessments/${r.assessment_id}`,
    );
  }
  for (const r of f('social_care/missing.csv')) {
    add(
      byLa.get(r.la_child_id!),
      dayOf(r.mis_start),
      'missing_from_care',
      r.missing === 'A' ? 'away' : 'missing',
      `social_care/missing/${r.la_child_id}/${r.mis_start}`,
    );
  }
  const lookedAfter = new Map<number, DayPeriod[]>();
  for (const r of f('social_care/placements.csv')) {
    const c = byLa.get(r.la_child_id!);
    const d = dayOf(r.placement_start);
    add(c, d, 'placement_change', undefined, `social_care/placements/${r.la_child_id}/${r.placement_start}`);
    if (c !== undefined && !Number.isNaN(d)) pushTo(lookedAfter, c, { from: d });
  }
  for (const r of f('social_care/statuses.csv')) {
    const c = byLa.get(r.la_child_id!);
    if (c === undefined || r.status !== 'LAC') continue;
    const to = dayOf(r.end_date);
    pushTo(
      lookedAfter,
      c,
      Number.isNaN(to) ? { from: dayOf(r.start_date) } : { from: dayOf(r.start_date), to },
    );
  }

  const facts = policeEvents(f, childOf, personOf, childIndex, add);
  for (const fact of facts) {
    const c = childIndex.get(fact.childId);
    if (c === undefined) continue;
    cols.push(c, fact.day, associationCode(fact.kind), fact.id);
    const name = `association:${fact.kind}`;
    cols.counts[name] = (cols.counts[name] ?? 0) + 1;
  }

  const children: ChildProfile[] = persons.map((p, i) => {
    const birth = dayOf(p.date_of_birth);
    const la = lookedAfter.get(i);
    return {
      id: p.person_id!,
      ...(Number.isNaN(birth) ? {} : { birthDay: birth }),
      ...(la === undefined ? {} : { lookedAfter: [{ from: Math.min(...la.map((x) => x.from)) }] }),
    };
  });
  const victims: TruthVictim[] = [];
  for (const v of f('truth/victims.csv')) {
    const c = childIndex.get(v.person_id!);
    if (c === undefined) continue;
    const rec = dayOf(v.first_recognised);
    victims.push({
      child: c,
      exploitationStart: dayOf(v.exploitation_start),
      recognised: Number.isNaN(rec) ? null : rec,
    });
  }
  const population: PopulationChild[] = persons.map((p, i) => ({
    child: i,
    sex: p.sex || null,
    birthDay: Number.isNaN(dayOf(p.date_of_birth)) ? null : dayOf(p.date_of_birth),
    ethnicity: p.ethnicity || null,
  }));
  const n = cols.length;
  const store = buildStore(
    { child: cols.child.subarray(0, n), day: cols.day.subarray(0, n), code: cols.code.subarray(0, n) },
    children.length,
  );
  const manifestPath = join(dir, 'manifest.json');
  const manifest = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { start?: string; end?: string })
    : {};
  return {
    children,
    store,
    childIndex,
    labels: cols.labels,
    victims,
    population,
    counts: cols.counts,
    start: manifest.start === undefined ? null : dayOf(manifest.start),
    end: manifest.end === undefined ? null : dayOf(manifest.end),
  };
}
