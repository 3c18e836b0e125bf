/**
 * Primary and secondary (complementary) suppression.
 *
 * 1. Primary: every cell (interior or margin) from 1 to the threshold, and zeros when configured.
 * 2. Structural: no line may hold exactly one hidden cell (it would equal its total minus the rest).
 *    The complement is the cheapest published cell in that line.
 * 3. Exact: the feasible range of every primary cell is computed by linear programming over all
 *    published values; while a range is narrower than the protection width, add the cheapest
 *    complement sharing a line with that cell, then repeat from 2.
 * 4. Hidden complements that turn out to be exactly derivable are published again: the attacker
 *    already knows them, so hiding them only loses information.
 *
 * Cost of hiding a cell = its value (information lost) plus a penalty for each of its lines that had
 * no hidden cell yet (it would force a further complement). Ties go to the lower cell index, so the
 * result is deterministic.
 */
import type { DisclosureOptions } from './options.ts';
import { feasibleRanges, isExact, type CellRange } from './ranges.ts';
import type { ExtendedTable } from './table.ts';

export type CellStatus = 'published' | 'primary' | 'secondary';

export interface SuppressionResult {
  readonly status: readonly CellStatus[];
  /** Feasible range of every hidden cell; internal, for audit and tests, never for publication. */
  readonly ranges: ReadonlyMap<number, CellRange>;
}

/**
 * The lower bound an attacker knows for every hidden cell: with zeros always shown and never used as
 * complements, a "c" cannot be 0.
 *
 * @example
 * hiddenLowerBound(parseDisclosureOptions()); // 1
 */
export function hiddenLowerBound(options: DisclosureOptions): number {
  return options.zeros === 'show' ? 1 : 0;
}

/**
 * Primary suppression only (the baseline the benchmark compares against).
 *
 * @example
 * primarySuppression(extendTable(t), parseDisclosureOptions());
 */
export function primarySuppression(table: ExtendedTable, options: DisclosureOptions): CellStatus[] {
  return table.values.map((v) =>
    (v >= 1 && v <= options.threshold) || (v === 0 && options.zeros === 'suppress') ? 'primary' : 'published',
  );
}

/**
 * Full suppression: primary plus complements until every primary cell is protected.
 *
 * @example
 * const { status } = suppress(extendTable(t), parseDisclosureOptions());
 */
export function suppress(table: ExtendedTable, options: DisclosureOptions): SuppressionResult {
  const status = primarySuppression(table, options);
  const hidden = new Set<number>();
  status.forEach((s, cell) => {
    if (s === 'primary') hidden.add(cell);
  });
  const lower = hiddenLowerBound(options);
  const perLine = table.lines.map((l) => [...l.interior, l.total].filter((c) => hidden.has(c)).length);
  const penalty = options.threshold + 1;

  const eligible = (cell: number): boolean =>
    !hidden.has(cell) && (options.zeros === 'suppress' || table.values[cell]! > 0);
  const cost = (cell: number): number =>
    table.values[cell]! + penalty * table.linesOfCell[cell]!.filter((l) => perLine[l] === 0).length;
  const hide = (cell: number): void => {
    hidden.add(cell);
    status[cell] = 'secondary';
    for (const l of table.linesOfCell[cell]!) perLine[l] = perLine[l]! + 1;
  };
  const cheapest = (cells: Iterable<number>): number | undefined => {
    let best: number | undefined;
    let bestCost = Infinity;
    for (const c of cells) {
      if (!eligible(c)) continue;
      const k = cost(c);
      if (k < bestCost || (k === bestCost && c < best!)) {
        best = c;
        bestCost = k;
      }
    }
    return best;
  };
  const cellsOfLines = (lines: readonly number[]): number[] =>
    lines.flatMap((l) => [...table.lines[l]!.interior, table.lines[l]!.total]);

  const structural = (): void => {
    let changed = true;
    while (changed) {
      changed = false;
      for (let l = 0; l < table.lines.length; l += 1) {
        if (perLine[l] !== 1) continue;
        const line = table.lines[l]!;
        const pick = cheapest([...line.interior, line.total]);
        if (pick === undefined) throw new Error('no complement available in a line with one hidden cell');
        hide(pick);
        changed = true;
      }
    }
  };

  const primaries = [...hidden].sort((a, b) => a - b);
  for (;;) {
    structural();
    if (primaries.length === 0) break;
    const ranges = feasibleRanges(table, hidden, primaries, lower);
    const failing = primaries.filter((c) => {
      const r = ranges.get(c)!;
      return r.upper - r.lower < options.protectionWidth;
    });
    if (failing.length === 0) break;
    const touched = new Set<number>();
    let added = 0;
    for (const cell of failing) {
      if (table.linesOfCell[cell]!.some((l) => touched.has(l))) continue;
      const pick =
        cheapest(cellsOfLines(table.linesOfCell[cell]!)) ??
        cheapest(cellsOfLines([...hidden].flatMap((h) => table.linesOfCell[h]!))) ??
        cheapest(table.values.keys());
      if (pick === undefined) continue; // everything hideable is hidden; re-check next round
      hide(pick);
      added += 1;
      for (const l of table.linesOfCell[pick]!) touched.add(l);
    }
    // Unreachable in practice: with every non-zero cell hidden, each hidden cell is unbounded above.
    if (added === 0) throw new Error(`table ${table.name} cannot be protected`);
  }

  // Publish complements an attacker can derive exactly anyway.
  const all = [...hidden].sort((a, b) => a - b);
  const ranges = all.length > 0 ? feasibleRanges(table, hidden, all, lower) : new Map<number, CellRange>();
  for (const cell of all) {
    if (status[cell] === 'secondary' && isExact(ranges.get(cell)!)) {
      status[cell] = 'published';
      ranges.delete(cell);
    }
  }
  return { status, ranges };
}
