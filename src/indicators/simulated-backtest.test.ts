// The acceptance check: on the simulator's partnership profile (fixed seed), the default rule
// set at the "high" band surfaces >= 70% of victims, >= 50% of them before agencies recognised them,
// at >= 25% precision. These are lower bounds, not tuned targets; the rules were written before the
// simulator existed. Takes about half a minute (50,000 children, a year of attendance marks).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../simulate/index.ts';
import { backtest, type BacktestReport } from './engine/backtest.ts';
import { compileRuleSet } from './engine/compile.ts';
import { monthEnds } from './engine/dates.ts';
import { compileProfiles } from './engine/profiles.ts';
import { defaultRuleSet } from './rules/default-rules.ts';
import { loadSimulatedPartnership } from './simulated-events.ts';

const SEED = 1;
let dir = '';
let report: BacktestReport;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sightline-ind-backtest-'));
  simulate({ seed: SEED, out: dir, profile: 'partnership' });
  const sim = loadSimulatedPartnership(dir);
  const compiled = compileRuleSet(defaultRuleSet());
  report = backtest(compiled, sim.store, compileProfiles(sim.children), monthEnds(sim.start!, sim.end! - 1), {
    alertBand: 'high',
    victims: sim.victims,
  });
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('default rules on the simulated partnership (seed 1)', () => {
  it('surface at least 70% of victims, half before recognition, at 25% precision or better (high band)', () => {
    const high = report.byBand!.high!;
    expect(high.recall).toBeGreaterThanOrEqual(0.7);
    expect(high.surfacedBeforeRecognitionShare).toBeGreaterThanOrEqual(0.5);
    expect(high.precision).toBeGreaterThanOrEqual(0.25);
  });

  it('report alerts for every month of the replay', () => {
    expect(report.points).toHaveLength(12);
    expect(report.childrenAlerted).toBeGreaterThan(0);
  });
});
