/**
 * Test databases. On PGlite each test file gets its own in-memory database; on PostgreSQL
 * (DATABASE_URL set) each gets a fresh database cloned from a migrated template, dropped afterwards.
 * Never a mock: the product's real SQL runs on the real engine.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  migrate,
  openDatabase,
  readMigrations,
  type DatabaseHandle,
} from '../../src/platform/database/index.ts';

export const testDatabaseKind: 'postgres' | 'pglite' =
  process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '' ? 'postgres' : 'pglite';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const TEMPLATE_LOCK = 746_915_002;

async function ensureTemplate(baseUrl: string): Promise<string> {
  const hash = createHash('sha256')
    .update(
      readMigrations()
        .map((m) => m.checksum)
        .join(','),
    )
    .digest('hex')
    .slice(0, 12);
  const template = `sightline_tmpl_${hash}`;
  await adminQuery(baseUrl, async (client) => {
    await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const exists = await client.query('select 1 from pg_database where datname = $1', [template]);
      if (exists.rowCount === 0) {
        const building = `${template}_building_${randomBytes(3).toString('hex')}`;
        await client.query(`create database ${building}`);
        const handle = await openDatabase({ kind: 'postgres', url: withDatabase(baseUrl, building) });
        try {
          await migrate(handle.db);
        } finally {
          await handle.close();
        }
        await client.query(`alter database ${building} rename to ${template}`);
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return template;
}

export interface TestDatabase extends DatabaseHandle {
  /** Drops the database (PostgreSQL) or closes it (PGlite). */
  dispose(): Promise<void>;
}

/**
 * A migrated, empty database for one test file.
 *
 * @example
 * let t: TestDatabase;
 * beforeAll(async () => { t = await createTestDatabase(); });
 * afterAll(() => t.dispose());
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = process.env.DATABASE_URL;
  if (testDatabaseKind === 'pglite' || baseUrl === undefined) {
    const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrate(handle.db);
    return { ...handle, dispose: () => handle.close() };
  }
  const template = await ensureTemplate(baseUrl);
  const name = `sightline_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, async (client) => {
    await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      await client.query(`create database ${name} template ${template}`);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  const handle = await openDatabase({ kind: 'postgres', url: withDatabase(baseUrl, name) });
  return {
    ...handle,
    dispose: async () => {
      await handle.close();
      await adminQuery(baseUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
