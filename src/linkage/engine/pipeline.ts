// Batch mode: deduplicate (and link) whole sets of records. Prepare → block → compare (worker threads) →
// train (u, EM) → score → cluster. Deterministic for a given input, seed and options.
import { blockPairs, defaultRules, identifierSchemes, type CandidatePairs } from './block.ts';
import { clusterPairs, type Clustering } from './cluster.ts';
import { createComparer } from './parallel.ts';
import { prepareRecords, type PreparedTable } from './prepare.ts';
import { buildTf, probabilityToWeight, scorePairs, type TfTables } from './score.ts';
import { randomPairs, trainModel } from './train.ts';
import { DEFAULT_THRESHOLDS, type LinkageModel, type LinkRecord, type Thresholds } from './types.ts';

export interface LinkOptions {
  readonly thresholds?: Thresholds;
  /** Worker threads for comparisons (default 2; 0 runs in this thread). */
  readonly workers?: number;
  readonly maxBlockSize?: number;
  readonly uSamplePairs?: number;
  readonly seed?: number;
  /** Only pairs from different sources. */
  readonly linkOnly?: boolean;
  /** Use this model instead of training one. */
  readonly model?: LinkageModel;
  readonly onProgress?: (message: string) => void;
}

export interface LinkResult {
  readonly table: PreparedTable;
  readonly model: LinkageModel;
  readonly tf: TfTables;
  readonly candidates: CandidatePairs;
  readonly patterns: Int32Array;
  readonly weights: Float32Array;
  readonly clustering: Clustering;
  readonly thresholds: Thresholds;
  /** Wall time of each stage in milliseconds. */
  readonly timings: Readonly<Record<string, number>>;
  /** Pair comparisons made (candidates plus random pairs for u). */
  readonly comparisons: number;
}

/**
 * Deduplicates and links records.
 *
 * @example
 * const result = await linkRecords(records, { workers: 2 });
 * result.clustering.clusterOf; // row → cluster
 */
export async function linkRecords(
  records: readonly LinkRecord[],
  options: LinkOptions = {},
): Promise<LinkResult> {
  const progress = options.onProgress ?? (() => undefined);
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = now - t0;
    t0 = now;
  };
  const workers = options.workers ?? 2;
  const table = prepareRecords(records, { shared: workers > 0 });
  lap('prepare');
  progress(`prepared ${records.length} records`);
  const rules = defaultRules(identifierSchemes(table));
  const candidates = blockPairs(table, rules, {
    ...(options.maxBlockSize !== undefined ? { maxBlockSize: options.maxBlockSize } : {}),
    ...(options.linkOnly !== undefined ? { linkOnly: options.linkOnly } : {}),
  });
  lap('block');
  progress(`blocking generated ${candidates.left.length} candidate pairs`);
  const n = table.ids.length;
  const sample = options.model
    ? 0
    : Math.min(
        options.uSamplePairs ?? Math.min(1_000_000, Math.max(200_000, 20 * n)),
        Math.max(0, (n * (n - 1)) / 2),
      );
  const random = randomPairs(n, sample, options.seed ?? 1);
  const comparer = await createComparer(table, workers);
  let patterns: Int32Array;
  let randomPatterns: Int32Array;
  try {
    randomPatterns = await comparer.compare(random.left, random.right);
    patterns = await comparer.compare(candidates.left, candidates.right);
  } finally {
    await comparer.close();
  }
  lap('compare');
  progress(`compared ${candidates.left.length + sample} pairs`);
  const model =
    options.model ??
    trainModel({
      rows: n,
      rules,
      candidatePatterns: patterns,
      ruleMask: candidates.ruleMask,
      randomPatterns,
      possiblePairs: (n * (n - 1)) / 2,
    });
  lap('train');
  const tf = buildTf(table, model);
  const weights = scorePairs(table, candidates.left, patterns, model, tf);
  lap('score');
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const clustering = clusterPairs(n, candidates.left, candidates.right, weights, {
    linkWeight: probabilityToWeight(thresholds.autoLink),
    conflictWeight: probabilityToWeight(CONFLICT_PROBABILITY),
  });
  lap('cluster');
  progress(`${clustering.clusters} clusters, ${clustering.review.length} sent to review`);
  return {
    table,
    model,
    tf,
    candidates,
    patterns,
    weights,
    clustering,
    thresholds,
    timings,
    comparisons: candidates.left.length + sample,
  };
}

/** A compared pair scoring below this probability is evidence of two different people. */
export const CONFLICT_PROBABILITY = 0.001;
