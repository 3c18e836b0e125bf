/**
 * "An import batch completed": the one notification the imports module gives other modules, so the
 * early-warning engine can re-evaluate the people a batch changed without imports depending on it.
 * Listeners subscribe per database handle (the composition root and the CLI wire them). A listener
 * runs after the batch has committed: whatever it does, and however it fails, the import stands.
 */
import type { DatabaseHandle } from '../platform/database/index.ts';

/** What completed: the batches (one file, or every file of a folder) and how many people they changed. */
export interface BatchCompleted {
  readonly partnershipId: string;
  readonly batchIds: readonly string[];
  readonly changedPeople: number;
}

/** Must not throw (the batch is already committed); a rejection is caught and reported without detail. */
export type BatchCompletedListener = (event: BatchCompleted) => Promise<void>;

// Keyed by the Kysely instance, which every copy of a handle shares.
const listeners = new WeakMap<DatabaseHandle['db'], Set<BatchCompletedListener>>();

/**
 * Calls `listener` after every batch completed on `handle`. Returns the unsubscribe function.
 *
 * @example
 * const stop = onBatchCompleted(handle, async (e) => { await evaluate(e.partnershipId); });
 */
export function onBatchCompleted(handle: DatabaseHandle, listener: BatchCompletedListener): () => void {
  let set = listeners.get(handle.db);
  if (set === undefined) {
    set = new Set();
    listeners.set(handle.db, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

/**
 * Tells the listeners of `handle` that batches completed, one after another, and waits for them. A
 * failing listener never fails the import: its rejection becomes a process warning naming no data.
 *
 * @example
 * await notifyBatchCompleted(handle, { partnershipId, batchIds: [batchId], changedPeople: 12 });
 */
export async function notifyBatchCompleted(handle: DatabaseHandle, event: BatchCompleted): Promise<void> {
  if (event.batchIds.length === 0) return;
  for (const listener of [...(listeners.get(handle.db) ?? [])]) {
    try {
      await listener(event);
    } catch (error) {
      process.emitWarning('A listener for completed import batches failed; the import stands', {
        code: 'SIGHTLINE_BATCH_LISTENER',
        detail: error instanceof Error ? error.name : typeof error,
      });
    }
  }
}
