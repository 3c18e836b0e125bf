import { describe, expect, it } from 'vitest';
import { protectTable, roundToBase, toGrid } from './protect.ts';
import type { CountTable } from './table.ts';

const bySexAndAge: CountTable = {
  name: 'Victims by sex and age band',
  dimensions: [
    { name: 'sex', categories: ['Female', 'Male'] },
    { name: 'age band', categories: ['10-12', '13-15', '16-17'] },
  ],
  counts: [3, 40, 22, 1, 12, 9],
};

const large: CountTable = {
  name: 'no small counts',
  dimensions: [
    { name: 'r', categories: ['a', 'b'] },
    { name: 'c', categories: ['x', 'y'] },
  ],
  counts: [10, 20, 30, 40],
};

describe('protectTable', () => {
  it('shows small counts as "c"', () => {
    const out = protectTable(bySexAndAge);
    expect(out.cells[0]).toMatchObject({
      labels: ['Female', '10-12'],
      display: 'c',
      value: null,
      status: 'primary',
    });
  });

  it('suppresses a small margin as well as small interior cells', () => {
    const out = protectTable(bySexAndAge);
    expect(out.cells.find((c) => c.labels.join() === 'Total,10-12')?.display).toBe('c');
  });

  it('never leaves a hidden cell alone in a row or column', () => {
    const grid = toGrid(protectTable(bySexAndAge));
    const body = grid.slice(1).map((row) => row.slice(1));
    for (const row of body) expect(row.filter((v) => v === 'c').length).not.toBe(1);
    for (let c = 0; c < body[0]!.length; c += 1) {
      expect(body.map((row) => row[c]).filter((v) => v === 'c').length).not.toBe(1);
    }
  });

  it('chooses the smallest complements (16-17, not 13-15)', () => {
    const grid = toGrid(protectTable(bySexAndAge));
    expect(grid).toEqual([
      ['sex', '10-12', '13-15', '16-17', 'Total'],
      ['Female', 'c', '40', 'c', '65'],
      ['Male', 'c', '12', 'c', '22'],
      ['Total', 'c', '52', 'c', '87'],
    ]);
  });

  it('publishes a table without small counts unchanged', () => {
    const out = protectTable(large);
    expect(out.cells.map((c) => c.display)).toEqual(['10', '20', '30', '30', '40', '70', '40', '60', '100']);
    expect(out.summary).toMatchObject({ primary: 0, secondary: 0 });
  });

  it('shows zeros as 0 by default', () => {
    const out = protectTable({ ...large, counts: [0, 20, 30, 40] });
    expect(out.cells[0]).toMatchObject({ display: '0', value: 0, status: 'published' });
  });

  it('suppresses zeros when configured', () => {
    const out = protectTable({ ...large, counts: [0, 20, 30, 40] }, { zeros: 'suppress' });
    expect(out.cells[0]).toMatchObject({ display: 'c', status: 'primary' });
  });

  it('rounds every published value to the configured base, totals included', () => {
    const out = protectTable({ ...large, counts: [12, 18, 33, 47] }, { roundingBase: 5 });
    expect(out.cells.map((c) => c.display)).toEqual(['10', '20', '30', '35', '45', '80', '45', '65', '110']);
    expect(out.summary.roundingBase).toBe(5);
  });

  it('uses the configured symbol and threshold', () => {
    const out = protectTable({ ...large, counts: [8, 20, 30, 40] }, { threshold: 9, symbol: '[c]' });
    expect(out.cells[0]?.display).toBe('[c]');
  });

  it('hides a lone small count in a one-dimensional table with a complement', () => {
    const out = protectTable({
      name: 'groups by size',
      dimensions: [{ name: 'size', categories: ['2', '3-4', '5-8', '>8'] }],
      counts: [14, 9, 2, 11],
    });
    expect(out.cells.map((c) => c.display)).toEqual(['14', 'c', 'c', '11', '36']);
  });

  it('rejects unknown options with a clear error', () => {
    expect(() => protectTable(large, { roundingBase: 1 })).toThrow(/roundingBase/);
  });

  it('reports how much was hidden to protect the small counts', () => {
    expect(protectTable(bySexAndAge).summary).toEqual({
      cells: 12,
      primary: 3,
      secondary: 3,
      secondaryValueHidden: 22 + 9 + 31,
      roundingBase: null,
    });
  });
});

describe('roundToBase', () => {
  it('rounds to the nearest multiple, halves up', () => {
    expect([0, 2, 3, 7, 8, 10, 12, 13].map((v) => roundToBase(v, 5))).toEqual([0, 0, 5, 5, 10, 10, 10, 15]);
    expect(roundToBase(15, 10)).toBe(20);
  });
});
