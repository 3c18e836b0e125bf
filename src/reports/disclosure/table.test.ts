import { describe, expect, it } from 'vitest';
import { coordsOf, extendTable, stridesOf } from './table.ts';

describe('extendTable', () => {
  it('adds row, column and grand totals to a 2-D table', () => {
    const t = extendTable({
      name: 'victims by sex and age',
      dimensions: [
        { name: 'sex', categories: ['F', 'M'] },
        { name: 'age', categories: ['<13', '13-15', '16-17'] },
      ],
      counts: [1, 2, 3, 4, 5, 6],
    });
    expect(t.shape).toEqual([3, 4]);
    expect(t.values).toEqual([1, 2, 3, 6, 4, 5, 6, 15, 5, 7, 9, 21]);
    expect(t.lines).toHaveLength(4 + 3);
  });

  it('computes every margin of a 3-D table, including the two-way margins', () => {
    const t = extendTable({
      name: 'cube',
      dimensions: [
        { name: 'a', categories: ['a0', 'a1'] },
        { name: 'b', categories: ['b0', 'b1'] },
        { name: 'c', categories: ['c0', 'c1'] },
      ],
      counts: [1, 2, 3, 4, 5, 6, 7, 8],
    });
    expect(t.values[t.values.length - 1]).toBe(36);
    // a0, all b, all c
    expect(t.values[2 * 3 + 2]).toBe(10);
    expect(t.isMargin.filter(Boolean)).toHaveLength(27 - 8);
  });

  it('marks which lines each cell belongs to', () => {
    const t = extendTable({
      name: 'one',
      dimensions: [{ name: 'd', categories: ['x', 'y'] }],
      counts: [4, 9],
    });
    expect(t.linesOfCell).toEqual([[0], [0], [0]]);
  });

  it('names the problem when the counts do not fit the dimensions', () => {
    expect(() =>
      extendTable({ name: 'bad', dimensions: [{ name: 'd', categories: ['x', 'y'] }], counts: [1] }),
    ).toThrow(/expected 2 interior counts/);
  });

  it('rejects negative and fractional counts', () => {
    expect(() =>
      extendTable({ name: 'bad', dimensions: [{ name: 'd', categories: ['x'] }], counts: [-1] }),
    ).toThrow(/negative/);
    expect(() =>
      extendTable({ name: 'bad', dimensions: [{ name: 'd', categories: ['x'] }], counts: [1.5] }),
    ).toThrow(/whole numbers/);
  });
});

describe('layout helpers', () => {
  it('computes row-major strides and coordinates', () => {
    expect(stridesOf([3, 4, 5])).toEqual([20, 5, 1]);
    expect(coordsOf(27, [3, 4, 5])).toEqual([1, 1, 2]);
  });
});
