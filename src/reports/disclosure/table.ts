/**
 * A count table with every margin: the interior cells (one per combination of categories) plus a
 * "Total" position on each dimension, so a 2-D table of r x c becomes (r+1) x (c+1) with row totals,
 * column totals and the grand total. Cells are stored row-major over the extended shape.
 *
 * The additivity equations ("lines") are what an attacker can use to recompute a hidden cell: along
 * each dimension, for every fixed position of the others (totals included), the interior cells sum to
 * the total cell.
 */
import { z } from 'zod';

export const dimensionSchema = z.object({
  name: z.string().min(1),
  categories: z.array(z.string().min(1)).min(1, 'a dimension needs at least one category'),
});

export const countTableSchema = z
  .object({
    name: z.string().min(1),
    dimensions: z.array(dimensionSchema).min(1, 'a table needs at least one dimension'),
    /** Interior counts, row-major (last dimension varies fastest). Margins are computed, never supplied. */
    counts: z.array(z.number().int('counts must be whole numbers').nonnegative('counts cannot be negative')),
  })
  .superRefine((table, ctx) => {
    const expected = table.dimensions.reduce((n, d) => n * d.categories.length, 1);
    if (table.counts.length !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['counts'],
        message: `expected ${expected} interior counts (product of category counts), got ${table.counts.length}`,
      });
    }
  });

export type Dimension = z.infer<typeof dimensionSchema>;
export type CountTable = z.infer<typeof countTableSchema>;

/** One additivity equation: the interior cells of a line sum to its total cell. */
export interface Line {
  readonly interior: readonly number[];
  readonly total: number;
}

/** The table with all margins, its shape, values and additivity lines. */
export interface ExtendedTable {
  readonly name: string;
  /** Extended shape: categories + 1 (the total) on each dimension. */
  readonly shape: readonly number[];
  readonly values: readonly number[];
  readonly lines: readonly Line[];
  /** For each cell, the indices of the lines it takes part in (as interior or total). */
  readonly linesOfCell: readonly (readonly number[])[];
  /** Whether a cell is a margin (has a total position on some dimension). */
  readonly isMargin: readonly boolean[];
}

/**
 * Strides for a row-major layout of `shape`.
 *
 * @example
 * stridesOf([3, 4]); // [4, 1]
 */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let k = shape.length - 2; k >= 0; k -= 1) strides[k] = strides[k + 1]! * shape[k + 1]!;
  return strides;
}

/**
 * Coordinates of a flat index in a row-major layout of `shape`.
 *
 * @example
 * coordsOf(5, [3, 4]); // [1, 1]
 */
export function coordsOf(index: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length).fill(0);
  let rest = index;
  for (let k = shape.length - 1; k >= 0; k -= 1) {
    const size = shape[k]!;
    coords[k] = rest % size;
    rest = Math.floor(rest / size);
  }
  return coords;
}

/**
 * Builds the table with every margin and its additivity lines. Throws a ZodError naming the problem
 * when the table is malformed.
 *
 * @example
 * const t = extendTable({ name: 'victims', dimensions: [{ name: 'sex', categories: ['F', 'M'] }], counts: [7, 2] });
 * t.values; // [7, 2, 9]
 */
export function extendTable(input: CountTable): ExtendedTable {
  const table = countTableSchema.parse(input);
  const inner = table.dimensions.map((d) => d.categories.length);
  const shape = inner.map((n) => n + 1);
  const strides = stridesOf(shape);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Array<number>(size).fill(0);
  const isMargin = new Array<boolean>(size).fill(false);

  for (let cell = 0; cell < size; cell += 1) {
    const coords = coordsOf(cell, shape);
    isMargin[cell] = coords.some((c, k) => c === inner[k]);
  }
  // Each interior count adds to every cell that "covers" it: itself and each margin obtained by
  // replacing any subset of its coordinates with the total position.
  for (let i = 0; i < table.counts.length; i += 1) {
    const count = table.counts[i]!;
    if (count === 0) continue;
    const coords = coordsOf(i, inner);
    const dims = coords.length;
    for (let mask = 0; mask < 1 << dims; mask += 1) {
      let cell = 0;
      for (let k = 0; k < dims; k += 1) {
        const c = (mask >> k) & 1 ? inner[k]! : coords[k]!;
        cell += c * strides[k]!;
      }
      values[cell] = values[cell]! + count;
    }
  }

  const lines: Line[] = [];
  const linesOfCell: number[][] = Array.from({ length: size }, () => []);
  for (let k = 0; k < shape.length; k += 1) {
    for (let cell = 0; cell < size; cell += 1) {
      const coords = coordsOf(cell, shape);
      if (coords[k] !== 0) continue; // one line per position of the other dimensions
      const interior: number[] = [];
      for (let c = 0; c < inner[k]!; c += 1) interior.push(cell + c * strides[k]!);
      const total = cell + inner[k]! * strides[k]!;
      const id = lines.length;
      lines.push({ interior, total });
      for (const member of interior) linesOfCell[member]!.push(id);
      linesOfCell[total]!.push(id);
    }
  }
  return { name: table.name, shape, values, lines, linesOfCell, isMargin };
}
