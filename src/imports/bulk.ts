/**
 * One database connection for a bulk load, on either engine: plain parameterised statements plus
 * `COPY … FROM STDIN` (through pg-copy-streams on PostgreSQL, `FROM '/dev/blob'` on PGlite), inside
 * transactions the caller opens per chunk. Kysely has no COPY, so the attendance hot path uses this.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle } from '../platform/database/index.ts';

export interface BulkTx {
  /** Runs one statement with `$1…` parameters and returns its rows. */
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs `COPY <target> FROM STDIN` (text format) with the given data pieces. */
  copyIn(copySql: string, parts: readonly (string | Uint8Array)[]): Promise<void>;
}

export interface BulkConnection {
  transaction<T>(work: (tx: BulkTx) => Promise<T>): Promise<T>;
  release(): void;
}

async function pgCopy(
  client: pg.PoolClient,
  copySql: string,
  parts: readonly (string | Uint8Array)[],
): Promise<void> {
  const stream = client.query(copyFrom(copySql));
  for (const p of parts) {
    if (p.length > 0 && !stream.write(p)) await once(stream, 'drain');
  }
  stream.end();
  await finished(stream);
}

/**
 * Opens a bulk connection (a dedicated pool client on PostgreSQL; the one PGlite engine otherwise).
 *
 * @example
 * const conn = await openBulk(handle);
 * try { await conn.transaction((tx) => tx.copyIn('copy t (a) from stdin', ['1\n'])); } finally { conn.release(); }
 */
export async function openBulk(handle: DatabaseHandle): Promise<BulkConnection> {
  if (handle.pool !== undefined) {
    const client = await handle.pool.connect();
    const tx: BulkTx = {
      query: async <R>(text: string, params: readonly unknown[] = []) =>
        (await client.query(text, [...params])).rows as R[],
      copyIn: (copySql, parts) => pgCopy(client, copySql, parts),
    };
    let broken = false;
    return {
      async transaction<T>(work: (t: BulkTx) => Promise<T>): Promise<T> {
        await client.query('begin');
        // A chunk's commit does not wait for its WAL to reach the disk (the next chunk's or the batch's
        // final, synchronous commit flushes it). A database crash can lose only the last chunks whole,
        // with their chunk markers, so running the import again loads exactly them: the state of one
        // clean run. Halves the time of a large attendance file on a slow disk.
        await client.query('set local synchronous_commit = off');
        try {
          const out = await work(tx);
          await client.query('commit');
          return out;
        } catch (e) {
          await client.query('rollback').catch(() => (broken = true));
          throw e;
        }
      },
      release: () => client.release(broken),
    };
  }
  const lite = handle.pglite;
  if (lite === undefined) throw new Error('no database engine for bulk load');
  // PGlite has one session. Each transaction holds Kysely's one connection while it runs, so it never
  // starts between the statements of a Kysely transaction a request has open (an import runs in the
  // background beside the pages).
  return {
    transaction: <T>(work: (t: BulkTx) => Promise<T>): Promise<T> =>
      handle.db.connection().execute(() =>
        lite.transaction((ltx) =>
          work({
            query: async <R>(text: string, params: readonly unknown[] = []) =>
              (await ltx.query<R>(text, [...params])).rows,
            copyIn: async (copySql, parts) => {
              await ltx.query(copySql.replace(/\bstdin\b/i, `'/dev/blob'`), [], {
                blob: new Blob([...parts]),
              });
            },
          }),
        ),
      ),
    release: () => undefined,
  };
}
