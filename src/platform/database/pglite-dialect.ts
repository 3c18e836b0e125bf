/**
 * A Kysely dialect for embedded PGlite. PGlite has one connection in this process, so the driver hands it
 * out to one Kysely connection at a time (a queue): transactions never interleave. The community
 * kysely-pglite-dialect package pins an older PGlite, so this small driver is our own.
 */
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters the simple protocol is used, which also runs multi-statement scripts (migrations).
    const result =
      compiled.parameters.length === 0
        ? ((await this.pg.exec(compiled.sql, { rowMode: 'object' })).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.pg.query<R>(compiled.sql, [...compiled.parameters], { rowMode: 'object' });
    const rows = result.rows as R[];
    const affected = result.affectedRows;
    return affected !== undefined && !/^\s*select/i.test(compiled.sql)
      ? { rows, numAffectedRows: BigInt(affected) }
      : { rows };
  }

  // eslint-disable-next-line require-yield -- streaming is not offered by PGlite
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on PGlite');
  }
}

/** Who is using or waiting for a PGlite engine's one connection, for work that should share it. */
export interface PGliteActivity {
  /** Connection requests waiting for the connection. */
  waiting: number;
  /** When the connection was last handed out or given back (performance.now()). */
  lastChange: number;
}

const activityOf = new WeakMap<PGlite, PGliteActivity>();

/**
 * The connection activity of a PGlite engine opened through this dialect (none: never used).
 *
 * @example
 * if (pgliteActivity(pg).waiting > 0) await pause();
 */
export function pgliteActivity(pg: PGlite): PGliteActivity {
  let a = activityOf.get(pg);
  if (a === undefined) {
    a = { waiting: 0, lastChange: 0 };
    activityOf.set(pg, a);
  }
  return a;
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private tail: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  constructor(private readonly pg: PGlite) {
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    const activity = pgliteActivity(this.pg);
    activity.waiting++;
    try {
      await previous;
    } finally {
      activity.waiting--;
    }
    activity.lastChange = performance.now();
    this.release = release;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    pgliteActivity(this.pg).lastChange = performance.now();
    release?.();
  }

  async destroy(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}

/** Kysely dialect over a PGlite instance. */
export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pg);
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}
