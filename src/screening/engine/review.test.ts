import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, daysBetween } from './dates.ts';
import { reviewStatus } from './review.ts';

describe('reviewStatus', () => {
  it('is not overdue on the due date', () => {
    expect(reviewStatus('2026-04-01', '2026-04-01')).toEqual({
      due: '2026-04-01',
      overdue: false,
      daysOverdue: 0,
    });
  });
  it('is overdue the day after, counting days', () => {
    expect(reviewStatus('2026-04-01', '2026-04-10')).toEqual({
      due: '2026-04-01',
      overdue: true,
      daysOverdue: 9,
    });
  });
  it('is never overdue when no review is needed', () => {
    expect(reviewStatus(null, '2030-01-01').overdue).toBe(false);
  });
});

describe('dates', () => {
  it('adds months clamping to month end, across years and leap years', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-01', -3)).toBe('2025-12-01');
  });
  it('computes age on a date', () => {
    expect(ageOn('2013-06-15', '2026-06-14')).toBe(12);
    expect(ageOn('2013-06-15', '2026-06-15')).toBe(13);
  });
  it('counts days between dates', () => {
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
  });
  it('rejects malformed dates', () => {
    expect(() => addMonths('01/02/2026', 1)).toThrow(/YYYY-MM-DD/);
  });
});
