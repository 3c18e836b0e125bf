// Match weights and probabilities: the prior plus log2(m/u) of each comparison's level, plus term-frequency
// adjustments on exact name matches (a shared rare name is stronger evidence than a shared common one).
import { COMPARISONS, C_FAMILY, C_GIVEN, levelOf } from './compare.ts';
import type { PreparedTable } from './prepare.ts';
import type { LinkageModel } from './types.ts';

/**
 * log2(m/u) for every comparison level (0 for the null level).
 *
 * @example
 * levelWeights(model)[C_DOB]![1]; // the weight of an exact date of birth
 */
export function levelWeights(model: LinkageModel): number[][] {
  return model.comparisons.map((c) => c.levels.map((_, l) => (l === 0 ? 0 : Math.log2(c.m[l]! / c.u[l]!))));
}

/**
 * The prior weight log2(lambda / (1 - lambda)).
 *
 * @example
 * priorWeight(model); // about -20 for a million records
 */
export function priorWeight(model: LinkageModel): number {
  return Math.log2(model.lambda / (1 - model.lambda));
}

/**
 * A match weight as a probability.
 *
 * @example
 * weightToProbability(0); // 0.5
 */
export function weightToProbability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/**
 * A probability as a match weight.
 *
 * @example
 * probabilityToWeight(0.5); // 0
 */
export function probabilityToWeight(p: number): number {
  return Math.log2(p / (1 - p));
}

/** Per string id, the weight added to an exact match on that value (given name, family name). */
export interface TfTables {
  readonly given: Float32Array;
  readonly family: Float32Array;
}

/**
 * Term-frequency adjustments from a table's own frequencies: tfWeight * log2(u_exact / tf(value)).
 *
 * @example
 * const tf = buildTf(table, model);
 */
export function buildTf(t: PreparedTable, model: LinkageModel): TfTables {
  const size = t.pool.strings.length;
  const make = (col: Int32Array, comparison: number): Float32Array => {
    const counts = new Float64Array(size);
    let total = 0;
    for (const v of col) {
      if (v >= 0) {
        counts[v]!++;
        total++;
      }
    }
    const out = new Float32Array(size);
    const uExact = model.comparisons[comparison]!.u[1]!;
    for (let v = 0; v < size; v++) {
      if (counts[v]! > 0) {
        out[v] = model.tfWeight * Math.log2(uExact / Math.max(counts[v]! / total, 1 / total));
      }
    }
    return out;
  };
  return { given: make(t.cols.givenMain.view(), C_GIVEN), family: make(t.cols.familyFull.view(), C_FAMILY) };
}

/**
 * The tf adjustment for a pair with its pattern (0 unless a name level is exact).
 *
 * @example
 * tfAdjustment(t, i, pattern, tf);
 */
export function tfAdjustment(
  t: PreparedTable,
  row: number,
  pattern: number,
  tf: TfTables | undefined,
): number {
  if (tf === undefined) return 0;
  let adj = 0;
  if (levelOf(pattern, C_GIVEN) === 1) adj += tf.given[t.cols.givenMain.data[row]!] ?? 0;
  if (levelOf(pattern, C_FAMILY) === 1) adj += tf.family[t.cols.familyFull.data[row]!] ?? 0;
  return adj;
}

/**
 * Match weights of candidate pairs: prior + pattern weight + tf adjustments. Pattern weights are cached.
 *
 * @example
 * const w = scorePairs(t, left, right, patterns, model, tf);
 */
export function scorePairs(
  t: PreparedTable,
  left: Int32Array,
  patterns: Int32Array,
  model: LinkageModel,
  tf?: TfTables,
): Float32Array {
  const weights = levelWeights(model);
  const prior = priorWeight(model);
  const cache = new Map<number, number>();
  const out = new Float32Array(patterns.length);
  for (let p = 0; p < patterns.length; p++) {
    const pattern = patterns[p]!;
    let w = cache.get(pattern);
    if (w === undefined) {
      w = prior;
      for (let c = 0; c < COMPARISONS.length; c++) w += weights[c]![levelOf(pattern, c)]!;
      cache.set(pattern, w);
    }
    out[p] = w + tfAdjustment(t, left[p]!, pattern, tf);
  }
  return out;
}
