/**
 * Reports pages: the partnership dashboard, the CSE return (with CSV, XLSX, PDF and JSON downloads)
 * and data quality. Partnership analysts and coordinators (aggregate.read) see aggregates after
 * disclosure control, never a person; an agency's data-protection lead also sees its own records to
 * fix. Each route: sign-in → zod period → one service call (audited) → render or download.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, canInPartnership, requireSignIn } from '../access/index.ts';
import { notFound } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import { chartSvg } from './charts.ts';
import { EXPORT_FORMATS, gridOf, renderExport } from './exports.ts';
import type { Period } from './facts.ts';
import {
  agencyRecordsToFix,
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
  const guard = (request: FastifyRequest): void => {
    if (!canInPartnership(actorOf(request), 'aggregate.read')) throw notFound('page');
  };
  const page = (name: ReportName, path: string) =>
    app.get(
      path,
      { schema: { querystring: PeriodQuery, hide: true }, preHandler: requireSignIn },
      async (request, reply) => {
        guard(request);
        const actor = actorOf(request);
        const period = periodOf(request.query, deps.clock.now());
        const report = await produceReport(db, deps.clock, actor.partnershipId, name, period, 'html');
        const fix =
          name === 'data-quality' && actor.dataProtectionLead
            ? await agencyRecordsToFix(db, deps.clock, actor.partnershipId, actor.agencyId, period)
            : undefined;
        return reply.page('reports/views/report.njk', {
          pageTitle: report.title,
          path,
          period,
          fix,
          ...view(report),
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
      guard(request);
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
}
