// Migration 0013 moves marks stored one row per mark into week rows without losing or changing any.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR, openDatabase, type DatabaseHandle } from '../platform/database/index.ts';
import { decodeMarks, sessionOf } from './attendance-weeks.ts';

const handles: DatabaseHandle[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const h of handles) await h.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('migration 0013_store_attendance_by_week', () => {
  it('turns every stored mark into its week row’s slot, per pupil, school and week', async () => {
    const before = mkdtempSync(join(tmpdir(), 'sightline-migrations-'));
    dirs.push(before);
    for (const f of readdirSync(MIGRATIONS_DIR).filter((n) => n < '0013')) {
      cpSync(join(MIGRATIONS_DIR, f), join(before, f));
    }
    const h = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    handles.push(h);
    await migrate(h.db, before);
    const pid = '00000000-0000-4000-8000-000000000001';
    const aid = '00000000-0000-4000-8000-000000000002';
    const marks = [
      ['P1', '2024-09-02', 'AM', '/', '100001'],
      ['P1', '2024-09-02', 'PM', 'C1', '100001'],
      ['P1', '2024-09-06', 'PM', '\\', '100001'],
      ['P1', '2024-09-08', 'PM', 'N', '100001'],
      ['P1', '2024-09-09', 'AM', 'U', '100001'],
      ['P1', '2024-09-03', 'AM', 'D', '100002'],
      ['P2', '2024-09-04', 'AM', '#', '100001'],
    ] as const;
    for (const [upn, date, session, code, urn] of marks) {
      await sql`insert into attendance_mark (partnership_id, upn, mark_date, session, code, school_urn, agency_id)
        values (${pid}, ${upn}, ${date}, ${session}, ${code}, ${urn}, ${aid})`.execute(h.db);
    }
    await migrate(h.db);
    const rows = await sql<{ upn: string; urn: string; week: string; marks: string; agency_id: string }>`
      select upn, school_urn as urn, to_char(week_start, 'YYYY-MM-DD') as week, marks, agency_id
      from attendance_week order by 1, 2, 3`.execute(h.db);
    expect(rows.rows.map((r) => `${r.upn} ${r.urn} ${r.week}`)).toEqual([
      'P1 100001 2024-09-02',
      'P1 100001 2024-09-09',
      'P1 100002 2024-09-02',
      'P2 100001 2024-09-02',
    ]);
    const back = rows.rows.flatMap((r) =>
      decodeMarks(r.marks).flatMap((code, slot) => {
        if (code === '') return [];
        const s = sessionOf(r.week, slot);
        return [[r.upn, s.date, s.session, code, r.urn].join(' ')];
      }),
    );
    expect(back.sort()).toEqual(marks.map((m) => m.join(' ')).sort());
    expect(new Set(rows.rows.map((r) => r.agency_id))).toEqual(new Set([aid]));
    const gone = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
      where table_name = 'attendance_mark'`.execute(h.db);
    expect(gone.rows[0]!.n).toBe(0);
  });
});
