/**
 * Signals: the engine's small-integer vocabulary. A signal is an event type from
 * `src/events/event-types.ts`, optionally narrowed by one qualifier (`ed_attendance:intoxication`), or
 * an association fact supplied by the network or intelligence modules (`association:adult_of_concern`).
 * Rules name signals; the hot path compares one byte per event.
 */
import dfeAttendance from '../../../codelists/dfe-attendance-codes-2024-08.json' with { type: 'json' };
import { EVENT_TYPES, type EventType } from '../../events/index.ts';

/** Qualifiers the engine understands for each event type (anything else maps to the bare type). */
const QUALIFIERS: Partial<Record<EventType, readonly string[]>> = {
  attendance_session: ['present', 'authorised_absence', 'unauthorised_absence'],
  ed_attendance: ['intoxication', 'assault', 'self_harm', 'overdose', 'other'],
  sexual_health_attendance: ['sti', 'contraception', 'pregnancy', 'other'],
  crime: ['cse_flag'],
  referral: ['cse_factor'],
  assessment: ['cse_factor'],
  concern: ['cse'],
  screening: ['low', 'medium', 'high'],
  missing_from_care: ['missing', 'away'],
  found_in_company: ['adult_of_concern'],
};

/** Association facts: the engine takes these as input, it does not derive them. */
export const ASSOCIATION_KINDS = [
  'adult_of_concern',
  'vehicle_linked_to_children_at_risk',
  'place_linked_to_children_at_risk',
  'peer_at_risk',
] as const;
export type AssociationKind = (typeof ASSOCIATION_KINDS)[number];

function buildSignalNames(): string[] {
  const names: string[] = [];
  for (const type of Object.keys(EVENT_TYPES) as EventType[]) {
    names.push(type);
    for (const q of QUALIFIERS[type] ?? []) names.push(`${type}:${q}`);
  }
  for (const a of ASSOCIATION_KINDS) names.push(`association:${a}`);
  return names;
}

/** Every signal name, index = code. Stable for a given vocabulary; codes are not stored. */
export const SIGNAL_NAMES: readonly string[] = Object.freeze(buildSignalNames());
const CODE_BY_NAME = new Map(SIGNAL_NAMES.map((n, i) => [n, i]));

/** Number of signal codes (all fit in a byte). */
export const SIGNAL_COUNT = SIGNAL_NAMES.length;

/**
 * The code of a signal name, or undefined when it is not in the vocabulary.
 *
 * @example
 * signalCode('missing_episode'); // a small integer
 */
export function signalCode(name: string): number | undefined {
  return CODE_BY_NAME.get(name);
}

/**
 * The code for an event type plus an optional qualifier; an unknown qualifier falls back to the type.
 *
 * @example
 * codeFor('ed_attendance', 'intoxication') === signalCode('ed_attendance:intoxication'); // true
 */
export function codeFor(type: EventType, qualifier?: string): number {
  if (qualifier !== undefined) {
    const q = CODE_BY_NAME.get(`${type}:${qualifier}`);
    if (q !== undefined) return q;
  }
  const base = CODE_BY_NAME.get(type);
  if (base === undefined) throw new Error(`Unknown signal type: ${type}`);
  return base;
}

/**
 * The code of an association fact.
 *
 * @example
 * associationCode('adult_of_concern') === signalCode('association:adult_of_concern'); // true
 */
export function associationCode(kind: AssociationKind): number {
  return CODE_BY_NAME.get(`association:${kind}`)!;
}

/**
 * Codes matched by a selector: a bare type matches itself and all its qualified forms; a qualified
 * name matches only itself. Unknown selectors return an empty list (the schema rejects them first).
 *
 * @example
 * selectCodes('screening').length; // 4 (screening, :low, :medium, :high)
 */
export function selectCodes(selector: string): number[] {
  const out: number[] = [];
  SIGNAL_NAMES.forEach((name, code) => {
    if (name === selector || (!selector.includes(':') && name.startsWith(`${selector}:`))) {
      out.push(code);
    }
  });
  return out;
}

/**
 * True when a selector names at least one signal.
 *
 * @example
 * isSignalSelector('missing_episode'); // true
 */
export function isSignalSelector(selector: string): boolean {
  return selectCodes(selector).length > 0;
}

/** Attendance classes for DfE codes. */
export type AttendanceClass = 'present' | 'authorised_absence' | 'unauthorised_absence' | 'not_counted';

const CATEGORY_CLASS: Readonly<Record<string, AttendanceClass>> = {
  present: 'present',
  attending_other_place: 'present',
  authorised_absence: 'authorised_absence',
  unauthorised_absence: 'unauthorised_absence',
  not_counted: 'not_counted',
  administrative: 'not_counted',
};

/**
 * DfE attendance codes (August 2024) from the shared code list `codelists/dfe-attendance-codes-2024-08.json`,
 * mapped to how they count for attendance rates: attending (including approved education elsewhere)
 * is present; not-counted and administrative codes are not possible sessions.
 */
export const DFE_ATTENDANCE_CODES: Readonly<Record<string, AttendanceClass>> = Object.freeze(
  Object.fromEntries(
    dfeAttendance.codes.map((c) => {
      const cls = CATEGORY_CLASS[c.category];
      if (cls === undefined) {
        throw new Error(
          `codelists/dfe-attendance-codes-2024-08.json: unknown category ${c.category} for ${c.code}`,
        );
      }
      return [c.code, cls];
    }),
  ),
);

/**
 * How a DfE attendance code counts; unknown codes are treated as not counted (and should be
 * quarantined by the import).
 *
 * @example
 * attendanceClass('O'); // 'unauthorised_absence'
 */
export function attendanceClass(code: string): AttendanceClass {
  return DFE_ATTENDANCE_CODES[code.trim().toUpperCase()] ?? 'not_counted';
}

/** Signal codes the attendance rules read. */
export const ATTENDANCE = {
  present: codeFor('attendance_session', 'present'),
  authorised: codeFor('attendance_session', 'authorised_absence'),
  unauthorised: codeFor('attendance_session', 'unauthorised_absence'),
} as const;

/** Screening level codes in ascending order of concern. */
export const SCREENING_LEVELS = ['low', 'medium', 'high'] as const;
export type ScreeningLevel = (typeof SCREENING_LEVELS)[number];

/** 1 for the attendance codes (present, authorised and unauthorised absence), else 0. */
export const IS_ATTENDANCE: Uint8Array = (() => {
  const t = new Uint8Array(SIGNAL_COUNT);
  t[ATTENDANCE.present] = 1;
  t[ATTENDANCE.authorised] = 1;
  t[ATTENDANCE.unauthorised] = 1;
  return t;
})();
