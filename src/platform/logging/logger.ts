/**
 * Structured logs (pino) to stderr. Logs never hold personal data: request logs carry method, path
 * (without query string) and status only, known sensitive keys are redacted wherever they appear, and
 * errors are logged by type and code, not message (database messages can quote values).
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Keys redacted anywhere in a log object (two levels deep; pino's redaction is path based). */
const SENSITIVE_KEYS = [
  'password',
  'passwordHash',
  'password_hash',
  'totp',
  'totpSecret',
  'totp_secret',
  'totpCode',
  'cookie',
  'authorization',
  'givenName',
  'familyName',
  'given_name',
  'family_name',
  'name',
  'email',
  'dateOfBirth',
  'date_of_birth',
  'address',
  'postcode',
  'phone',
  'narrative',
  'payload',
  'body',
  'query',
  'q',
];

export const REDACT_PATHS = [
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((k) => `*.${k}`),
  ...SENSITIVE_KEYS.map((k) => `*.*.${k}`),
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

export interface LoggerSettings {
  level: LoggerOptions['level'];
  /** Where lines go; stderr by default so stdout stays for data. */
  destination?: pino.DestinationStream;
}

/**
 * Creates the product logger.
 *
 * @example
 * const log = createLogger({ level: 'info' });
 * log.info({ rows: 10 }, 'import finished');
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'sightline' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return pino(options, settings.destination ?? pino.destination({ fd: 2, sync: false }));
}

/** Describes an error for a log line without its message text, which may quote personal data. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const stack = (error.stack ?? '').split('\n').slice(1, 8).join('\n');
  return { type: error.name, ...(typeof code === 'string' ? { code } : {}), stack };
}
