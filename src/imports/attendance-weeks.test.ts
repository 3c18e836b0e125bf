import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMarks,
  encodeMarks,
  mergeMarks,
  NO_MARKS,
  sessionOf,
  SLOTS,
  WeekChunk,
  weekDayOf,
} from './attendance-weeks.ts';
import { ATTENDANCE_CODES } from './codes.ts';

const CODES = [...ATTENDANCE_CODES];
const slotsArb = fc.array(fc.oneof(fc.constant(''), fc.constantFrom(...CODES)), {
  minLength: SLOTS,
  maxLength: SLOTS,
});

describe('week of a date', () => {
  it('finds the Monday and the day in the week, across months, years and leap days', () => {
    expect(weekDayOf('2024-09-02')).toEqual({ week: '2024-09-02', day: 0 });
    expect(weekDayOf('2024-09-08')).toEqual({ week: '2024-09-02', day: 6 });
    expect(weekDayOf('2024-10-01')).toEqual({ week: '2024-09-30', day: 1 });
    expect(weekDayOf('2025-01-01')).toEqual({ week: '2024-12-30', day: 2 });
    expect(weekDayOf('2024-02-29')).toEqual({ week: '2024-02-26', day: 3 });
  });

  it('turns every slot back into the date and session it came from', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.boolean(), (n, pm) => {
        const date = new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
        const { week, day } = weekDayOf(date);
        expect(sessionOf(week, day * 2 + (pm ? 1 : 0))).toEqual({ date, session: pm ? 'PM' : 'AM' });
      }),
    );
  });
});

describe('stored marks', () => {
  it('encode to 28 characters and decode to the same slots, one- and two-character codes alike', () => {
    fc.assert(
      fc.property(slotsArb, (slots) => {
        const s = encodeMarks(slots);
        expect(s).toHaveLength(28);
        expect(decodeMarks(s)).toEqual(slots);
      }),
    );
    expect(encodeMarks(['/', 'C1', '', '\\', ...Array<string>(10).fill('')])).toBe(
      `/ C1  \\ ${'  '.repeat(10)}`,
    );
  });

  it('merge: empty slots take the new mark, filled ones keep the first, and only new slots count', () => {
    const old = encodeMarks(['/', '', 'N', ...Array<string>(11).fill('')]);
    const add = encodeMarks(['N', '\\', 'N', 'C2', ...Array<string>(10).fill('')]);
    expect(mergeMarks(old, add)).toEqual({
      marks: encodeMarks(['/', '\\', 'N', 'C2', ...Array<string>(10).fill('')]),
      filled: 2,
      absence: true,
    });
    const present = encodeMarks(['', 'L', ...Array<string>(12).fill('')]);
    expect(mergeMarks(NO_MARKS, present)).toMatchObject({ filled: 1, absence: false });
    expect(mergeMarks(present, present)).toEqual({ marks: present, filled: 0, absence: false });
  });

  it('merge keeps every filled slot and adds exactly the incoming marks whose slots were empty', () => {
    fc.assert(
      fc.property(slotsArb, slotsArb, (a, b) => {
        const m = mergeMarks(encodeMarks(a), encodeMarks(b));
        const out = decodeMarks(m.marks);
        let filled = 0;
        for (let i = 0; i < SLOTS; i++) {
          expect(out[i]).toBe(a[i] !== '' ? a[i] : b[i]);
          if (a[i] === '' && b[i] !== '') filled++;
        }
        expect(m.filled).toBe(filled);
      }),
    );
  });
});

describe('a chunk of marks', () => {
  it('gathers a pupil’s marks at a school into one row a week and refuses a second mark for a session', () => {
    const c = new WeekChunk();
    const mon = weekDayOf('2024-09-02');
    const tue = weekDayOf('2024-09-03');
    const nextMon = weekDayOf('2024-09-09');
    expect(c.add('P1', '100001', mon, 'AM', '/')).toBe(true);
    expect(c.add('P1', '100001', tue, 'PM', 'N')).toBe(true);
    expect(c.add('P1', '100001', mon, 'AM', 'N')).toBe(false);
    expect(c.add('P1', '100002', mon, 'AM', 'D')).toBe(true); // dual registration: another school's register
    expect(c.add('P2', '100001', mon, 'AM', '/')).toBe(true);
    expect(c.add('P1', '100001', nextMon, 'AM', '/')).toBe(true);
    expect(c.rows.map((r) => `${r.upn} ${r.urn} ${r.week}`)).toEqual([
      'P1 100001 2024-09-02',
      'P1 100002 2024-09-02',
      'P2 100001 2024-09-02',
      'P1 100001 2024-09-09',
    ]);
    expect(c.marks).toBe(5);
    expect(c.rows[0]!.slots.slice(0, 4)).toEqual(['/', '', '', 'N']);
    expect(c.find('P1', '100001', '2024-09-16')).toBeUndefined();
  });
});
