import type { CsrGraph } from './csr.ts';

/** Connected components: a label per node (0-based, numbered by first appearance) and each component's size. */
export interface Components {
  readonly count: number;
  readonly labels: Int32Array;
  readonly sizes: Int32Array;
}

/**
 * Connected components by iterative depth-first search over the CSR arrays (no recursion, O(n + m)).
 *
 * @example
 * const c = connectedComponents(csrFromEdges(4, Int32Array.of(0, 2), Int32Array.of(1, 3)));
 * c.count; // 2
 * Array.from(c.labels); // [0, 0, 1, 1]
 */
export function connectedComponents(g: CsrGraph): Components {
  const { n, offsets, targets } = g;
  const labels = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const sizeList: number[] = [];
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (labels[s] !== -1) continue;
    let top = 0;
    stack[top++] = s;
    labels[s] = count;
    let size = 0;
    while (top > 0) {
      const u = stack[--top]!;
      size++;
      const end = offsets[u + 1]!;
      for (let a = offsets[u]!; a < end; a++) {
        const v = targets[a]!;
        if (labels[v] === -1) {
          labels[v] = count;
          stack[top++] = v;
        }
      }
    }
    sizeList.push(size);
    count++;
  }
  return { count, labels, sizes: Int32Array.from(sizeList) };
}
