// Attendance stored a week to a row must account for marks exactly as one row per mark did: a mark fills
// its session or is a duplicate, whichever file, order, chunking or format brings it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildPartnership } from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { decodeMarks, sessionOf } from './attendance-weeks.ts';
import { tempDir, upn, writeFeed } from './fixtures.test-support.ts';
import { importFile } from './index.ts';

let t: TestDatabase;
const HEADER = 'urn,upn,date,session,mark';

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

async function partnership(): Promise<string> {
  const id = await buildPartnership(t.db);
  await buildAgency(t.db, id, { kind: 'education', code: 'EDUCATION' });
  return id;
}

/** Every stored mark of a partnership as 'urn upn date session code', sorted. */
async function stored(partnershipId: string): Promise<string[]> {
  const rows = await sql<{ urn: string; upn: string; week: string; marks: string }>`
    select school_urn as urn, upn, to_char(week_start, 'YYYY-MM-DD') as week, marks
    from attendance_week where partnership_id = ${partnershipId}`.execute(t.db);
  const out: string[] = [];
  for (const r of rows.rows) {
    decodeMarks(r.marks).forEach((code, slot) => {
      if (code === '') return;
      const s = sessionOf(r.week, slot);
      out.push(`${r.urn} ${r.upn} ${s.date} ${s.session} ${code}`);
    });
  }
  return out.sort();
}

const mark = (p: number, date: string, session: string, code: string, urn = '100001'): string =>
  `${urn},${upn(p)},${date},${session},${code}`;

describe('attendance by week', () => {
  it('adds a daily file to the week of the day before, and counts a repeated day as duplicates', async () => {
    const pid = await partnership();
    const dir = tempDir();
    const monday = [
      HEADER,
      mark(1, '2024-09-02', 'AM', '/'),
      mark(1, '2024-09-02', 'PM', 'N'),
      mark(2, '2024-09-02', 'AM', '/'),
    ];
    const tuesday = [HEADER, mark(1, '2024-09-03', 'AM', 'C2'), mark(2, '2024-09-03', 'PM', '\\')];
    const a = await importFile(t, {
      partnershipId: pid,
      feed: 'attendance',
      file: writeFeed(dir, 'mon', monday),
    });
    expect([a.rowsIn, a.loaded, a.duplicate]).toEqual([3, 3, 0]);
    const b = await importFile(t, {
      partnershipId: pid,
      feed: 'attendance',
      file: writeFeed(dir, 'tue', tuesday),
    });
    expect([b.rowsIn, b.loaded, b.duplicate]).toEqual([2, 2, 0]);
    // Monday again, with one code changed: the first mark stays.
    const again = [
      HEADER,
      mark(1, '2024-09-02', 'AM', 'U'),
      mark(2, '2024-09-02', 'AM', '/'),
      mark(2, '2024-09-02', 'PM', 'O'),
    ];
    const c = await importFile(t, {
      partnershipId: pid,
      feed: 'attendance',
      file: writeFeed(dir, 'mon2', again),
    });
    expect([c.rowsIn, c.loaded, c.duplicate]).toEqual([3, 1, 2]);
    expect(await stored(pid)).toEqual(
      [
        `100001 ${upn(1)} 2024-09-02 AM /`,
        `100001 ${upn(1)} 2024-09-02 PM N`,
        `100001 ${upn(1)} 2024-09-03 AM C2`,
        `100001 ${upn(2)} 2024-09-02 AM /`,
        `100001 ${upn(2)} 2024-09-02 PM O`,
        `100001 ${upn(2)} 2024-09-03 PM \\`,
      ].sort(),
    );
    const weeks = await sql<{
      n: number;
    }>`select count(*)::int as n from attendance_week where partnership_id = ${pid}`.execute(t.db);
    expect(weeks.rows[0]!.n).toBe(2);
  });

  it('keeps a dually registered pupil’s marks from both schools', async () => {
    const pid = await partnership();
    const file = writeFeed(tempDir(), 'dual', [
      HEADER,
      mark(3, '2024-09-04', 'AM', 'D', '100001'),
      mark(3, '2024-09-04', 'AM', '/', '100002'),
      mark(3, '2024-09-04', 'AM', '/', '100002'),
    ]);
    const s = await importFile(t, { partnershipId: pid, feed: 'attendance', file });
    expect([s.loaded, s.duplicate]).toEqual([2, 1]);
    expect(await stored(pid)).toEqual([
      `100001 ${upn(3)} 2024-09-04 AM D`,
      `100002 ${upn(3)} 2024-09-04 AM /`,
    ]);
  });

  it('tells the early-warning engine about pupils given a new absence in an existing week, not the present', async () => {
    const pid = await partnership();
    const dir = tempDir();
    writeFeed(dir, 'education/pupils', [
      'upn,urn,legal_forename,legal_surname,preferred_forename,date_of_birth,sex,ethnicity,sen_provision,address_line1,town,postcode,entry_date',
      `${upn(5)},100001,Cara,Testwood,,2011-03-04,F,WBRI,N,1 Elm Road,Northmoor,NM1 1AA,2016-09-03`,
      `${upn(6)},100001,Dev,Sampleton,,2010-07-12,M,WBRI,N,2 Oak Road,Northmoor,NM1 1AB,2015-09-03`,
    ]);
    await importFile(t, { partnershipId: pid, feed: 'pupil_roll', file: join(dir, 'education/pupils.csv') });
    const mon = [HEADER, mark(5, '2024-09-02', 'AM', '/'), mark(6, '2024-09-02', 'AM', '/')];
    const first = await importFile(t, {
      partnershipId: pid,
      feed: 'attendance',
      file: writeFeed(dir, 'm', mon),
    });
    expect(first.changedPeople).toEqual([]);
    const tue = [HEADER, mark(5, '2024-09-03', 'AM', 'N'), mark(6, '2024-09-03', 'AM', 'L')];
    const second = await importFile(t, {
      partnershipId: pid,
      feed: 'attendance',
      file: writeFeed(dir, 't', tue),
    });
    const cara = await sql<{ id: string }>`select person_id as id from person_identifier
      where partnership_id = ${pid} and scheme = 'upn' and value = ${upn(5)}`.execute(t.db);
    expect(second.changedPeople).toEqual([cara.rows[0]!.id]);
  });

  it('stores the first mark of every session, whatever the files, their order, chunking and format', async () => {
    const days = ['2024-09-05', '2024-09-06', '2024-09-09', '2024-09-10', '2024-09-16'];
    const markArb = fc.record({
      p: fc.integer({ min: 0, max: 3 }),
      day: fc.constantFrom(...days),
      session: fc.constantFrom('AM', 'PM'),
      code: fc.constantFrom('/', '\\', 'N', 'C1', 'L', 'U'),
      urn: fc.constantFrom('100001', '100002'),
    });
    const fileArb = fc.record({
      marks: fc.array(markArb, { maxLength: 40 }),
      jsonl: fc.boolean(),
      chunkSize: fc.integer({ min: 1, max: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fileArb, { minLength: 1, maxLength: 3 }), async (files) => {
        const pid = await partnership();
        const dir = tempDir();
        const expected = new Map<string, string>();
        let n = 0;
        for (const f of files) {
          let file: string;
          if (f.jsonl) {
            file = join(dir, `f${n++}.jsonl`);
            const lines = f.marks.map((m) =>
              JSON.stringify({ urn: m.urn, upn: upn(m.p), date: m.day, session: m.session, mark: m.code }),
            );
            writeFileSync(file, `${lines.join('\n')}\n`);
          } else {
            file = writeFeed(dir, `f${n++}`, [
              HEADER,
              ...f.marks.map((m) => mark(m.p, m.day, m.session, m.code, m.urn)),
            ]);
          }
          let fresh = 0;
          for (const m of f.marks) {
            const key = `${m.urn} ${upn(m.p)} ${m.day} ${m.session}`;
            if (!expected.has(key)) {
              expected.set(key, m.code);
              fresh++;
            }
          }
          const s = await importFile(t, {
            partnershipId: pid,
            feed: 'attendance',
            file,
            chunkSize: f.chunkSize,
          });
          if (s.alreadyImported) continue; // the same bytes as an earlier file: nothing is read again
          expect([s.rowsIn, s.loaded, s.duplicate, s.quarantined]).toEqual([
            f.marks.length,
            fresh,
            f.marks.length - fresh,
            0,
          ]);
        }
        expect(await stored(pid)).toEqual([...expected].map(([k, code]) => `${k} ${code}`).sort());
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
