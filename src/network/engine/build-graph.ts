/**
 * Builds the POLE link graph: persons, objects and locations as nodes; links from co-presence at
 * events, from a person's use of an object or presence at a place, and between persons who share a
 * vehicle, phone, handle or place. Time-windowed: only events inside [from, to) count.
 */
import type { Evidence, GraphEdge, GraphNode, PoleData, PoleGraph } from './types.ts';

export interface BuildOptions {
  /** Inclusive start of the window (ISO instant). */
  readonly from?: string;
  /** Exclusive end of the window (ISO instant). */
  readonly to?: string;
  /** Events with more parties than this link their parties to the place but not pairwise (default 12). */
  readonly maxEventParties?: number;
  /** Objects/places tied to more persons than this do not link those persons pairwise (default 20). */
  readonly maxSharing?: number;
  /** Weight of one shared-place link relative to one co-presence (default 0.5). */
  readonly sharedPlaceWeight?: number;
}

/** Weight contributed by each piece of evidence. */
export function evidenceWeight(e: Evidence, sharedPlaceWeight = 0.5): number {
  return e.kind === 'shared' && e.viaKind === 'location' ? sharedPlaceWeight : 1;
}

/**
 * Builds the link graph from POLE records.
 *
 * @example
 * const g = buildPoleGraph({
 *   persons: [{ id: 'c1', kind: 'child', atRisk: true }, { id: 'a1', kind: 'adult_of_concern', atRisk: false }],
 *   objects: [], locations: [{ id: 'l1', kind: 'hotel' }],
 *   events: [{ id: 'e1', at: '2024-01-01T20:00:00Z', locationId: 'l1', objects: [],
 *              parties: [{ personId: 'c1', role: 'victim' }, { personId: 'a1', role: 'suspect' }] }],
 * });
 * g.edges.length; // 3: c1–a1, c1–l1, a1–l1
 */
export function buildPoleGraph(data: PoleData, options: BuildOptions = {}): PoleGraph {
  const from = options.from === undefined ? -Infinity : Date.parse(options.from);
  const to = options.to === undefined ? Infinity : Date.parse(options.to);
  const maxParties = options.maxEventParties ?? 12;
  const maxSharing = options.maxSharing ?? 20;
  const placeWeight = options.sharedPlaceWeight ?? 0.5;

  const nodes: GraphNode[] = [];
  const known = new Set<string>();
  for (const p of data.persons) {
    nodes.push({ id: p.id, kind: 'person', subtype: p.kind, atRisk: p.atRisk });
    known.add(p.id);
  }
  for (const o of data.objects) {
    nodes.push({ id: o.id, kind: 'object', subtype: o.kind, atRisk: false });
    known.add(o.id);
  }
  for (const l of data.locations) {
    nodes.push({ id: l.id, kind: 'location', subtype: l.kind, atRisk: false });
    known.add(l.id);
  }

  const edges = new Map<string, { source: string; target: string; evidence: Evidence[] }>();
  const link = (a: string, b: string, ev: Evidence): void => {
    if (a === b) return;
    const [s, t] = a < b ? [a, b] : [b, a];
    const key = `${s}\u0000${t}`;
    let edge = edges.get(key);
    if (edge === undefined) {
      edge = { source: s, target: t, evidence: [] };
      edges.set(key, edge);
    }
    edge.evidence.push(ev);
  };
  // via (object or location) → person → the events tying them
  const ties = new Map<string, Map<string, string[]>>();
  const tie = (via: string, person: string, eventId: string): void => {
    let byPerson = ties.get(via);
    if (byPerson === undefined) {
      byPerson = new Map<string, string[]>();
      ties.set(via, byPerson);
    }
    const list = byPerson.get(person);
    if (list === undefined) byPerson.set(person, [eventId]);
    else if (list[list.length - 1] !== eventId) list.push(eventId);
  };

  const events = [...data.events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const ev of events) {
    const at = Date.parse(ev.at);
    if (!(at >= from && at < to)) continue;
    const parties = [...new Set(ev.parties.map((p) => p.personId).filter((id) => known.has(id)))].sort();
    const evidence: Evidence = { kind: 'event', eventId: ev.id };
    if (parties.length <= maxParties) {
      for (let i = 0; i < parties.length; i++) {
        for (let j = i + 1; j < parties.length; j++) link(parties[i]!, parties[j]!, evidence);
      }
    }
    if (ev.locationId !== undefined && known.has(ev.locationId)) {
      for (const p of parties) {
        link(p, ev.locationId, evidence);
        tie(ev.locationId, p, ev.id);
      }
    }
    for (const o of ev.objects) {
      if (!known.has(o.objectId)) continue;
      const users = o.personId === undefined ? parties : known.has(o.personId) ? [o.personId] : [];
      for (const p of users) {
        link(p, o.objectId, evidence);
        tie(o.objectId, p, ev.id);
      }
    }
  }

  const kindOf = new Map(nodes.map((n) => [n.id, n.kind]));
  for (const via of [...ties.keys()].sort()) {
    const byPerson = ties.get(via)!;
    if (byPerson.size < 2 || byPerson.size > maxSharing) continue;
    const viaKind = kindOf.get(via) === 'location' ? 'location' : 'object';
    const persons = [...byPerson.keys()].sort();
    for (let i = 0; i < persons.length; i++) {
      for (let j = i + 1; j < persons.length; j++) {
        const a = persons[i]!;
        const b = persons[j]!;
        const ea = byPerson.get(a)!;
        const eb = byPerson.get(b)!;
        // Persons already seen together at the place gain nothing new from sharing it.
        if (viaKind === 'location' && ea.some((e) => eb.includes(e))) continue;
        link(a, b, { kind: 'shared', viaKind, viaId: via, sourceEvents: ea, targetEvents: eb });
      }
    }
  }

  const out: GraphEdge[] = [];
  for (const e of edges.values()) {
    let weight = 0;
    for (const ev of e.evidence) weight += evidenceWeight(ev, placeWeight);
    out.push({ source: e.source, target: e.target, weight, evidence: e.evidence });
  }
  out.sort((a, b) => (a.source === b.source ? cmp(a.target, b.target) : cmp(a.source, b.source)));
  return { nodes, edges: out };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
