// The synthetic partnership at bench scale: 50,000 children with one school year of daily AM/PM
// attendance streamed to disk, against a baseline measured in the same run: a plain buffered write of the
// same number of fixed attendance-shaped rows. Also a larger run sized so that attendance reaches about
// 19 million marks. Figures on stdout (`name value unit`), progress on stderr.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { simulate } from '../src/simulate/index.ts';

function figure(name: string, value: number, unit: string): void {
  process.stdout.write(`${name} ${Number.isInteger(value) ? value : value.toFixed(3)} ${unit}\n`);
}

function plainWrite(path: string, rows: number): void {
  const fd = openSync(path, 'w');
  const line = '900001,A990400120001,2024-09-02,AM,/\n';
  let buf = '';
  for (let i = 0; i < rows; i += 1) {
    buf += line;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
}

const dir = mkdtempSync(join(tmpdir(), 'sightline-simulate-bench-'));
try {
  for (const [label, children] of [
    ['partnership_50k', 50_000],
    ['marks_19m', 75_000],
  ] as const) {
    const out = join(dir, label);
    process.stderr.write(`simulate ${label}: ${children} children, 12 months\n`);
    const t0 = performance.now();
    const s = simulate({
      seed: 20240902,
      out,
      profile: 'partnership',
      children,
      months: 12,
      progress: (m) => process.stderr.write(`  ${m}\n`),
    });
    const seconds = (performance.now() - t0) / 1000;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    const t1 = performance.now();
    plainWrite(join(dir, `${label}-baseline.csv`), s.totalRows);
    const baseSeconds = (performance.now() - t1) / 1000;
    figure(`simulate_${label}_children`, s.children, 'children');
    figure(`simulate_${label}_attendance_marks`, s.attendance.marks, 'rows');
    figure(`simulate_${label}_total_rows`, s.totalRows, 'rows');
    figure(`simulate_${label}_wall`, seconds, 's');
    figure(`simulate_${label}_rows_per_second`, Math.round(s.totalRows / seconds), 'rows/s');
    figure(`simulate_${label}_peak_rss`, Math.round(rssMb), 'MB');
    figure(`simulate_${label}_baseline_plain_write`, baseSeconds, 's');
    figure(`simulate_${label}_ratio_to_plain_write`, seconds / baseSeconds, 'x');
    rmSync(out, { recursive: true, force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
