import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function register(program: Command): void {
  program
    .command('bench')
    .description(
      'Run the benchmarks in bench/ (all, or those whose file name contains a filter), one figure per line; writes bench/results.json',
    )
    .argument('[filters...]', 'only run bench files whose name contains one of these words')
    .option('--json', 'print bench/results.json on stdout instead of the figure lines', false)
    .action(async (filters: string[], options: { json: boolean }) => {
      const code = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [join(ROOT, 'bin', 'bench.js'), ...filters], {
          cwd: ROOT,
          stdio: ['ignore', options.json ? 'ignore' : 'inherit', 'inherit'],
        });
        child.on('close', (c) => resolve(c ?? 1));
      });
      if (options.json) process.stdout.write(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8'));
      if (code !== 0) throw new Error(`a benchmark failed (exit ${code})`);
    });
}
