// Public surface of the linkage module (identity resolution). Other modules import only from here.
export type {
  ComparisonParameters,
  Explanation,
  ExplanationTerm,
  LinkageModel,
  LinkRecord,
  Thresholds,
} from './engine/types.ts';
export { DEFAULT_THRESHOLDS } from './engine/types.ts';
export { linkRecords, CONFLICT_PROBABILITY, type LinkOptions, type LinkResult } from './engine/pipeline.ts';
export { explainPair } from './engine/explain.ts';
export { pairwiseAccuracy, type PairwiseAccuracy } from './engine/accuracy.ts';
export { probabilityToWeight, weightToProbability } from './engine/score.ts';
export { parseDate, DATE_FORMATS, type DateFormat } from './engine/standardise.ts';
export { isValidNhsNumber, isValidUpn } from './engine/identifiers.ts';
export { COMPARISONS } from './engine/compare.ts';
export { generateRecords, type SyntheticRecord } from './engine/synthetic.ts';
export {
  parseColumnMap,
  readCsvRecords,
  ROLES as CSV_ROLES,
  type BadRow,
  type ColumnMap,
} from './csv-records.ts';
export {
  LinkageIndex,
  type MatchCandidate,
  type MatchDecision,
  type MatchResult,
} from './engine/incremental.ts';
