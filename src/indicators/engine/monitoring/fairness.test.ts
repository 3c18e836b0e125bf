import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toDay } from '../dates.ts';
import { fairnessReport } from './fairness.ts';

describe('fairnessReport', () => {
  it('gives alert rates by sex, age band and ethnicity with the population as denominator', () => {
    const asOf = toDay('2025-06-01');
    const population = [
      { child: 0, sex: 'F', birthDay: toDay('2010-01-01'), ethnicity: 'WBRI' },
      { child: 1, sex: 'F', birthDay: toDay('2013-01-01'), ethnicity: 'APKN' },
      { child: 2, sex: 'M', birthDay: toDay('2010-01-01'), ethnicity: null },
      { child: 3, sex: null, birthDay: null, ethnicity: 'WBRI' },
    ];
    const r = fairnessReport(population, new Set([0, 1]), asOf);
    expect(r.bySex.find((g) => g.group === 'F')).toMatchObject({
      population: 2,
      alerted: 2,
      ratePer1000: 1000,
      relativeRate: 2,
    });
    expect(r.byAgeBand.map((g) => g.group)).toEqual(['10-12', '13-15', 'not recorded']);
    expect(r.byEthnicity.find((g) => g.group === 'WBRI')).toMatchObject({ population: 2, alerted: 1 });
    expect(r.byEthnicity.find((g) => g.group === 'not recorded')).toMatchObject({
      population: 1,
      alerted: 0,
    });
  });
});

/** Follows relative imports from a file and returns every file reached. */
function importGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
    importGraph(resolve(dirname(entry), m[1]!), seen);
  }
  return seen;
}

describe('separation of monitoring from rules', () => {
  it('no module the rule evaluator uses can reach the fairness module', () => {
    const engine = join(dirname(fileURLToPath(import.meta.url)), '..');
    const reached = new Set<string>();
    for (const f of ['evaluate.ts', 'incremental.ts', 'compile.ts', 'backtest.ts', 'alerts.ts']) {
      for (const x of importGraph(join(engine, f))) reached.add(x);
    }
    expect(reached.size).toBeGreaterThan(5);
    expect([...reached].filter((f) => f.includes('monitoring'))).toEqual([]);
  });
});
