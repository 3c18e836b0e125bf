// PGlite has one session: a bulk-load transaction must never start between the statements of a Kysely
// transaction another caller has open (it would run inside it and commit it half done).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../test/support/db.ts';
import { openBulk } from './bulk.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

describe.skipIf(testDatabaseKind !== 'pglite')('bulk transactions on PGlite', () => {
  it('wait for a Kysely transaction in progress instead of running inside it', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      started = resolve;
    });
    const kysely = t.db.transaction().execute(async (trx) => {
      await sql`create temp table bulk_probe (n int) on commit drop`.execute(trx);
      started();
      await gate;
      await sql`insert into bulk_probe values (1)`.execute(trx);
      order.push('kysely');
    });
    await inside;
    const conn = await openBulk(t);
    const bulk = conn
      .transaction((tx) => tx.query<{ n: number }>('select 1 as n'))
      .then(() => order.push('bulk'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await Promise.all([kysely, bulk]);
    conn.release();
    expect(order).toEqual(['kysely', 'bulk']);
  });
});
