/**
 * The shape of a declared feed: its columns (type, required, code list), the stable external key, and
 * how a valid row maps to a person, a typed event (with parties, a location and objects) or an
 * attendance mark. Definitions are versioned: change the version when the mapping changes.
 */
import type { EventType } from '../../events/index.ts';

export type ColumnType =
  'text' | 'date' | 'datetime' | 'integer' | 'code' | 'codes' | 'nhs_number' | 'upn' | 'sex' | 'yes_no';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required?: boolean;
  /** For `code` and `codes`: the allowed values, and a name for messages. */
  readonly codes?: ReadonlySet<string>;
  readonly codeList?: string;
  /** Other accepted header names for this column. */
  readonly aliases?: readonly string[];
}

/** A valid row: values by column name, normalised (dates ISO, codes upper case, empty → undefined). */
export type Row = Readonly<Record<string, string | undefined>>;

export interface PersonRef {
  readonly kind: 'child' | 'adult_of_concern' | 'other';
  readonly givenName?: string | undefined;
  readonly familyName?: string | undefined;
  readonly dateOfBirth?: string | undefined;
  readonly sex?: string | undefined;
  readonly addressLine1?: string | undefined;
  readonly town?: string | undefined;
  readonly postcode?: string | undefined;
  readonly phone?: string | undefined;
  readonly identifiers: Readonly<
    Partial<Record<'nhs_number' | 'upn' | 'police_id' | 'la_id' | 'yot_id', string>>
  >;
  readonly role: 'subject' | 'associate' | 'suspect' | 'witness' | 'reporter' | 'victim';
}

export interface EventSpec {
  readonly type: EventType;
  readonly occurredAt: string;
  readonly occurredUntil?: string | undefined;
  readonly location?: { kind: string; name?: string | undefined; postcode?: string | undefined } | undefined;
  readonly objects?: readonly { kind: 'vehicle' | 'phone' | 'online_account'; value: string }[];
  readonly narrative?: string | undefined;
  readonly data: Readonly<Record<string, string | number | boolean | string[] | undefined>>;
}

export interface FeedDefinition {
  readonly name: string;
  readonly version: number;
  readonly agencyKind: 'police' | 'social_care' | 'education' | 'health' | 'youth_offending' | 'voluntary';
  readonly description: string;
  /** Simulator file paths (`agency/name`) this feed reads, for importDirectory. */
  readonly files: readonly string[];
  readonly columns: readonly ColumnSpec[];
  /** The stable external key: the same record always has the same key. */
  readonly key: (row: Row) => string;
  /** `attendance` rows go to attendance_week (a register row per pupil, school and week); `record` rows to source_record and the event model. */
  readonly target: 'attendance' | 'record';
  readonly person?: (row: Row) => PersonRef | undefined;
  readonly event?: (row: Row) => EventSpec | undefined;
  /** Party rows: the event (by its feed and external key) this person is attached to. */
  readonly attachTo?: (row: Row) => { feed: string; key: string } | undefined;
  /** Object-only rows (vehicles). */
  readonly object?: (row: Row) => {
    kind: 'vehicle' | 'phone' | 'online_account';
    value: string;
    description?: string | undefined;
  };
  /** Extra checks across fields, returning issues as [field, problem, expected]. */
  readonly check?: (row: Row) => readonly [string, string, string][];
}
