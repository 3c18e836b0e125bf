// Identifier check digits: an identifier only counts as evidence when its check digit is valid, so a
// mistyped NHS number neither links two people nor pushes apart two records of one child.

/**
 * True for a 10-digit NHS number whose mod-11 check digit is right (spaces and dashes ignored).
 *
 * @example
 * isValidNhsNumber('943 476 5919'); // true
 */
export function isValidNhsNumber(value: string): boolean {
  const d = value.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(d[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === Number(d[9]);
}

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * True for a 13-character Unique Pupil Number whose leading check letter is right (DfE: characters 2-13
 * weighted 2..13, sum mod 23 indexes A-Z without I, O, S; a temporary UPN's final letter counts by the same
 * table).
 *
 * @example
 * isValidUpn(upnWithCheckLetter('80120100100')); // true
 */
export function isValidUpn(value: string): boolean {
  const v = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]\d{11}[0-9A-Z]$/.test(v)) return false;
  return upnCheckLetter(v.slice(1)) === v[0];
}

/**
 * The check letter for the 12 characters after it (11 digits and a digit or letter), or undefined if invalid.
 *
 * @example
 * upnCheckLetter('801201001001'); // a letter
 */
export function upnCheckLetter(rest: string): string | undefined {
  if (rest.length !== 12) return undefined;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const c = rest[i]!;
    const digit = c >= '0' && c <= '9' ? Number(c) : UPN_LETTERS.indexOf(c);
    if (digit < 0) return undefined;
    sum += digit * (i + 2);
  }
  return UPN_LETTERS[sum % 23];
}

/**
 * Builds a valid UPN from its 11 or 12 trailing characters (used by tests and the synthetic generator).
 *
 * @example
 * upnWithCheckLetter('801201001001').length; // 13
 */
export function upnWithCheckLetter(rest: string): string {
  const body = rest.length === 11 ? `${rest}0` : rest;
  return `${upnCheckLetter(body) ?? 'A'}${body}`;
}

/**
 * Builds a valid NHS number from 9 digits, or undefined when those digits have no valid check digit.
 *
 * @example
 * nhsWithCheckDigit('943476591'); // '9434765919'
 */
export function nhsWithCheckDigit(nine: string): string | undefined {
  if (!/^\d{9}$/.test(nine)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check === 10 ? undefined : `${nine}${check}`;
}

/**
 * Normalises an identifier of a scheme and says whether it is valid. Schemes whose name mentions `nhs` or
 * `upn` are check-digit validated; any other scheme is valid when non-empty after normalisation.
 *
 * @example
 * normaliseIdentifier('nhs_number', '943 476 5919'); // { value: '9434765919', valid: true }
 */
export function normaliseIdentifier(scheme: string, raw: string): { value: string; valid: boolean } {
  const s = scheme.toLowerCase();
  const value = raw.replace(/[\s-]/g, '').toUpperCase();
  if (s.includes('nhs')) return { value, valid: isValidNhsNumber(value) };
  if (s.includes('upn')) return { value, valid: isValidUpn(value) };
  return { value, valid: value.length > 0 };
}
