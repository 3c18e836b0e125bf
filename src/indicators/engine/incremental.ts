/**
 * Incremental re-evaluation. The running state per child is the slice of events inside the rule
 * set's horizon (the longest look-back any rule has), so an import touches only its children's short
 * buffers and never re-scans history. Evaluation uses the same `evaluateChild` as the full run.
 */
import type { CompiledRuleSet } from './compile.ts';
import { evaluateChild, type Slice } from './evaluate-child.ts';
import type { ProfileColumns } from './profiles.ts';
import type { ChildResult, Evaluation, EventColumns, EventStore } from './types.ts';

/** One child's running state: their events inside the horizon, sorted by day then id. */
interface ChildBuffer {
  readonly day: Int32Array;
  readonly code: Uint8Array;
  readonly id: Int32Array;
}

/** State kept between imports. Mutated by `applyImport`. */
export interface IncrementalState {
  readonly compiled: CompiledRuleSet;
  readonly profiles: ProfileColumns;
  readonly base: EventStore;
  readonly buffers: Map<number, ChildBuffer>;
  readonly scores: Float64Array;
  readonly bands: Int8Array;
  readonly results: Map<number, ChildResult>;
  asOf: number;
}

/**
 * Starts incremental state from a full evaluation of `base` (the evaluation is copied, not shared).
 *
 * @example
 * const state = createIncrementalState(compiled, store, profiles, evaluateAll(compiled, store, profiles, asOf));
 */
export function createIncrementalState(
  compiled: CompiledRuleSet,
  base: EventStore,
  profiles: ProfileColumns,
  evaluation: Evaluation,
): IncrementalState {
  return {
    compiled,
    profiles,
    base,
    buffers: new Map(),
    scores: evaluation.scores.slice(),
    bands: evaluation.bands.slice(),
    results: new Map(evaluation.results),
    asOf: evaluation.asOf,
  };
}

function currentSlice(state: IncrementalState, child: number): Slice {
  const b = state.buffers.get(child);
  if (b !== undefined) return { day: b.day, code: b.code, id: b.id, start: 0, end: b.day.length };
  const { base } = state;
  return {
    day: base.day,
    code: base.code,
    id: base.id,
    start: base.offsets[child]!,
    end: base.offsets[child + 1]!,
  };
}

function before(d1: number, i1: number, d2: number, i2: number): boolean {
  return d1 < d2 || (d1 === d2 && i1 < i2);
}

/** Merges the child's kept events with new ones (both sorted), dropping those before `cutoff`. */
function merge(
  old: Slice,
  add: readonly number[],
  batch: Required<EventColumns>,
  cutoff: number,
): ChildBuffer {
  let i = old.start;
  while (i < old.end && old.day[i]! < cutoff) i += 1;
  const fresh = add.filter((k) => batch.day[k]! >= cutoff);
  const n = old.end - i + fresh.length;
  const day = new Int32Array(n);
  const code = new Uint8Array(n);
  const id = new Int32Array(n);
  let j = 0;
  for (let o = 0; o < n; o += 1) {
    const k = fresh[j];
    const takeNew =
      k !== undefined && (i >= old.end || before(batch.day[k]!, batch.id[k]!, old.day[i]!, old.id[i]!));
    if (takeNew) {
      day[o] = batch.day[k]!;
      code[o] = batch.code[k]!;
      id[o] = batch.id[k]!;
      j += 1;
    } else {
      day[o] = old.day[i]!;
      code[o] = old.code[i]!;
      id[o] = old.id[i]!;
      i += 1;
    }
  }
  return { day, code, id };
}

/**
 * Adds an import's events and re-evaluates only the children it touched, on `asOf` (which may not go
 * back before the state's as-of). Returns the touched children's new results (null: no rule fires).
 * Event ids must be unique across the base store and all imports.
 *
 * @example
 * const changed = applyImport(state, { child, day, code, id }, asOf);
 */
export function applyImport(
  state: IncrementalState,
  batch: Required<EventColumns>,
  asOf: number,
): Map<number, ChildResult | null> {
  if (asOf < state.asOf) {
    throw new Error('Incremental evaluation cannot go back in time; run a full evaluation');
  }
  state.asOf = asOf;
  const byChild = new Map<number, number[]>();
  for (let k = 0; k < batch.child.length; k += 1) {
    const c = batch.child[k]!;
    if (c < 0 || c >= state.base.childCount) {
      throw new Error(`Imported event ${batch.id[k]} has unknown child ${c}`);
    }
    let list = byChild.get(c);
    if (list === undefined) byChild.set(c, (list = []));
    list.push(k);
  }
  const cutoff = asOf - state.compiled.horizon + 1;
  const out = new Map<number, ChildResult | null>();
  const touched = [...byChild.keys()].sort((a, b) => a - b);
  for (const c of touched) {
    const add = byChild.get(c)!;
    add.sort((a, b) => batch.day[a]! - batch.day[b]! || batch.id[a]! - batch.id[b]!);
    const buffer = merge(currentSlice(state, c), add, batch, cutoff);
    state.buffers.set(c, buffer);
    const r = evaluateChild(
      state.compiled,
      state.profiles,
      c,
      { ...buffer, start: 0, end: buffer.day.length },
      asOf,
    );
    out.set(c, r);
    state.scores[c] = r?.score ?? 0;
    state.bands[c] = r?.bandIndex ?? -1;
    if (r === null) state.results.delete(c);
    else state.results.set(c, r);
  }
  return out;
}
