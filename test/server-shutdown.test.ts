/**
 * Killing the server with SIGTERM while it is writing loses no committed data. Every successful request
 * to the people API writes an audit event in the same transaction as the read; the test records the
 * request id of each 200 response, stops the server mid-stream, then reopens the database and finds every
 * one of those audit events, with the hash chain intact. Runs on PGlite (data folder) or, with
 * DATABASE_URL, on a fresh PostgreSQL database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/access/index.ts';
import { DEMO_PASSWORD } from '../src/demo/index.ts';
import { openDatabase } from '../src/platform/database/index.ts';
import type { DatabaseConfig } from '../src/platform/config/config.ts';
import { testDatabaseKind } from './support/db.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'sightline.js');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function cookieValue(res: Response, name: string): string | undefined {
  for (const header of res.headers.getSetCookie()) {
    const match = new RegExp(`^${name}=([^;]*)`).exec(header);
    if (match !== null) return match[1];
  }
  return undefined;
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not become healthy');
}

async function signIn(base: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const anon = cookieValue(page, 'sightline_csrf') ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sightline_csrf=${anon}` },
    body: new URLSearchParams({
      _csrf: token,
      email: 'coordinator@northmoor.example',
      password: DEMO_PASSWORD,
    }).toString(),
  });
  const session = cookieValue(res, 'sightline_session');
  if (res.status !== 303 || session === undefined) throw new Error(`sign-in failed: ${res.status}`);
  return session;
}

describe(`SIGTERM during writes on ${testDatabaseKind}`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sightline-kill-'));
  let database: DatabaseConfig;
  let env: Record<string, string | undefined>;
  let dropPostgres: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    env = {
      ...process.env,
      SIGHTLINE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SIGHTLINE_DEMO_MODE: 'true',
      SIGHTLINE_DEMO_CHILDREN: '0',
    };
    const baseUrl = process.env.DATABASE_URL;
    if (testDatabaseKind === 'postgres' && baseUrl !== undefined) {
      const name = `sightline_kill_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(baseUrl);
      url.pathname = `/${name}`;
      database = { kind: 'postgres', url: url.toString() };
      env.DATABASE_URL = url.toString();
      dropPostgres = async () => {
        const client = new pg.Client({ connectionString: baseUrl });
        await client.connect();
        await client.query(`drop database if exists ${name} with (force)`);
        await client.end();
      };
    } else {
      delete env.DATABASE_URL;
      database = { kind: 'pglite', dataDir: join(dataDir, 'pglite') };
    }
  });

  afterAll(async () => {
    await dropPostgres?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startServer(port: number): ChildProcess {
    return spawn(process.execPath, [BIN, 'serve', '--demo', '--port', String(port)], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }

  it('keeps every audit event of a request that succeeded, and restarts cleanly', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = startServer(port);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await waitForHealth(base, child);
    const session = await signIn(base);

    const succeeded: string[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        try {
          const res = await fetch(`${base}/api/v1/people?page=1`, {
            headers: { cookie: `sightline_session=${session}` },
          });
          await res.arrayBuffer();
          const id = res.headers.get('x-request-id');
          if (res.status === 200 && id !== null) succeeded.push(id);
        } catch {
          return; // the server has stopped listening
        }
      }
    };
    const workers = Array.from({ length: 6 }, () => worker());
    while (succeeded.length < 40) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await exited;
    stop = true;
    await Promise.all(workers);
    expect(code, stderr).toBe(0);
    expect(succeeded.length).toBeGreaterThanOrEqual(40);

    const handle = await openDatabase(database);
    try {
      const rows = await handle.db
        .selectFrom('audit_event')
        .select('request_id')
        .where('request_id', 'in', succeeded)
        .execute();
      const found = new Set(rows.map((r) => r.request_id));
      expect(succeeded.filter((id) => !found.has(id))).toEqual([]);
      const report = await verifyAuditChain(handle.db);
      expect(report.ok).toBe(true);
    } finally {
      await handle.close();
    }

    const again = startServer(port);
    try {
      await waitForHealth(base, again);
      const after = await signIn(base);
      const res = await fetch(`${base}/api/v1/people`, { headers: { cookie: `sightline_session=${after}` } });
      expect(res.status).toBe(200);
    } finally {
      const done = new Promise((resolve) => again.once('exit', resolve));
      again.kill('SIGTERM');
      await done;
    }
  }, 300_000);
});
