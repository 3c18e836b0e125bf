// Moving a prepared table to worker threads: typed-array columns (shared memory when allocated so, else
// copied) and the string table; no lookup maps are rebuilt on the other side.
import { COLUMNS, IntVec, StringPool, type Column, type PreparedTable } from './prepare.ts';

export interface TableTransfer {
  readonly strings: string[];
  readonly cols: Record<Column, Int32Array>;
  readonly addrTok: Int32Array;
  readonly idScheme: Int32Array;
  readonly idValue: Int32Array;
  readonly rows: number;
}

function wrap(data: Int32Array): IntVec {
  const v = new IntVec(0);
  v.data = data;
  v.length = data.length;
  return v;
}

/**
 * The parts of a table a worker needs.
 *
 * @example
 * worker.postMessage({ type: 'init', table: tableToTransfer(t) });
 */
export function tableToTransfer(t: PreparedTable): TableTransfer {
  const cols = {} as Record<Column, Int32Array>;
  for (const c of COLUMNS) cols[c] = t.cols[c].view();
  return {
    strings: t.pool.strings,
    cols,
    addrTok: t.addrTok.view(),
    idScheme: t.idScheme.view(),
    idValue: t.idValue.view(),
    rows: t.ids.length,
  };
}

/**
 * Rebuilds a read-only table from a transfer (row ids are not carried; comparisons do not need them).
 *
 * @example
 * const t = tableFromTransfer(msg.table);
 */
export function tableFromTransfer(x: TableTransfer): PreparedTable {
  const cols = {} as Record<Column, IntVec>;
  for (const c of COLUMNS) cols[c] = wrap(x.cols[c]);
  return {
    pool: new StringPool(x.strings),
    ids: new Array<string>(x.rows).fill(''),
    cols,
    addrTok: wrap(x.addrTok),
    idScheme: wrap(x.idScheme),
    idValue: wrap(x.idValue),
    invalidIdentifiers: new Map(),
  };
}
