/**
 * Configuration comes only from the environment, is validated once at start-up, and every message says
 * how to fix the problem (STYLE.md §2). Secrets never live in the repository.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      'DATABASE_URL must start with postgres:// (or leave it unset to use embedded PGlite)',
    )
    .optional(),
  SIGHTLINE_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce
    .number({ error: 'PORT must be a number such as 3000' })
    .int()
    .min(0, 'PORT must be between 0 (any free port) and 65535')
    .max(65535, 'PORT must be between 0 (any free port) and 65535')
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  SIGHTLINE_DEMO_MODE: boolFromEnv.optional(),
  SIGHTLINE_SECURE_COOKIES: boolFromEnv.optional(),
  SIGHTLINE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(720).default(15),
  SIGHTLINE_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  SIGHTLINE_DEMO_CHILDREN: z.coerce
    .number({ error: 'SIGHTLINE_DEMO_CHILDREN must be a whole number such as 2000' })
    .int()
    .min(0, 'SIGHTLINE_DEMO_CHILDREN must be 0 (no simulated partnership) or more')
    .max(100_000, 'SIGHTLINE_DEMO_CHILDREN must be 100000 or fewer')
    .default(2000),
  SIGHTLINE_WORKERS: z.coerce
    .number({ error: 'SIGHTLINE_WORKERS must be a whole number such as 2' })
    .int()
    .min(1, 'SIGHTLINE_WORKERS must be 1 or more')
    .max(64, 'SIGHTLINE_WORKERS must be 64 or fewer')
    .default(1),
  SIGHTLINE_UPLOAD_MAX_MB: z.coerce
    .number({ error: 'SIGHTLINE_UPLOAD_MAX_MB must be a whole number of megabytes such as 200' })
    .int('SIGHTLINE_UPLOAD_MAX_MB must be a whole number of megabytes such as 200')
    .min(1, 'SIGHTLINE_UPLOAD_MAX_MB must be 1 or more')
    .max(
      10_240,
      'SIGHTLINE_UPLOAD_MAX_MB must be 10240 (10 GB) or fewer; import larger files with sightline import',
    )
    .default(200),
  SIGHTLINE_PSEUDONYM_KEY: z
    .string()
    .min(
      32,
      'SIGHTLINE_PSEUDONYM_KEY must be at least 32 characters (generate one with: openssl rand -hex 32)',
    )
    .optional(),
});

export type Env = z.input<typeof EnvSchema>;

export interface DatabaseConfig {
  /** `postgres` when DATABASE_URL is set, otherwise the embedded PGlite. */
  kind: 'postgres' | 'pglite';
  /** Connection string for PostgreSQL. */
  url?: string;
  /** Folder for PGlite's files, or `memory://` for an in-memory database. */
  dataDir?: string;
}

export interface Config {
  database: DatabaseConfig;
  dataDir: string;
  port: number;
  host: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  env: z.infer<typeof EnvSchema>['NODE_ENV'];
  /** Demo mode: visible banner, MFA off. On by default for the embedded database only. */
  demoMode: boolean;
  secureCookies: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  pseudonymKey: string | undefined;
  /** Children in the demo's simulated partnership (0: only the named demo records). */
  demoChildren: number;
  /**
   * Server processes sharing the port (node:cluster), for PostgreSQL: one Node process renders pages on
   * one core, so a server with more cores than one runs one worker per core. PGlite lives inside one
   * process and always runs with one.
   */
  workers: number;
  /** The largest file the upload page takes, in bytes (larger files: `sightline import`). */
  uploadMaxBytes: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates configuration from an environment object.
 *
 * @example
 * const config = loadConfig({ PORT: '3000' });
 * config.database.kind; // 'pglite'
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`Sightline cannot start: the configuration is not valid.\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.SIGHTLINE_DATA_DIR);
  const database: DatabaseConfig =
    e.DATABASE_URL !== undefined && e.DATABASE_URL !== ''
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: resolve(dataDir, 'pglite') };
  return {
    database,
    dataDir,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    env: e.NODE_ENV,
    demoMode: e.SIGHTLINE_DEMO_MODE ?? database.kind === 'pglite',
    secureCookies: e.SIGHTLINE_SECURE_COOKIES ?? e.NODE_ENV === 'production',
    session: {
      idleMinutes: e.SIGHTLINE_SESSION_IDLE_MINUTES,
      absoluteHours: e.SIGHTLINE_SESSION_ABSOLUTE_HOURS,
    },
    pseudonymKey: e.SIGHTLINE_PSEUDONYM_KEY,
    demoChildren: e.SIGHTLINE_DEMO_CHILDREN,
    workers: e.SIGHTLINE_WORKERS,
    uploadMaxBytes: e.SIGHTLINE_UPLOAD_MAX_MB * 1024 * 1024,
  };
}
