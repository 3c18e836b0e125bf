// The shapes the linkage engine works on. A LinkRecord deliberately has no field for ethnicity, religion or
// nationality: those are recorded for statistics and never feed a match (DESIGN.md §2 principle 7).

/** One person-bearing record from any agency, as the engine sees it. Dates are ISO `YYYY-MM-DD`. */
export interface LinkRecord {
  readonly id: string;
  /** The file or agency feed the record came from; links across sources and within one are both allowed. */
  readonly source?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  /** Used only when given and family names are absent: split on the last space. */
  readonly fullName?: string;
  readonly dateOfBirth?: string;
  readonly sex?: string;
  readonly address?: string;
  readonly postcode?: string;
  readonly phone?: string;
  /** Scheme name (for example `nhs_number`, `upn`, `police_id`) to value. */
  readonly identifiers?: Readonly<Record<string, string>>;
}

/** Fellegi-Sunter parameters for one comparison: probability of each level among matches (m) and non-matches (u). */
export interface ComparisonParameters {
  readonly name: string;
  /** Level labels; index 0 is always `null` (either side missing), which adds no weight. */
  readonly levels: readonly string[];
  readonly m: readonly number[];
  readonly u: readonly number[];
}

/** A trained model: what `model.json` holds. */
export interface LinkageModel {
  readonly version: 1;
  /** Prior probability that two random records are the same person. */
  readonly lambda: number;
  readonly comparisons: readonly ComparisonParameters[];
  /** Weight given to term-frequency adjustments on exact name matches (Splink's default is 1). */
  readonly tfWeight: number;
  readonly trainedOn: {
    readonly records: number;
    readonly candidatePairs: number;
    readonly uSamplePairs: number;
  };
  readonly emIterations: Readonly<Record<string, number>>;
  /** Set when EM had too few pairs and the documented default model (default-model.ts) was used: why. */
  readonly fallback?: string;
}

/** The weight one comparison added to a pair's score. */
export interface ExplanationTerm {
  readonly comparison: string;
  readonly level: string;
  readonly weight: number;
  readonly tfAdjustment: number;
  readonly left: string;
  readonly right: string;
}

/** Why two records scored as they did: prior + each comparison = total weight, and the probability. */
export interface Explanation {
  readonly priorWeight: number;
  readonly terms: readonly ExplanationTerm[];
  readonly matchWeight: number;
  readonly matchProbability: number;
}

/** Decision thresholds on match probability: above `autoLink` link, between `review` and it, queue. */
export interface Thresholds {
  readonly autoLink: number;
  readonly review: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { autoLink: 0.99, review: 0.5 };
