// Small builders shared by the feed definitions.
import type { ColumnSpec, ColumnType, PersonRef, Row } from './types.ts';

/**
 * A column declaration.
 *
 * @example
 * col('upn', 'upn', { required: true });
 */
export function col(
  name: string,
  type: ColumnType,
  options: { required?: boolean; codes?: ReadonlySet<string>; codeList?: string; aliases?: string[] } = {},
): ColumnSpec {
  return { name, type, ...options };
}

/** The value of a field, or undefined when it was empty. @example v(row, 'upn') */
export function v(row: Row, name: string): string | undefined {
  return row[name];
}

/** The value of a required field (validation guarantees it). @example req(row, 'upn') */
export function req(row: Row, name: string): string {
  return row[name] ?? '';
}

/** A person described by the usual name/date-of-birth/address columns. @example personFrom(row, {...}) */
export function personFrom(
  row: Row,
  kind: PersonRef['kind'],
  identifiers: PersonRef['identifiers'],
  role: PersonRef['role'] = 'subject',
): PersonRef {
  return {
    kind,
    givenName: v(row, 'forename') ?? v(row, 'legal_forename') ?? v(row, 'known_as'),
    familyName: v(row, 'surname') ?? v(row, 'legal_surname'),
    dateOfBirth: v(row, 'date_of_birth'),
    sex: v(row, 'sex'),
    addressLine1: v(row, 'address_line1'),
    town: v(row, 'town'),
    postcode: v(row, 'postcode')?.toUpperCase(),
    phone: v(row, 'phone'),
    identifiers,
    role,
  };
}

/** Drops undefined entries. @example ids({ upn: undefined, la_id: 'X' }) // { la_id: 'X' } */
export function ids(map: Record<string, string | undefined>): PersonRef['identifiers'] {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(map)) if (val !== undefined) out[k] = val;
  return out;
}
