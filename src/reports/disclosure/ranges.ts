/**
 * What an attacker can work out about hidden cells: the exact range each suppressed cell can take
 * given every published value, the additivity of the table (interior cells sum to their totals) and
 * a known lower bound on hidden cells (0, or 1 when zeros are always shown so "c" can never be 0).
 */
import { variableRanges, type Equation } from './simplex.ts';
import type { ExtendedTable } from './table.ts';

/** The whole-number values a hidden cell could take: `lower..upper` (`upper` may be `Infinity`). */
export interface CellRange {
  readonly lower: number;
  readonly upper: number;
  /** True when the linear programme itself pins the cell to one value (not just after rounding). */
  readonly exact: boolean;
}

const TOLERANCE = 1e-6;

/**
 * Feasible range of each target cell (all must be suppressed) by linear programming over the
 * suppressed cells. Ranges are rounded inwards to whole numbers, which is what an attacker who knows
 * counts are integers would do, so the check errs on the side of protection.
 *
 * @example
 * const t = extendTable({ name: 'x', dimensions: [{ name: 'd', categories: ['a', 'b'] }], counts: [2, 3] });
 * feasibleRanges(t, new Set([0, 1]), [0], 0).get(0); // { lower: 0, upper: 5, exact: false }
 */
export function feasibleRanges(
  table: ExtendedTable,
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  hiddenLowerBound: number,
): Map<number, CellRange> {
  const variables = [...suppressed].sort((a, b) => a - b);
  const variableOf = new Map<number, number>(variables.map((cell, i) => [cell, i]));
  const equations: Equation[] = [];
  for (const line of table.lines) {
    const terms: [number, number][] = [];
    let rhs = 0;
    const add = (cell: number, coef: number): void => {
      const v = variableOf.get(cell);
      if (v === undefined) rhs -= coef * table.values[cell]!;
      else {
        terms.push([v, coef]);
        rhs -= coef * hiddenLowerBound;
      }
    };
    for (const cell of line.interior) add(cell, 1);
    add(line.total, -1);
    if (terms.length > 0) equations.push({ terms, rhs });
  }
  const targetVars = targets.map((cell) => {
    const v = variableOf.get(cell);
    if (v === undefined) throw new Error(`cell ${cell} is not suppressed`);
    return v;
  });
  const ranges = variableRanges(equations, variables.length, targetVars);
  const out = new Map<number, CellRange>();
  targets.forEach((cell, i) => {
    const r = ranges.get(targetVars[i]!)!;
    out.set(cell, {
      lower: hiddenLowerBound + Math.ceil(r.min - TOLERANCE),
      upper: r.max === Infinity ? Infinity : hiddenLowerBound + Math.floor(r.max + TOLERANCE),
      exact: r.max - r.min < TOLERANCE,
    });
  });
  return out;
}

/**
 * Whether the hidden cell can be recomputed exactly from what is published.
 *
 * @example
 * isExact({ lower: 3, upper: 3, exact: true }); // true
 */
export function isExact(range: CellRange): boolean {
  return range.exact;
}
