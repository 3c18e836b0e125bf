#!/usr/bin/env node
// `npm test`: format, lint, type-check, then every test tier. Database tests run on PGlite, or on
// PostgreSQL when DATABASE_URL is set (.ci/run runs this twice, once each way).
import { spawnSync } from 'node:child_process';

const steps = [
  ['prettier', ['--check', '.']],
  ['eslint', ['--max-warnings', '0', '.']],
  ['tsc', ['--noEmit', '-p', 'tsconfig.json']],
  ['vitest', ['run', ...process.argv.slice(2)]],
];
const skipStatic = process.env.SIGHTLINE_SKIP_STATIC === '1';
for (const [bin, args] of steps) {
  if (skipStatic && bin !== 'vitest') continue;
  const started = Date.now();
  process.stderr.write(`\n== ${bin} ${args.join(' ')}\n`);
  const result = spawnSync('npx', ['--no-install', bin, ...args], { stdio: 'inherit' });
  process.stderr.write(`== ${bin} finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (result.status !== 0) {
    process.stderr.write(`\n${bin} failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status ?? 1);
  }
}
