import { describe, expect, it } from 'vitest';
import { ageOn, fromDay, monthEnds, termsAround, toDay } from './dates.ts';

const range = (r: { from: number; to: number }): [string, string] => [fromDay(r.from), fromDay(r.to)];

describe('termsAround', () => {
  it('puts 31 December in the autumn term and 1 January in the spring term', () => {
    expect(range(termsAround(toDay('2024-12-31')).current)).toEqual(['2024-09-01', '2024-12-31']);
    expect(range(termsAround(toDay('2024-12-31')).previous)).toEqual(['2024-04-01', '2024-07-31']);
    expect(range(termsAround(toDay('2025-01-01')).current)).toEqual(['2025-01-01', '2025-01-01']);
    expect(range(termsAround(toDay('2025-01-01')).previous)).toEqual(['2024-09-01', '2024-12-31']);
  });
  it('treats August as the summer term just ended', () => {
    const t = termsAround(toDay('2025-08-15'));
    expect(range(t.current)).toEqual(['2025-04-01', '2025-07-31']);
    expect(range(t.previous)).toEqual(['2025-01-01', '2025-03-31']);
  });
});

describe('ageOn and monthEnds', () => {
  it('counts a birthday from the day itself, including 29 February', () => {
    expect(ageOn(toDay('2012-02-29'), toDay('2025-02-28'))).toBe(12);
    expect(ageOn(toDay('2012-02-29'), toDay('2025-03-01'))).toBe(13);
  });
  it('lists month ends inside the range', () => {
    expect(monthEnds(toDay('2024-09-02'), toDay('2024-11-30')).map(fromDay)).toEqual([
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
    ]);
  });
});
