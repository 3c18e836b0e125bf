import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findWitness, propagateBounds, publishesTheSame } from './attacker.test-support.ts';
import { protectTable, type PublishedTable } from './protect.ts';
import type { CountTable } from './table.ts';

/** Every cell of the table with margins, computed by brute force from the interior counts. */
function fullTable(table: CountTable): number[] {
  const inner = table.dimensions.map((d) => d.categories.length);
  const shape = inner.map((n) => n + 1);
  const size = shape.reduce((a, b) => a * b, 1);
  const coords = (i: number, s: number[]): number[] => {
    const out: number[] = [];
    for (let k = s.length - 1; k >= 0; k -= 1) {
      out.unshift(i % s[k]!);
      i = Math.floor(i / s[k]!);
    }
    return out;
  };
  return Array.from({ length: size }, (_, cell) => {
    const c = coords(cell, shape);
    return table.counts.reduce((sum, count, i) => {
      const ic = coords(i, inner);
      return ic.every((x, k) => c[k] === inner[k] || c[k] === x) ? sum + count : sum;
    }, 0);
  });
}

/** Counts as a partnership's tables look: many small counts and zeros among larger ones. */
const count = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 4, arbitrary: fc.integer({ min: 7, max: 60 }) },
);

function tableArb(dims: number, maxCats: number): fc.Arbitrary<CountTable> {
  return fc.array(fc.integer({ min: 1, max: maxCats }), { minLength: dims, maxLength: dims }).chain((sizes) =>
    fc
      .array(count, {
        minLength: sizes.reduce((a, b) => a * b, 1),
        maxLength: sizes.reduce((a, b) => a * b, 1),
      })
      .map((counts) => ({
        name: 'synthetic',
        dimensions: sizes.map((n, k) => ({
          name: `d${k}`,
          categories: Array.from({ length: n }, (_, i) => `c${i}`),
        })),
        counts,
      })),
  );
}

function assertNothingRecoverable(table: CountTable, published: PublishedTable, hiddenLower: number): void {
  const actual = fullTable(table);
  // Published values are the true ones (no rounding in these runs).
  published.cells.forEach((c, i) => {
    if (c.value !== null) expect(c.value).toBe(actual[i]);
  });
  const bounds = propagateBounds(published, hiddenLower);
  published.cells.forEach((cell, i) => {
    if (cell.value !== null) return;
    // 1. Repeated linear recomputation over every line never pins the cell down.
    const b = bounds.get(i)!;
    expect(b.upper, `cell ${cell.labels.join('/')} recomputed exactly`).toBeGreaterThan(b.lower);
    // 2. An explicit different table publishes the same values: the cell is not derivable at all.
    const witness =
      findWitness(published, actual, i, hiddenLower) ??
      findWitness(published, actual, i, hiddenLower, 2_000_000, [0, 1, -1, 2, -2, 3, -3]);
    expect(witness, `no alternative table for cell ${cell.labels.join('/')}`).not.toBeNull();
    expect(publishesTheSame(published, witness!)).toBe(true);
    published.cells.forEach((c, j) => {
      if (c.value === null) expect(witness![j]).toBeGreaterThanOrEqual(hiddenLower);
    });
    expect(witness![i]).not.toBe(actual[i]);
  });
  // Every small count is hidden.
  published.cells.forEach((c, i) => {
    if (actual[i]! >= 1 && actual[i]! <= 5) expect(c.value).toBeNull();
  });
}

describe('protectTable (property)', () => {
  it('leaves no hidden cell recoverable in random 2-D tables with margins', () => {
    fc.assert(
      fc.property(tableArb(2, 5), (table) => {
        assertNothingRecoverable(table, protectTable(table), 1);
      }),
      { numRuns: 150, seed: 20260601 },
    );
  });

  it('leaves no hidden cell recoverable in random 3-D tables with margins', () => {
    fc.assert(
      fc.property(tableArb(3, 3), (table) => {
        assertNothingRecoverable(table, protectTable(table), 1);
      }),
      { numRuns: 60, seed: 20260602 },
    );
  });

  it('leaves no hidden cell recoverable when zeros are suppressed too', () => {
    fc.assert(
      fc.property(tableArb(2, 4), (table) => {
        assertNothingRecoverable(table, protectTable(table, { zeros: 'suppress' }), 0);
      }),
      { numRuns: 100, seed: 20260603 },
    );
  });

  it('gives the same output for the same input (deterministic)', () => {
    fc.assert(
      fc.property(tableArb(2, 5), (table) => {
        expect(protectTable(table)).toEqual(protectTable(table));
      }),
      { numRuns: 30, seed: 20260604 },
    );
  });
});
