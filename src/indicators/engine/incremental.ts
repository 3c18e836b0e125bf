/**
 * Incremental re-evaluation. The running state per child is the slice of events inside the rule
 * set's horizon (the longest look-back any rule has), so an import touches only its children's short
 * buffers and never re-scans history. Evaluation uses the same `evaluateChild` as the full run.
 */
import type { CompiledRuleSet } from './compile.ts';
import { evaluateChild, type ChildView } from './evaluate-child.ts';
import { ATTENDANCE, IS_ATTENDANCE } from './signals.ts';
import { presentPrefix } from './store.ts';
import type { ProfileColumns } from './profiles.ts';
import type { ChildResult, Evaluation, EventColumns, EventStore } from './types.ts';

/** One child's running state: signals `[0, split)` then attendance, inside the horizon. */
interface ChildBuffer {
  readonly day: Int32Array;
  readonly code: Uint8Array;
  readonly id: Int32Array;
  readonly presentBefore: Int32Array;
  readonly split: number;
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

function currentView(state: IncrementalState, child: number): ChildView {
  const b = state.buffers.get(child);
  if (b !== undefined) {
    const { day, code, id, presentBefore, split } = b;
    return { day, code, id, presentBefore, sigStart: 0, sigEnd: split, attStart: split, attEnd: day.length };
  }
  const { day, code, id, presentBefore, offsets } = state.base;
  return {
    day,
    code,
    id,
    presentBefore,
    sigStart: offsets[2 * child]!,
    sigEnd: offsets[2 * child + 1]!,
    attStart: offsets[2 * child + 1]!,
    attEnd: offsets[2 * child + 2]!,
  };
}

function before(d1: number, i1: number, d2: number, i2: number): boolean {
  return d1 < d2 || (d1 === d2 && i1 < i2);
}

interface Out {
  readonly day: Int32Array;
  readonly code: Uint8Array;
  readonly id: Int32Array;
  at: number;
}

/** Merges kept events `[lo, hi)` with new ones (both sorted) into `out`, dropping those before `cutoff`. */
function mergeInto(
  out: Out,
  v: ChildView,
  lo: number,
  hi: number,
  fresh: readonly number[],
  batch: Required<EventColumns>,
): void {
  let i = lo;
  let j = 0;
  while (i < hi || j < fresh.length) {
    const k = fresh[j];
    const takeNew = k !== undefined && (i >= hi || before(batch.day[k]!, batch.id[k]!, v.day[i]!, v.id[i]!));
    if (takeNew) {
      out.day[out.at] = batch.day[k]!;
      out.code[out.at] = batch.code[k]!;
      out.id[out.at] = batch.id[k]!;
      j += 1;
    } else {
      out.day[out.at] = v.day[i]!;
      out.code[out.at] = v.code[i]!;
      out.id[out.at] = v.id[i]!;
      i += 1;
    }
    out.at += 1;
  }
}

function merge(
  v: ChildView,
  add: readonly number[],
  batch: Required<EventColumns>,
  cutoff: number,
): ChildBuffer {
  let s0 = v.sigStart;
  while (s0 < v.sigEnd && v.day[s0]! < cutoff) s0 += 1;
  let a0 = v.attStart;
  while (a0 < v.attEnd && v.day[a0]! < cutoff) a0 += 1;
  const sig: number[] = [];
  const att: number[] = [];
  for (const k of add) {
    if (batch.day[k]! < cutoff) continue;
    (IS_ATTENDANCE[batch.code[k]!] === 1 ? att : sig).push(k);
  }
  const n = v.sigEnd - s0 + sig.length + v.attEnd - a0 + att.length;
  const out: Out = { day: new Int32Array(n), code: new Uint8Array(n), id: new Int32Array(n), at: 0 };
  mergeInto(out, v, s0, v.sigEnd, sig, batch);
  const split = out.at;
  mergeInto(out, v, a0, v.attEnd, att, batch);
  return {
    day: out.day,
    code: out.code,
    id: out.id,
    split,
    presentBefore: presentPrefix(out.code, ATTENDANCE.present),
  };
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
    const buffer = merge(currentView(state, c), add, batch, cutoff);
    state.buffers.set(c, buffer);
    const r = evaluateChild(state.compiled, state.profiles, c, currentView(state, c), asOf);
    out.set(c, r);
    state.scores[c] = r?.score ?? 0;
    state.bands[c] = r?.bandIndex ?? -1;
    if (r === null) state.results.delete(c);
    else state.results.set(c, r);
  }
  return out;
}
