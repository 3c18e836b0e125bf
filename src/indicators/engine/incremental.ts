/**
 * Incremental re-evaluation. The running state per child is the slice of events inside the rule
 * set's horizon (the longest look-back any rule has), so an import touches only its children's short
 * buffers and never re-scans history. Evaluation uses the same `evaluateChild` as the full run.
 */
import type { CompiledRuleSet } from './compile.ts';
import { evaluateChild, lowerBound, type ChildView } from './evaluate-child.ts';
import { ATTENDANCE, IS_ATTENDANCE } from './signals.ts';
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
/** A touched child's plan: what to keep from its current events and which new events to add. */
interface Plan {
  readonly view: ChildView;
  readonly s0: number;
  readonly a0: number;
  /** The child's new events: `order[from, to)`, sorted by day then id. */
  readonly from: number;
  readonly to: number;
  readonly n: number;
}

/** Batch indices sorted by child, day, id (numeric sort of packed keys when they fit). */
function sortBatch(batch: Required<EventColumns>): Int32Array {
  const m = batch.child.length;
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let k = 0; k < m; k += 1) {
    minDay = Math.min(minDay, batch.day[k]!);
    maxDay = Math.max(maxDay, batch.day[k]!);
  }
  const order = new Int32Array(m);
  if (m < 1 << 17 && maxDay - minDay < 1 << 18) {
    const keys = new Float64Array(m);
    for (let k = 0; k < m; k += 1) {
      keys[k] = batch.child[k]! * 2 ** 35 + (batch.day[k]! - minDay) * 2 ** 17 + k;
    }
    keys.sort();
    for (let k = 0; k < m; k += 1) order[k] = keys[k]! % 2 ** 17;
    // Same child and day: order by id (runs are tiny).
    for (let a = 1; a < m; a += 1) {
      const ka = order[a]!;
      let b = a - 1;
      while (
        b >= 0 &&
        batch.child[order[b]!] === batch.child[ka] &&
        batch.day[order[b]!] === batch.day[ka] &&
        batch.id[order[b]!]! > batch.id[ka]!
      ) {
        order[b + 1] = order[b]!;
        b -= 1;
      }
      order[b + 1] = ka;
    }
    return order;
  }
  const idx = Array.from({ length: m }, (_, k) => k);
  idx.sort(
    (a, b) =>
      batch.child[a]! - batch.child[b]! || batch.day[a]! - batch.day[b]! || batch.id[a]! - batch.id[b]!,
  );
  order.set(idx);
  return order;
}

/** Merges kept events `[lo, hi)` with the new events of one stream (attendance or not). */
function mergeStream(
  out: Out,
  v: ChildView,
  lo: number,
  hi: number,
  order: Int32Array,
  from: number,
  to: number,
  attendance: number,
  cutoff: number,
  batch: Required<EventColumns>,
): void {
  const { day, code, id } = v;
  const od = out.day;
  const oc = out.code;
  const oi = out.id;
  let at = out.at;
  let i = lo;
  let j = from;
  for (;;) {
    // Next new event of this stream, inside the horizon.
    while (j < to) {
      const k = order[j]!;
      if (IS_ATTENDANCE[batch.code[k]!] === attendance && batch.day[k]! >= cutoff) break;
      j += 1;
    }
    if (j >= to && i >= hi) break;
    let takeNew = false;
    let k = 0;
    if (j < to) {
      k = order[j]!;
      takeNew = i >= hi || before(batch.day[k]!, batch.id[k]!, day[i]!, id[i]!);
    }
    if (takeNew) {
      od[at] = batch.day[k]!;
      oc[at] = batch.code[k]!;
      oi[at] = batch.id[k]!;
      j += 1;
    } else {
      od[at] = day[i]!;
      oc[at] = code[i]!;
      oi[at] = id[i]!;
      i += 1;
    }
    at += 1;
  }
  out.at = at;
}

/**
 * Builds every touched child's new buffer inside one arena per import (one allocation per column
 * rather than four per child), merging kept and new events in day-then-id order.
 */
function mergeAll(
  plans: readonly Plan[],
  order: Int32Array,
  batch: Required<EventColumns>,
  sigCutoff: number,
  attCutoff: number,
): ChildBuffer[] {
  let total = 0;
  for (const p of plans) total += p.n;
  const day = new Int32Array(total);
  const code = new Uint8Array(total);
  const id = new Int32Array(total);
  const prefix = new Int32Array(total + plans.length);
  const present = ATTENDANCE.present;
  const buffers: ChildBuffer[] = [];
  let base = 0;
  let pbase = 0;
  for (const p of plans) {
    const o: Out = {
      day: day.subarray(base, base + p.n),
      code: code.subarray(base, base + p.n),
      id: id.subarray(base, base + p.n),
      at: 0,
    };
    mergeStream(o, p.view, p.s0, p.view.sigEnd, order, p.from, p.to, 0, sigCutoff, batch);
    const split = o.at;
    mergeStream(o, p.view, p.a0, p.view.attEnd, order, p.from, p.to, 1, attCutoff, batch);
    const pb = prefix.subarray(pbase, pbase + p.n + 1);
    let count = 0;
    for (let i = 0; i < p.n; i += 1) {
      pb[i] = count;
      if (o.code[i] === present) count += 1;
    }
    pb[p.n] = count;
    buffers.push({ day: o.day, code: o.code, id: o.id, split, presentBefore: pb });
    base += p.n;
    pbase += p.n + 1;
  }
  return buffers;
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
  const { compiled } = state;
  const m = batch.child.length;
  for (let k = 0; k < m; k += 1) {
    const c = batch.child[k]!;
    if (c < 0 || c >= state.base.childCount) {
      throw new Error(`Imported event ${batch.id[k]} has unknown child ${c}`);
    }
  }
  const sigCutoff = asOf - compiled.signalHorizon + 1;
  const attCutoff = asOf - compiled.attendanceHorizon + 1;
  const order = sortBatch(batch);
  const plans: Plan[] = [];
  const touched: number[] = [];
  for (let from = 0; from < m;) {
    const c = batch.child[order[from]!]!;
    let to = from;
    let addSig = 0;
    let addAtt = 0;
    for (; to < m && batch.child[order[to]!] === c; to += 1) {
      const k = order[to]!;
      if (IS_ATTENDANCE[batch.code[k]!] === 1) addAtt += batch.day[k]! >= attCutoff ? 1 : 0;
      else addSig += batch.day[k]! >= sigCutoff ? 1 : 0;
    }
    const v = currentView(state, c);
    const s0 = lowerBound(v.day, v.sigStart, v.sigEnd, sigCutoff);
    const a0 = lowerBound(v.day, v.attStart, v.attEnd, attCutoff);
    plans.push({ view: v, s0, a0, from, to, n: v.sigEnd - s0 + addSig + v.attEnd - a0 + addAtt });
    touched.push(c);
    from = to;
  }
  const buffers = mergeAll(plans, order, batch, sigCutoff, attCutoff);
  const out = new Map<number, ChildResult | null>();
  touched.forEach((c, k) => {
    state.buffers.set(c, buffers[k]!);
    const r = evaluateChild(compiled, state.profiles, c, currentView(state, c), asOf);
    out.set(c, r);
    state.scores[c] = r?.score ?? 0;
    state.bands[c] = r?.bandIndex ?? -1;
    if (r === null) state.results.delete(c);
    else state.results.set(c, r);
  });
  return out;
}
