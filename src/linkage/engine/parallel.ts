// Comparing many pairs on every core: a small pool of worker threads, each holding the prepared table,
// takes chunks of pairs in turn. With zero workers the same work runs in this thread (same results).
import { Worker } from 'node:worker_threads';
import { comparePair } from './compare.ts';
import type { PreparedTable } from './prepare.ts';
import { tableToTransfer } from './transfer.ts';

export interface Comparer {
  compare(left: Int32Array, right: Int32Array): Promise<Int32Array>;
  close(): Promise<void>;
}

/**
 * Compares pairs in this thread.
 *
 * @example
 * const patterns = comparePairsSerial(t, left, right);
 */
export function comparePairsSerial(t: PreparedTable, left: Int32Array, right: Int32Array): Int32Array {
  const out = new Int32Array(left.length);
  for (let k = 0; k < out.length; k++) out[k] = comparePair(t, left[k]!, t, right[k]!);
  return out;
}

interface Done {
  readonly type: 'done' | 'ready';
  readonly id: number;
  readonly patterns: Int32Array;
}

/**
 * A comparer over `workers` threads (0: in this thread). Close it when finished.
 *
 * @example
 * const c = await createComparer(t, 2);
 * const patterns = await c.compare(left, right);
 * await c.close();
 */
export async function createComparer(t: PreparedTable, workers: number, chunk = 250_000): Promise<Comparer> {
  if (workers <= 0) {
    return {
      compare: (l, r) => Promise.resolve(comparePairsSerial(t, l, r)),
      close: () => Promise.resolve(),
    };
  }
  const url = new URL('./worker-bootstrap.js', import.meta.url);
  const pool = Array.from({ length: workers }, () => new Worker(url));
  const transfer = tableToTransfer(t);
  await Promise.all(
    pool.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once('error', reject);
          w.once('message', () => resolve());
          w.postMessage({ type: 'init', table: transfer });
        }),
    ),
  );
  let nextId = 0;
  const run = (w: Worker, left: Int32Array, right: Int32Array): Promise<Int32Array> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const onMessage = (msg: Done): void => {
        if (msg.type !== 'done' || msg.id !== id) return;
        w.off('message', onMessage);
        w.off('error', reject);
        resolve(msg.patterns);
      };
      w.on('message', onMessage);
      w.once('error', reject);
      w.postMessage({ type: 'compare', id, left: left.slice(), right: right.slice() });
    });
  return {
    async compare(left, right) {
      const out = new Int32Array(left.length);
      let next = 0;
      const loop = async (w: Worker): Promise<void> => {
        while (next < left.length) {
          const start = next;
          const end = Math.min(left.length, start + chunk);
          next = end;
          out.set(await run(w, left.subarray(start, end), right.subarray(start, end)), start);
        }
      };
      await Promise.all(pool.map(loop));
      return out;
    },
    async close() {
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}
