/**
 * Trimming for a viewer. A viewer sees only the nodes and events the access policy grants. The trimmed
 * graph must not let them infer anything hidden: no hidden node, no edge to one, no evidence resting on
 * a hidden event, object or place, and no weight or count computed from hidden evidence.
 */
import { buildPoleGraph, evidenceWeight, type BuildOptions } from './build-graph.ts';
import type { Evidence, GraphEdge, PoleData, PoleGraph, Visibility } from './types.ts';

/**
 * Trims a built graph: keeps visible nodes, and each edge between two visible nodes only with the
 * evidence the viewer may see (events visible; a shared object or place visible, with at least one
 * visible event on each side). Edges left without evidence disappear; weights are recomputed.
 *
 * Caps applied when the graph was built (busy events and places do not link pairwise) depend on the
 * full data; for a viewer who must not learn even that, build from {@link trimPoleData} instead.
 *
 * @example
 * const mine = trimGraph(graph, { nodes: new Set(['c1', 'a1']), events: new Set(['e1']) });
 */
export function trimGraph(graph: PoleGraph, visibility: Visibility, sharedPlaceWeight = 0.5): PoleGraph {
  const nodes = graph.nodes.filter((n) => visibility.nodes.has(n.id));
  const edges: GraphEdge[] = [];
  for (const e of graph.edges) {
    if (!visibility.nodes.has(e.source) || !visibility.nodes.has(e.target)) continue;
    const evidence: Evidence[] = [];
    for (const ev of e.evidence) {
      const kept = trimEvidence(ev, visibility);
      if (kept !== null) evidence.push(kept);
    }
    if (evidence.length === 0) continue;
    let weight = 0;
    for (const ev of evidence) weight += evidenceWeight(ev, sharedPlaceWeight);
    edges.push({ source: e.source, target: e.target, weight, evidence });
  }
  return { nodes, edges };
}

function trimEvidence(ev: Evidence, visibility: Visibility): Evidence | null {
  if (ev.kind === 'event') return visibility.events.has(ev.eventId) ? ev : null;
  if (!visibility.nodes.has(ev.viaId)) return null;
  const sourceEvents = ev.sourceEvents.filter((id) => visibility.events.has(id));
  const targetEvents = ev.targetEvents.filter((id) => visibility.events.has(id));
  if (sourceEvents.length === 0 || targetEvents.length === 0) return null;
  return { ...ev, sourceEvents, targetEvents };
}

/**
 * The viewer's share of the POLE records: visible persons, objects, locations and events, with hidden
 * parties, objects and places removed from visible events.
 *
 * @example
 * const graph = buildPoleGraph(trimPoleData(data, visibility));
 */
export function trimPoleData(data: PoleData, visibility: Visibility): PoleData {
  const see = (id: string): boolean => visibility.nodes.has(id);
  return {
    persons: data.persons.filter((p) => see(p.id)),
    objects: data.objects.filter((o) => see(o.id)),
    locations: data.locations.filter((l) => see(l.id)),
    events: data.events
      .filter((e) => visibility.events.has(e.id))
      .map((e) => {
        const objects = e.objects
          .filter((o) => see(o.objectId) && (o.personId === undefined || see(o.personId)))
          .map((o) =>
            o.personId === undefined
              ? { objectId: o.objectId }
              : { objectId: o.objectId, personId: o.personId },
          );
        const base = { id: e.id, at: e.at, parties: e.parties.filter((p) => see(p.personId)), objects };
        return e.locationId !== undefined && see(e.locationId) ? { ...base, locationId: e.locationId } : base;
      }),
  };
}

/**
 * The graph a viewer may see, built only from what they may see: nothing hidden can influence it.
 *
 * @example
 * const g = viewerGraph(data, { nodes: new Set(['c1']), events: new Set() });
 */
export function viewerGraph(data: PoleData, visibility: Visibility, options: BuildOptions = {}): PoleGraph {
  return buildPoleGraph(trimPoleData(data, visibility), options);
}
