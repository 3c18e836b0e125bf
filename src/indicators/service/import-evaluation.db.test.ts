// Early warning after imports, on a real database: a batch that pushes a child over a band raises one
// alert with no command run, the same file again raises none, and a failing evaluation neither undoes
// the import nor logs personal data, and is caught up later.
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { loadDemoPartnership } from '../../demo/index.ts';
import { importFile, onBatchCompleted } from '../../imports/index.ts';
import { nhs, tempDir, writeFeed } from '../../imports/fixtures.test-support.ts';
import { fixedClock } from '../../platform/clock/clock.ts';
import { createLogger } from '../../platform/logging/logger.ts';
import { alertOnImports, catchUpImports } from './import-evaluation.ts';
import { withAlertTables } from './tables.ts';

let t: TestDatabase;
let partnershipId: string;
const dir = tempDir();
const clock = fixedClock('2026-11-02T09:00:00.000Z');
const logLines: string[] = [];
const logger = createLogger({
  level: 'info',
  destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
});

const ED_HEADER =
  'attendance_id,site,arrived_at,nhs_number,forename,surname,date_of_birth,sex,address_line1,postcode,phone,reason,accompanied_by';
const SH_HEADER =
  'attendance_id,clinic,attended_at,nhs_number,forename,surname,date_of_birth,sex,postcode,phone,attendance_type';
/** A 12-year-old (under 13 adds 2): one ED attendance for intoxication (2) is "low" (4), below alerting. */
const CHILDREN = [
  { name: 'Rowan,Fairbrook', dob: '2014-03-01', postcode: 'NM1 1AA' },
  { name: 'Ellis,Marlowe', dob: '2014-06-15', postcode: 'NM2 4HB' },
  { name: 'Kit,Ashby', dob: '2013-12-02', postcode: 'NM3 7JD' },
];
const child = (n: number) => ({ nhs: nhs(n * 11), ...CHILDREN[n - 1]! });

function edFile(name: string, n: number): string {
  const c = child(n);
  return writeFeed(dir, `health/${name}`, [
    ED_HEADER,
    `ED-${n}-1,Northmoor General Hospital,2026-09-10T01:00,${c.nhs},${c.name},${c.dob},F,1 Mill Lane,${c.postcode},,intoxication,unknown_adult`,
  ]);
}
/** Two sexual-health attendances (2 more): 6, "medium", which alerts. */
function shFile(name: string, n: number, extra = ''): string {
  const c = child(n);
  return writeFeed(dir, `health/${name}`, [
    SH_HEADER,
    `SH-${n}-1,Young People's Clinic,2026-10-01T15:00,${c.nhs},${c.name},${c.dob},F,${c.postcode},,sti_test`,
    `SH-${n}-2,Young People's Clinic,2026-10-20T15:00,${c.nhs},${c.name},${c.dob},F,${c.postcode},,sti_test${extra}`,
  ]);
}

const alerts = () =>
  withAlertTables(t.db)
    .selectFrom('alert')
    .select(['id', 'band', 'person_id', 'evidence_event_ids'])
    .orderBy('created_at')
    .execute();
const pending = async () =>
  (
    await sql<{ n: number }>`select count(*)::int as n from import_batch b where b.status = 'completed'
      and not exists (select 1 from import_evaluation e where e.batch_id = b.id)`.execute(t.db)
  ).rows[0]!.n;

beforeAll(async () => {
  t = await createTestDatabase();
  partnershipId = (await loadDemoPartnership(t.db)).partnershipId;
}, 120_000);
afterAll(() => t.dispose());

describe('early warning after an import, with no command run', () => {
  let stop: () => void = () => undefined;
  beforeAll(() => {
    stop = alertOnImports(t, { clock, logger, inWorker: false });
  });
  afterAll(() => stop());

  it('raises no alert for a batch that leaves the child below the alert band', async () => {
    const s = await importFile(t, { partnershipId, feed: 'ed_attendances', file: edFile('ed-1', 1) });
    expect(s.loaded).toBe(1);
    expect(await alerts()).toEqual([]);
    expect(await pending()).toBe(0);
  });

  it('raises exactly one alert, with its evidence, when an import pushes the child over a band', async () => {
    const s = await importFile(t, { partnershipId, feed: 'sexual_health', file: shFile('sh-1', 1) });
    expect(s.loaded).toBe(2);
    const raised = await alerts();
    expect(raised).toHaveLength(1);
    expect(raised[0]!.band).toBe('medium');
    expect(raised[0]!.person_id).toBe(s.changedPeople[0]);
    expect(raised[0]!.evidence_event_ids).toHaveLength(3);
  });

  it('raises nothing when the same file is imported again, or a copy whose rows are all duplicates', async () => {
    const again = await importFile(t, { partnershipId, feed: 'sexual_health', file: shFile('sh-1', 1) });
    expect(again.alreadyImported).toBe(true);
    const copy = await importFile(t, {
      partnershipId,
      feed: 'sexual_health',
      file: shFile('sh-1-copy', 1, ' '),
    });
    expect(copy.alreadyImported).toBe(false);
    expect(copy.duplicate).toBe(2);
    expect(await alerts()).toHaveLength(1);
    expect(await pending()).toBe(0);
  });

  it('audits the evaluation and the alert as the system, not as whoever imported', async () => {
    const rows = await t.db
      .selectFrom('audit_event')
      .select(['action', 'actor_user_id', 'actor_role', 'details'])
      .where('action', 'in', ['alert.raise', 'alert.evaluate_import'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      'alert.evaluate_import',
      'alert.raise',
      'alert.evaluate_import',
      'alert.evaluate_import',
    ]);
    for (const r of rows) {
      expect(r.actor_user_id).toBeNull();
      expect(r.actor_role).toBe('system');
    }
  });

  it('logs counts only: no names, dates of birth or NHS numbers', () => {
    const text = logLines.join('');
    expect(text).toContain('early warning evaluated after import');
    expect(text).not.toMatch(/Rowan|Fairbrook|2014-03-01/);
    expect(text).not.toContain(child(1).nhs);
  });
});

describe('when the evaluation fails', () => {
  it('keeps the committed import, logs without personal data, and catches up later', async () => {
    const broken = {
      now: () => {
        throw new Error(`clock failed while evaluating Ellis Marlowe ${child(2).nhs}`);
      },
    };
    const stop = alertOnImports(t, { clock: broken, logger, inWorker: false });
    const before = logLines.length;
    try {
      await importFile(t, { partnershipId, feed: 'ed_attendances', file: edFile('ed-2', 2) });
      const s = await importFile(t, { partnershipId, feed: 'sexual_health', file: shFile('sh-2', 2) });
      expect(s.status).toBe('completed');
      expect(s.loaded).toBe(2);
    } finally {
      stop();
    }
    const failure = logLines.slice(before).join('');
    expect(failure).toContain('early warning evaluation after import failed');
    expect(failure).not.toMatch(/Ellis|Marlowe/);
    expect(failure).not.toContain(child(2).nhs);
    expect(await alerts()).toHaveLength(1);
    expect(await pending()).toBe(2);

    const [run] = await catchUpImports({ db: t.db, clock, logger, inWorker: false });
    expect(run).toMatchObject({ partnershipId, batches: 2, alertsRaised: 1 });
    expect(await alerts()).toHaveLength(2);
    expect(await pending()).toBe(0);
  });

  it('never fails an import when a listener throws', async () => {
    const stop = onBatchCompleted(t, () => Promise.reject(new Error('listener bug')));
    try {
      const s = await importFile(t, {
        partnershipId,
        feed: 'ed_attendances',
        file: edFile('ed-3', 3),
      });
      expect(s.status).toBe('completed');
    } finally {
      stop();
    }
  });
});
