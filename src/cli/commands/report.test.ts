/**
 * `sightline report` end to end on a small demo database (PGlite in a temporary directory, or a fresh
 * PostgreSQL database when DATABASE_URL is set): each format is written, opens, and is audited; the
 * extract refuses without a key.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDemoPartnership } from '../../demo/index.ts';
import type { DatabaseConfig } from '../../platform/config/config.ts';
import { migrate, openDatabase } from '../../platform/database/index.ts';
import { register } from './report.ts';

const KEY = 'cli-test-pseudonym-key-0123456789abcdef';
const PERIOD = ['--from', '2026-01-01', '--to', '2026-11-30'];
const dir = mkdtempSync(join(tmpdir(), 'sightline-report-cli-'));
const baseUrl = process.env.DATABASE_URL;
const dbName = `sightline_cli_${randomBytes(5).toString('hex')}`;
let database: DatabaseConfig;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function run(...args: string[]): Promise<void> {
  const program = new Command('sightline').exitOverride();
  register(program);
  await program.parseAsync(['report', ...args], { from: 'user' });
}

async function auditActions(): Promise<string[]> {
  const handle = await openDatabase(database);
  try {
    const rows = await handle.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'report.%')
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.action);
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  if (baseUrl !== undefined && baseUrl !== '') {
    await admin(`create database ${dbName}`);
    const u = new URL(baseUrl);
    u.pathname = `/${dbName}`;
    database = { kind: 'postgres', url: u.toString() };
    vi.stubEnv('DATABASE_URL', u.toString());
  } else {
    database = { kind: 'pglite', dataDir: join(dir, 'pglite') };
    vi.stubEnv('SIGHTLINE_DATA_DIR', dir);
  }
  const handle = await openDatabase(database);
  await migrate(handle.db);
  await loadDemoPartnership(handle.db);
  await handle.close();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
  if (database.kind === 'postgres') await admin(`drop database if exists ${dbName} with (force)`);
});

describe('sightline report', () => {
  it('writes the CSE return as CSV, XLSX, PDF and JSON, each audited as an export', async () => {
    const out = (ext: string) => join(dir, `return.${ext}`);
    for (const format of ['csv', 'xlsx', 'pdf', 'json']) {
      await run('cse-return', ...PERIOD, '--format', format, '--out', out(format));
    }
    expect(readFileSync(out('csv'), 'utf8').split('\n')[0]).toBe('CSE partnership return');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out('xlsx')) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets[0]!.name).toBe('Cover');
    expect(wb.worksheets.length).toBeGreaterThan(10);
    expect(readFileSync(out('pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const json = JSON.parse(readFileSync(out('json'), 'utf8')) as { report: string; tables: unknown[] };
    expect(json.report).toBe('cse-return');
    expect(json.tables.length).toBeGreaterThan(10);
    expect(await auditActions()).toEqual([
      'report.export',
      'report.export',
      'report.export',
      'report.export',
    ]);
  });

  it('refuses the extract without a key, and writes it (audited) with one', async () => {
    vi.stubEnv('SIGHTLINE_PSEUDONYM_KEY', '');
    await expect(run('extract', ...PERIOD)).rejects.toThrow(/SIGHTLINE_PSEUDONYM_KEY/);
    vi.stubEnv('SIGHTLINE_PSEUDONYM_KEY', KEY);
    await run('extract', ...PERIOD, '--out', join(dir, 'extract.csv'));
    const csv = readFileSync(join(dir, 'extract.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^pseudonym,role,sex,birth_year_month/);
    expect(csv).not.toMatch(/Hartwell|Osei/);
    expect((await auditActions()).at(-1)).toBe('report.extract');
  });

  it('rejects a bad period, format or report name', async () => {
    await expect(run('cse-return', '--from', '2026-02-01', '--to', '2026-01-01')).rejects.toThrow(/--from/);
    await expect(run('cse-return', ...PERIOD, '--format', 'docx')).rejects.toThrow(/--format/);
    await expect(run('nonsense', ...PERIOD)).rejects.toThrow(/unknown report/);
  });
});
