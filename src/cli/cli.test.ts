import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'sightline.js');
const dataDir = mkdtempSync(join(tmpdir(), 'sightline-cli-'));

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    SIGHTLINE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...env,
  };
  if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL;
  return spawnSync(process.execPath, [BIN, ...args], { env: childEnv, encoding: 'utf8', timeout: 240_000 });
}

describe('sightline command line', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints help with every core command and exits 0', () => {
    const res = run(['--help']);
    expect(res.status).toBe(0);
    for (const command of ['serve', 'migrate', 'demo']) expect(res.stdout).toContain(command);
  });

  it.each(['serve', 'migrate', 'demo'])('has --help for %s', (command) => {
    const res = run([command, '--help']);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain(`Usage: sightline ${command}`);
  });

  it('exits non-zero on an unknown command', () => {
    const res = run(['no-such-command']);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/unknown command/);
  });

  it('exits 1 with a fix-it message when the configuration is invalid', () => {
    const res = run(['migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('DATABASE_URL must start with postgres://');
    expect(res.stdout).toBe('');
  });

  it('migrates, then loads the demo once, reporting on stdout as JSON', () => {
    const migrated = run(['migrate', '--json']);
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ database: 'pglite' });
    const again = run(['migrate', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ applied: [] });
    const demo = run(['demo', '--json']);
    expect(demo.status, demo.stderr).toBe(0);
    expect(JSON.parse(demo.stdout)).toMatchObject({ loaded: true, agencies: 6 });
    const demoAgain = run(['demo', '--json']);
    expect(JSON.parse(demoAgain.stdout)).toMatchObject({ loaded: false });
  }, 300_000);
});
