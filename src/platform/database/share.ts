/**
 * Long work (an import) shares the database with pages between its chunks. On PGlite the engine and its
 * one connection run in the server's own thread, so a chunk that takes the connection again at once
 * would make every query of a page wait a whole chunk: the page would wait for the import. Between
 * chunks, `shareConnection` lets whoever is waiting for the connection, and whatever they do next with
 * it, go first, until a turn passes with nobody using it (at most `CAP_MS`). On PostgreSQL, where pages
 * have connections of their own, it is one turn of the event loop.
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseHandle } from './connect.ts';
import { pgliteActivity } from './pglite-dialect.ts';

/** The longest a chunk boundary waits for others (a page keeps the import waiting no longer than this). */
const CAP_MS = 500;

/**
 * Gives others a turn with the database between chunks of long work.
 *
 * @example
 * for (const chunk of chunks) { await save(chunk); await shareConnection(handle); }
 */
export async function shareConnection(handle: DatabaseHandle): Promise<void> {
  await nextTurn();
  const pg = handle.pool === undefined ? handle.pglite : undefined;
  if (pg === undefined) return;
  const activity = pgliteActivity(pg);
  const start = performance.now();
  let seen = -1;
  while (performance.now() - start < CAP_MS) {
    if (activity.waiting === 0 && activity.lastChange === seen) return;
    seen = activity.lastChange;
    await sleep(1);
  }
}
