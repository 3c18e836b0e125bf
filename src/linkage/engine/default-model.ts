// The documented default model: m and u probabilities chosen from what is known about person records in
// UK public services, not estimated from the data at hand. Two uses:
// 1. a prior for EM (a few pseudo-pairs per comparison, so that a level never seen among a small set of
//    training pairs keeps a sensible weight instead of log2(1e-6 / u));
// 2. the whole model when there are too few candidate pairs for EM at all (a few dozen records), so small
//    inputs still link their obvious duplicates. The CLI warns on stderr when this happens.
//
// Basis (assumptions, stated so a reviewer can challenge them):
// - m: most records of one person agree exactly on names (about 85%: the rest are nicknames, typing errors,
//   swapped or changed names), date of birth (about 90%; the rest mostly one digit or day/month swapped),
//   sex (99%) and home (about 75% same postcode and address, 1 in 1,000 a neighbour's address with the
//   same postcode; people move); identifiers with valid check
//   digits disagree for the same person about 1 time in 100 (reissued or temporary numbers).
// - u: two different people share a given name about 1 time in 100 and a family name 1 in 200 (common
//   names; term-frequency adjustment refines this per name), a date of birth about 1 in 5,000 (ages 0-17
//   over about 18 x 365 days plus adults), a full postcode about 1 in 50,000 (a local authority's
//   postcodes), a phone 1 in 10,000, a valid identifier essentially never (1 in a million).
import { COMPARISONS } from './compare.ts';
import { combineM } from './em.ts';
import type { LinkageModel } from './types.ts';

/** Per comparison (in COMPARISONS order), m and u of each level; index 0 (null) is always 0. */
const TABLE: Readonly<Record<string, { readonly m: readonly number[]; readonly u: readonly number[] }>> = {
  given_name: {
    m: [0, 0.85, 0.01, 0.04, 0.03, 0.01, 0.02, 0.02, 0.02],
    u: [0, 0.01, 0.0001, 0.002, 0.001, 0.001, 0.01, 0.05, 0.9259],
  },
  family_name: {
    m: [0, 0.85, 0.04, 0.04, 0.01, 0.02, 0.04],
    u: [0, 0.005, 0.002, 0.001, 0.001, 0.005, 0.986],
  },
  date_of_birth: {
    m: [0, 0.9, 0.01, 0.04, 0.02, 0.03],
    u: [0, 0.0002, 0.00005, 0.004, 0.003, 0.99275],
  },
  sex: { m: [0, 0.99, 0.01], u: [0, 0.5, 0.5] },
  location: {
    m: [0, 0.7, 0.05, 0.04, 0.001, 0.01, 0.05, 0.149],
    u: [0, 0.00002, 0.00002, 0.00002, 0.0002, 0.002, 0.02, 0.97774],
  },
  phone: { m: [0, 0.9, 0.1], u: [0, 0.0001, 0.9999] },
  identifier: { m: [0, 0.99, 0.01], u: [0, 0.000001, 0.999999] },
};

function rows(kind: 'm' | 'u'): number[][] {
  return COMPARISONS.map((c) => {
    const row = TABLE[c.name]?.[kind];
    if (row === undefined || row.length !== c.levels.length) {
      throw new Error(`default model has no ${kind} for ${c.name} with ${c.levels.length} levels`);
    }
    return row.slice();
  });
}

/**
 * The default m probabilities (per comparison, per level).
 *
 * @example
 * defaultM()[C_DOB]![1]; // 0.9: an exact date of birth among records of one person
 */
export function defaultM(): number[][] {
  return rows('m');
}

/**
 * The default u probabilities (per comparison, per level).
 *
 * @example
 * defaultU()[C_DOB]![1]; // 0.0002: two different people born on the same day
 */
export function defaultU(): number[][] {
  return rows('u');
}

/** How many pseudo-pairs the default m counts for when it serves as EM's prior. */
export const PRIOR_PAIRS = 20;

/**
 * The default model for `records` records: default m and u, and a prior assuming about one duplicate
 * pair per two records (lambda = 1 / (n - 1)), as in the agency data this engine serves.
 *
 * @example
 * const model = defaultModel(40, 'only 12 candidate pairs');
 * model.fallback; // 'only 12 candidate pairs'
 */
export function defaultModel(records: number, reason: string, u: number[][] = defaultU()): LinkageModel {
  const m = combineM([], defaultM());
  return {
    version: 1,
    lambda: Math.min(0.5, 1 / Math.max(1, records - 1)),
    tfWeight: 1,
    comparisons: COMPARISONS.map((c, k) => ({ name: c.name, levels: c.levels, m: m[k]!, u: u[k]! })),
    trainedOn: { records, candidatePairs: 0, uSamplePairs: 0 },
    emIterations: {},
    fallback: reason,
  };
}
