// Network engine benchmark (issue 9): components, communities (Louvain) and degree / eigenvector /
// PageRank centrality on a deterministic 200,000-node, 1,000,000-edge graph of planted groups, timed
// against python3-igraph (Debian's, run with /usr/bin/python3) on the same graph in the same run.
// Prints `name value unit` lines on stdout; progress on stderr.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  connectedComponents,
  csrFromEdges,
  degreeCentrality,
  eigenvectorCentrality,
  louvain,
  pageRank,
  seededRandom,
  type CsrGraph,
} from '../src/network/index.ts';
import { evaluatePlantedRecovery, groupRecoveryFigures, simulatedRecoveryFigures } from './network-groups.ts';

const N = Number(process.env.NETWORK_BENCH_NODES ?? 200_000);
const M = Number(process.env.NETWORK_BENCH_EDGES ?? 1_000_000);
const GROUP = 50;
const INSIDE = 0.8;
/** Resolution used for the "tuned" Louvain run that keeps the planted groups of 50 apart. */
const TUNED_RESOLUTION = Number(process.env.NETWORK_BENCH_RESOLUTION ?? 20);

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}
function figure(name: string, value: number, unit: string): void {
  process.stdout.write(`${name} ${Number.isInteger(value) ? value : value.toPrecision(4)} ${unit}\n`);
}

/** Planted groups of 50: each edge stays inside its group with probability 0.8; no duplicates, no loops. */
function plantedGraph(n: number, m: number, seed: number): { src: Int32Array; dst: Int32Array } {
  const rnd = seededRandom(seed);
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const seen = new Set<number>();
  let e = 0;
  while (e < m) {
    const u = Math.floor(rnd() * n);
    let v: number;
    if (rnd() < INSIDE) {
      const base = u - (u % GROUP);
      v = base + Math.floor(rnd() * Math.min(GROUP, n - base));
    } else v = Math.floor(rnd() * n);
    if (u === v) continue;
    const key = u < v ? u * n + v : v * n + u;
    if (seen.has(key)) continue;
    seen.add(key);
    src[e] = u;
    dst[e] = v;
    e++;
  }
  return { src, dst };
}

function time<T>(fn: () => T): { value: T; seconds: number } {
  const t = process.hrtime.bigint();
  const value = fn();
  return { value, seconds: Number(process.hrtime.bigint() - t) / 1e9 };
}

interface IgraphFigures {
  components_s: number;
  pagerank_s: number;
  eigenvector_s: number;
  louvain_s: number;
  degree_s: number;
  components: number;
  louvain_communities: number;
  louvain_modularity: number;
}

function runIgraph(dir: string, src: Int32Array, dst: Int32Array): IgraphFigures | null {
  const flat = new Int32Array(src.length * 2);
  for (let e = 0; e < src.length; e++) {
    flat[2 * e] = src[e]!;
    flat[2 * e + 1] = dst[e]!;
  }
  const file = join(dir, 'edges.i32');
  writeFileSync(file, new Uint8Array(flat.buffer));
  const script = join(dirname(fileURLToPath(import.meta.url)), 'network_igraph.py');
  const res = spawnSync('/usr/bin/python3', [script, file, String(N), dir], { encoding: 'utf8' });
  if (res.status !== 0) {
    log(`igraph baseline failed: ${res.stderr}`);
    return null;
  }
  return JSON.parse(res.stdout) as IgraphFigures;
}

function maxAbsDiff(ours: Float64Array, file: string): number {
  const buf = readFileSync(file);
  const theirs = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  let max = 0;
  for (let i = 0; i < ours.length; i++) max = Math.max(max, Math.abs(ours[i]! - theirs[i]!));
  return max;
}

function warmUp(): void {
  const { src, dst } = plantedGraph(5000, 25_000, 7);
  const g = csrFromEdges(5000, src, dst);
  for (let r = 0; r < 3; r++) {
    connectedComponents(g);
    pageRank(g);
    eigenvectorCentrality(g);
    louvain(g);
  }
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-network-bench-'));
  try {
    log(`generating planted graph n=${N} m=${M}`);
    const { src, dst } = plantedGraph(N, M, 2024);
    log('running igraph baseline');
    const ig = runIgraph(dir, src, dst);
    warmUp();
    const build = time(() => csrFromEdges(N, src, dst));
    const g: CsrGraph = build.value;
    const comp = time(() => connectedComponents(g));
    const deg = time(() => degreeCentrality(g));
    const pr = time(() => pageRank(g));
    const ev = time(() => eigenvectorCentrality(g));
    const lv = time(() => louvain(g, { seed: 1 }));
    const tuned = time(() => louvain(g, { seed: 1, resolution: TUNED_RESOLUTION }));
    const total = comp.seconds + deg.seconds + pr.seconds + ev.seconds + lv.seconds;
    figure('network_nodes', g.n, 'nodes');
    figure('network_edges', g.m, 'edges');
    figure('network_csr_build_s', build.seconds, 's');
    figure('network_components_s', comp.seconds, 's');
    figure('network_components', comp.value.count, 'components');
    figure('network_degree_s', deg.seconds, 's');
    figure('network_pagerank_s', pr.seconds, 's');
    figure('network_pagerank_iterations', pr.value.iterations, 'iterations');
    figure('network_eigenvector_s', ev.seconds, 's');
    figure('network_eigenvector_iterations', ev.value.iterations, 'iterations');
    figure('network_louvain_s', lv.seconds, 's');
    figure('network_louvain_communities', lv.value.count, 'communities');
    figure('network_louvain_modularity', lv.value.modularity, 'Q');
    figure('network_louvain_tuned_s', tuned.seconds, 's');
    figure('network_louvain_tuned_resolution', TUNED_RESOLUTION, 'gamma');
    figure('network_louvain_tuned_communities', tuned.value.count, 'communities');
    const rec = evaluatePlantedRecovery(tuned.value.membership, GROUP);
    figure('network_louvain_tuned_planted_recovered_pct', 100 * rec.recovered, '%');
    figure('network_total_s', total, 's');
    if (ig !== null) {
      figure('igraph_components_s', ig.components_s, 's');
      figure('igraph_degree_s', ig.degree_s, 's');
      figure('igraph_pagerank_s', ig.pagerank_s, 's');
      figure('igraph_eigenvector_s', ig.eigenvector_s, 's');
      figure('igraph_louvain_s', ig.louvain_s, 's');
      figure('igraph_louvain_communities', ig.louvain_communities, 'communities');
      figure('igraph_louvain_modularity', ig.louvain_modularity, 'Q');
      // ratio = our time / igraph's time: below 1 means we are faster.
      figure('network_components_ratio_vs_igraph', comp.seconds / ig.components_s, 'x');
      figure('network_degree_ratio_vs_igraph', deg.seconds / ig.degree_s, 'x');
      figure('network_pagerank_ratio_vs_igraph', pr.seconds / ig.pagerank_s, 'x');
      figure('network_eigenvector_ratio_vs_igraph', ev.seconds / ig.eigenvector_s, 'x');
      figure('network_louvain_ratio_vs_igraph', lv.seconds / ig.louvain_s, 'x');
      figure(
        'network_pagerank_maxabsdiff_vs_igraph',
        maxAbsDiff(pr.value.scores, join(dir, 'igraph_pagerank.f64')),
        'abs',
      );
      figure(
        'network_eigenvector_maxabsdiff_vs_igraph',
        maxAbsDiff(ev.value.scores, join(dir, 'igraph_eigenvector.f64')),
        'abs',
      );
    }
    for (const f of groupRecoveryFigures()) figure(f.name, f.value, f.unit);
    for (const f of simulatedRecoveryFigures()) figure(f.name, f.value, f.unit);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
