import { describe, expect, it } from 'vitest';
import { betweennessCentrality, degreeCentrality, pageRank } from './centrality.ts';
import { connectedComponents } from './components.ts';
import { csrFromEdges, type CsrGraph } from './csr.ts';
import { eigenvectorCentrality, largestEigenpair } from './eigenvector.ts';
import { louvain, modularity } from './louvain.ts';

function graph(n: number, edges: [number, number][], weights?: number[]): CsrGraph {
  return csrFromEdges(
    n,
    Int32Array.from(edges.map((e) => e[0])),
    Int32Array.from(edges.map((e) => e[1])),
    weights === undefined ? undefined : Float64Array.from(weights),
  );
}

const star = graph(5, [
  [0, 1],
  [0, 2],
  [0, 3],
  [0, 4],
]);
const path = graph(4, [
  [0, 1],
  [1, 2],
  [2, 3],
]);

describe('csrFromEdges', () => {
  it('stores each undirected edge in both directions and drops self-loops', () => {
    const g = graph(3, [
      [0, 1],
      [1, 1],
      [1, 2],
    ]);
    expect(g.m).toBe(2);
    expect(Array.from(g.targets.subarray(g.offsets[1], g.offsets[2]))).toEqual([0, 2]);
  });
  it('rejects edges to nodes outside the graph', () => {
    expect(() => graph(2, [[0, 5]])).toThrow(RangeError);
  });
});

describe('connectedComponents', () => {
  it('labels separate parts and counts their sizes', () => {
    const c = connectedComponents(
      graph(6, [
        [0, 1],
        [1, 2],
        [3, 4],
      ]),
    );
    expect(c.count).toBe(3);
    expect(Array.from(c.labels)).toEqual([0, 0, 0, 1, 1, 2]);
    expect(Array.from(c.sizes)).toEqual([3, 2, 1]);
  });
});

describe('centrality', () => {
  it('gives the hub of a star the highest degree, PageRank and eigenvector score', () => {
    expect(Array.from(degreeCentrality(star))).toEqual([4, 1, 1, 1, 1]);
    const pr = pageRank(star);
    expect(pr.converged).toBe(true);
    expect(pr.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(pr.scores[0]).toBeGreaterThan(pr.scores[1]!);
    const ev = eigenvectorCentrality(star);
    expect(ev.scores[0]).toBeCloseTo(1, 9);
    expect(ev.scores[1]).toBeCloseTo(0.5, 6); // λ = 2 for the star K1,4: leaves score 1/2
  });
  it('matches known PageRank values on a path of four nodes', () => {
    // Reference values from networkx/igraph (damping 0.85).
    const pr = pageRank(path).scores;
    expect(pr[0]).toBeCloseTo(0.17544, 4);
    expect(pr[1]).toBeCloseTo(0.32456, 4);
  });
  it('computes eigenvector centrality of a path of four nodes', () => {
    const ev = eigenvectorCentrality(path).scores;
    expect(ev[0]).toBeCloseTo(0.618034, 5); // golden-ratio structure of P4
    expect(ev[1]).toBeCloseTo(1, 9);
  });
  it('computes exact betweenness on a path and a star', () => {
    expect(Array.from(betweennessCentrality(path).scores)).toEqual([0, 2, 2, 0]);
    expect(Array.from(betweennessCentrality(star).scores)).toEqual([6, 0, 0, 0, 0]);
  });
  it('estimates betweenness from a sample on larger graphs and says so', () => {
    const edges: [number, number][] = [];
    for (let i = 0; i + 1 < 300; i++) edges.push([i, i + 1]);
    const b = betweennessCentrality(graph(300, edges), { samples: 100 });
    expect(b.exact).toBe(false);
    expect(b.scores[150]).toBeGreaterThan(b.scores[5]!);
  });
  it('finds the largest eigenpair of a small tridiagonal matrix', () => {
    const { value, vector } = largestEigenpair([2, 2], [1]);
    expect(value).toBeCloseTo(3, 12);
    expect(Math.abs(vector[0]!)).toBeCloseTo(Math.SQRT1_2, 12);
  });
});

describe('louvain', () => {
  it('separates two triangles joined by one edge', () => {
    const g = graph(6, [
      [0, 1],
      [1, 2],
      [2, 0],
      [3, 4],
      [4, 5],
      [5, 3],
      [2, 3],
    ]);
    const r = louvain(g);
    expect(r.count).toBe(2);
    expect(r.membership[0]).toBe(r.membership[2]);
    expect(r.membership[0]).not.toBe(r.membership[3]);
    expect(r.modularity).toBeCloseTo(modularity(g, r.membership), 12);
    expect(r.modularity).toBeCloseTo(5 / 14, 6);
  });
  it('keeps small planted groups apart at a higher resolution where plain modularity merges them', () => {
    // 40 cliques of 5 on a ring: the classic resolution-limit example.
    const edges: [number, number][] = [];
    for (let c = 0; c < 40; c++) {
      for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) edges.push([c * 5 + i, c * 5 + j]);
      edges.push([c * 5, ((c + 1) % 40) * 5 + 1]);
    }
    const g = graph(200, edges);
    expect(louvain(g, { resolution: 1 }).count).toBeLessThan(40);
    expect(louvain(g, { resolution: 4 }).count).toBe(40);
  });
  it('is deterministic for a seed', () => {
    const edges: [number, number][] = [];
    for (let i = 0; i < 200; i++) edges.push([i % 50, (i * 7 + 3) % 50]);
    const g = graph(50, edges);
    expect(Array.from(louvain(g, { seed: 3 }).membership)).toEqual(
      Array.from(louvain(g, { seed: 3 }).membership),
    );
  });
});
