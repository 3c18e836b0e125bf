/**
 * Centrality measures over a CSR graph: degree, PageRank, eigenvector and betweenness (exact for small
 * graphs, sampled from a fixed number of seeded sources for large ones). All deterministic.
 */
import { seededRandom, strengths, type CsrGraph } from './csr.ts';

/**
 * Degree of every node: its number of distinct links (parallel arcs count separately).
 *
 * @example
 * Array.from(degreeCentrality(csrFromEdges(3, Int32Array.of(0, 0), Int32Array.of(1, 2)))); // [2, 1, 1]
 */
export function degreeCentrality(g: CsrGraph): Int32Array {
  const d = new Int32Array(g.n);
  for (let u = 0; u < g.n; u++) d[u] = g.offsets[u + 1]! - g.offsets[u]!;
  return d;
}

export interface IterativeOptions {
  /** Stop when the L1 change between iterations falls below this (default 1e-10 × n). */
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

/** Result of an iterative measure: the scores, how many iterations it took and whether it converged. */
export interface IterativeResult {
  readonly scores: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * PageRank with damping 0.85 (weighted when the graph has weights); dangling nodes spread their rank
 * evenly. Scores sum to 1. Pull-based power iteration over the CSR arrays.
 *
 * @example
 * const pr = pageRank(csrFromEdges(3, Int32Array.of(0, 0), Int32Array.of(1, 2)));
 * pr.scores[0] > pr.scores[1]; // true: the hub ranks highest
 */
export function pageRank(g: CsrGraph, damping = 0.85, options: IterativeOptions = {}): IterativeResult {
  const { n, offsets, targets, weights } = g;
  if (n === 0) return { scores: new Float64Array(0), iterations: 0, converged: true };
  const tolerance = options.tolerance ?? 1e-10 * n;
  const maxIterations = options.maxIterations ?? 200;
  const k = strengths(g);
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  const share = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    let dangling = 0;
    for (let u = 0; u < n; u++) {
      const ku = k[u]!;
      if (ku > 0) share[u] = x[u]! / ku;
      else {
        share[u] = 0;
        dangling += x[u]!;
      }
    }
    const base = (1 - damping) / n + (damping * dangling) / n;
    let change = 0;
    for (let u = 0; u < n; u++) {
      let s = 0;
      const end = offsets[u + 1]!;
      if (weights === null) {
        for (let a = offsets[u]!; a < end; a++) s += share[targets[a]!]!;
      } else {
        for (let a = offsets[u]!; a < end; a++) s += share[targets[a]!]! * weights[a]!;
      }
      const v = base + damping * s;
      change += Math.abs(v - x[u]!);
      next[u] = v;
    }
    [x, next] = [next, x];
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  return { scores: x, iterations, converged };
}

export interface BetweennessOptions {
  /** Use at most this many source nodes (seeded sample) and scale up; exact when n ≤ samples. Default 256. */
  readonly samples?: number;
  readonly seed?: number;
}

/**
 * Betweenness centrality (Brandes, unweighted shortest paths, undirected: each pair counted once).
 * Exact when the graph has at most `samples` nodes; otherwise estimated from a seeded sample of
 * sources and scaled by n / samples, so large graphs stay fast.
 *
 * @example
 * // path 0-1-2: only the middle node lies between others
 * Array.from(betweennessCentrality(csrFromEdges(3, Int32Array.of(0, 1), Int32Array.of(1, 2))).scores); // [0, 1, 0]
 */
export function betweennessCentrality(
  g: CsrGraph,
  options: BetweennessOptions = {},
): { scores: Float64Array; exact: boolean; sources: number } {
  const { n, offsets, targets } = g;
  const samples = options.samples ?? 256;
  const exact = n <= samples;
  let sources: Int32Array;
  if (exact) {
    sources = new Int32Array(n);
    for (let i = 0; i < n; i++) sources[i] = i;
  } else {
    const rnd = seededRandom(options.seed ?? 1);
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    for (let i = 0; i < samples; i++) {
      const j = i + Math.floor(rnd() * (n - i));
      const t = all[i]!;
      all[i] = all[j]!;
      all[j] = t;
    }
    sources = all.slice(0, samples);
  }
  const cb = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  for (const s of sources) {
    sigma.fill(0);
    dist.fill(-1);
    delta.fill(0);
    sigma[s] = 1;
    dist[s] = 0;
    let head = 0;
    let tail = 0;
    order[tail++] = s;
    while (head < tail) {
      const u = order[head++]!;
      for (let a = offsets[u]!; a < offsets[u + 1]!; a++) {
        const v = targets[a]!;
        if (dist[v] === -1) {
          dist[v] = dist[u]! + 1;
          order[tail++] = v;
        }
        if (dist[v] === dist[u]! + 1) sigma[v]! += sigma[u]!;
      }
    }
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i]!;
      for (let a = offsets[w]!; a < offsets[w + 1]!; a++) {
        const v = targets[a]!;
        if (dist[v] === dist[w]! - 1) delta[v]! += (sigma[v]! / sigma[w]!) * (1 + delta[w]!);
      }
      cb[w]! += delta[w]!;
    }
  }
  // Undirected: every pair was seen from both ends when all sources are used.
  const scale = exact ? 0.5 : (0.5 * n) / sources.length;
  for (let i = 0; i < n; i++) cb[i]! *= scale;
  return { scores: cb, exact, sources: sources.length };
}
