/**
 * The reports service: loads the facts of a period, builds the tables, passes every published cell
 * through disclosure control, and writes an audit event saying what was produced or exported, in the
 * same transaction. Callers check the access policy first (routes) or run as the operator (CLI).
 */
import { writeAudit } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import { inTransaction, type Db } from '../platform/database/index.ts';
import { buildCohorts } from './cohorts.ts';
import { dataQualityTables, recordsToFix, type RecordToFix } from './data-quality.ts';
import { protectTable, type DisclosureOptionsInput, type PublishedTable } from './disclosure/index.ts';
import { loadReportFacts, type Period, type ReportFacts } from './facts.ts';
import { extractCsv } from './pseudonymise.ts';
import { dashboardTables, returnTables, type PendingSection, type ReportTable } from './tables.ts';

export const REPORT_NAMES = ['dashboard', 'cse-return', 'data-quality'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export interface PublishedSection {
  readonly spec: ReportTable;
  readonly published: PublishedTable;
}

export interface PublishedReport {
  readonly name: ReportName;
  readonly title: string;
  readonly period: Period;
  readonly sections: readonly PublishedSection[];
  readonly pending: readonly PendingSection[];
  readonly disclosure: { readonly threshold: number; readonly cellsSuppressed: number };
}

const TITLES: Record<ReportName, string> = {
  dashboard: 'Partnership dashboard',
  'cse-return': 'CSE partnership return',
  'data-quality': 'Data quality',
};

/**
 * Builds the raw (unprotected) tables of a report from facts. Pure; the partnership analyst's own
 * screen never shows these: everything published goes through `publishReport`.
 *
 * @example
 * const { tables } = reportTables('cse-return', facts);
 */
export function reportTables(
  name: ReportName,
  facts: ReportFacts,
): { tables: ReportTable[]; pending: PendingSection[] } {
  const cohorts = buildCohorts(facts);
  if (name === 'dashboard') return dashboardTables(facts, cohorts);
  if (name === 'data-quality') return { tables: dataQualityTables(facts, cohorts), pending: [] };
  return { tables: returnTables(facts, cohorts), pending: [] };
}

/**
 * Applies disclosure control to every table of a report.
 *
 * @example
 * const report = publishReport('cse-return', facts);
 */
export function publishReport(
  name: ReportName,
  facts: ReportFacts,
  options: DisclosureOptionsInput = {},
): PublishedReport {
  const { tables, pending } = reportTables(name, facts);
  const sections = tables.map((spec) => ({ spec, published: protectTable(spec.table, options) }));
  return {
    name,
    title: TITLES[name],
    period: facts.period,
    sections,
    pending,
    disclosure: {
      threshold: options.threshold ?? 5,
      cellsSuppressed: sections.reduce(
        (n, s) => n + s.published.summary.primary + s.published.summary.secondary,
        0,
      ),
    },
  };
}

/**
 * Produces a published report and audits it (what, which period, which format) in one transaction.
 *
 * @example
 * const report = await produceReport(db, clock, partnershipId, 'dashboard', period, 'html');
 */
export async function produceReport(
  db: Db,
  clock: Clock,
  partnershipId: string,
  name: ReportName,
  period: Period,
  format: string,
  options: DisclosureOptionsInput = {},
): Promise<PublishedReport> {
  return inTransaction(db, async (tx) => {
    const facts = await loadReportFacts(tx, partnershipId, period);
    const report = publishReport(name, facts, options);
    await writeAudit(tx, clock.now(), {
      action: format === 'html' ? 'report.view' : 'report.export',
      subjectType: 'aggregate',
      partnershipId,
      details: {
        report: name,
        from: period.from,
        to: period.to,
        format,
        tables: report.sections.map((s) => s.spec.id),
        cellsSuppressed: report.disclosure.cellsSuppressed,
      },
    });
    return report;
  });
}

/**
 * The records one agency should fix, for its own lead: only that agency's records, audited with the
 * record ids disclosed.
 *
 * @example
 * const rows = await agencyRecordsToFix(db, clock, actor.partnershipId, actor.agencyId, period);
 */
export async function agencyRecordsToFix(
  db: Db,
  clock: Clock,
  partnershipId: string,
  agencyId: string,
  period: Period,
): Promise<RecordToFix[]> {
  return inTransaction(db, async (tx) => {
    const facts = await loadReportFacts(tx, partnershipId, period);
    const rows = recordsToFix(facts, agencyId);
    await writeAudit(tx, clock.now(), {
      action: 'report.records_to_fix',
      subjectType: 'event',
      subjectIds: rows.map((r) => r.eventId),
      partnershipId,
      details: { agencyId, from: period.from, to: period.to, records: rows.length },
    });
    return rows;
  });
}

/**
 * The pseudonymised record-level extract (CSV) of a period, audited as `report.extract` with the number
 * of rows. Throws, before reading anything, when the key is missing or shorter than 32 characters.
 *
 * @example
 * const csv = await produceExtract(db, clock, partnershipId, period, config.pseudonymKey);
 */
export async function produceExtract(
  db: Db,
  clock: Clock,
  partnershipId: string,
  period: Period,
  key: string | undefined,
): Promise<string> {
  if (key === undefined || key.length < 32) {
    throw new Error('the extract needs SIGHTLINE_PSEUDONYM_KEY (32+ characters, e.g. openssl rand -hex 32)');
  }
  return inTransaction(db, async (tx) => {
    const facts = await loadReportFacts(tx, partnershipId, period);
    const csv = extractCsv(facts, key);
    await writeAudit(tx, clock.now(), {
      action: 'report.extract',
      subjectType: 'aggregate',
      partnershipId,
      details: {
        report: 'extract',
        from: period.from,
        to: period.to,
        rows: csv.trimEnd().split('\n').length - 1,
      },
    });
    return csv;
  });
}
