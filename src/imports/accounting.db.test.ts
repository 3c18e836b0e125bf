// The accounting identity on generated files: random mixes of valid and invalid rows, odd encodings
// (BOM, CRLF, semicolons, quoted fields) and huge fields. rows in = loaded + quarantined + duplicate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildPartnership } from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { tempDir, upn } from './fixtures.test-support.ts';
import { importFile } from './index.ts';

let t: TestDatabase;
let pid: string;
beforeAll(async () => {
  t = await createTestDatabase();
  pid = await buildPartnership(t.db);
  await buildAgency(t.db, pid, { kind: 'education', code: 'EDU' });
});
afterAll(() => t.dispose());

const row = fc.record({
  pupil: fc.integer({ min: 0, max: 5 }),
  day: fc.integer({ min: 1, max: 3 }),
  session: fc.constantFrom('AM', 'PM', 'XX'),
  mark: fc.constantFrom('/', '\\', 'N', 'H', '', 'C2'),
  badUpn: fc.boolean(),
  huge: fc.boolean(),
});

describe('import accounting', () => {
  it('accounts for every row: rows in = loaded + quarantined + duplicate', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 25 }),
        fc.constantFrom(',', ';'),
        fc.boolean(),
        fc.boolean(),
        async (rows, d, bom, crlf) => {
          const eol = crlf ? '\r\n' : '\n';
          const lines = [['urn', 'upn', 'date', 'session', 'mark'].join(d)];
          for (const r of rows) {
            const u = r.badUpn ? `X${upn(r.pupil).slice(1)}` : upn(r.pupil);
            const urn = r.huge ? `"${'9'.repeat(20_000)}${d}\n"` : '100001';
            lines.push([urn, u, `2024-09-0${r.day}`, r.session, r.mark === '' ? '' : `"${r.mark}"`].join(d));
          }
          const file = join(dir, `f${n++}.csv`);
          writeFileSync(file, `${bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`);
          const s = await importFile(t, { partnershipId: pid, feed: 'attendance', file });
          expect(s.rowsIn).toBe(rows.length);
          expect(s.loaded + s.quarantined + s.duplicate).toBe(s.rowsIn);
          const again = await importFile(t, { partnershipId: pid, feed: 'attendance', file });
          expect(again.alreadyImported).toBe(true);
        },
      ),
      { numRuns: 25, seed: 6 },
    );
  });
});
