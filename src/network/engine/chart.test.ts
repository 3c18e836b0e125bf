import { describe, expect, it } from 'vitest';
import { buildPoleGraph } from './build-graph.ts';
import { chartAround } from './chart.ts';
import { plantedPartnership } from './planted.ts';

describe('chartAround', () => {
  const graph = buildPoleGraph(plantedPartnership({ seed: 3, groups: 10 }).data);
  const focus = 'g0-adult-0';

  it('puts the focus first, in the middle, and every other node within the hop limit', () => {
    const chart = chartAround(graph, [focus], { hops: 2 });
    expect(chart.nodes[0]).toMatchObject({ id: focus, hop: 0, x: 0, y: 0 });
    for (const n of chart.nodes) expect(n.hop).toBeLessThanOrEqual(2);
    const ids = new Set(chart.nodes.map((n) => n.id));
    for (const e of chart.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
  });

  it('cuts the chart at maxNodes and says so', () => {
    const chart = chartAround(graph, [focus], { hops: 3, maxNodes: 5 });
    expect(chart.nodes).toHaveLength(5);
    expect(chart.truncated).toBe(true);
  });

  it('ignores a focus that is not in the graph', () => {
    expect(chartAround(graph, ['nobody']).nodes).toEqual([]);
  });
});
