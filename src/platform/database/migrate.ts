/**
 * Forward-only SQL migrations from /migrations, named NNNN_verb_thing.sql and applied in order, each in
 * its own transaction with its checksum recorded. An edited migration that has already been applied is an
 * error: add a new file instead. On PostgreSQL an advisory lock stops two servers migrating at once.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './connect.ts';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'migrations');
const MIGRATION_LOCK_KEY = 746_915_001;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** Lists the migration files in order. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies every migration not yet applied.
 *
 * @example
 * const { applied } = await migrate(db);
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = readMigrations(dir);
  await sql`
    create table if not exists sightline_migration (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(db);
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const file of files) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      const existing = await trx
        .selectFrom('sightline_migration')
        .select('checksum')
        .where('name', '=', file.name)
        .executeTakeFirst();
      if (existing !== undefined) {
        if (existing.checksum !== file.checksum) {
          throw new Error(
            `Migration ${file.name} was changed after it was applied. Migrations are forward-only: restore the file and add a new one.`,
          );
        }
        return false;
      }
      await sql.raw(file.sql).execute(trx);
      await trx
        .insertInto('sightline_migration')
        .values({ name: file.name, checksum: file.checksum })
        .execute();
      return true;
    });
    if (done) applied.push(file.name);
    else alreadyApplied += 1;
  }
  return { applied, alreadyApplied };
}
