import { describe, expect, it } from 'vitest';
import { COMPARISONS, C_DOB } from './compare.ts';
import { estimateU, histogram, initialM, runEm } from './em.ts';
import { seededRandom } from './train.ts';

function draw(rand: () => number, probs: readonly number[]): number {
  let x = rand();
  for (let l = 1; l < probs.length; l++) {
    x -= probs[l]!;
    if (x < 0) return l;
  }
  return probs.length - 1;
}

function truthTables(): { m: number[][]; u: number[][] } {
  const m = COMPARISONS.map((c) => {
    const raw: number[] = c.levels.map((_, l) => (l === 0 ? 0 : l === 1 ? 6 : 1));
    const s = raw.reduce((a: number, b: number) => a + b, 0);
    return raw.map((x) => x / s);
  });
  const u = COMPARISONS.map((c) => {
    const raw: number[] = c.levels.map((_, l) => (l === 0 ? 0 : l === c.levels.length - 1 ? 20 : 1));
    const s = raw.reduce((a: number, b: number) => a + b, 0);
    return raw.map((x) => x / s);
  });
  return { m, u };
}

function sample(n: number, lambda: number, seed: number, m: number[][], u: number[][]): Int32Array {
  const rand = seededRandom(seed);
  const out = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const table = rand() < lambda ? m : u;
    let pattern = 0;
    COMPARISONS.forEach((c, k) => {
      pattern |= draw(rand, table[k]!) << c.shift;
    });
    out[p] = pattern;
  }
  return out;
}

describe('expectation maximisation', () => {
  it('recovers known m and lambda when u is estimated from random pairs', () => {
    const { m, u } = truthTables();
    const uHat = estimateU(histogram(sample(200_000, 0, 11, m, u)));
    const res = runEm(histogram(sample(100_000, 0.3, 12, m, u)), uHat, initialM(), { fixed: [C_DOB] });
    expect(res.lambda).toBeCloseTo(0.3, 1);
    COMPARISONS.forEach((c, k) => {
      if (k === C_DOB) return;
      for (let l = 1; l < c.levels.length; l++) {
        expect(Math.abs(res.m[k]![l]! - m[k]![l]!)).toBeLessThan(0.02);
      }
    });
    for (let l = 1; l < u[0]!.length; l++) expect(Math.abs(uHat[0]![l]! - u[0]![l]!)).toBeLessThan(0.01);
  });
  it('is deterministic', () => {
    const { m, u } = truthTables();
    const h = histogram(sample(20_000, 0.2, 5, m, u));
    expect(runEm(h, u, initialM())).toEqual(runEm(h, u, initialM()));
  });
});
