// `sightline evaluate --simulated` on a tiny simulated partnership: per-rule and total figures with
// truth metrics, as text and as JSON. Synthetic data only; a few seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../cli/program.ts';
import { simulate } from '../../simulate/index.ts';
import { fromDay } from '../engine/dates.ts';
import { loadSimulatedPartnership } from '../simulated-events.ts';

let dir = '';
let from = '';
let to = '';

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    const program = await buildProgram();
    await program.parseAsync(['node', 'sightline', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sightline-evaluate-cli-'));
  simulate({ seed: 3, out: dir, profile: 'small', children: 600, months: 6 });
  const sim = loadSimulatedPartnership(dir);
  from = fromDay(sim.start!);
  to = fromDay(sim.end! - 1);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sightline evaluate --simulated', () => {
  it('prints alerts per month, children alerted and truth metrics per rule and in total', async () => {
    const text = await run(['evaluate', '--simulated', dir, '--from', from, '--to', to]);
    expect(text).toContain('children alerted (total)');
    expect(text).toContain('missing-3-in-90');
    expect(text).toMatch(/total at high: precision [\d.]+%, recall [\d.]+%/);
    expect(text).toContain('never-recognised victims surfaced');
  });

  it('prints the same figures as JSON with --json', async () => {
    const json = JSON.parse(
      await run(['evaluate', '--simulated', dir, '--from', from, '--to', to, '--json']),
    ) as {
      alertsPerMonth: { month: string; alerts: number }[];
      childrenAlerted: number;
      perRule: { rule: string }[];
      truth: Record<string, { recall: number; precision: number; leadTimeDaysMedian: number | null }>;
    };
    expect(json.alertsPerMonth.length).toBeGreaterThanOrEqual(5);
    expect(json.perRule).toHaveLength(20);
    expect(json.truth.high!.recall).toBeGreaterThan(0);
    expect(json.childrenAlerted).toBeGreaterThan(0);
  });
});
