// Unsupervised estimation (Fellegi-Sunter, as Splink does it): u from comparisons of random pairs, m by
// expectation maximisation on each blocking rule's pairs (leaving out the comparisons that rule fixes),
// then m averaged over the rules that could estimate it.
import { COMPARISONS, levelOf } from './compare.ts';

/** Counts of each distinct comparison pattern. */
export type PatternHistogram = Map<number, number>;

/**
 * Histogram of patterns, optionally only those whose rule mask has `bit` set.
 *
 * @example
 * histogram(new Int32Array([5, 5, 7])).get(5); // 2
 */
export function histogram(patterns: Int32Array, masks?: Int32Array, bit?: number): PatternHistogram {
  const h: PatternHistogram = new Map();
  for (let p = 0; p < patterns.length; p++) {
    if (masks !== undefined && bit !== undefined && (masks[p]! & (1 << bit)) === 0) continue;
    const key = patterns[p]!;
    h.set(key, (h.get(key) ?? 0) + 1);
  }
  return h;
}

const FLOOR = 1e-6;

/**
 * u probabilities from a histogram of random pairs: share of each non-null level, with add-one smoothing
 * so that a level never seen among random pairs (an identical NHS number) keeps a finite weight.
 *
 * @example
 * const u = estimateU(histogram(randomPatterns));
 */
export function estimateU(h: PatternHistogram): number[][] {
  const counts = COMPARISONS.map((c) => new Array<number>(c.levels.length).fill(0));
  for (const [pattern, n] of h) {
    COMPARISONS.forEach((_, c) => {
      const l = levelOf(pattern, c);
      if (l > 0) counts[c]![l]! += n;
    });
  }
  return counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0) + (row.length - 1);
    return row.map((x, l) => (l === 0 ? 0 : (x + 1) / total));
  });
}

/**
 * Starting m values: each comparison's best level most likely, falling geometrically to "else".
 *
 * @example
 * initialM()[0]![1]; // the starting m of an exact given name
 */
export function initialM(): number[][] {
  return COMPARISONS.map((c) => {
    const raw = c.levels.map((_, l) => (l === 0 ? 0 : 0.5 ** l));
    const s = raw.reduce((a, b) => a + b, 0);
    return raw.map((x) => x / s);
  });
}

export interface EmResult {
  readonly m: number[][];
  readonly lambda: number;
  readonly iterations: number;
}

export interface EmOptions {
  /** Comparisons whose m is not estimated (fixed by the blocking rule). */
  readonly fixed?: readonly number[];
  /** When true, m is held and only lambda moves (used to find the prior among all candidate pairs). */
  readonly lambdaOnly?: boolean;
  readonly maxIterations?: number;
  readonly tolerance?: number;
  readonly lambda?: number;
  /**
   * A Dirichlet prior on m: `pairs` pseudo-matches spread over the levels as `m` says (maximum a posteriori
   * instead of maximum likelihood), so a level never seen among few training pairs keeps a finite weight.
   */
  readonly prior?: { readonly m: readonly (readonly number[])[]; readonly pairs: number };
}

/**
 * Expectation maximisation of m (and the match proportion lambda) over a pattern histogram, u held fixed.
 *
 * @example
 * const { m, lambda } = runEm(histogram(patterns), u, initialM(), { fixed: [C_DOB] });
 */
export function runEm(h: PatternHistogram, u: number[][], m0: number[][], options: EmOptions = {}): EmResult {
  const fixed = new Set(options.fixed ?? []);
  const nc = COMPARISONS.length;
  const m = m0.map((row) => row.slice());
  let lambda = options.lambda ?? 0.1;
  const entries = [...h.entries()].map(([pattern, count]) => ({
    levels: COMPARISONS.map((_, c) => levelOf(pattern, c)),
    count,
  }));
  const total = entries.reduce((a, e) => a + e.count, 0);
  if (total === 0) return { m, lambda: 0, iterations: 0 };
  const maxIt = options.maxIterations ?? 100;
  const tol = options.tolerance ?? 1e-6;
  let it = 0;
  for (; it < maxIt; it++) {
    const sums = COMPARISONS.map((c) => new Array<number>(c.levels.length).fill(0));
    let matchMass = 0;
    for (const e of entries) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (let c = 0; c < nc; c++) {
        if (fixed.has(c)) continue;
        const l = e.levels[c]!;
        if (l === 0) continue;
        pm *= Math.max(m[c]![l]!, FLOOR);
        pu *= Math.max(u[c]![l]!, FLOOR);
      }
      const post = pm / (pm + pu);
      const w = post * e.count;
      matchMass += w;
      for (let c = 0; c < nc; c++) {
        const l = e.levels[c]!;
        if (l > 0) sums[c]![l]! += w;
      }
    }
    let change = Math.abs(matchMass / total - lambda);
    lambda = matchMass / total;
    if (!options.lambdaOnly) {
      for (let c = 0; c < nc; c++) {
        if (fixed.has(c)) continue;
        const s = sums[c]!.reduce((a, b) => a + b, 0);
        const alpha = options.prior?.pairs ?? 0;
        if (s + alpha <= 0) continue;
        for (let l = 1; l < m[c]!.length; l++) {
          const pseudo = alpha * (options.prior?.m[c]?.[l] ?? 0);
          const next = Math.max((sums[c]![l]! + pseudo) / (s + alpha), FLOOR);
          change = Math.max(change, Math.abs(next - m[c]![l]!));
          m[c]![l] = next;
        }
      }
    }
    if (change < tol) {
      it++;
      break;
    }
  }
  return { m, lambda, iterations: it };
}

/**
 * Combines per-rule m estimates: for each comparison, the mean over the rules that did not fix it, each
 * rule weighted by the matches it found (`weight`, default 1), so a rule of 80 pairs does not count as
 * much as one of 20,000.
 *
 * @example
 * combineM([{ m: m1, fixed: [0], weight: 900 }, { m: m2, fixed: [1], weight: 40 }], initialM());
 */
export function combineM(
  runs: readonly { readonly m: number[][]; readonly fixed: readonly number[]; readonly weight?: number }[],
  fallback: number[][],
): number[][] {
  return COMPARISONS.map((c, k) => {
    const usable = runs.filter((r) => !r.fixed.includes(k) && (r.weight ?? 1) > 0);
    if (usable.length === 0) return fallback[k]!.slice();
    const total = usable.reduce((a, r) => a + (r.weight ?? 1), 0);
    return c.levels.map((_, l) =>
      l === 0 ? 0 : usable.reduce((a, r) => a + (r.weight ?? 1) * r.m[k]![l]!, 0) / total,
    );
  });
}
