/**
 * The network service: loads the viewer's share of the POLE records (network.repository.ts), runs the
 * pure engine on it, and presents possible groups, link charts, places and hotspots. Every call runs in
 * one access-checked transaction and writes an audit event. Whoever the policy lets see networks
 * (`network.view`) may use it, each on their own trimmed graph; anyone else gets 404 (audited).
 */
import { createHash } from 'node:crypto';
import { canInPartnership, withAccess, writeAudit, type AccessScope, type Actor } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/database/index.ts';
import { isAppError, notFound, type AppError } from '../platform/errors/index.ts';
import { buildPoleGraph } from './engine/build-graph.ts';
import { chartAround } from './engine/chart.ts';
import { detectGroups, type PossibleGroup } from './engine/groups.ts';
import { hotspots, type Hotspot } from './engine/hotspots.ts';
import { nodeMeasures, type NodeMeasures } from './engine/measures.ts';
import type { Evidence, PoleGraph } from './engine/types.ts';
import { loadViewerPole, type PlaceRecord, type ViewerPole } from './network.repository.ts';

export const CHART_LIMITS = { maxNodes: 2000, maxHops: 3 } as const;

/** Whether the policy lets the actor open the network pages at all (what they see is still trimmed). */
export function mayUseNetwork(actor: Actor): boolean {
  return canInPartnership(actor, 'network.view');
}

export interface Named {
  id: string;
  label: string;
}

export interface GroupView {
  id: string;
  rank: number;
  score: number;
  adults: Named[];
  children: Named[];
  places: Named[];
  objects: Named[];
  events: number;
  explanation: string;
}

export interface ChartView {
  focus: Named & { type: FocusType };
  nodes: {
    id: string;
    label: string;
    kind: string;
    subtype: string;
    atRisk: boolean;
    hop: number;
    x: number;
    y: number;
  }[];
  edges: { source: string; target: string; weight: number; evidence: string }[];
  truncated: boolean;
}

export interface PlaceView {
  place: PlaceRecord & { label: string };
  events: { id: string; at: string; type: string; agency: string; people: Named[] }[];
  hotspots: Hotspot[];
}

export interface HotspotPoint {
  id: string;
  label: string;
  kind: string;
  latitude: number | null;
  longitude: number | null;
  /** Most children at risk recorded there in one window. */
  peakChildren: number;
  windows: number;
}

export type FocusType = 'person' | 'location' | 'object' | 'group';

export interface NetworkService {
  /** Refuses (audited, as not found) anyone the policy does not let see networks. */
  mayView(actor: Actor, what: string): Promise<void>;
  groups(actor: Actor): Promise<GroupView[]>;
  chart(actor: Actor, focus: { type: FocusType; id: string }, hops?: number): Promise<ChartView>;
  place(actor: Actor, id: string): Promise<PlaceView>;
  hotspotMap(actor: Actor): Promise<HotspotPoint[]>;
  /** Groups, hotspots and measures with labels, for the analysts' CSV export. */
  exportData(actor: Actor): Promise<{
    groups: PossibleGroup[];
    hotspots: Hotspot[];
    measures: NodeMeasures[];
    labels: ReadonlyMap<string, string>;
  }>;
}

/** A stable id for a possible group, from its adults (reveals nothing beyond what the viewer sees). */
export function groupId(g: PossibleGroup): string {
  return `g${createHash('sha256').update(g.adults.join('|')).digest('hex').slice(0, 12)}`;
}

function evidenceText(ev: readonly Evidence[], pole: ViewerPole): string {
  const parts = ev.slice(0, 5).map((e) => {
    if (e.kind === 'event') {
      const info = pole.eventInfo.get(e.eventId);
      return info === undefined ? 'a record' : `${info.type.replace(/_/g, ' ')} on ${info.at.slice(0, 10)}`;
    }
    return `both linked to ${pole.labels.get(e.viaId) ?? 'a shared item'}`;
  });
  return ev.length > 5 ? `${parts.join('; ')}; and ${ev.length - 5} more` : parts.join('; ');
}

/**
 * @example
 * const network = createNetworkService(db, clock);
 * const groups = await network.groups(actor);
 */
export function createNetworkService(db: Db, clock: Clock): NetworkService {
  // A refusal (not found) is carried out of the transaction so that its "denied" audit event commits;
  // nothing else is written by these reads.
  const refusable = async <T>(actor: Actor, work: (scope: AccessScope) => Promise<T>): Promise<T> => {
    const outcome = await withAccess(
      db,
      clock,
      actor,
      async (scope): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> => {
        try {
          return { ok: true, value: await work(scope) };
        } catch (error) {
          if (isAppError(error) && error.code === 'not_found') return { ok: false, error };
          throw error;
        }
      },
    );
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };
  const refuseUnlessViewer = async (scope: AccessScope, now: Date, what: string): Promise<void> => {
    if (mayUseNetwork(scope.actor)) return;
    await writeAudit(scope.tx, now, { action: `network.${what}`, outcome: 'denied' });
    throw notFound('page');
  };
  const run = <T>(
    actor: Actor,
    what: string,
    work: (pole: ViewerPole, scope: AccessScope) => T,
  ): Promise<T> =>
    refusable(actor, async (scope) => {
      const now = clock.now();
      await refuseUnlessViewer(scope, now, what);
      const pole = await loadViewerPole(scope, now);
      let result: T;
      try {
        result = work(pole, scope);
      } catch (error) {
        await writeAudit(scope.tx, now, {
          action: `network.${what}`,
          outcome: 'denied',
          details: { reason: 'not_found_or_out_of_scope' },
        });
        throw error;
      }
      await writeAudit(scope.tx, now, {
        action: `network.${what}`,
        subjectType: 'network',
        details: { persons: pole.data.persons.length, events: pole.data.events.length },
      });
      return result;
    });
  const named = (pole: ViewerPole, ids: readonly string[]): Named[] =>
    ids.map((id) => ({ id, label: pole.labels.get(id) ?? id }));
  const presentGroup = (pole: ViewerPole, g: PossibleGroup): GroupView => ({
    id: groupId(g),
    rank: g.rank,
    score: Math.round(g.score * 10) / 10,
    adults: named(pole, g.adults),
    children: named(pole, g.children),
    places: named(pole, g.evidence.locations),
    objects: named(pole, g.evidence.objects),
    events: g.evidence.events.length,
    explanation: g.explanation,
  });
  const groupsOf = (graph: PoleGraph): PossibleGroup[] => detectGroups(graph);

  return {
    mayView: (actor, what) => refusable(actor, (scope) => refuseUnlessViewer(scope, clock.now(), what)),

    groups: (actor) =>
      run(actor, 'groups', (pole) => groupsOf(buildPoleGraph(pole.data)).map((g) => presentGroup(pole, g))),

    chart: (actor, focus, hops = 2) =>
      run(actor, 'chart', (pole) => {
        const graph = buildPoleGraph(pole.data);
        let ids: string[];
        let label: string;
        if (focus.type === 'group') {
          const g = groupsOf(graph).find((x) => groupId(x) === focus.id);
          if (g === undefined) throw notFound('group');
          ids = [...g.adults, ...g.children];
          label = `Possible group ${g.rank}`;
        } else {
          const node = graph.nodes.find((n) => n.id === focus.id);
          const expected =
            focus.type === 'person' ? 'person' : focus.type === 'location' ? 'location' : 'object';
          if (node?.kind !== expected) throw notFound(focus.type === 'location' ? 'place' : focus.type);
          ids = [focus.id];
          label = pole.labels.get(focus.id) ?? focus.id;
        }
        const chart = chartAround(graph, ids, {
          hops: Math.min(Math.max(1, hops), CHART_LIMITS.maxHops),
          maxNodes: CHART_LIMITS.maxNodes,
        });
        return {
          focus: { type: focus.type, id: focus.id, label },
          nodes: chart.nodes.map((n) => ({
            id: n.id,
            label: pole.labels.get(n.id) ?? n.id,
            kind: n.kind,
            subtype: n.subtype,
            atRisk: n.atRisk,
            hop: n.hop,
            x: n.x,
            y: n.y,
          })),
          edges: chart.edges.map((e) => ({
            source: e.source,
            target: e.target,
            weight: e.weight,
            evidence: evidenceText(e.evidence, pole),
          })),
          truncated: chart.truncated,
        };
      }),

    place: (actor, id) =>
      run(actor, 'place', (pole) => {
        const place = pole.places.get(id);
        if (place === undefined) throw notFound('place');
        const events = pole.data.events
          .filter((e) => e.locationId === id)
          .map((e) => {
            const info = pole.eventInfo.get(e.id);
            return {
              id: e.id,
              at: e.at,
              type: info?.type ?? 'record',
              agency: info?.agency ?? '',
              people: named(pole, [...new Set(e.parties.map((p) => p.personId))]),
            };
          })
          .sort((a, b) => b.at.localeCompare(a.at));
        return {
          place: { ...place, label: pole.labels.get(id) ?? 'Unnamed place' },
          events,
          hotspots: hotspots(pole.data).filter((h) => h.locationId === id),
        };
      }),

    hotspotMap: (actor) =>
      run(actor, 'hotspots', (pole) => {
        const byPlace = new Map<string, Hotspot[]>();
        for (const h of hotspots(pole.data)) {
          (byPlace.get(h.locationId) ?? byPlace.set(h.locationId, []).get(h.locationId)!).push(h);
        }
        return [...byPlace].map(([id, hs]) => {
          const p = pole.places.get(id);
          return {
            id,
            label: pole.labels.get(id) ?? 'Unnamed place',
            kind: p?.kind ?? 'other',
            latitude: p?.latitude ?? null,
            longitude: p?.longitude ?? null,
            peakChildren: Math.max(...hs.map((h) => h.children.length)),
            windows: hs.length,
          };
        });
      }),

    exportData: (actor) =>
      run(actor, 'export', (pole) => {
        const graph = buildPoleGraph(pole.data);
        return {
          groups: groupsOf(graph),
          hotspots: hotspots(pole.data),
          measures: nodeMeasures(graph),
          labels: pole.labels,
        };
      }),
  };
}
