import { describe, expect, it } from 'vitest';
import { buildPoleGraph } from './build-graph.ts';
import { detectGroups } from './groups.ts';
import { hotspots } from './hotspots.ts';
import { nodeMeasures, MEASURE_EXPLANATIONS } from './measures.ts';
import { evaluateRecovery, plantedPartnership } from './planted.ts';
import type { PoleData } from './types.ts';

const small: PoleData = {
  persons: [
    { id: 'c1', kind: 'child', atRisk: true },
    { id: 'c2', kind: 'child', atRisk: true },
    { id: 'a1', kind: 'adult_of_concern', atRisk: false },
    { id: 'a2', kind: 'adult_of_concern', atRisk: false },
  ],
  objects: [{ id: 'car', kind: 'vehicle', label: 'XX00 XXX' }],
  locations: [{ id: 'hotel', kind: 'hotel' }],
  events: [
    {
      id: 'e1',
      at: '2024-02-01T22:00:00Z',
      locationId: 'hotel',
      parties: [
        { personId: 'c1', role: 'victim' },
        { personId: 'a1', role: 'suspect' },
      ],
      objects: [{ objectId: 'car', personId: 'a1' }],
    },
    {
      id: 'e2',
      at: '2024-02-03T22:00:00Z',
      locationId: 'hotel',
      parties: [
        { personId: 'c2', role: 'victim' },
        { personId: 'a2', role: 'suspect' },
      ],
      objects: [{ objectId: 'car' }],
    },
    {
      id: 'e3',
      at: '2025-06-01T10:00:00Z',
      parties: [
        { personId: 'c1', role: 'subject' },
        { personId: 'c2', role: 'subject' },
      ],
      objects: [],
    },
  ],
};

describe('buildPoleGraph', () => {
  it('links co-present persons, persons to places and objects, and persons sharing a vehicle or place', () => {
    const g = buildPoleGraph(small);
    const edge = (a: string, b: string) =>
      g.edges.find((e) => e.source === (a < b ? a : b) && e.target === (a < b ? b : a));
    expect(edge('a1', 'c1')?.evidence).toEqual([{ kind: 'event', eventId: 'e1' }]);
    expect(edge('a1', 'car')).toBeDefined();
    expect(edge('a2', 'car')).toBeDefined(); // object without a person ties to every party
    const shared = edge('a1', 'a2')!.evidence;
    expect(shared.map((e) => (e.kind === 'shared' ? `${e.viaKind}:${e.viaId}` : e.eventId)).sort()).toEqual([
      'location:hotel',
      'object:car',
    ]);
    expect(edge('a1', 'a2')!.weight).toBe(1.5);
  });
  it('counts only events inside the time window', () => {
    const g = buildPoleGraph(small, { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' });
    expect(g.edges.some((e) => e.evidence.some((x) => x.kind === 'event' && x.eventId === 'e3'))).toBe(false);
  });
  it('never reads ethnicity, religion or nationality (the input types cannot carry them)', () => {
    const person = small.persons[0]!;
    expect(Object.keys(person).sort()).toEqual(['atRisk', 'id', 'kind']);
  });
});

describe('detectGroups', () => {
  it('reports a group of adults and children at risk with the evidence that ties them', () => {
    const groups = detectGroups(buildPoleGraph(small), { resolution: 1, minAdultEvents: 1 });
    expect(groups).toHaveLength(1);
    const g = groups[0]!;
    expect(g.adults).toEqual(['a1', 'a2']);
    expect(g.children).toEqual(['c1', 'c2']);
    expect(g.evidence.locations).toEqual(['hotel']);
    expect(g.evidence.objects).toEqual(['car']);
    expect(g.evidence.events).toEqual(['e1', 'e2']);
    expect(g.explanation).toContain('not a finding');
  });
  it('does not count an adult whose only tie to the cluster is a single record', () => {
    expect(detectGroups(buildPoleGraph(small), { resolution: 1 })).toEqual([]);
  });
  it('recovers at least 90% of planted groups with at least 80% of reports matching (seed 1)', () => {
    const { data, groups } = plantedPartnership({ seed: 1, groups: 30 });
    const fig = evaluateRecovery(groups, detectGroups(buildPoleGraph(data)));
    expect(fig.recall).toBeGreaterThanOrEqual(0.9);
    expect(fig.precision).toBeGreaterThanOrEqual(0.8);
  });
});

describe('hotspots', () => {
  it('finds a place with several children at risk in one window', () => {
    const spots = hotspots(small, { windowDays: 28, minChildren: 2 });
    expect(spots).toHaveLength(1);
    expect(spots[0]).toMatchObject({
      locationId: 'hotel',
      children: ['c1', 'c2'],
      adultsOfConcern: ['a1', 'a2'],
    });
    expect(spots[0]!.explanation).toMatch(/^2 children at risk were recorded at this hotel/);
  });
  it('does not join visits in different windows', () => {
    expect(hotspots(small, { windowDays: 1, minChildren: 2 })).toHaveLength(0);
  });
});

describe('nodeMeasures', () => {
  it('explains every measure in plain language', () => {
    const rows = nodeMeasures(buildPoleGraph(small));
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r.explanation).toMatch(/^Linked directly to \d+ other/);
    for (const text of Object.values(MEASURE_EXPLANATIONS)) expect(text.length).toBeGreaterThan(20);
  });
});
