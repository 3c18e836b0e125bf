// Between the chunks of long work on PGlite, a page's queries go first: all of them, not one a chunk.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, shareConnection, type DatabaseHandle } from './index.ts';
import { inTransaction } from './index.ts';

const handles: DatabaseHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.close();
});

/** Chunks of work that hold the connection, then a pause; returns the chunk each page query finished in. */
async function race(pause: (h: DatabaseHandle) => Promise<void>): Promise<number[]> {
  const h = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  handles.push(h);
  let chunk = 0;
  const finishedIn: number[] = [];
  const work = (async () => {
    for (; chunk < 8; chunk++) {
      await inTransaction(h.db, async (tx) => {
        await sql`select pg_sleep(0.02)`.execute(tx);
      });
      await pause(h);
    }
  })();
  // A page: six queries one after another with a turn of the event loop between them (as a real page's
  // work has: reading the request, hashing, rendering), asked for while the first chunk runs.
  const page = (async () => {
    await nextTurn();
    for (let i = 0; i < 6; i++) {
      await sql`select 1`.execute(h.db);
      finishedIn.push(chunk);
      await nextTurn();
    }
  })();
  await Promise.all([work, page]);
  return finishedIn;
}

describe('shareConnection', () => {
  it('lets a page run all its queries between two chunks on PGlite', async () => {
    const shared = await race((h) => shareConnection(h));
    expect(shared.every((c) => c === shared[0])).toBe(true);
    // Without it, each of the page's queries waits for another chunk.
    const plain = await race(() => nextTurn().then(() => undefined));
    expect(new Set(plain).size).toBeGreaterThan(2);
  });
});
