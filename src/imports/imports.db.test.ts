import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildPartnership } from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { MARKS_STORED_SQL, tempDir, upn, writeFeed, writePartnership } from './fixtures.test-support.ts';
import { DEFAULT_THRESHOLDS } from '../linkage/index.ts';
import { importDirectory, importFile, listQuarantine, resubmitQuarantine } from './index.ts';

let t: TestDatabase;
let partnershipId: string;
const kinds = ['education', 'police', 'social_care', 'health', 'youth_offending', 'voluntary'] as const;

beforeAll(async () => {
  t = await createTestDatabase();
  partnershipId = await buildPartnership(t.db);
  for (const kind of kinds) await buildAgency(t.db, partnershipId, { kind, code: kind.toUpperCase() });
});
afterAll(() => t.dispose());

async function count(table: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db);
  return r.rows[0]!.n;
}

describe('importDirectory', () => {
  it('loads every feed of a partnership folder into people, typed events, marks and objects', async () => {
    const dir = writePartnership(tempDir());
    const batches = await importDirectory(t, partnershipId, dir);
    for (const b of batches) {
      expect(b.rowsIn, b.feed).toBe(b.loaded + b.quarantined + b.duplicate);
      expect(b.quarantined, `${b.feed} quarantined`).toBe(0);
    }
    expect(batches.map((b) => b.feed)).toContain('police_parties');
    expect((await sql.raw<{ n: number }>(MARKS_STORED_SQL).execute(t.db)).rows[0]!.n).toBe(4);
    const types = await sql<{ type: string }>`select distinct type from event order by type`.execute(t.db);
    expect(types.rows.map((r) => r.type)).toEqual([
      'assessment',
      'crime',
      'ed_attendance',
      'found_in_company',
      'intelligence',
      'missing_episode',
      'missing_from_care',
      'placement_change',
      'police_incident',
      'referral',
      'sexual_health_attendance',
      'status_change',
      'suspension',
      'voluntary_referral',
      'yot_referral',
    ]);
    // Amy appears in education, police, social care and health: one person through shared identifiers.
    const amy = await sql<{
      n: number;
    }>`select count(distinct person_id)::int as n from person_identifier where value = ${upn(1)}`.execute(
      t.db,
    );
    expect(amy.rows[0]!.n).toBe(1);
    const stop = await sql<{
      roles: string[];
    }>`select array_agg(p.role order by p.role) as roles from event e join event_party p on p.event_id = e.id where e.type = 'found_in_company'`.execute(
      t.db,
    );
    expect(stop.rows[0]!.roles).toEqual(['subject', 'suspect']);
    const objects = await sql<{ n: number }>`select count(*)::int as n from event_object`.execute(t.db);
    expect(objects.rows[0]!.n).toBe(3);
    // "Aimee Testwood" (voluntary, no identifier) is scored by the linkage engine against Amy Testwood:
    // linked or queued for review with Amy as the candidate, never a stranger, with the engine's explanation.
    const aimee = await sql<{
      decision: string;
      person_id: string;
      candidate_person_id: string | null;
      score: number;
      explanation: { rule: string; engine?: { matchProbability: number } };
    }>`select d.decision, d.person_id, d.candidate_person_id, d.score, d.explanation from link_decision d
        join source_record s on s.id = d.source_record_id where s.feed = 'voluntary_referrals'`.execute(t.db);
    const amyId = (
      await sql<{
        id: string;
      }>`select person_id as id from person_identifier where value = ${upn(1)}`.execute(t.db)
    ).rows[0]!.id;
    const d = aimee.rows[0]!;
    expect(d.decision === 'auto' ? d.person_id : d.candidate_person_id).toBe(amyId);
    expect(d.explanation.rule).toBe('linkage');
    expect(d.explanation.engine?.matchProbability).toBeCloseTo(d.score);
    expect(d.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.review);
    const attendance = batches.find((b) => b.feed === 'attendance')!;
    expect(attendance.changedPeople.length).toBe(1); // only Amy had an absence mark
  });

  it('adds nothing when the same folder is imported again', async () => {
    const before = await count('event');
    const dir = writePartnership(tempDir());
    const again = await importDirectory(t, partnershipId, dir);
    expect(again.every((b) => b.alreadyImported)).toBe(true);
    expect(await count('event')).toBe(before);
  });
});

describe('importFile', () => {
  it('quarantines bad rows with line, field, problem and expectation, and loads the good ones', async () => {
    const dir = tempDir();
    const file = writeFeed(dir, 'education/attendance', [
      'urn;upn;date;session;mark',
      `100002;${upn(3)};2024-09-03;AM;/`,
      `100002;${upn(3).replace(/^./, 'A') === upn(3) ? upn(3).replace(/^./, 'B') : upn(3).replace(/^./, 'A')};2024-09-03;PM;/`,
      `100002;${upn(3)};2024-02-30;AM;/`,
      `100002;${upn(3)};2024-09-04;XX;/`,
      `100002;${upn(3)};2024-09-04;AM;H`,
      `;${upn(3)};2024-09-05;AM;/`,
      `100002;${upn(3)};2024-09-05;AM`,
    ]);
    const s = await importFile(t, { partnershipId, feed: 'attendance', file });
    expect([s.rowsIn, s.loaded, s.quarantined, s.duplicate]).toEqual([7, 1, 6, 0]);
    const q = await listQuarantine(t, partnershipId, { batchId: s.batchId });
    const byLine = Object.fromEntries(q.map((e) => [e.line, e.issues[0]!]));
    expect(byLine[3]).toMatchObject({
      field: 'upn',
      expected: 'a 13-character UPN whose first letter is the check letter',
    });
    expect(byLine[4]).toMatchObject({ field: 'date', problem: '"2024-02-30" is not a valid date' });
    expect(byLine[5]).toMatchObject({ field: 'session', expected: 'one of AM, PM' });
    expect(byLine[6]).toMatchObject({ field: 'mark', problem: '"H" is not a DfE attendance code' });
    expect(byLine[7]).toMatchObject({ field: 'urn', problem: 'the value is empty' });
    expect(byLine[8]).toMatchObject({ field: '(row)', problem: 'the row has 4 fields' });
  });

  it('resubmits a corrected quarantined row as a new, accounted batch', async () => {
    const q = await listQuarantine(t, partnershipId, { feed: 'attendance' });
    const bad = q.find((e) => e.issues[0]!.field === 'mark')!;
    const [s] = await resubmitQuarantine(t, partnershipId, [bad.id], { [bad.id]: { mark: 'N' } });
    expect([s!.rowsIn, s!.loaded]).toEqual([1, 1]);
    expect(
      (await listQuarantine(t, partnershipId, { feed: 'attendance' })).some((e) => e.id === bad.id),
    ).toBe(false);
  });

  it('adds only the new rows of an overlapping file, counting the rest as duplicates', async () => {
    const dir = tempDir();
    const header = 'urn,upn,date,session,mark';
    const rows = [1, 2, 3, 4].map((d) => `100003,${upn(4)},2024-09-1${d},AM,/`);
    await importFile(t, {
      partnershipId,
      feed: 'attendance',
      file: writeFeed(dir, 'a', [header, ...rows.slice(0, 3)]),
    });
    const s = await importFile(t, {
      partnershipId,
      feed: 'attendance',
      file: writeFeed(dir, 'b', [header, ...rows.slice(1)]),
    });
    expect([s.rowsIn, s.loaded, s.duplicate]).toEqual([3, 1, 2]);
  });

  it('reads JSON Lines, a BOM, CRLF and quoted newlines', async () => {
    const dir = tempDir();
    const jsonl = join(dir, 'vol.jsonl');
    writeFileSync(
      jsonl,
      `${JSON.stringify({ case_ref: 'VOL-90001', referral_date: '2024-12-02', known_as: 'Dee', surname: 'Fixture', date_of_birth: '2012-05-06', sex: 'F', service: 'cse_support' })}\nnot json\n`,
    );
    const s = await importFile(t, { partnershipId, feed: 'voluntary_referrals', file: jsonl });
    expect([s.loaded, s.quarantined]).toEqual([1, 1]);
    const csv = join(dir, 'intel.csv');
    writeFileSync(
      csv,
      '\uFEFFintel_id,recorded_at,source_evaluation,intelligence_assessment,handling_code,vrm,phone,location_kind,location_name,postcode,text\r\nINT-900001,2024-10-03T09:00,1,A,P,,,,,,"line one\r\nline ""two"""\r\n',
    );
    const c = await importFile(t, { partnershipId, feed: 'police_intelligence', file: csv });
    expect(c.loaded).toBe(1);
    const e = await sql<{
      narrative: string;
    }>`select narrative from event e join source_record s on s.id = e.source_record_id where s.external_key = 'INT-900001'`.execute(
      t.db,
    );
    expect(e.rows[0]!.narrative).toBe('line one\r\nline "two"');
  });

  it('accepts the CIN census XML', async () => {
    const xml = readFileSync(join(import.meta.dirname, 'testdata', 'cin-census.xml'), 'utf8');
    const dir = tempDir();
    const file = join(dir, 'cin.xml');
    writeFileSync(file, xml);
    const s = await importFile(t, { partnershipId, feed: 'cin_census', file });
    expect([s.rowsIn, s.loaded, s.quarantined]).toEqual([2, 1, 1]);
  });
});
