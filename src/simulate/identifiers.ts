// Identifiers as agencies issue them: NHS numbers (modulus 11), UPNs (DfE check letter), fictional phone
// numbers and vehicle registration marks. All synthetic; the validators are exported for tests and imports.
import type { Rng } from './prng.ts';

/**
 * The NHS number check digit for the first nine digits, or 10 when no valid number exists.
 *
 * @example
 * nhsCheckDigit('943476591'); // 9
 */
export function nhsCheckDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check;
}

/**
 * True when a 10-digit NHS number passes the modulus 11 check.
 *
 * @example
 * isValidNhsNumber('9434765919'); // true
 */
export function isValidNhsNumber(value: string): boolean {
  if (!/^[0-9]{10}$/.test(value)) return false;
  const check = nhsCheckDigit(value.slice(0, 9));
  return check !== 10 && check === Number(value[9]);
}

/**
 * A new valid NHS number. Synthetic numbers start with 9 (the range in use in England) and are only
 * valid by checksum, never looked up.
 *
 * @example
 * isValidNhsNumber(makeNhsNumber(rng)); // true
 */
export function makeNhsNumber(rng: Rng): string {
  for (;;) {
    let nine = '9';
    for (let i = 0; i < 8; i += 1) nine += String(rng.int(10));
    const check = nhsCheckDigit(nine);
    if (check !== 10) return `${nine}${check}`;
  }
}

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * The UPN check letter for the 12 characters after it (DfE: weights 2..13, sum mod 23 into
 * ABCDEFGHJKLMNPQRTUVWXYZ).
 *
 * @example
 * upnCheckLetter('820200101001'); // one of the 23 letters
 */
export function upnCheckLetter(rest: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) {
    const ch = rest[i]!;
    const v = /[0-9]/.test(ch) ? Number(ch) : UPN_LETTERS.indexOf(ch);
    sum += v * (i + 2);
  }
  return UPN_LETTERS[sum % 23]!;
}

/**
 * True when a 13-character UPN has a correct check letter.
 *
 * @example
 * isValidUpn(makeUpn(rng, '999', 2020)); // true
 */
export function isValidUpn(value: string): boolean {
  if (!/^[A-Z][0-9]{11}[0-9A-Z]$/.test(value)) return false;
  return upnCheckLetter(value.slice(1)) === value[0];
}

/**
 * A UPN: check letter, 3-digit LA code, 4-digit DfE establishment number, 2-digit year of allocation,
 * 3-digit serial.
 *
 * @example
 * makeUpn(rng, '990', 2019).length; // 13
 */
export function makeUpn(rng: Rng, laCode: string, establishment: number, year: number): string {
  const rest = `${laCode}${String(establishment).padStart(4, '0')}${String(year % 100).padStart(2, '0')}${String(rng.int(1000)).padStart(3, '0')}`;
  return `${upnCheckLetter(rest)}${rest}`;
}

/**
 * A synthetic UK mobile number `07700 xxxxxx`. Ofcom reserves 07700 900000-900999 for drama; the
 * simulator uses that block for offender phones (`dramaBlock`) and the rest of 07700 for everyone else,
 * which gives room for a national slice. Numbers outside the drama block may belong to real people:
 * never dial or message a simulated number (the demo sends no SMS).
 *
 * @example
 * makePhone(rng, true).startsWith('07700 900'); // true
 */
export function makePhone(rng: Rng, dramaBlock: boolean): string {
  if (dramaBlock) return `07700 900${String(rng.int(1000)).padStart(3, '0')}`;
  let n = rng.int(1_000_000);
  if (n >= 900_000 && n < 901_000) n -= 1000;
  return `07700 ${String(n).padStart(6, '0')}`;
}

const VRM_LETTERS = 'ABCDEFGHJKLMNOPRSTUVWXYZ';
const VRM_AREA = 'QX';

/**
 * A current-format vehicle registration mark (two letters, age identifier, three letters). The area
 * letters start with Q or X, which the DVLA does not issue in this format, so the marks are fictional.
 *
 * @example
 * /^[QX][A-Z][0-9]{2} [A-Z]{3}$/.test(makeVrm(rng)); // true
 */
export function makeVrm(rng: Rng): string {
  const age = rng.pick([14, 15, 16, 17, 18, 19, 64, 65, 66, 67, 68, 69, 20, 70, 21, 71, 22, 72]);
  let tail = '';
  for (let i = 0; i < 3; i += 1) tail += rng.pick(VRM_LETTERS.split(''));
  return `${rng.pick(VRM_AREA.split(''))}${rng.pick(VRM_LETTERS.split(''))}${age} ${tail}`;
}
