/**
 * The columnar event store: events sorted by child, then day, then id, with per-child offsets.
 * Sorting is two stable counting sorts (by day, then by child), linear in the number of events.
 */
import { ATTENDANCE, IS_ATTENDANCE, attendanceClass, associationCode, codeFor } from './signals.ts';
import type { AssociationFact, ChildProfile, EventColumns, EventStore, IndicatorEvent } from './types.ts';

/** Orders same-day runs inside each stream by id (runs are tiny, so insertion sort). */
function orderTies(offsets: Int32Array, day: Int32Array, code: Uint8Array, id: Int32Array): void {
  for (let r = 0; r + 1 < offsets.length; r += 1) {
    const lo = offsets[r]!;
    const end = offsets[r + 1]!;
    for (let a = lo + 1; a < end; a += 1) {
      const ka = id[a]!;
      if (day[a - 1] !== day[a] || id[a - 1]! <= ka) continue;
      const ca = code[a]!;
      const da = day[a]!;
      let b = a - 1;
      while (b >= lo && day[b] === da && id[b]! > ka) {
        id[b + 1] = id[b]!;
        code[b + 1] = code[b]!;
        b -= 1;
      }
      id[b + 1] = ka;
      code[b + 1] = ca;
    }
  }
}

/**
 * Running count of present sessions: `out[i]` is the number of present sessions in `[0, i)`.
 *
 * @example
 * presentPrefix(codes).length === codes.length + 1; // true
 */
export function presentPrefix(code: Uint8Array, present: number): Int32Array {
  const out = new Int32Array(code.length + 1);
  let n = 0;
  for (let i = 0; i < code.length; i += 1) {
    out[i] = n;
    if (code[i] === present) n += 1;
  }
  out[code.length] = n;
  return out;
}

/**
 * Builds the sorted store from unsorted columns. Children are `0..childCount-1`. Each child's
 * events are split into two streams: signals (everything but attendance) and attendance sessions,
 * so rules over rare signals never walk the hundreds of register marks a child has each term.
 *
 * @example
 * const store = buildStore({ child, day, code }, 100_000);
 */
export function buildStore(columns: EventColumns, childCount: number): EventStore {
  const n = columns.child.length;
  let ids = columns.id;
  if (ids === undefined) {
    ids = new Int32Array(n);
    for (let i = 0; i < n; i += 1) ids[i] = i;
  }
  const srcDay = columns.day;
  const srcChild = columns.child;
  const srcCode = columns.code;
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < n; i += 1) {
    const d = srcDay[i]!;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  // Pass 1: stable counting sort by day.
  const span = n === 0 ? 1 : maxDay - minDay + 1;
  const dayCount = new Int32Array(span + 1);
  for (let i = 0; i < n; i += 1) dayCount[srcDay[i]! - minDay + 1]! += 1;
  for (let d = 1; d <= span; d += 1) dayCount[d]! += dayCount[d - 1]!;
  const byDay = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    const k = srcDay[i]! - minDay;
    const at = dayCount[k]!;
    dayCount[k] = at + 1;
    byDay[at] = i;
  }
  // Pass 2: stable counting sort by (child, stream).
  const offsets = new Int32Array(2 * childCount + 1);
  for (let i = 0; i < n; i += 1) {
    const c = srcChild[i]!;
    if (c < 0 || c >= childCount) throw new Error(`Event ${i} has child index ${c} out of range`);
    offsets[2 * c + 1 + IS_ATTENDANCE[srcCode[i]!]!]! += 1;
  }
  for (let k = 1; k <= 2 * childCount; k += 1) offsets[k]! += offsets[k - 1]!;
  const cursor = offsets.slice(0, 2 * childCount);
  const day = new Int32Array(n);
  const code = new Uint8Array(n);
  const id = new Int32Array(n);
  for (let k = 0; k < n; k += 1) {
    const i = byDay[k]!;
    const cd = srcCode[i]!;
    const key = 2 * srcChild[i]! + IS_ATTENDANCE[cd]!;
    const at = cursor[key]!;
    cursor[key] = at + 1;
    day[at] = srcDay[i]!;
    code[at] = cd;
    id[at] = ids[i]!;
  }
  orderTies(offsets, day, code, id);
  return { childCount, offsets, day, code, id, presentBefore: presentPrefix(code, PRESENT_CODE) };
}

const PRESENT_CODE = ATTENDANCE.present;

/** A store built from objects, with the maps back to string ids. */
export interface ObjectStore {
  readonly store: EventStore;
  readonly childIds: readonly string[];
  /** String id per numeric event id. */
  readonly eventIds: readonly string[];
  /** Index per child id. */
  readonly childIndex: ReadonlyMap<string, number>;
}

/**
 * Turns events and association facts into columns. Attendance sessions with a not-counted DfE code
 * are dropped; events for children not in `children` are an error (identity resolution comes first).
 * Numeric ids are assigned from `firstId` in input order (events, then facts).
 *
 * @example
 * const cols = toColumns(children, events, facts, childIndex, 0);
 */
export function toColumns(
  events: readonly IndicatorEvent[],
  facts: readonly AssociationFact[],
  childIndex: ReadonlyMap<string, number>,
  firstId: number,
): { columns: Required<EventColumns>; eventIds: string[] } {
  const child: number[] = [];
  const day: number[] = [];
  const code: number[] = [];
  const id: number[] = [];
  const eventIds: string[] = [];
  const push = (childId: string, d: number, c: number, sid: string): void => {
    const ci = childIndex.get(childId);
    if (ci === undefined) throw new Error(`Event ${sid} names an unknown child`);
    child.push(ci);
    day.push(d);
    code.push(c);
    id.push(firstId + eventIds.length);
    eventIds.push(sid);
  };
  for (const e of events) {
    let qualifier = e.qualifier;
    if (e.type === 'attendance_session' && e.attendanceCode !== undefined) {
      const cls = attendanceClass(e.attendanceCode);
      if (cls === 'not_counted') continue;
      qualifier = cls;
    }
    push(e.childId, e.day, codeFor(e.type, qualifier), e.id);
  }
  for (const f of facts) push(f.childId, f.day, associationCode(f.kind), f.id);
  return {
    columns: {
      child: Int32Array.from(child),
      day: Int32Array.from(day),
      code: Uint8Array.from(code),
      id: Int32Array.from(id),
    },
    eventIds,
  };
}

/**
 * Builds a store from object events (tests, services and the simulator adapter).
 *
 * @example
 * const { store, eventIds } = buildObjectStore(children, events, facts);
 */
export function buildObjectStore(
  children: readonly ChildProfile[],
  events: readonly IndicatorEvent[],
  facts: readonly AssociationFact[] = [],
): ObjectStore {
  const childIndex = new Map<string, number>();
  children.forEach((c, i) => {
    if (childIndex.has(c.id)) throw new Error(`Duplicate child id ${c.id}`);
    childIndex.set(c.id, i);
  });
  const { columns, eventIds } = toColumns(events, facts, childIndex, 0);
  return {
    store: buildStore(columns, children.length),
    childIds: children.map((c) => c.id),
    eventIds,
    childIndex,
  };
}
