import { describe, expect, it } from 'vitest';
import { canonicalGivenName, isNicknamePair, parseNicknames } from './nicknames.ts';
import {
  isValidNhsNumber,
  isValidUpn,
  nhsWithCheckDigit,
  normaliseIdentifier,
  upnWithCheckLetter,
} from './identifiers.ts';
import {
  addressTokens,
  foldText,
  parseDate,
  splitFullName,
  standardiseName,
  standardisePhone,
  standardisePostcode,
  standardiseSex,
} from './standardise.ts';

describe('standardisation', () => {
  it('folds case, accents and punctuation', () => {
    expect(foldText("  Zoë  O'Brien-Smith ")).toBe('zoe obrien smith');
    expect(foldText('ZOE OBRIEN SMITH')).toBe('zoe obrien smith');
  });
  it('keeps the parts of hyphenated and double-barrelled names', () => {
    expect(standardiseName('Smith-Jones', 'last')).toEqual({
      full: 'smithjones',
      main: 'jones',
      tokens: ['smith', 'jones'],
    });
    expect(standardiseName('Mary Ann')?.main).toBe('mary');
    expect(standardiseName('  ')).toBeUndefined();
  });
  it('splits full names written either way', () => {
    expect(splitFullName('SMITH, Jane Ann')).toEqual({ given: 'Jane Ann', family: 'SMITH' });
    expect(splitFullName('Jane Ann Smith')).toEqual({ given: 'Jane Ann', family: 'Smith' });
  });
  it('parses the three date formats and refuses impossible dates', () => {
    expect(parseDate('2012-02-29')).toBe(20120229);
    expect(parseDate('20120229', 'YYYYMMDD')).toBe(20120229);
    expect(parseDate('29/02/2012', 'DD/MM/YYYY')).toBe(20120229);
    expect(parseDate('29/02/2013', 'DD/MM/YYYY')).toBeUndefined();
    expect(parseDate('2012-13-01')).toBeUndefined();
    expect(parseDate('yesterday')).toBeUndefined();
  });
  it('reads sex, postcodes, addresses and phones', () => {
    expect([standardiseSex('F'), standardiseSex('male'), standardiseSex('not known')]).toEqual([2, 1, 0]);
    expect(standardisePostcode('sw1a1aa')).toEqual({ full: 'SW1A 1AA', sector: 'SW1A 1', district: 'SW1A' });
    expect(standardisePostcode('not a postcode')).toBeUndefined();
    expect(addressTokens('12 Mill Rd, Leeds LS1 4AB')).toEqual(['12', 'leeds', 'mill', 'road']);
    expect(standardisePhone('+44 7700 900123')).toBe(standardisePhone('07700 900123'));
    expect(standardisePhone('123')).toBeUndefined();
  });
});

describe('nicknames', () => {
  const table = parseNicknames(
    'name1,relationship,name2\nrobert,has_nickname,bob\nrobert,has_nickname,rob\nroberta,has_nickname,bob\n',
  );
  it('treats a diminutive and its formal name as a nickname pair', () => {
    expect(isNicknamePair('bob', 'robert', table)).toBe(true);
    expect(isNicknamePair('bob', 'rob', table)).toBe(true);
    expect(isNicknamePair('bob', 'alice', table)).toBe(false);
  });
  it('canonicalises to a formal name, using the bundled list by default', () => {
    expect(canonicalGivenName('bob', table)).toBe('robert');
    expect(isNicknamePair('bill', 'william')).toBe(true);
  });
});

describe('identifiers', () => {
  it('validates NHS numbers by mod 11', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('12345')).toBe(false);
    expect(nhsWithCheckDigit('943476591')).toBe('9434765919');
  });
  it('validates UPN check letters and rejects a changed digit', () => {
    const upn = upnWithCheckLetter('801201001001');
    expect(isValidUpn(upn)).toBe(true);
    expect(isValidUpn(`${upn.slice(0, 5)}${(Number(upn[5]) + 1) % 10}${upn.slice(6)}`)).toBe(false);
    expect(isValidUpn('X12')).toBe(false);
  });
  it('treats other schemes as valid when present', () => {
    expect(normaliseIdentifier('police_id', ' ab-12 ')).toEqual({ value: 'AB12', valid: true });
    expect(normaliseIdentifier('nhs_number', '9434765918').valid).toBe(false);
  });
});
