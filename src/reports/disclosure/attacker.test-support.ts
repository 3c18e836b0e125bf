/**
 * An independent attacker for tests: it reads only the published table (labels, shown values, which
 * cells are hidden) and tries to recover hidden cells. It shares no code with the engine.
 *
 * - `propagateBounds`: the spreadsheet attack, repeated linear recomputation along every row,
 *   column and margin line (hidden = total - others), tightening interval bounds until stable.
 * - `findWitness`: an explicit alternative table (integers, every hidden cell >= the known lower
 *   bound) that publishes exactly the same values but differs in the given hidden cell. If one
 *   exists, the cell cannot be derived by any means.
 */
import type { PublishedTable } from './protect.ts';

export interface AttackLine {
  /** Cells (flat indices) that add up to `total`. */
  readonly parts: number[];
  readonly total: number;
}

/** Rebuilds the additivity lines from the published shape alone. */
export function linesOf(shape: readonly number[]): AttackLine[] {
  const size = shape.reduce((a, b) => a * b, 1);
  const stride = (k: number): number => shape.slice(k + 1).reduce((a, b) => a * b, 1);
  const lines: AttackLine[] = [];
  for (let k = 0; k < shape.length; k += 1) {
    const s = stride(k);
    const n = shape[k]!;
    for (let cell = 0; cell < size; cell += 1) {
      if (Math.floor(cell / s) % n !== 0) continue;
      const parts: number[] = [];
      for (let i = 0; i < n - 1; i += 1) parts.push(cell + i * s);
      lines.push({ parts, total: cell + (n - 1) * s });
    }
  }
  return lines;
}

export interface Interval {
  lower: number;
  upper: number;
}

/** Interval bounds on every hidden cell from repeated linear recomputation. */
export function propagateBounds(published: PublishedTable, hiddenLower: number): Map<number, Interval> {
  const lines = linesOf(published.shape);
  const bounds = new Map<number, Interval>();
  published.cells.forEach((c, i) => {
    if (c.value === null) bounds.set(i, { lower: hiddenLower, upper: Infinity });
  });
  const lo = (i: number): number => bounds.get(i)?.lower ?? published.cells[i]!.value!;
  const hi = (i: number): number => bounds.get(i)?.upper ?? published.cells[i]!.value!;
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const tighten = (i: number, lower: number, upper: number): void => {
        const b = bounds.get(i);
        if (!b) return;
        if (lower > b.lower) {
          b.lower = lower;
          changed = true;
        }
        if (upper < b.upper) {
          b.upper = upper;
          changed = true;
        }
      };
      const sumLo = line.parts.reduce((s, p) => s + lo(p), 0);
      const sumHi = line.parts.reduce((s, p) => s + hi(p), 0);
      tighten(line.total, sumLo, sumHi);
      for (const p of line.parts) {
        tighten(p, lo(line.total) - (sumHi - hi(p)), hi(line.total) - (sumLo - lo(p)));
      }
    }
  }
  return bounds;
}

/**
 * Searches for an alternative table: a change `d` to hidden cells (published cells unchanged) that
 * keeps every line adding up and every hidden cell at or above `hiddenLower`, with `d[target] != 0`.
 * `actual` holds the true value of every cell (the attacker never sees it; it anchors the change).
 */
export function findWitness(
  published: PublishedTable,
  actual: readonly number[],
  target: number,
  hiddenLower: number,
  nodeLimit = 200_000,
  freeValues: readonly number[] = [0, 1, -1],
): number[] | null {
  const lines = linesOf(published.shape);
  const hidden = published.cells.flatMap((c, i) => (c.value === null ? [i] : []));
  const d = new Map<number, number>();
  const lineTerms = lines.map((l) => [
    ...l.parts.filter((p) => published.cells[p]!.value === null).map((p) => [p, 1] as const),
    ...(published.cells[l.total]!.value === null ? [[l.total, -1] as const] : []),
  ]);
  const linesOfCell = new Map<number, number[]>(hidden.map((h) => [h, []]));
  lineTerms.forEach((terms, li) => terms.forEach(([c]) => linesOfCell.get(c)!.push(li)));
  let nodes = 0;

  const trail: number[] = [];
  const undo = (mark: number): void => {
    while (trail.length > mark) d.delete(trail.pop()!);
  };
  const assign = (cell: number, value: number): boolean => {
    const existing = d.get(cell);
    if (existing !== undefined) return existing === value;
    if (actual[cell]! + value < hiddenLower) return false;
    d.set(cell, value);
    trail.push(cell);
    for (const li of linesOfCell.get(cell)!) {
      const terms = lineTerms[li]!;
      const open = terms.filter(([c]) => !d.has(c));
      const partial = terms.reduce((s, [c, k]) => s + k * (d.get(c) ?? 0), 0);
      if (open.length === 0 && partial !== 0) return false;
      if (open.length === 1) {
        const [c, k] = open[0]!;
        if (!assign(c, -partial / k)) return false;
      }
    }
    return true;
  };
  const search = (): boolean => {
    nodes += 1;
    if (nodes > nodeLimit) throw new Error('witness search limit reached');
    const next = hidden.find((h) => !d.has(h));
    if (next === undefined) return true;
    for (const v of freeValues) {
      const mark = trail.length;
      if (assign(next, v) && search()) return true;
      undo(mark);
    }
    return false;
  };
  for (const first of freeValues.filter((v) => v !== 0)) {
    const mark = trail.length;
    if (assign(target, first) && search()) {
      return actual.map((v, i) => v + (d.get(i) ?? 0));
    }
    undo(mark);
  }
  return null;
}

/** True when `alternative` (a full table, margins included) publishes exactly what `published` shows. */
export function publishesTheSame(published: PublishedTable, alternative: readonly number[]): boolean {
  const lines = linesOf(published.shape);
  const additive = lines.every(
    (l) => l.parts.reduce((s, p) => s + alternative[p]!, 0) === alternative[l.total]!,
  );
  const sameShown = published.cells.every((c, i) => c.value === null || c.value === alternative[i]);
  return additive && sameShown;
}
