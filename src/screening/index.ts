// Public surface of the screening module: the shipped instruments, the pure scorer, the screening table
// and its pages.
export * from './tools/index.ts';
export * from './engine/index.ts';
export {
  LEVEL_LABEL,
  LEVEL_TAG,
  withScreeningTables,
  type ScreeningTable,
  type ScreeningTables,
  type StoredAnswer,
} from './screening.tables.ts';
export { registerScreeningRoutes, parseScreeningForm } from './screening.routes.ts';
export { createScreeningService, type ScreeningService, type OverdueReview } from './screening.service.ts';
