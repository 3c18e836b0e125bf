import { describe, expect, it } from 'vitest';
import { attendanceClass, codeFor, selectCodes, signalCode, SIGNAL_COUNT } from './signals.ts';

describe('signals', () => {
  it('fit in a byte and resolve qualified names, falling back to the bare type', () => {
    expect(SIGNAL_COUNT).toBeLessThan(256);
    expect(codeFor('ed_attendance', 'intoxication')).toBe(signalCode('ed_attendance:intoxication'));
    expect(codeFor('ed_attendance', 'something_new')).toBe(signalCode('ed_attendance'));
    expect(selectCodes('screening')).toHaveLength(4);
  });

  it('maps DfE attendance codes from the shared August 2024 code list', () => {
    expect(attendanceClass('/')).toBe('present');
    expect(attendanceClass('\\')).toBe('present');
    expect(attendanceClass('V')).toBe('present'); // educational visit counts as attending
    expect(attendanceClass('I')).toBe('authorised_absence');
    expect(attendanceClass('o')).toBe('unauthorised_absence');
    expect(attendanceClass('X')).toBe('not_counted');
    expect(attendanceClass('#')).toBe('not_counted');
    expect(attendanceClass('??')).toBe('not_counted');
  });
});
