export { addMonths, ageOn, daysBetween } from './dates.ts';
export {
  levelForScore,
  levelRank,
  recencyOf,
  scoreScreening,
  screeningAnswerSchema,
  screeningInputSchema,
  screeningSubjectSchema,
  type AnswerExplanation,
  type AppliedOverride,
  type ScreeningAnswer,
  type ScreeningInput,
  type ScreeningResult,
  type ScreeningSubject,
  type ValidationIssue,
} from './score.ts';
export { reviewStatus, type ReviewStatus } from './review.ts';
