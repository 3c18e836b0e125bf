/**
 * Input and output types of the indicator engine. The child profile deliberately has no ethnicity,
 * religion or nationality field: the engine cannot be given them, and rules cannot name them.
 */
import type { EventType } from '../../events/index.ts';
import type { AssociationKind } from './signals.ts';

/** A period of looked-after status, in day numbers (`to` inclusive; absent while ongoing). */
export interface DayPeriod {
  readonly from: number;
  readonly to?: number;
}

/** What the engine may know about a child. Nothing else is read. */
export interface ChildProfile {
  readonly id: string;
  /** Day number of the date of birth, if known. */
  readonly birthDay?: number;
  readonly lookedAfter?: readonly DayPeriod[];
  readonly learningDisability?: boolean;
}

/** An agency event as the engine sees it (already linked to a child by identity resolution). */
export interface IndicatorEvent {
  readonly id: string;
  readonly childId: string;
  readonly type: EventType;
  /** Day number (days since 1970-01-01 UTC) when it happened or started. */
  readonly day: number;
  /** Narrows the type: `intoxication` for an ED attendance, `high` for a screening, ... */
  readonly qualifier?: string;
  /** For `attendance_session`: the DfE attendance code; not-counted codes are dropped. */
  readonly attendanceCode?: string;
}

/** An association fact supplied from the network or intelligence picture. */
export interface AssociationFact {
  readonly id: string;
  readonly childId: string;
  readonly kind: AssociationKind;
  readonly day: number;
}

/** Events in columns: the engine's hot-path form. Index `i` is one event. */
export interface EventColumns {
  /** Child index (position in the profile array). */
  readonly child: Int32Array;
  readonly day: Int32Array;
  /** Signal code (see `signals.ts`). */
  readonly code: Uint8Array;
  /** Numeric event id; ties on the same day are ordered by it. Defaults to the position. */
  readonly id?: Int32Array;
}

/**
 * Events sorted by child, stream, day, id. Child `c`'s signals are `[offsets[2c], offsets[2c+1])`
 * and its attendance sessions `[offsets[2c+1], offsets[2c+2])`.
 */
export interface EventStore {
  readonly childCount: number;
  readonly offsets: Int32Array;
  readonly day: Int32Array;
  readonly code: Uint8Array;
  readonly id: Int32Array;
  /** `presentBefore[i]`: present sessions among events `[0, i)`; length n + 1. */
  readonly presentBefore: Int32Array;
}

/** One rule that fired for a child, with the events that made it fire. */
export interface RuleHit {
  readonly ruleId: string;
  readonly weight: number;
  /** Numeric ids of the events that made the rule fire, by day then id. */
  readonly evidence: readonly number[];
  /** Plain-English reason, in victim-safe language. */
  readonly explanation: string;
}

/** A child's evaluation on one as-of date (only children with at least one hit get one). */
export interface ChildResult {
  readonly child: number;
  readonly score: number;
  /** Band name, or null when the score is below every band. */
  readonly band: string | null;
  /** Index into the rule set's bands, -1 when none. */
  readonly bandIndex: number;
  readonly hits: readonly RuleHit[];
}

/** Evaluation of every child on one date. */
export interface Evaluation {
  readonly asOf: number;
  /** Score per child index. */
  readonly scores: Float64Array;
  /** Band index per child index (-1: none). */
  readonly bands: Int8Array;
  /** Results for children with at least one hit, keyed by child index. */
  readonly results: ReadonlyMap<number, ChildResult>;
}
