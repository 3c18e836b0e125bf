import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPoleGraph } from './build-graph.ts';
import { trimGraph, viewerGraph } from './trim.ts';
import type { PoleData, PoleEvent, PoleGraph, Visibility } from './types.ts';

const PERSONS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const OBJECTS = ['o0', 'o1'];
const PLACES = ['l0', 'l1'];

const eventArb = (id: string): fc.Arbitrary<PoleEvent> =>
  fc
    .record({
      parties: fc.uniqueArray(fc.constantFrom(...PERSONS), { minLength: 1, maxLength: 4 }),
      place: fc.option(fc.constantFrom(...PLACES), { nil: undefined }),
      objects: fc.uniqueArray(fc.constantFrom(...OBJECTS), { maxLength: 2 }),
      day: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ parties, place, objects, day }) => {
      const base = {
        id,
        at: `2024-03-${String(day).padStart(2, '0')}T12:00:00Z`,
        parties: parties.map((personId) => ({ personId, role: 'subject' as const })),
        objects: objects.map((objectId) => ({ objectId })),
      };
      return place === undefined ? base : { ...base, locationId: place };
    });

const dataArb: fc.Arbitrary<PoleData> = fc
  .integer({ min: 0, max: 10 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => eventArb(`e${i}`))))
  .map((events) => ({
    persons: PERSONS.map((id, i) => ({
      id,
      kind: i % 2 === 0 ? ('child' as const) : ('adult_of_concern' as const),
      atRisk: true,
    })),
    objects: OBJECTS.map((id) => ({ id, kind: 'phone' as const })),
    locations: PLACES.map((id) => ({ id, kind: 'hotel' as const })),
    events,
  }));

const visibilityArb: fc.Arbitrary<Visibility> = fc
  .record({
    nodes: fc.subarray([...PERSONS, ...OBJECTS, ...PLACES]),
    events: fc.subarray(Array.from({ length: 10 }, (_, i) => `e${i}`)),
  })
  .map(({ nodes, events }) => ({ nodes: new Set(nodes), events: new Set(events) }));

/** Every id a trimmed graph mentions anywhere. */
function mentioned(g: PoleGraph): { nodes: Set<string>; events: Set<string> } {
  const nodes = new Set<string>();
  const events = new Set<string>();
  for (const n of g.nodes) nodes.add(n.id);
  for (const e of g.edges) {
    nodes.add(e.source);
    nodes.add(e.target);
    for (const ev of e.evidence) {
      if (ev.kind === 'event') events.add(ev.eventId);
      else {
        nodes.add(ev.viaId);
        for (const id of [...ev.sourceEvents, ...ev.targetEvents]) events.add(id);
      }
    }
  }
  return { nodes, events };
}

describe('trimGraph', () => {
  it('never shows a hidden node, a hidden event, a dangling edge or an edge without visible evidence', () => {
    fc.assert(
      fc.property(dataArb, visibilityArb, (data, vis) => {
        const t = trimGraph(buildPoleGraph(data), vis);
        const seen = mentioned(t);
        for (const id of seen.nodes) expect(vis.nodes.has(id)).toBe(true);
        for (const id of seen.events) expect(vis.events.has(id)).toBe(true);
        const shown = new Set(t.nodes.map((n) => n.id));
        for (const e of t.edges) {
          expect(shown.has(e.source) && shown.has(e.target)).toBe(true);
          expect(e.evidence.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('weighs edges only by the evidence left visible', () => {
    fc.assert(
      fc.property(dataArb, visibilityArb, (data, vis) => {
        for (const e of trimGraph(buildPoleGraph(data), vis).edges) {
          const w = e.evidence.reduce(
            (s, ev) => s + (ev.kind === 'shared' && ev.viaKind === 'location' ? 0.5 : 1),
            0,
          );
          expect(e.weight).toBe(w);
        }
      }),
    );
  });
});

describe('viewerGraph', () => {
  it('is unchanged by anything hidden: adding hidden persons and events changes nothing the viewer sees', () => {
    fc.assert(
      fc.property(dataArb, visibilityArb, dataArb, (data, vis, extra) => {
        // Extra hidden material: new hidden persons and events that involve visible and hidden people.
        const more: PoleData = {
          persons: [...data.persons, { id: 'hidden-x', kind: 'adult_of_concern', atRisk: false }],
          objects: data.objects,
          locations: data.locations,
          events: [
            ...data.events,
            ...extra.events.map((e) => ({
              ...e,
              id: `hidden-${e.id}`,
              parties: [...e.parties, { personId: 'hidden-x', role: 'suspect' as const }],
            })),
          ],
        };
        expect(viewerGraph(more, vis)).toEqual(viewerGraph(data, vis));
      }),
      { numRuns: 200 },
    );
  });
});
