// Crash test: SIGKILL the importer at 20 random moments, re-run after each, and compare the final database
// with one clean run's. PostgreSQL only: an in-memory PGlite cannot be shared with a child process, and
// PGlite on disk is not guaranteed to survive SIGKILL mid-write (see docs/imports.md).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildAgency, buildPartnership } from '../../test/support/factories.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../test/support/db.ts';
import { tempDir, upn, writeFeed } from './fixtures.test-support.ts';

const CHILD = join(import.meta.dirname, 'testdata', 'crash-child.ts');

function files(dir: string): string[] {
  const pupils = ['upn,legal_forename,legal_surname,date_of_birth,sex'];
  const marks = ['urn,upn,date,session,mark'];
  for (let p = 0; p < 120; p++) {
    pupils.push(
      `${p % 17 === 0 ? 'BAD' : upn(p)},Kid${p},Family${p % 30},2011-0${1 + (p % 9)}-1${p % 9},${p % 2 ? 'F' : 'M'}`,
    );
    for (let d = 1; d <= 9; d++) {
      for (const s of ['AM', 'PM']) {
        marks.push(
          `100001,${upn(p)},2024-09-0${d},${s},${(p + d) % 11 === 0 ? 'N' : (p + d) % 29 === 0 ? 'H' : '/'}`,
        );
      }
    }
  }
  return [
    `pupil_roll=${writeFeed(dir, 'pupils', pupils)}`,
    `attendance=${writeFeed(dir, 'attendance', marks)}`,
  ];
}

function runChild(pid: string, jobs: string[], killAfterMs?: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, process.env.__CRASH_URL ?? '', pid, ...jobs],
      { stdio: 'ignore' },
    );
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve(code);
    });
  });
}

async function snapshot(t: TestDatabase): Promise<unknown> {
  const q = async (text: string): Promise<unknown[]> => (await sql.raw(text).execute(t.db)).rows;
  return {
    batches: await q(
      'select feed, status, rows_in, rows_loaded, rows_quarantined, rows_duplicate from import_batch order by feed',
    ),
    marks: await q('select upn || school_urn || week_start || marks as k from attendance_week order by 1'),
    records: await q('select feed, external_key from source_record order by 1, 2'),
    quarantine: await q('select feed, line, issues from import_quarantine order by 1, 2'),
    people: await q('select given_name, family_name, date_of_birth from person order by 1, 2, 3'),
    decisions: await q('select decision, count(*)::int from link_decision group by 1 order by 1'),
    changed: await q('select count(*)::int from import_changed_person'),
  };
}

describe.skipIf(testDatabaseKind !== 'postgres')('import crash safety (PostgreSQL)', () => {
  it('ends in the state of one clean run after 20 SIGKILLs at random points', async () => {
    const dir = tempDir();
    const jobs = files(dir);
    const states: unknown[] = [];
    const kills = fc.sample(fc.integer({ min: 200, max: 2500 }), { numRuns: 20, seed: 6 });
    for (const crash of [false, true]) {
      const t = await createTestDatabase();
      try {
        const pid = await buildPartnership(t.db, { code: 'crash' });
        await buildAgency(t.db, pid, { kind: 'education', code: 'EDU' });
        const u = new URL(process.env.DATABASE_URL!);
        const name = (await sql<{ d: string }>`select current_database() as d`.execute(t.db)).rows[0]!.d;
        u.pathname = `/${name}`;
        process.env.__CRASH_URL = u.toString();
        if (crash) for (const ms of kills) await runChild(pid, jobs, ms);
        expect(await runChild(pid, jobs)).toBe(0);
        states.push(await snapshot(t));
      } finally {
        await t.dispose();
      }
    }
    expect(states[1]).toEqual(states[0]);
  }, 180_000);
});
