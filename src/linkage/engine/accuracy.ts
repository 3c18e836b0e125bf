// Pairwise accuracy of a clustering against known truth: precision, recall and F1 over record pairs.

export interface PairwiseAccuracy {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

function pairsWithin(groups: Iterable<number>): number {
  let s = 0;
  for (const c of groups) s += (c * (c - 1)) / 2;
  return s;
}

/**
 * Counts pairs predicted together (same cluster) against pairs truly together (same truth id).
 *
 * @example
 * pairwiseAccuracy(['a', 'a', 'b'], new Int32Array([0, 0, 2])).f1; // 1
 */
export function pairwiseAccuracy(truth: readonly string[], clusterOf: Int32Array): PairwiseAccuracy {
  const predicted = new Map<number, number>();
  const actual = new Map<string, number>();
  const both = new Map<string, number>();
  for (let i = 0; i < truth.length; i++) {
    const c = clusterOf[i]!;
    const t = truth[i]!;
    predicted.set(c, (predicted.get(c) ?? 0) + 1);
    actual.set(t, (actual.get(t) ?? 0) + 1);
    const k = `${c}\u0000${t}`;
    both.set(k, (both.get(k) ?? 0) + 1);
  }
  const tp = pairsWithin(both.values());
  const predictedPairs = pairsWithin(predicted.values());
  const truePairs = pairsWithin(actual.values());
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    truePositives: tp,
    falsePositives: predictedPairs - tp,
    falseNegatives: truePairs - tp,
    precision,
    recall,
    f1,
  };
}
