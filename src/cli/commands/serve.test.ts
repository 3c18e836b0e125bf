/**
 * `sightline serve --workers`: several server processes share the port on PostgreSQL (node:cluster);
 * the embedded PGlite refuses, with the reason. The PostgreSQL case runs when DATABASE_URL is set (CI's
 * second pass), on a fresh database of its own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { workerExecArgv } from './serve.ts';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'sightline.js');
const dataDir = mkdtempSync(join(tmpdir(), 'sightline-serve-'));
const baseUrl = process.env.DATABASE_URL;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('workerExecArgv', () => {
  it('gives workers a 64 MB young generation, unless the options already set one', () => {
    expect(workerExecArgv(['--import', 'tsx'], undefined)).toEqual([
      '--import',
      'tsx',
      '--max-semi-space-size=64',
    ]);
    expect(workerExecArgv(['--max-semi-space-size=32'], undefined)).toEqual(['--max-semi-space-size=32']);
    expect(workerExecArgv([], '--max_semi_space_size=8 --enable-source-maps')).toEqual([]);
  });
});

describe('sightline serve --workers', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses several workers on the embedded database, saying why', () => {
    const env: Record<string, string | undefined> = { ...process.env, SIGHTLINE_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const res = spawnSync(process.execPath, [BIN, 'serve', '--workers', '2', '--port', '0'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('Several workers need PostgreSQL');
  });

  it.runIf(baseUrl !== undefined && baseUrl !== '')(
    'serves from two worker processes on PostgreSQL and stops them all on SIGTERM',
    async () => {
      const name = `sightline_serve_${randomBytes(4).toString('hex')}`;
      await admin(`create database ${name}`);
      const url = new URL(baseUrl!);
      url.pathname = `/${name}`;
      const child = spawn(process.execPath, [BIN, 'serve', '--workers', '2', '--port', '0'], {
        env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const origin = await new Promise<string>((resolve, reject) => {
          let text = '';
          child.stderr.setEncoding('utf8');
          child.stderr.on('data', (chunk: string) => {
            text += chunk;
            const m = /running at http:\/\/localhost:(\d+)/u.exec(text);
            if (m) resolve(`http://127.0.0.1:${m[1]!}`);
          });
          child.once('exit', () => reject(new Error(text)));
        });
        expect(origin).toMatch(/:\d+$/u);
        const workers = spawnSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' })
          .stdout.trim()
          .split('\n')
          .filter((l) => l.trim() !== '');
        expect(workers).toHaveLength(2);
        for (const pid of workers) {
          const args = spawnSync('ps', ['-o', 'args=', '-p', pid.trim()], { encoding: 'utf8' }).stdout;
          expect(args).toContain('--max-semi-space-size=64');
        }
        for (let i = 0; i < 6; i += 1) {
          const health = await fetch(`${origin}/health`);
          expect(health.status).toBe(200);
        }
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
        await admin(`drop database if exists ${name} with (force)`);
      }
    },
    180_000,
  );
});
