import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLanguage } from '../events/index.ts';
import { simulate } from '../simulate/index.ts';
import { compileRuleSet } from './engine/compile.ts';
import { evaluateAll } from './engine/evaluate.ts';
import { compileProfiles } from './engine/profiles.ts';
import { defaultRuleSet } from './rules/default-rules.ts';
import { loadSimulatedPartnership, type SimulatedPartnership } from './simulated-events.ts';

let dir = '';
let sim: SimulatedPartnership;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sightline-ind-sim-'));
  simulate({ seed: 2, out: dir, profile: 'small', children: 1000, months: 12 });
  sim = loadSimulatedPartnership(dir);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSimulatedPartnership', () => {
  it('maps every agency feed to engine events for known children', () => {
    for (const signal of [
      'missing_episode',
      'found_in_company',
      'referral',
      'suspension',
      'association:place_linked_to_children_at_risk',
    ]) {
      expect(sim.counts[signal], signal).toBeGreaterThan(0);
    }
    const attendance = Object.entries(sim.counts).filter(([k]) => k.startsWith('ed_attendance'));
    expect(attendance.length).toBeGreaterThan(1);
    expect(sim.store.day.length).toBeGreaterThan(100_000); // the attendance register
  });

  it('reads ground truth and the simulated period, and keeps ethnicity out of the profiles', () => {
    expect(sim.victims.length).toBeGreaterThan(0);
    expect(sim.start).not.toBeNull();
    expect(sim.population.some((p) => p.ethnicity !== null)).toBe(true);
    for (const c of sim.children) expect(Object.keys(c)).not.toContain('ethnicity');
  });
});

describe('explanations on simulated data', () => {
  it('are written in victim-safe language and every hit names its evidence', () => {
    const compiled = compileRuleSet(defaultRuleSet());
    const ev = evaluateAll(compiled, sim.store, compileProfiles(sim.children), sim.end! - 1);
    const texts = new Set<string>();
    for (const r of ev.results.values()) {
      for (const h of r.hits) {
        texts.add(h.explanation.replace(/[0-9.]+/g, '#'));
        const rule = compiled.ruleSet.rules.find((x) => x.id === h.ruleId)!;
        if (rule.kind !== 'profile') expect(h.evidence.length, h.ruleId).toBeGreaterThan(0);
      }
    }
    expect(texts.size).toBeGreaterThan(3);
    for (const t of texts) expect(checkLanguage(t), t).toEqual([]);
  });
});
