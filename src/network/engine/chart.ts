/**
 * Link-chart data: the neighbourhood of one or more focus nodes in a (viewer's) graph, up to a number of
 * hops and nodes, with a precomputed radial layout (focus in the middle, one ring per hop, neighbours
 * kept next to each other), so the browser draws 2,000 nodes with a `preset` layout and no physics.
 */
import type { GraphEdge, GraphNode, PoleGraph } from './types.ts';

export interface ChartNode extends GraphNode {
  readonly hop: number;
  readonly x: number;
  readonly y: number;
}

export interface ChartData {
  readonly nodes: readonly ChartNode[];
  readonly edges: readonly GraphEdge[];
  /** True when the neighbourhood was cut at `maxNodes` (the chart says so; it never hides a reason). */
  readonly truncated: boolean;
}

export interface ChartOptions {
  readonly hops?: number;
  readonly maxNodes?: number;
}

/**
 * The neighbourhood of `focus` (breadth first, strongest links first) with positions.
 *
 * @example
 * const chart = chartAround(graph, ['person-1'], { hops: 2, maxNodes: 2000 });
 * chart.nodes[0]; // { id: 'person-1', hop: 0, x: 0, y: 0, ... }
 */
export function chartAround(
  graph: PoleGraph,
  focus: readonly string[],
  options: ChartOptions = {},
): ChartData {
  const hops = options.hops ?? 2;
  const maxNodes = options.maxNodes ?? 2000;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const adj = new Map<string, { id: string; w: number }[]>();
  for (const e of graph.edges) {
    (adj.get(e.source) ?? adj.set(e.source, []).get(e.source)!).push({ id: e.target, w: e.weight });
    (adj.get(e.target) ?? adj.set(e.target, []).get(e.target)!).push({ id: e.source, w: e.weight });
  }
  const hopOf = new Map<string, number>();
  const order: string[] = [];
  const parentOf = new Map<string, string>();
  let frontier = focus.filter((id) => byId.has(id));
  for (const id of frontier) {
    hopOf.set(id, 0);
    order.push(id);
  }
  let truncated = false;
  for (let h = 1; h <= hops && frontier.length > 0; h++) {
    const next: string[] = [];
    for (const id of frontier) {
      const ns = [...(adj.get(id) ?? [])].sort((a, b) => b.w - a.w || (a.id < b.id ? -1 : 1));
      for (const n of ns) {
        if (hopOf.has(n.id)) continue;
        if (order.length >= maxNodes) {
          truncated = true;
          break;
        }
        hopOf.set(n.id, h);
        parentOf.set(n.id, id);
        order.push(n.id);
        next.push(n.id);
      }
    }
    frontier = next;
  }
  // Radial layout: ring radius grows with hop and with how many nodes the ring holds.
  const rings = new Map<number, string[]>();
  for (const id of order) {
    const h = hopOf.get(id)!;
    (rings.get(h) ?? rings.set(h, []).get(h)!).push(id);
  }
  const pos = new Map<string, { x: number; y: number }>();
  const angleOf = new Map<string, number>();
  let radius = 0;
  for (const [h, ids] of [...rings].sort((a, b) => a[0] - b[0])) {
    if (h === 0 && ids.length === 1) {
      pos.set(ids[0]!, { x: 0, y: 0 });
      angleOf.set(ids[0]!, 0);
      continue;
    }
    // Keep children near their parent's angle.
    ids.sort((a, b) => (angleOf.get(parentOf.get(a) ?? '') ?? 0) - (angleOf.get(parentOf.get(b) ?? '') ?? 0));
    radius = Math.max(radius * 1.3 + 160, (ids.length * 40) / (2 * Math.PI));
    ids.forEach((id, i) => {
      const a = (2 * Math.PI * i) / ids.length;
      angleOf.set(id, a);
      pos.set(id, { x: Math.round(radius * Math.cos(a)), y: Math.round(radius * Math.sin(a)) });
    });
  }
  const kept = new Set(order);
  return {
    nodes: order.map((id) => ({ ...byId.get(id)!, hop: hopOf.get(id)!, ...pos.get(id)! })),
    edges: graph.edges.filter((e) => kept.has(e.source) && kept.has(e.target)),
    truncated,
  };
}
