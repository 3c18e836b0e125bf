/**
 * The one way to run work in a transaction. Domain code receives the transaction handle and uses only it
 * inside the callback (STYLE.md §12).
 */
import type { Transaction } from 'kysely';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';

export type Tx = Transaction<Database>;

/**
 * Runs `work` in a transaction: committed when it resolves, rolled back when it throws.
 *
 * @example
 * await inTransaction(db, async (tx) => tx.insertInto('agency').values(row).execute());
 */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
