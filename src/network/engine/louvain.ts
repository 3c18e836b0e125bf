/**
 * Louvain community detection over CSR typed arrays (Blondel et al. 2008), with a resolution parameter
 * and the queue-based local move (only nodes whose neighbourhood changed are revisited). Deterministic
 * for a given seed. Plain modularity (resolution 1) merges small groups in large graphs (the resolution
 * limit); raise `resolution` to keep small groups apart.
 */
import { seededRandom, type CsrGraph } from './csr.ts';

export interface LouvainOptions {
  /** Modularity resolution γ: higher gives more, smaller communities. Default 1. */
  readonly resolution?: number;
  readonly seed?: number;
  /** Stop after this many aggregation levels (1 gives the finest partition). Default 32. */
  readonly maxLevels?: number;
}

export interface LouvainResult {
  /** Community of every node, numbered 0..count-1. */
  readonly membership: Int32Array;
  readonly count: number;
  /** Modularity of `membership` at the chosen resolution. */
  readonly modularity: number;
  readonly levels: number;
}

interface Level {
  n: number;
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  /** Weight inside each node (sum of A_ij over ordered pairs inside it, so each internal edge counts twice). */
  loops: Float64Array;
}

/**
 * Louvain communities of an undirected (optionally weighted) graph.
 *
 * @example
 * // two triangles joined by one edge
 * const g = csrFromEdges(6, Int32Array.of(0, 1, 2, 3, 4, 5, 2), Int32Array.of(1, 2, 0, 4, 5, 3, 3));
 * louvain(g).count; // 2
 */
export function louvain(g: CsrGraph, options: LouvainOptions = {}): LouvainResult {
  const resolution = options.resolution ?? 1;
  const rnd = seededRandom(options.seed ?? 1);
  const maxLevels = options.maxLevels ?? 32;
  let level: Level = {
    n: g.n,
    offsets: g.offsets,
    targets: g.targets,
    weights: g.weights ?? new Float64Array(g.targets.length).fill(1),
    loops: new Float64Array(g.n),
  };
  const membership = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) membership[i] = i;
  let twoM = 0;
  for (let a = 0; a < level.weights.length; a++) twoM += level.weights[a]!;
  if (twoM === 0) return { membership, count: g.n, modularity: 0, levels: 0 };
  let levels = 0;
  while (levels < maxLevels) {
    const { comm, moved } = localMove(level, twoM, resolution, rnd);
    if (!moved) break;
    levels++;
    const { next, newId } = aggregate(level, comm);
    for (let i = 0; i < g.n; i++) membership[i] = newId[comm[membership[i]!]!]!;
    level = next;
  }
  return { membership, count: level.n, modularity: modularity(g, membership, resolution), levels };
}

function localMove(
  level: Level,
  twoM: number,
  resolution: number,
  rnd: () => number,
): { comm: Int32Array; moved: boolean } {
  const { n, offsets, targets, weights, loops } = level;
  const k = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = loops[i]!;
    for (let a = offsets[i]!; a < offsets[i + 1]!; a++) s += weights[a]!;
    k[i] = s;
  }
  const comm = new Int32Array(n);
  for (let i = 0; i < n; i++) comm[i] = i;
  const tot = k.slice();
  const neighW = new Float64Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const touched = new Int32Array(n);
  // Circular queue holding each node at most once.
  const queue = new Int32Array(n);
  const inQueue = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) queue[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = queue[i]!;
    queue[i] = queue[j]!;
    queue[j] = t;
  }
  let head = 0;
  let size = n;
  let moved = false;
  const scale = resolution / twoM;
  let visit = 0;
  while (size > 0) {
    const i = queue[head]!;
    head = head + 1 === n ? 0 : head + 1;
    size--;
    inQueue[i] = 0;
    visit++;
    const ci = comm[i]!;
    const ki = k[i]!;
    let nt = 0;
    const end = offsets[i + 1]!;
    for (let a = offsets[i]!; a < end; a++) {
      const c = comm[targets[a]!]!;
      if (stamp[c] !== visit) {
        stamp[c] = visit;
        neighW[c] = 0;
        touched[nt++] = c;
      }
      neighW[c]! += weights[a]!;
    }
    tot[ci]! -= ki;
    let best = ci;
    let bestGain = (stamp[ci] === visit ? neighW[ci]! : 0) - scale * tot[ci]! * ki;
    for (let t = 0; t < nt; t++) {
      const c = touched[t]!;
      const gain = neighW[c]! - scale * tot[c]! * ki;
      if (gain > bestGain + 1e-12) {
        bestGain = gain;
        best = c;
      }
    }
    tot[best]! += ki;
    if (best !== ci) {
      comm[i] = best;
      moved = true;
      for (let a = offsets[i]!; a < end; a++) {
        const j = targets[a]!;
        if (inQueue[j] === 0 && comm[j] !== best) {
          inQueue[j] = 1;
          let tail = head + size;
          if (tail >= n) tail -= n;
          queue[tail] = j;
          size++;
        }
      }
    }
  }
  return { comm, moved };
}

function aggregate(level: Level, comm: Int32Array): { next: Level; newId: Int32Array } {
  const { n, offsets, targets, weights, loops } = level;
  const newId = new Int32Array(n).fill(-1);
  let nc = 0;
  for (let i = 0; i < n; i++) {
    const c = comm[i]!;
    if (newId[c] === -1) newId[c] = nc++;
  }
  // Counting sort of nodes by new community.
  const start = new Int32Array(nc + 1);
  for (let i = 0; i < n; i++) start[newId[comm[i]!]! + 1]!++;
  for (let c = 0; c < nc; c++) start[c + 1]! += start[c]!;
  const members = new Int32Array(n);
  const fill = start.slice(0, nc);
  for (let i = 0; i < n; i++) members[fill[newId[comm[i]!]!]!++] = i;
  const nOffsets = new Int32Array(nc + 1);
  const nTargets = new Int32Array(targets.length);
  const nWeights = new Float64Array(targets.length);
  const nLoops = new Float64Array(nc);
  const acc = new Float64Array(nc);
  const stamp = new Int32Array(nc).fill(-1);
  const touched = new Int32Array(nc);
  let arcs = 0;
  for (let c = 0; c < nc; c++) {
    let nt = 0;
    let inside = 0;
    for (let p = start[c]!; p < start[c + 1]!; p++) {
      const i = members[p]!;
      inside += loops[i]!;
      for (let a = offsets[i]!; a < offsets[i + 1]!; a++) {
        const d = newId[comm[targets[a]!]!]!;
        if (d === c) {
          inside += weights[a]!;
        } else {
          if (stamp[d] !== c) {
            stamp[d] = c;
            acc[d] = 0;
            touched[nt++] = d;
          }
          acc[d]! += weights[a]!;
        }
      }
    }
    nLoops[c] = inside;
    for (let t = 0; t < nt; t++) {
      const d = touched[t]!;
      nTargets[arcs] = d;
      nWeights[arcs] = acc[d]!;
      arcs++;
    }
    nOffsets[c + 1] = arcs;
  }
  return {
    next: {
      n: nc,
      offsets: nOffsets,
      targets: nTargets.slice(0, arcs),
      weights: nWeights.slice(0, arcs),
      loops: nLoops,
    },
    newId,
  };
}

/**
 * Modularity of a partition at resolution γ: Σ_c [ in_c / 2m − γ (tot_c / 2m)² ].
 *
 * @example
 * modularity(csrFromEdges(2, Int32Array.of(0), Int32Array.of(1)), Int32Array.of(0, 0)); // 0
 */
export function modularity(g: CsrGraph, membership: Int32Array, resolution = 1): number {
  const { n, offsets, targets, weights } = g;
  let count = 0;
  for (let i = 0; i < n; i++) if (membership[i]! + 1 > count) count = membership[i]! + 1;
  const inside = new Float64Array(count);
  const tot = new Float64Array(count);
  let twoM = 0;
  for (let i = 0; i < n; i++) {
    const ci = membership[i]!;
    for (let a = offsets[i]!; a < offsets[i + 1]!; a++) {
      const w = weights === null ? 1 : weights[a]!;
      twoM += w;
      tot[ci]! += w;
      if (membership[targets[a]!] === ci) inside[ci]! += w;
    }
  }
  if (twoM === 0) return 0;
  let q = 0;
  for (let c = 0; c < count; c++) q += inside[c]! / twoM - resolution * (tot[c]! / twoM) ** 2;
  return q;
}
