// Feed alignment: a small simulated partnership (src/simulate) goes through importDirectory end to end;
// every feed imports, every batch accounts for its rows, and nothing valid is quarantined.
import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildPartnership } from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { simulate } from '../simulate/index.ts';
import { MARKS_STORED_SQL, tempDir } from './fixtures.test-support.ts';
import { FEEDS, importDirectory } from './index.ts';

let t: TestDatabase;
let partnershipId: string;
const dir = tempDir();

beforeAll(async () => {
  t = await createTestDatabase();
  partnershipId = await buildPartnership(t.db, { code: 'sim' });
  for (const kind of [
    'education',
    'police',
    'social_care',
    'health',
    'youth_offending',
    'voluntary',
  ] as const) {
    await buildAgency(t.db, partnershipId, { kind, code: kind.toUpperCase() });
  }
  simulate({ seed: 3, out: dir, profile: 'small', children: 300, months: 2 });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.dispose();
});

describe('simulated partnership through the import pipeline', () => {
  it('imports every feed with rows in = loaded + quarantined + duplicate and no quarantine', async () => {
    const batches = await importDirectory(t, partnershipId, dir);
    const csvFeeds = FEEDS.filter((f) => f.name !== 'cin_census').map((f) => f.name);
    expect(new Set(batches.map((b) => b.feed))).toEqual(new Set(csvFeeds));
    for (const b of batches) {
      expect(b.status, b.feed).toBe('completed');
      expect(b.rowsIn, b.feed).toBe(b.loaded + b.quarantined + b.duplicate);
      expect(b.quarantined, `${b.feed} quarantined`).toBe(0);
    }
    const marks = await sql.raw<{ n: number }>(MARKS_STORED_SQL).execute(t.db);
    expect(marks.rows[0]!.n).toBe(batches.find((b) => b.feed === 'attendance')!.loaded);
    const again = await importDirectory(t, partnershipId, dir);
    expect(again.every((b) => b.alreadyImported)).toBe(true);
  }, 120_000);
});
