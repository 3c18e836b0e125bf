import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../rules/default-rules.ts';
import { compileRuleSet } from './compile.ts';
import { evaluateAll } from './evaluate.ts';
import { applyImport, createIncrementalState } from './incremental.ts';
import { emptyProfiles } from './profiles.ts';
import { ATTENDANCE, SIGNAL_COUNT } from './signals.ts';
import { buildStore } from './store.ts';
import type { Evaluation } from './types.ts';

const compiled = compileRuleSet(defaultRuleSet());
const CHILDREN = 6;
const AS_OF = 20_000;

const eventArb = fc.record({
  child: fc.integer({ min: 0, max: CHILDREN - 1 }),
  day: fc.integer({ min: AS_OF - 500, max: AS_OF + 20 }),
  // Half attendance sessions (so the attendance rules fire too), half any signal.
  code: fc.oneof(
    fc.constantFrom(ATTENDANCE.present, ATTENDANCE.present, ATTENDANCE.authorised, ATTENDANCE.unauthorised),
    fc.integer({ min: 0, max: SIGNAL_COUNT - 1 }),
  ),
});

type Ev = { child: number; day: number; code: number };

function columns(events: readonly Ev[], firstId: number) {
  return {
    child: Int32Array.from(events.map((e) => e.child)),
    day: Int32Array.from(events.map((e) => e.day)),
    code: Uint8Array.from(events.map((e) => e.code)),
    id: Int32Array.from(events.map((_, i) => firstId + i)),
  };
}

function snapshot(ev: Pick<Evaluation, 'results'>): unknown {
  return [...ev.results.entries()].sort((a, b) => a[0] - b[0]);
}

describe('incremental re-evaluation', () => {
  it('equals a full evaluation of history plus the import, for every child (property)', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 400 }),
        fc.array(eventArb, { maxLength: 40 }),
        fc.array(eventArb, { maxLength: 20 }),
        fc.integer({ min: 0, max: 15 }),
        (history, import1, import2, step) => {
          const profiles = emptyProfiles(CHILDREN);
          const base = buildStore(columns(history, 0), CHILDREN);
          const state = createIncrementalState(
            compiled,
            base,
            profiles,
            evaluateAll(compiled, base, profiles, AS_OF),
          );
          applyImport(state, columns(import1, 10_000), AS_OF);
          const all1 = [...history, ...import1];
          const full1 = evaluateAll(compiled, buildStore(columns(all1, 0), CHILDREN), profiles, AS_OF);
          // Ids of the full store must match: history 0.., import1 10_000..
          const ids1 = Int32Array.from([...history.map((_, i) => i), ...import1.map((_, i) => 10_000 + i)]);
          const fullSameIds = evaluateAll(
            compiled,
            buildStore({ ...columns(all1, 0), id: ids1 }, CHILDREN),
            profiles,
            AS_OF,
          );
          expect(snapshot(state)).toEqual(snapshot(fullSameIds));
          expect(Array.from(state.scores)).toEqual(Array.from(full1.scores));
          // A second import on a later date: touched children equal a full run on that date.
          const later = AS_OF + step;
          const changed = applyImport(state, columns(import2, 20_000), later);
          const ids2 = Int32Array.from([...ids1, ...import2.map((_, i) => 20_000 + i)]);
          const full2 = evaluateAll(
            compiled,
            buildStore({ ...columns([...all1, ...import2], 0), id: ids2 }, CHILDREN),
            profiles,
            later,
          );
          for (const [c, r] of changed) expect(r ?? undefined).toEqual(full2.results.get(c));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses to go back before the state as-of date', () => {
    const profiles = emptyProfiles(1);
    const base = buildStore(columns([], 0), 1);
    const state = createIncrementalState(
      compiled,
      base,
      profiles,
      evaluateAll(compiled, base, profiles, AS_OF),
    );
    expect(() => applyImport(state, columns([], 0), AS_OF - 1)).toThrow(/back in time/);
  });
});

describe('determinism', () => {
  it('gives identical results whatever the input order of events (property)', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 200 }), fc.integer(), (events, seed) => {
        const profiles = emptyProfiles(CHILDREN);
        const cols = columns(events, 0);
        const order = events
          .map((_, i) => i)
          .sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b);
        const shuffled = {
          child: Int32Array.from(order.map((i) => cols.child[i]!)),
          day: Int32Array.from(order.map((i) => cols.day[i]!)),
          code: Uint8Array.from(order.map((i) => cols.code[i]!)),
          id: Int32Array.from(order.map((i) => cols.id[i]!)),
        };
        const a = evaluateAll(compiled, buildStore(cols, CHILDREN), profiles, AS_OF);
        const b = evaluateAll(compiled, buildStore(shuffled, CHILDREN), profiles, AS_OF);
        expect(snapshot(b)).toEqual(snapshot(a));
      }),
      { numRuns: 200 },
    );
  });
});
