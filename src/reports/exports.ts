/**
 * Exports of a published report (never raw counts): CSV, XLSX, PDF and JSON. Every text cell passes
 * through the formula-injection guard; suppressed cells show the disclosure symbol.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { safeCell, safeRow } from '../imports/index.ts';
import type { PublishedTable } from './disclosure/index.ts';
import type { PublishedReport } from './reports.service.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * A published table as rows: a header, then one row per cell position of the first dimension (1-D and
 * 2-D tables; higher dimensions are flattened to one row per cell).
 *
 * @example
 * gridOf(report.sections[0].published);
 */
export function gridOf(t: PublishedTable): string[][] {
  if (t.dimensions.length === 1) {
    return [[t.dimensions[0]!.name, 'Count'], ...t.cells.map((c) => [c.labels[0]!, c.display])];
  }
  if (t.dimensions.length === 2) {
    const cols = t.shape[1]!;
    const out = [[t.dimensions[0]!.name, ...t.dimensions[1]!.labels]];
    for (let r = 0; r < t.shape[0]!; r += 1) {
      out.push([
        t.dimensions[0]!.labels[r]!,
        ...t.cells.slice(r * cols, r * cols + cols).map((c) => c.display),
      ]);
    }
    return out;
  }
  return [[...t.dimensions.map((d) => d.name), 'Count'], ...t.cells.map((c) => [...c.labels, c.display])];
}

function header(report: PublishedReport): string[] {
  return [
    report.title,
    `Period ${report.period.from} to ${report.period.to}`,
    `Counts from 1 to ${report.disclosure.threshold} are shown as "c", with further cells hidden so they cannot be worked out from totals.`,
  ];
}

/** CSV: one block per table. @example toCsv(report) */
export function toCsv(report: PublishedReport): string {
  const rows: string[][] = header(report).map((h) => [h]);
  for (const s of report.sections) {
    rows.push([], [s.spec.title], [`Counts: ${s.spec.counts}`], ...gridOf(s.published));
  }
  return stringify(rows.map((r) => safeRow(r)));
}

/** XLSX: a cover sheet and one sheet per table. @example await toXlsx(report) */
export async function toXlsx(report: PublishedReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sightline';
  const cover = wb.addWorksheet('Cover');
  for (const line of header(report)) cover.addRow([safeCell(line)]);
  cover.addRow([]);
  cover.addRow(['Sheet', 'Table', 'What is counted']);
  report.sections.forEach((s, i) => {
    const name = `T${i + 1}`;
    cover.addRow([name, safeCell(s.spec.title), safeCell(s.spec.counts)]);
    const ws = wb.addWorksheet(name);
    ws.addRow([safeCell(s.spec.title)]).font = { bold: true };
    ws.addRow([safeCell(`Counts: ${s.spec.counts}`)]);
    const grid = gridOf(s.published);
    grid.forEach((row, r) => {
      const added = ws.addRow(
        row.map((cell, c) => (r > 0 && c > 0 && /^\d+$/.test(cell) ? Number(cell) : safeCell(cell))),
      );
      if (r === 0) added.font = { bold: true };
    });
    ws.getColumn(1).width = 34;
  });
  cover.getColumn(2).width = 48;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** PDF: the report's tables as simple grids, A4 portrait. @example await toPdf(report) */
export async function toPdf(report: PublishedReport): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: report.title, Author: 'Sightline' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(18).text(report.title);
  doc.font('Helvetica').fontSize(10);
  for (const line of header(report).slice(1)) doc.text(line);
  const width = doc.page.width - 96;
  for (const s of report.sections) {
    const grid = gridOf(s.published);
    if (doc.y + 40 + grid.length * 14 > doc.page.height - 48) doc.addPage();
    doc.moveDown().font('Helvetica-Bold').fontSize(12).text(s.spec.title, 48);
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#505a5f')
      .text(`Counts: ${s.spec.counts}`, 48)
      .fillColor('#0b0c0c');
    const cols = grid[0]!.length;
    const first = Math.min(170, width / 2);
    const other = (width - first) / Math.max(1, cols - 1);
    for (const [r, row] of grid.entries()) {
      if (doc.y > doc.page.height - 60) doc.addPage();
      const y = doc.y + 2;
      doc.font(r === 0 ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
      row.forEach((cell, c) => {
        const x = c === 0 ? 48 : 48 + first + (c - 1) * other;
        doc.text(cell, x, y, {
          width: c === 0 ? first - 4 : other - 4,
          align: c === 0 ? 'left' : 'right',
          lineBreak: false,
        });
      });
      doc
        .moveTo(48, y + 11)
        .lineTo(48 + width, y + 11)
        .lineWidth(0.3)
        .strokeColor('#b1b4b6')
        .stroke();
      doc.y = y + 12;
      doc.x = 48;
    }
  }
  doc.end();
  return done;
}

/** JSON: the published cells only. @example toJson(report) */
export function toJson(report: PublishedReport): string {
  return JSON.stringify(
    {
      report: report.name,
      title: report.title,
      period: report.period,
      disclosure: report.disclosure,
      tables: report.sections.map((s) => ({
        id: s.spec.id,
        title: s.spec.title,
        counts: s.spec.counts,
        dimensions: s.published.dimensions,
        cells: s.published.cells.map((c) => ({ labels: c.labels, value: c.value, display: c.display })),
      })),
      pending: report.pending,
    },
    null,
    2,
  );
}

/**
 * Renders a report in a format.
 *
 * @example
 * const { body, contentType } = await renderExport(report, 'xlsx');
 */
export async function renderExport(
  report: PublishedReport,
  format: ExportFormat,
): Promise<{ body: Buffer | string; contentType: string; extension: string }> {
  switch (format) {
    case 'csv':
      return { body: toCsv(report), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
    case 'xlsx':
      return {
        body: await toXlsx(report),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extension: 'xlsx',
      };
    case 'pdf':
      return { body: await toPdf(report), contentType: 'application/pdf', extension: 'pdf' };
    case 'json':
      return { body: toJson(report), contentType: 'application/json', extension: 'json' };
  }
}
