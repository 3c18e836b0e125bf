/**
 * Possible-group detection: communities of the person network that hold several children at risk and
 * several adults of concern, ranked by how much evidence ties the adults to the children, each with the
 * events, places, vehicles, phones and handles that tie them. A lead for analysts, never a finding.
 */
import { louvain } from './louvain.ts';
import { toCsr } from './to-csr.ts';
import type { GraphEdge, PoleGraph } from './types.ts';

export interface GroupOptions {
  /** Minimum children at risk in a reported group (default 1: some groups exploit one child). */
  readonly minChildren?: number;
  /** Minimum adults of concern in a reported group (default 2). */
  readonly minAdults?: number;
  /**
   * Distinct events an adult's links inside the cluster must rest on for the adult to count towards
   * `minAdults` (default 2): one record naming a bystander next to a lone offender is not a group.
   */
  readonly minAdultEvents?: number;
  /** Louvain resolution on the person network (default 2: keeps small groups apart). */
  readonly resolution?: number;
  readonly seed?: number;
}

export interface GroupEvidence {
  readonly events: readonly string[];
  readonly locations: readonly string[];
  readonly objects: readonly string[];
}

export interface PossibleGroup {
  /** Rank, 1 = strongest. */
  readonly rank: number;
  readonly adults: readonly string[];
  readonly children: readonly string[];
  readonly others: readonly string[];
  /** Sum of link weights between adults and children plus half of those among adults. */
  readonly score: number;
  readonly evidence: GroupEvidence;
  readonly explanation: string;
}

/**
 * Detects possible groups in a POLE graph.
 *
 * @example
 * const groups = detectGroups(buildPoleGraph(data));
 * groups[0]?.explanation; // "3 adults of concern and 4 children at risk linked by 9 events, ..."
 */
export function detectGroups(graph: PoleGraph, options: GroupOptions = {}): PossibleGroup[] {
  const minChildren = options.minChildren ?? 1;
  const minAdults = options.minAdults ?? 2;
  const minAdultEvents = options.minAdultEvents ?? 2;
  const node = new Map(graph.nodes.map((n) => [n.id, n]));
  const isAdult = (id: string): boolean => node.get(id)?.subtype === 'adult_of_concern';
  // Groups form around adults of concern: links between two children or bystanders (school friends,
  // shared parks) say nothing about a group and would chain groups together, so they are left out.
  const focused: PoleGraph = {
    nodes: graph.nodes,
    edges: graph.edges.filter((e) => isAdult(e.source) || isAdult(e.target)),
  };
  const { csr, ids, index } = toCsr(focused, ['person']);
  const { membership } = louvain(csr, { resolution: options.resolution ?? 2, seed: options.seed ?? 1 });
  const members = new Map<number, string[]>();
  for (let i = 0; i < ids.length; i++) {
    const c = membership[i]!;
    const list = members.get(c);
    if (list === undefined) members.set(c, [ids[i]!]);
    else list.push(ids[i]!);
  }
  const edgesByCommunity = new Map<number, GraphEdge[]>();
  for (const e of focused.edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a !== undefined && b !== undefined) {
      if (membership[a] !== membership[b]) continue;
      const list = edgesByCommunity.get(membership[a]!);
      if (list === undefined) edgesByCommunity.set(membership[a]!, [e]);
      else list.push(e);
    }
  }
  const candidates: Omit<PossibleGroup, 'rank'>[] = [];
  for (const [c, ms] of members) {
    const adults = ms.filter((id) => node.get(id)?.subtype === 'adult_of_concern').sort();
    const children = ms
      .filter((id) => node.get(id)?.subtype === 'child' && node.get(id)?.atRisk === true)
      .sort();
    if (adults.length < minAdults || children.length < minChildren) continue;
    const adultSet = new Set(adults);
    const childSet = new Set(children);
    let score = 0;
    const events = new Set<string>();
    const vias = new Set<string>();
    const adultEvents = new Map<string, Set<string>>();
    const note = (id: string, evs: Iterable<string>): void => {
      if (!adultSet.has(id)) return;
      let set = adultEvents.get(id);
      if (set === undefined) adultEvents.set(id, (set = new Set<string>()));
      for (const ev of evs) set.add(ev);
    };
    for (const e of edgesByCommunity.get(c) ?? []) {
      const ac =
        (adultSet.has(e.source) && childSet.has(e.target)) ||
        (adultSet.has(e.target) && childSet.has(e.source));
      const aa = adultSet.has(e.source) && adultSet.has(e.target);
      if (!ac && !aa) continue;
      score += ac ? e.weight : e.weight / 2;
      for (const ev of e.evidence) {
        if (ev.kind === 'event') {
          events.add(ev.eventId);
          note(e.source, [ev.eventId]);
          note(e.target, [ev.eventId]);
        } else {
          vias.add(ev.viaId);
          for (const id of ev.sourceEvents) events.add(id);
          for (const id of ev.targetEvents) events.add(id);
          note(e.source, ev.sourceEvents);
          note(e.target, ev.targetEvents);
        }
      }
    }
    let coreAdults = 0;
    for (const set of adultEvents.values()) if (set.size >= minAdultEvents) coreAdults++;
    if (coreAdults < minAdults) continue;
    const kindOf = (id: string): string => node.get(id)?.kind ?? '';
    const locations = [...vias].filter((id) => kindOf(id) === 'location').sort();
    const objects = [...vias].filter((id) => kindOf(id) === 'object').sort();
    const others = ms.filter((id) => !adultSet.has(id) && !childSet.has(id)).sort();
    candidates.push({
      adults,
      children,
      others,
      score,
      evidence: { events: [...events].sort(), locations, objects },
      explanation: explainGroup(
        adults.length,
        children.length,
        events.size,
        locations.length,
        objects.length,
      ),
    });
  }
  candidates.sort((a, b) => b.score - a.score || (a.adults[0] ?? '').localeCompare(b.adults[0] ?? ''));
  return candidates.map((g, i) => ({ rank: i + 1, ...g }));
}

function explainGroup(
  adults: number,
  children: number,
  events: number,
  places: number,
  objects: number,
): string {
  const parts = [`${plural(events, 'event')} involving them together`];
  if (places > 0) parts.push(plural(places, 'shared place'));
  if (objects > 0) {
    parts.push(plural(objects, 'shared vehicle, phone or handle', 'shared vehicles, phones or handles'));
  }
  return (
    `${plural(adults, 'adult of concern', 'adults of concern')} and ${plural(children, 'child at risk', 'children at risk')} ` +
    `are linked by ${parts.join(', ')}. This is a possible group for an analyst to review, not a finding.`
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
