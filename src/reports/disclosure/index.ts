export {
  countTableSchema,
  extendTable,
  type CountTable,
  type Dimension,
  type ExtendedTable,
} from './table.ts';
export {
  disclosureOptionsSchema,
  parseDisclosureOptions,
  type DisclosureOptions,
  type DisclosureOptionsInput,
} from './options.ts';
export { suppress, primarySuppression, hiddenLowerBound, type CellStatus } from './suppress.ts';
export { feasibleRanges, type CellRange } from './ranges.ts';
export {
  protectTable,
  protectTables,
  roundToBase,
  toGrid,
  type PublishedCell,
  type PublishedTable,
} from './protect.ts';
