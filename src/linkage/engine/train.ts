// Training a model from compared pairs: u from random pairs, m by EM per blocking rule, combined, then the
// prior from the share of matches among all candidate pairs scaled to all possible pairs.
import type { BlockingRule } from './block.ts';
import { COMPARISONS } from './compare.ts';
import { combineM, estimateU, histogram, initialM, runEm } from './em.ts';
import type { LinkageModel } from './types.ts';

/**
 * Seeded pseudo-random numbers in [0, 1) (mulberry32): the same seed always gives the same model.
 *
 * @example
 * const rand = seededRandom(42); rand();
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` random pairs of distinct rows (seeded).
 *
 * @example
 * const { left, right } = randomPairs(1000, 5000, 1);
 */
export function randomPairs(n: number, count: number, seed: number): { left: Int32Array; right: Int32Array } {
  const rand = seededRandom(seed);
  const k = n < 2 ? 0 : count;
  const left = new Int32Array(k);
  const right = new Int32Array(k);
  for (let p = 0; p < k; p++) {
    const a = Math.floor(rand() * n);
    let b = Math.floor(rand() * (n - 1));
    if (b >= a) b++;
    left[p] = a;
    right[p] = b;
  }
  return { left, right };
}

export interface TrainInput {
  readonly rows: number;
  readonly rules: readonly BlockingRule[];
  readonly candidatePatterns: Int32Array;
  readonly ruleMask: Int32Array;
  readonly randomPatterns: Int32Array;
  /** All pairs the blocking could have been drawn from (n(n-1)/2 for deduplication). */
  readonly possiblePairs: number;
  readonly tfWeight?: number;
}

/**
 * Estimates a model from compared pairs.
 *
 * @example
 * const model = trainModel({ rows, rules, candidatePatterns, ruleMask, randomPatterns, possiblePairs });
 */
export function trainModel(input: TrainInput): LinkageModel {
  const u = estimateU(histogram(input.randomPatterns));
  const runs: { m: number[][]; fixed: readonly number[] }[] = [];
  const iterations: Record<string, number> = {};
  input.rules.forEach((rule, k) => {
    const h = histogram(input.candidatePatterns, input.ruleMask, k);
    let total = 0;
    for (const c of h.values()) total += c;
    if (total < 50) return;
    const res = runEm(h, u, initialM(), { fixed: rule.fixes });
    iterations[rule.name] = res.iterations;
    runs.push({ m: res.m, fixed: rule.fixes });
  });
  const m = combineM(runs, initialM());
  const union = runEm(histogram(input.candidatePatterns), u, m, { lambdaOnly: true, lambda: 0.1 });
  const matches = union.lambda * input.candidatePatterns.length;
  const lambda = Math.min(0.5, Math.max(1e-12, matches / Math.max(1, input.possiblePairs)));
  return {
    version: 1,
    lambda,
    tfWeight: input.tfWeight ?? 1,
    comparisons: COMPARISONS.map((c, k) => ({ name: c.name, levels: c.levels, m: m[k]!, u: u[k]! })),
    trainedOn: {
      records: input.rows,
      candidatePairs: input.candidatePatterns.length,
      uSamplePairs: input.randomPatterns.length,
    },
    emIterations: iterations,
  };
}
