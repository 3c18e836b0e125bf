#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts in its own process (one at a time, so figures are not
// disturbed by each other), passes through the lines each prints as `name value unit`, and writes all
// figures to bench/results.json. `npm run bench -- linkage` runs only files whose name contains "linkage".
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const FIGURE = /^(\S+)\s+(-?[0-9.eE+-]+)\s+(\S+)\s*$/;
const results = [];
let failed = 0;
for (const file of files) {
  process.stderr.write(`\n== bench/${file}\n`);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', join('bench', file)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        process.stdout.write(`${line}\n`);
        const m = FIGURE.exec(line.trim());
        if (m) results.push({ bench: file, name: m[1], value: Number(m[2]), unit: m[3] });
      }
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) {
    failed += 1;
    process.stderr.write(`bench/${file} failed (exit ${code})\n`);
  }
}
const out = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  figures: results,
};
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
process.stderr.write(`\n${results.length} figures written to bench/results.json\n`);
process.exit(failed > 0 ? 1 : 0);
