/**
 * One error vocabulary for the whole product (STYLE.md §3). Services throw `AppError`; the HTTP layer
 * maps codes to statuses in one place. Details are data, not prose, so the edge can render them.
 */
export const ERROR_CODES = [
  'not_found',
  'validation',
  'conflict',
  'forbidden_action',
  'unauthenticated',
  'rate_limited',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one input field, as zod reports it (path + code), with a GOV.UK-style message. */
export interface FieldIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];

  constructor(code: ErrorCode, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}

/**
 * Builds a not-found error. Out-of-scope records are reported with exactly the same error as missing
 * ones, so a user cannot tell the difference (DESIGN.md §2 principle 5).
 *
 * @example
 * throw notFound('person');
 */
export function notFound(what: string): AppError {
  return new AppError('not_found', `The ${what} could not be found`);
}

/** @example throw validationError([{ path: ['dateOfBirth'], code: 'invalid_date', message: 'Enter a real date of birth' }]); */
export function validationError(
  issues: FieldIssue[],
  message = 'There is a problem with the information entered',
): AppError {
  return new AppError('validation', message, issues);
}

/**
 * The single mapping from error codes to HTTP statuses.
 *
 * @example
 * httpStatusOf('not_found'); // 404
 */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'not_found':
      return 404;
    case 'validation':
      return 400;
    case 'conflict':
      return 409;
    case 'forbidden_action':
      return 403;
    case 'unauthenticated':
      return 401;
    case 'rate_limited':
      return 429;
    case 'internal':
      return 500;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
