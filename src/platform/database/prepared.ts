/**
 * Named prepared statements for Kysely on `pg`. Kysely sends every query unnamed, so PostgreSQL parses
 * and plans it afresh each time; for the short, many-joined queries behind a page (the child record's
 * policy facts, profile and chronology) planning costs more than running. This pool wrapper gives each
 * repeated SQL text a stable name, so each connection parses and plans it once and then only binds and
 * executes (PostgreSQL still chooses between custom and generic plans as usual, `plan_cache_mode`).
 *
 * Bounded: a text is named only from its second use, and at most `limit` texts are ever named in a
 * process (queries whose text varies, such as `in ($1, …, $n)` lists, would otherwise grow every
 * connection's statement cache without end); the rest run unnamed as before. Only plain data statements
 * are named: DDL and transaction control run unnamed. Migrations run before the server serves, so a
 * named `select *` never outlives a change to its table.
 */
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/iu;

export interface StatementNames {
  /** The name for `text`, or undefined to run it unnamed. */
  nameFor(text: string): string | undefined;
  /** How many texts have been named so far. */
  readonly named: number;
}

/**
 * @example
 * const names = statementNames(500);
 * names.nameFor('select 1'); // undefined (first use)
 * names.nameFor('select 1'); // 's1'
 */
export function statementNames(limit: number): StatementNames {
  const seen = new Set<string>();
  const names = new Map<string, string>();
  return {
    nameFor(text) {
      const known = names.get(text);
      if (known !== undefined) return known;
      if (names.size >= limit || !DATA_STATEMENT.test(text)) return undefined;
      if (!seen.has(text)) {
        if (seen.size < limit * 4) seen.add(text);
        return undefined;
      }
      seen.delete(text);
      const name = `s${names.size + 1}`;
      names.set(text, name);
      return name;
    },
    get named() {
      return names.size;
    },
  };
}

/**
 * Wraps a `pg` pool for Kysely's PostgresDialect so repeated queries run as named prepared statements.
 *
 * @example
 * new Kysely<Database>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
 */
export function withPreparedStatements(pool: pg.Pool, limit = 400): PostgresPool {
  const names = statementNames(limit);
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      function query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query<R>(
        sqlOrCursor: string | PostgresCursor<R>,
        parameters?: readonly unknown[],
      ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
        if (typeof sqlOrCursor !== 'string') {
          return client.query(sqlOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
        }
        const name = names.nameFor(sqlOrCursor);
        const values = parameters === undefined ? [] : [...parameters];
        return (name === undefined
          ? client.query(sqlOrCursor, values)
          : client.query({ name, text: sqlOrCursor, values })) as unknown as Promise<PostgresQueryResult<R>>;
      }
      return { query, release: () => client.release() };
    },
    end: () => pool.end(),
  };
}
