// Education feeds: schools, the pupil roll (UPN with check letter), suspensions and exclusions, and the
// daily AM/PM attendance marks (DfE codes, August 2024), streamed pupil by pupil with bounded memory.
import { isoOf, ymdOf, dayFromYmd, weekday } from '../dates.ts';
import type { EventStore, SimEvent } from '../events.ts';
import { intensity, rampOf } from '../events-exploitation.ts';
import { PARAMETERS as P } from '../parameters.ts';
import { Rng } from '../prng.ts';
import type { Person } from '../types.ts';
import type { FeedContext } from './context.ts';

/** Holidays of a fictional authority's term calendar, as [from, to] month/day pairs (inclusive). */
const HOLIDAYS: readonly [number, number, number, number][] = [
  [7, 23, 9, 3],
  [10, 27, 10, 31],
  [12, 20, 12, 31],
  [1, 1, 1, 3],
  [2, 16, 2, 20],
  [3, 29, 4, 11],
  [5, 1, 5, 5],
  [5, 26, 5, 30],
];

/**
 * School days (Monday to Friday in term time) from start (inclusive) to end (exclusive).
 *
 * @example
 * schoolDays(dayOf('2024-09-02'), dayOf('2024-09-09')).length; // 5
 */
export function schoolDays(start: number, end: number): number[] {
  const out: number[] = [];
  for (let d = start; d < end; d += 1) {
    if (weekday(d) >= 5) continue;
    const [, m, day] = ymdOf(d);
    const mmdd = m * 100 + day;
    if (HOLIDAYS.some(([m1, d1, m2, d2]) => mmdd >= m1 * 100 + d1 && mmdd <= m2 * 100 + d2)) continue;
    out.push(d);
  }
  return out;
}

export interface AttendanceFigures {
  marks: number;
  pupils: number;
  absentSessions: number;
  possibleSessions: number;
}

/**
 * Writes schools, the pupil roll, suspensions and attendance marks.
 *
 * @example
 * const figures = writeEducation(ctx, store);
 */
export function writeEducation(ctx: FeedContext, store: EventStore): AttendanceFigures {
  const { w } = ctx;
  const schools = ctx.file('education', 'schools', [
    'urn',
    'la_code',
    'establishment_number',
    'school_name',
    'phase',
    'postcode',
  ]);
  for (const s of w.schools) {
    schools.row([s.urn, String(990 + s.district), s.establishment, s.name, s.phase, s.postcode]);
  }
  const pupils = w.people
    .filter((p) => p.school >= 0)
    .sort((a, b) => a.school - b.school || (a.upn < b.upn ? -1 : 1));
  const roll = ctx.file('education', 'pupils', [
    'upn',
    'urn',
    'legal_forename',
    'legal_surname',
    'preferred_forename',
    'date_of_birth',
    'sex',
    'ethnicity',
    'sen_provision',
    'address_line1',
    'town',
    'postcode',
    'entry_date',
  ]);
  for (const p of pupils) {
    const id = ctx.identity(p, w.start, 'education');
    const nick = id.noise.includes('nickname');
    const ethnicity = ctx.rng.chance(P.population.ethnicityRecordedNotObtained.value)
      ? ctx.rng.pick(['REFU', 'NOBT'])
      : p.ethnicity;
    const [by, bm] = ymdOf(p.dob);
    const entry = Math.max(dayFromYmd(by + (bm >= 9 ? 5 : 4), 9, 3), w.start - 365 * 14);
    roll.row([
      id.upn,
      w.schools[p.school]!.urn,
      nick ? p.given : id.given,
      id.family,
      nick ? id.given : '',
      id.dob,
      id.sex,
      ethnicity,
      p.sen,
      id.address.line1,
      id.address.town,
      id.postcode,
      isoOf(entry),
    ]);
    ctx.record('education', 'pupils', id.upn, p, p.victim >= 0 ? 'exploitation' : 'background', id.noise);
  }
  const susp = ctx.file('education', 'suspensions', [
    'suspension_id',
    'urn',
    'upn',
    'category',
    'start_date',
    'days',
    'reason',
  ]);
  const events: SimEvent[] = [...(store.byFeed.get('education/suspension') ?? [])].sort(
    (a, b) => a.day - b.day || a.tie - b.tie,
  );
  events.forEach((e, i) => {
    const p = w.people[e.subject]!;
    susp.row([
      `SUS-${String(i + 1).padStart(6, '0')}`,
      w.schools[p.school]!.urn,
      p.upn,
      String(e.f.category),
      isoOf(e.day),
      Number(e.f.days),
      String(e.f.reason),
    ]);
  });
  return writeAttendance(ctx, store, pupils);
}

function writeAttendance(ctx: FeedContext, store: EventStore, pupils: readonly Person[]): AttendanceFigures {
  const { w } = ctx;
  const file = ctx.file('education', 'attendance', ['urn', 'upn', 'date', 'session', 'mark']);
  const days = schoolDays(w.start, w.end);
  const am = days.map((d) => `,${isoOf(d)},AM,`);
  const pm = days.map((d) => `,${isoOf(d)},PM,`);
  const inset = w.schools.map(
    (s) =>
      new Set([
        days[(s.index * 7) % Math.max(1, days.length)],
        days[(s.index * 13 + 40) % Math.max(1, days.length)],
      ]),
  );
  const A = P.attendance;
  const figures: AttendanceFigures = {
    marks: 0,
    pupils: pupils.length,
    absentSessions: 0,
    possibleSessions: 0,
  };
  for (const p of pupils) {
    const rng = new Rng(w.seed, 0x5eed0000 + p.index);
    const prefix = `${w.schools[p.school]!.urn},${p.upn}`;
    const base = rng.beta(A.meanAbsence.value, A.absenceConcentration.value);
    const unauth = Math.min(0.9, A.unauthorisedShare.value * 0.5 + base * 2.5);
    const missing = store.missingDays.get(p.index);
    const suspended = store.suspendedDays.get(p.index);
    const v = p.victim >= 0 ? w.victims[p.victim]! : undefined;
    const ramp = v === undefined ? 0 : rampOf(v);
    const partTime = v !== undefined && rng.chance(0.15);
    const closed = inset[p.school]!;
    let text = '';
    let absent = 0;
    let possible = 0;
    for (let i = 0; i < days.length; i += 1) {
      const d = days[i]!;
      let mAm: string;
      let mPm: string;
      const u = rng.next();
      if (closed.has(d)) {
        mAm = '#';
        mPm = '#';
      } else if (suspended?.has(d) === true) {
        mAm = 'E';
        mPm = 'E';
      } else if (missing?.has(d) === true) {
        mAm = u < 0.5 ? 'N' : 'O';
        mPm = mAm;
      } else {
        const k = v === undefined ? 0 : intensity(v, d, ramp);
        const a =
          k === 0
            ? base
            : Math.min(0.85, (base + 0.03) * (1 + (A.absenceAfterExploitationMultiplier.value - 1) * k));
        if (u < a) {
          const r = u / a;
          const code =
            r < unauth
              ? r < unauth * 0.15
                ? 'G'
                : r < unauth * 0.6
                  ? 'O'
                  : 'N'
              : r < unauth + (1 - unauth) * 0.85
                ? 'I'
                : 'M';
          mAm = code;
          mPm = code === 'M' ? '\\' : r < 0.08 ? '\\' : code;
        } else if (u > 1 - A.lateShare.value) {
          mAm = u > 1 - A.lateShare.value * 0.2 ? 'U' : 'L';
          mPm = '\\';
        } else {
          mAm = '/';
          mPm = partTime && k > 0.6 ? 'C2' : '\\';
        }
      }
      if (mAm !== '#') {
        possible += 2;
        if (mAm !== '/' && mAm !== 'L') absent += 1;
        if (mPm !== '\\') absent += 1;
      }
      text += `${prefix}${am[i]!}${mAm}\n${prefix}${pm[i]!}${mPm}\n`;
      if (text.length > 65536) {
        file.raw(text);
        text = '';
      }
    }
    file.raw(text);
    figures.marks += days.length * 2;
    figures.absentSessions += absent;
    figures.possibleSessions += possible;
  }
  file.rows += figures.marks;
  return figures;
}
