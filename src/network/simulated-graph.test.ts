import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../simulate/index.ts';
import { evaluateSimulated, readSimulatedPole } from './simulated-graph.ts';

// A fixed seed of the small profile over a year (12,000 children, victims x5): about 10 planted groups
// of 3 or more adults, small enough to simulate in a couple of seconds.
const dir = mkdtempSync(join(tmpdir(), 'sightline-network-sim-'));
simulate({ seed: 3, out: dir, profile: 'small', children: 12_000, months: 12 });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simulated partnership (seed 3, small profile, 12,000 children, 12 months)', () => {
  it('recovers at least 90% of planted groups of 3+ with at least 80% of reported groups matching', () => {
    const f = evaluateSimulated(dir);
    expect(f.plantedGroups).toBeGreaterThanOrEqual(5);
    expect(f.recall).toBeGreaterThanOrEqual(0.9);
    expect(f.precision).toBeGreaterThanOrEqual(0.8);
  });
  it('derives adults of concern and children at risk from the records, never from protected characteristics', () => {
    const { data } = readSimulatedPole(dir);
    expect(data.persons.some((p) => p.kind === 'adult_of_concern')).toBe(true);
    expect(data.persons.some((p) => p.atRisk)).toBe(true);
    for (const p of data.persons) expect(Object.keys(p).sort()).toEqual(['atRisk', 'id', 'kind']);
  });
  it('keeps only named premises (full postcodes) as places', () => {
    const { data } = readSimulatedPole(dir);
    for (const l of data.locations) expect(l.id).toMatch(/^place:Q[A-Z0-9]+ [0-9][A-Z]{2}$/);
  });
});
