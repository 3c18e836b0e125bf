import { csrFromEdges, type CsrGraph } from './csr.ts';
import type { NodeKind, PoleGraph } from './types.ts';

/** A CSR view of (part of) a POLE graph, with the mapping between string ids and dense indices. */
export interface IndexedGraph {
  readonly csr: CsrGraph;
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

/**
 * Converts a POLE graph (or the subgraph of the given node kinds) to weighted CSR form.
 *
 * @example
 * const { csr, ids } = toCsr(graph, ['person']); // the person-to-person network only
 */
export function toCsr(graph: PoleGraph, kinds?: readonly NodeKind[]): IndexedGraph {
  const keep = kinds === undefined ? null : new Set(kinds);
  const ids: string[] = [];
  const index = new Map<string, number>();
  for (const n of graph.nodes) {
    if (keep !== null && !keep.has(n.kind)) continue;
    index.set(n.id, ids.length);
    ids.push(n.id);
  }
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  for (const e of graph.edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined) continue;
    src.push(a);
    dst.push(b);
    w.push(e.weight);
  }
  const csr = csrFromEdges(ids.length, Int32Array.from(src), Int32Array.from(dst), Float64Array.from(w));
  return { csr, ids, index };
}
