// Training a model from compared pairs: u from random pairs, m by EM per blocking rule, combined, then the
// prior from the share of matches among all candidate pairs scaled to all possible pairs.
import type { BlockingRule } from './block.ts';
import { COMPARISONS, C_LOCATION, levelOf } from './compare.ts';
import { combineM, estimateU, histogram, runEm, type PatternHistogram } from './em.ts';
import { defaultM, defaultModel, PRIOR_PAIRS } from './default-model.ts';
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

/** A rule with fewer training pairs than this estimates nothing (too few for EM to separate two classes). */
export const MIN_TRAINING_PAIRS = 50;

/** Levels of the location comparison that mean the same home (same postcode or the same address). */
const SAME_HOME_LEVELS = 4;

function awayFromHome(h: PatternHistogram): PatternHistogram {
  const out: PatternHistogram = new Map();
  for (const [pattern, count] of h) {
    const level = levelOf(pattern, C_LOCATION);
    if (level >= 1 && level <= SAME_HOME_LEVELS) continue;
    out.set(pattern, count);
  }
  return out;
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
  const prior = defaultM();
  const runs: { m: number[][]; fixed: readonly number[]; weight: number }[] = [];
  const iterations: Record<string, number> = {};
  input.rules.forEach((rule, k) => {
    const training = rule.training ?? 'all';
    if (training === 'none') return;
    let h = histogram(input.candidatePatterns, input.ruleMask, k);
    let fixes = rule.fixes;
    if (training === 'away-from-home') {
      h = awayFromHome(h);
      fixes = [...fixes, C_LOCATION];
    }
    let total = 0;
    for (const c of h.values()) total += c;
    if (total < MIN_TRAINING_PAIRS) return;
    const res = runEm(h, u, prior, { fixed: fixes, prior: { m: prior, pairs: PRIOR_PAIRS } });
    iterations[rule.name] = res.iterations;
    runs.push({ m: res.m, fixed: fixes, weight: res.lambda * total });
  });
  if (runs.length === 0) {
    const reason =
      `no blocking rule produced ${MIN_TRAINING_PAIRS} training pairs ` +
      `(${input.candidatePatterns.length} candidate pairs in all): too few for EM`;
    return {
      ...defaultModel(input.rows, reason),
      trainedOn: {
        records: input.rows,
        candidatePairs: input.candidatePatterns.length,
        uSamplePairs: input.randomPatterns.length,
      },
    };
  }
  // A comparison no rule could estimate keeps the documented default m.
  const m = combineM(runs, prior);
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
