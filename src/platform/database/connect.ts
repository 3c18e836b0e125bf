/**
 * Opens the product database: PostgreSQL through `pg` when a URL is configured, otherwise embedded
 * PGlite (PostgreSQL compiled to WebAssembly) with its files in the data folder. Both speak the same SQL
 * and return the same JavaScript types: `date` as 'YYYY-MM-DD' strings, `int8` as numbers, timestamps as
 * Date objects.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { withPreparedStatements } from './prepared.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseConfig['kind'];
  /** The embedded engine, for the few jobs Kysely cannot express (bulk COPY). Undefined on PostgreSQL. */
  pglite: PGlite | undefined;
  /** The pool, for bulk COPY on PostgreSQL. Undefined on PGlite. */
  pool: pg.Pool | undefined;
  close(): Promise<void>;
}

const OID_INT8 = 20;
const OID_DATE = 1082;

const pgTypes = new pg.TypeOverrides();
pgTypes.setTypeParser(OID_DATE, (value: string) => value);
pgTypes.setTypeParser(OID_INT8, (value: string) => Number(value));

/**
 * Opens a database handle. Call `close()` on shutdown: PGlite only guarantees its files are complete
 * after a clean close.
 *
 * @example
 * const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
 * await handle.db.selectFrom('partnership').selectAll().execute();
 * await handle.close();
 */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === 'postgres') {
    if (config.url === undefined) throw new Error('DATABASE_URL is required for PostgreSQL');
    const pool = new pg.Pool({ connectionString: config.url, max: 10, types: pgTypes });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. Queries in flight see their own error.
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
    await sql`select 1`.execute(db);
    return { db, kind: 'postgres', pglite: undefined, pool, close: () => db.destroy() };
  }
  const dataDir = config.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    parsers: { [OID_DATE]: (value: string) => value, [OID_INT8]: (value: string) => Number(value) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    pglite,
    pool: undefined,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** Reports whether the database answers, for /health. */
export async function checkDatabase(db: Db): Promise<{ ok: boolean; latencyMs: number }> {
  const started = performance.now();
  try {
    await sql`select 1`.execute(db);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    return { ok: false, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  }
}
