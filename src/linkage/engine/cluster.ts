// Clustering that resists chaining. Connected components over links above the auto-link threshold would
// join two different people through one shared sibling-like record; instead, inside each component we merge
// greedily from the strongest link down and refuse a merge when any pair across the two groups was compared
// and scored below the review threshold (evidence they are different people) or when the group would grow
// past a size cap. Refused merges and loosely knit clusters are flagged for human review.

/** Union-find over rows, path-halving, union by smaller index (so roots are deterministic). */
export class UnionFind {
  readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    let v = x;
    while (p[v] !== v) {
      p[v] = p[p[v]!]!;
      v = p[v]!;
    }
    return v;
  }
  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    const [lo, hi] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[hi] = lo;
    return lo;
  }
}

export interface ClusterOptions {
  /** Links at or above this match weight may join a cluster. */
  readonly linkWeight: number;
  /** A compared pair below this weight forbids its two records from sharing a cluster. */
  readonly conflictWeight: number;
  /** No cluster grows beyond this many records. */
  readonly maxClusterSize?: number;
  /** Clusters whose share of internal pairs linked above linkWeight is below this go to review. */
  readonly minDensity?: number;
}

export interface ReviewCluster {
  readonly rows: readonly number[];
  readonly reason: 'merge refused: conflicting pair' | 'merge refused: size cap' | 'weakly connected';
}

export interface Clustering {
  /** For each row, the smallest row number of its cluster. */
  readonly clusterOf: Int32Array;
  readonly clusters: number;
  readonly review: readonly ReviewCluster[];
}

/**
 * Clusters rows from scored candidate pairs.
 *
 * @example
 * clusterPairs(3, new Int32Array([0, 1]), new Int32Array([1, 2]), new Float32Array([20, 20]), { linkWeight: 10, conflictWeight: 0 });
 */
export function clusterPairs(
  n: number,
  left: Int32Array,
  right: Int32Array,
  weights: Float32Array,
  options: ClusterOptions,
): Clustering {
  const maxSize = options.maxClusterSize ?? 50;
  const minDensity = options.minDensity ?? 0.4;
  const comp = new UnionFind(n);
  for (let p = 0; p < weights.length; p++) {
    if (weights[p]! >= options.linkWeight) comp.union(left[p]!, right[p]!);
  }
  const compSize = new Int32Array(n);
  for (let i = 0; i < n; i++) compSize[comp.find(i)]!++;
  // Pairs inside components of three or more need the careful merge.
  const lookup = new Map<number, number>();
  const strong: number[] = [];
  for (let p = 0; p < weights.length; p++) {
    const a = left[p]!;
    const b = right[p]!;
    const root = comp.find(a);
    if (root !== comp.find(b) || compSize[root]! < 3) continue;
    lookup.set(a * n + b, weights[p]!);
    if (weights[p]! >= options.linkWeight) strong.push(p);
  }
  strong.sort((x, y) => weights[y]! - weights[x]! || left[x]! - left[y]! || right[x]! - right[y]!);
  const uf = new UnionFind(n);
  const members = new Map<number, number[]>();
  const membersOf = (r: number): number[] => members.get(r) ?? [r];
  const refused = new Map<number, ReviewCluster['reason']>();
  for (let p = 0; p < weights.length; p++) {
    const root = comp.find(left[p]!);
    if (weights[p]! >= options.linkWeight && compSize[root]! < 3) uf.union(left[p]!, right[p]!);
  }
  for (const p of strong) {
    const ra = uf.find(left[p]!);
    const rb = uf.find(right[p]!);
    if (ra === rb) continue;
    const A = membersOf(ra);
    const B = membersOf(rb);
    let reason: ReviewCluster['reason'] | undefined;
    if (A.length + B.length > maxSize) reason = 'merge refused: size cap';
    else {
      outer: for (const a of A) {
        for (const b of B) {
          const w = lookup.get(a < b ? a * n + b : b * n + a);
          if (w !== undefined && w < options.conflictWeight) {
            reason = 'merge refused: conflicting pair';
            break outer;
          }
        }
      }
    }
    if (reason !== undefined) {
      refused.set(ra, reason);
      refused.set(rb, reason);
      continue;
    }
    const root = uf.union(ra, rb);
    const merged = A.concat(B);
    members.delete(ra);
    members.delete(rb);
    members.set(root, merged);
  }
  const clusterOf = new Int32Array(n);
  let clusters = 0;
  for (let i = 0; i < n; i++) {
    clusterOf[i] = uf.find(i);
    if (clusterOf[i] === i) clusters++;
  }
  const review: ReviewCluster[] = [];
  const flagged = new Set<number>();
  for (const [r, reason] of refused) {
    const root = uf.find(r);
    if (flagged.has(root)) continue;
    flagged.add(root);
    review.push({
      rows: membersOf(root)
        .slice()
        .sort((x, y) => x - y),
      reason,
    });
  }
  for (const [root, rows] of members) {
    if (flagged.has(root) || rows.length < 3) continue;
    let linked = 0;
    for (let x = 0; x < rows.length; x++) {
      for (let y = x + 1; y < rows.length; y++) {
        const a = Math.min(rows[x]!, rows[y]!);
        const b = Math.max(rows[x]!, rows[y]!);
        if ((lookup.get(a * n + b) ?? -Infinity) >= options.linkWeight) linked++;
      }
    }
    const density = linked / ((rows.length * (rows.length - 1)) / 2);
    if (density < minDensity) {
      flagged.add(root);
      review.push({ rows: rows.slice().sort((x, y) => x - y), reason: 'weakly connected' });
    }
  }
  review.sort((x, y) => x.rows[0]! - y.rows[0]!);
  return { clusterOf, clusters, review };
}
