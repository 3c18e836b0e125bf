// Public surface of the reports module. Disclosure control is the pure engine everything that
// leaves the partnership analyst's screen goes through.
export * from './disclosure/index.ts';
// Reporting services: facts, the dashboard, the CSE return, data quality, exports, the extract.
export { loadReportFacts, nextDay, type Period, type ReportFacts } from './facts.ts';
export {
  REPORT_NAMES,
  agencyRecordsToFix,
  produceExtract,
  produceReport,
  publishReport,
  reportTables,
  type PublishedReport,
  type ReportName,
} from './reports.service.ts';
export { EXPORT_FORMATS, renderExport, type ExportFormat } from './exports.ts';
export { extractCsv, pseudonym, pseudonymisedExtract } from './pseudonymise.ts';
export { registerReportRoutes } from './reports.routes.ts';
