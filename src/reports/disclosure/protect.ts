/**
 * The public face of disclosure control: count tables in, publishable tables out.
 */
import { parseDisclosureOptions, type DisclosureOptions, type DisclosureOptionsInput } from './options.ts';
import { suppress, type CellStatus } from './suppress.ts';
import { coordsOf, extendTable, type CountTable, type ExtendedTable } from './table.ts';

export interface PublishedCell {
  /** Category label on each dimension; the total position uses the total label. */
  readonly labels: readonly string[];
  /** The published number (rounded when configured), or null when suppressed. */
  readonly value: number | null;
  /** What to print: the number, or the suppression symbol. */
  readonly display: string;
  readonly status: CellStatus;
  readonly isMargin: boolean;
}

export interface PublishedTable {
  readonly name: string;
  readonly dimensions: readonly { readonly name: string; readonly labels: readonly string[] }[];
  /** Extended shape (categories + total on each dimension); cells are row-major over it. */
  readonly shape: readonly number[];
  readonly cells: readonly PublishedCell[];
  readonly summary: {
    readonly cells: number;
    readonly primary: number;
    readonly secondary: number;
    /** Sum of the values hidden by secondary suppression: the information given up to protect. */
    readonly secondaryValueHidden: number;
    readonly roundingBase: number | null;
  };
}

/**
 * Rounds a count to the nearest multiple of `base` (halves round up), the same rule for every cell.
 *
 * @example
 * roundToBase(7, 5); // 5
 * roundToBase(8, 5); // 10
 */
export function roundToBase(value: number, base: number): number {
  return Math.floor(value / base + 0.5) * base;
}

function publish(
  table: CountTable,
  ext: ExtendedTable,
  status: readonly CellStatus[],
  options: DisclosureOptions,
): PublishedTable {
  const labels = table.dimensions.map((d) => [...d.categories, options.totalLabel]);
  const base = options.roundingBase ?? null;
  let secondaryValueHidden = 0;
  const cells = ext.values.map((raw, cell): PublishedCell => {
    const s = status[cell]!;
    const coords = coordsOf(cell, ext.shape);
    const cellLabels = coords.map((c, k) => labels[k]![c]!);
    if (s === 'secondary') secondaryValueHidden += raw;
    if (s !== 'published') {
      return {
        labels: cellLabels,
        value: null,
        display: options.symbol,
        status: s,
        isMargin: ext.isMargin[cell]!,
      };
    }
    const value = base === null ? raw : roundToBase(raw, base);
    return { labels: cellLabels, value, display: String(value), status: s, isMargin: ext.isMargin[cell]! };
  });
  return {
    name: table.name,
    dimensions: table.dimensions.map((d, k) => ({ name: d.name, labels: labels[k]! })),
    shape: ext.shape,
    cells,
    summary: {
      cells: cells.length,
      primary: status.filter((s) => s === 'primary').length,
      secondary: status.filter((s) => s === 'secondary').length,
      secondaryValueHidden,
      roundingBase: base,
    },
  };
}

/**
 * Protects one count table: computes every margin, applies primary and secondary suppression so no
 * hidden cell can be recovered from what is published, then rounds when configured.
 *
 * @example
 * const out = protectTable({
 *   name: 'Victims by sex and age band',
 *   dimensions: [
 *     { name: 'sex', categories: ['Female', 'Male'] },
 *     { name: 'age band', categories: ['10-12', '13-15', '16-17'] },
 *   ],
 *   counts: [3, 40, 22, 1, 12, 9],
 * });
 * out.cells[0]?.display; // 'c'
 */
export function protectTable(table: CountTable, optionsInput: DisclosureOptionsInput = {}): PublishedTable {
  const options = parseDisclosureOptions(optionsInput);
  const ext = extendTable(table);
  const { status } = suppress(ext, options);
  return publish(table, ext, status, options);
}

/**
 * Protects each table of a return with the same options. Tables are protected independently; tables
 * sharing margins (the same victims counted by sex and by age) should be published with those
 * shared margins equal, which independent protection keeps consistent because margins are computed
 * from the same counts.
 *
 * @example
 * protectTables([tableA, tableB], { roundingBase: 5 });
 */
export function protectTables(
  tables: readonly CountTable[],
  optionsInput: DisclosureOptionsInput = {},
): PublishedTable[] {
  const options = parseDisclosureOptions(optionsInput);
  return tables.map((t) => protectTable(t, options));
}

/**
 * A 2-D published table as a grid of strings with a header row and a label column, for CSV, XLSX
 * and HTML renderers.
 *
 * @example
 * toGrid(protectTable(t)); // [['sex', '10-12', ..., 'Total'], ['Female', 'c', '40', ...], ...]
 */
export function toGrid(published: PublishedTable): string[][] {
  if (published.shape.length !== 2) throw new Error('toGrid needs a two-dimensional table');
  const [rows, cols] = published.dimensions;
  const header = [rows!.name, ...cols!.labels];
  const grid = [header];
  for (let r = 0; r < published.shape[0]!; r += 1) {
    const line = [rows!.labels[r]!];
    for (let c = 0; c < published.shape[1]!; c += 1) {
      line.push(published.cells[r * published.shape[1]! + c]!.display);
    }
    grid.push(line);
  }
  return grid;
}
