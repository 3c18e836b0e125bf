import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeCell, safeRow } from './export-safety.ts';
import { CsvParser, detectDelimiter } from './parse/csv.ts';

function parseAll(text: string, pieces: number): string[][] {
  const p = new CsvParser();
  const out: string[][] = [];
  const size = Math.max(1, Math.ceil(text.length / pieces));
  for (let i = 0; i < text.length; i += size) {
    out.push(...p.push(text.slice(i, i + size)).map((r) => r.fields));
  }
  out.push(...p.push('', true).map((r) => r.fields));
  return out;
}

function toCsv(rows: string[][], d: string): string {
  return rows
    .map((r) => r.map((f) => (/[",\n\r;|\t]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f)).join(d))
    .join('\r\n');
}

describe('CsvParser', () => {
  it('detects the delimiter from the header', () => {
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a\tb')).toBe('\t');
    expect(detectDelimiter('"a|x",b')).toBe(',');
  });

  it('drops a BOM and keeps quoted newlines, doubled quotes and the starting line number', () => {
    const p = new CsvParser();
    const recs = p.push('\uFEFFa,b\n1,"x\ny ""q"""\n2,z', true);
    expect(recs).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x\ny "q"'] },
      { line: 4, fields: ['2', 'z'] },
    ]);
  });

  it('round-trips any table whatever the delimiter and however the text is split', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'é', '"', ',', ';', '\n', '\r\n', ' ', '|', '\t', '='),
      maxLength: 12,
    });
    fc.assert(
      fc.property(
        fc.constantFrom(',', ';', '|', '\t'),
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (d, body, pieces) => {
          const rows = [['h1', 'h2', 'h3'], ...body];
          expect(parseAll(toCsv(rows, d), pieces)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('drain stops before the record its reader refuses and gives it again next time, losing none', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom('a', 'b"c', 'd\ne', ''), { minLength: 2, maxLength: 2 }), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        (body, pieces, answers) => {
          const rows = [['h1', 'h2'], ...body];
          const text = toCsv(rows, ',');
          const p = new CsvParser();
          const got: string[][] = [];
          const lines: number[] = [];
          let k = 0;
          // The reader refuses records now and then; each refused record must come back next.
          const read = (line: number, fields: string[]): boolean => {
            if (answers[k++ % answers.length] === false && k % 3 !== 0) return false;
            got.push(fields);
            lines.push(line);
            return true;
          };
          const size = Math.max(1, Math.ceil(text.length / pieces));
          for (let i = 0; i < text.length; i += size) {
            p.add(text.slice(i, i + size));
            while (!p.drain(read));
          }
          p.add('', true);
          while (!p.drain(read));
          expect(got).toEqual(rows);
          expect(lines).toEqual([...lines].sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('safeCell', () => {
  it('neutralises values a spreadsheet would run as a formula', () => {
    for (const v of ['=1+1', '+44 7700', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil")']) {
      expect(safeCell(v)).toBe(`'${v}`);
    }
  });
  it('leaves other values alone', () => {
    expect(safeRow(['Bloggs', 12, null, 'a=b'])).toEqual(['Bloggs', '12', '', 'a=b']);
  });
  it('never returns a value starting with a formula character', () => {
    fc.assert(fc.property(fc.string(), (s) => !/^[=+\-@\t\r]/.test(safeCell(s))));
  });
});
