/**
 * Reports pages: the partnership dashboard, the CSE return (with CSV, XLSX, PDF and JSON downloads)
 * and data quality. Partnership analysts and coordinators (report.view, report.export) see aggregates
 * after disclosure control, never a person; an agency's data-protection lead (report.records_to_fix)
 * sees its own records to fix on the data-quality page; the partnership analyst alone takes the
 * pseudonymised extract (report.extract). Each route: sign-in → policy → zod period → one service call
 * (audited) → render or download.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, canInPartnership, requireSignIn, type Action } from '../access/index.ts';
import { AppError, notFound } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import { chartSvg } from './charts.ts';
import { EXPORT_FORMATS, gridOf, renderExport } from './exports.ts';
import type { Period } from './facts.ts';
import {
  agencyRecordsToFix,
  produceExtract,
  produceReport,
  type PublishedReport,
  type ReportName,
} from './reports.service.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PeriodQuery = z.object({
  from: z.string().regex(DATE).optional(),
  to: z.string().regex(DATE).optional(),
});
const ExportQuery = PeriodQuery.extend({ format: z.enum(EXPORT_FORMATS).default('csv') });

/** The default period: the twelve months to today. */
function periodOf(q: z.infer<typeof PeriodQuery>, now: Date): Period {
  const to = q.to ?? now.toISOString().slice(0, 10);
  const start = new Date(`${to}T00:00:00Z`);
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  start.setUTCDate(start.getUTCDate() + 1);
  const from = q.from ?? start.toISOString().slice(0, 10);
  return from <= to ? { from, to } : { from: to, to: from };
}

function view(report: PublishedReport): Record<string, unknown> {
  const sections = new Map<string, unknown[]>();
  report.sections.forEach((s, i) => {
    const grid = gridOf(s.published);
    const list = sections.get(s.spec.section) ?? [];
    list.push({
      id: `t${i + 1}`,
      title: s.spec.title,
      counts: s.spec.counts,
      svg: chartSvg(`chart-${i + 1}`, s.published, s.spec.chart, s.spec.title),
      head: grid[0],
      rows: grid.slice(1),
    });
    sections.set(s.spec.section, list);
  });
  return { report, sections: [...sections.entries()].map(([title, tables]) => ({ title, tables })) };
}

export function registerReportRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const guard = (request: FastifyRequest, ...actions: Action[]): void => {
    if (!actions.some((a) => canInPartnership(actorOf(request), a))) throw notFound('page');
  };
  const page = (name: ReportName, path: string) =>
    app.get(
      path,
      { schema: { querystring: PeriodQuery, hide: true }, preHandler: requireSignIn },
      async (request, reply) => {
        const fixes = name === 'data-quality' ? (['report.records_to_fix'] as const) : [];
        guard(request, 'report.view', ...fixes);
        const actor = actorOf(request);
        const period = periodOf(request.query, deps.clock.now());
        const report = canInPartnership(actor, 'report.view')
          ? await produceReport(db, deps.clock, actor.partnershipId, name, period, 'html')
          : undefined;
        const fix =
          name === 'data-quality' && canInPartnership(actor, 'report.records_to_fix')
            ? await agencyRecordsToFix(db, deps.clock, actor.partnershipId, actor.agencyId, period)
            : undefined;
        return reply.page('reports/views/report.njk', {
          pageTitle: report?.title ?? "Your agency's records to fix",
          path,
          period,
          fix,
          ...(report === undefined ? {} : view(report)),
        });
      },
    );
  page('dashboard', '/reports/dashboard');
  page('cse-return', '/reports/return');
  page('data-quality', '/reports/data-quality');

  app.get(
    '/reports/return/download',
    { schema: { querystring: ExportQuery, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      guard(request, 'report.export');
      const actor = actorOf(request);
      const period = periodOf(request.query, deps.clock.now());
      const report = await produceReport(
        db,
        deps.clock,
        actor.partnershipId,
        'cse-return',
        period,
        request.query.format,
      );
      const out = await renderExport(report, request.query.format);
      return reply
        .header('content-type', out.contentType)
        .header(
          'content-disposition',
          `attachment; filename="cse-return-${period.from}-${period.to}.${out.extension}"`,
        )
        .send(out.body);
    },
  );

  app.get(
    '/reports/extract/download',
    { schema: { querystring: PeriodQuery, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      guard(request, 'report.extract');
      const key = deps.config.pseudonymKey;
      if (key === undefined || key.length < 32) {
        throw new AppError('conflict', 'The pseudonymised extract is not configured on this server');
      }
      const actor = actorOf(request);
      const period = periodOf(request.query, deps.clock.now());
      const csv = await produceExtract(db, deps.clock, actor.partnershipId, period, key);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cse-extract-${period.from}-${period.to}.csv"`)
        .send(csv);
    },
  );
}
