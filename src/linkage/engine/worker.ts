// Worker thread: receives the prepared table once (shared memory columns plus the string table), then
// compares batches of row pairs and returns their patterns.
import { parentPort } from 'node:worker_threads';
import { comparePair } from './compare.ts';
import { tableFromTransfer, type TableTransfer } from './transfer.ts';
import type { PreparedTable } from './prepare.ts';

type Message =
  | { readonly type: 'init'; readonly table: TableTransfer }
  | { readonly type: 'compare'; readonly id: number; readonly left: Int32Array; readonly right: Int32Array };

let table: PreparedTable | undefined;

parentPort?.on('message', (msg: Message) => {
  if (msg.type === 'init') {
    table = tableFromTransfer(msg.table);
    parentPort?.postMessage({ type: 'ready' });
    return;
  }
  const t = table;
  if (t === undefined) throw new Error('linkage worker used before init');
  const out = new Int32Array(msg.left.length);
  for (let k = 0; k < out.length; k++) out[k] = comparePair(t, msg.left[k]!, t, msg.right[k]!);
  parentPort?.postMessage({ type: 'done', id: msg.id, patterns: out }, [out.buffer]);
});
