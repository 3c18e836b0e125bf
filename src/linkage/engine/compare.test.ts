import { describe, expect, it } from 'vitest';
import { compareDob, comparePair, describePattern } from './compare.ts';
import { prepareRecords } from './prepare.ts';
import { nhsWithCheckDigit } from './identifiers.ts';
import type { LinkRecord } from './types.ts';

function levels(a: Omit<LinkRecord, 'id'>, b: Omit<LinkRecord, 'id'>): Record<string, string> {
  const t = prepareRecords([
    { id: 'a', ...a },
    { id: 'b', ...b },
  ]);
  return describePattern(comparePair(t, 0, t, 1));
}

describe('name comparisons', () => {
  it('grades given names: exact, nickname, Jaro-Winkler, phonetic, initial, else', () => {
    expect(levels({ givenName: 'Zoë' }, { givenName: 'ZOE' }).given_name).toBe('exact');
    expect(levels({ givenName: 'Bill' }, { givenName: 'William' }).given_name).toBe('nickname');
    expect(levels({ givenName: 'Keeley' }, { givenName: 'Keely' }).given_name).toBe('jaro-winkler >= 0.92');
    expect(levels({ givenName: 'Philippa' }, { givenName: 'Fillipa' }).given_name).toBe('phonetic');
    expect(levels({ givenName: 'Dwayne' }, { givenName: 'Duane' }).given_name).toBe('jaro-winkler >= 0.80');
    expect(levels({ givenName: 'J' }, { givenName: 'Jasmine' }).given_name).toBe('same initial');
    expect(levels({ givenName: 'Amy' }, { givenName: 'Zara' }).given_name).toBe('else');
    expect(levels({ givenName: 'Amy' }, {}).given_name).toBe('null');
  });
  it('recognises given and family names swapped, and leaves the family comparison neutral', () => {
    const l = levels(
      { givenName: 'Kelly', familyName: 'Morgan' },
      { givenName: 'Morgan', familyName: 'Kelly' },
    );
    expect(l.given_name).toBe('swapped with family name');
    expect(l.family_name).toBe('null');
  });
  it('grades family names including one part of a double-barrelled name', () => {
    expect(levels({ familyName: "O'Brien" }, { familyName: 'OBRIEN' }).family_name).toBe('exact');
    expect(levels({ familyName: 'Smith-Jones' }, { familyName: 'Jones' }).family_name).toBe(
      'one part of a multi-part name',
    );
    expect(levels({ familyName: 'Thompson' }, { familyName: 'Thomson' }).family_name).toBe(
      'jaro-winkler >= 0.92',
    );
    expect(levels({ familyName: 'Patel' }, { familyName: 'Okafor' }).family_name).toBe('else');
  });
});

describe('date of birth comparison', () => {
  it('grades exact, day/month swapped, one digit, year-month, else and missing', () => {
    expect(compareDob(20100203, 20100203)).toBe(1);
    expect(compareDob(20100203, 20100302)).toBe(2);
    expect(compareDob(20100203, 20100208)).toBe(3);
    expect(compareDob(20100203, 20110203)).toBe(3);
    expect(compareDob(20100203, 20100227)).toBe(4);
    expect(compareDob(20100203, 19990812)).toBe(5);
    expect(compareDob(0, 20100203)).toBe(0);
  });
});

describe('other comparisons', () => {
  it('compares sex, location (postcode and address together) and phone', () => {
    expect(levels({ sex: 'F' }, { sex: 'female' }).sex).toBe('same');
    expect(levels({ sex: 'F' }, { sex: 'M' }).sex).toBe('different');
    expect(levels({ sex: 'F' }, { sex: 'unknown' }).sex).toBe('null');
    const loc = (a: Omit<LinkRecord, 'id'>, b: Omit<LinkRecord, 'id'>): string => levels(a, b).location!;
    const home = { address: '12 Mill Rd, Leeds', postcode: 'LS1 4AB' };
    expect(loc(home, { address: '12 mill road leeds', postcode: 'ls14ab' })).toBe(
      'same postcode and address',
    );
    expect(loc(home, { address: '12 Mill Road', postcode: 'LS1 4AB' })).toBe('same postcode and address');
    expect(loc(home, { address: 'Flat 2, 12 Mill Road', postcode: 'LS1 4AB' })).toBe(
      'same postcode, address partly shared or missing',
    );
    expect(loc(home, { postcode: 'LS1 4AB' })).toBe('same postcode, address partly shared or missing');
    expect(loc(home, { address: '12 Mill Road, Leeds', postcode: 'LS1 4AX' })).toBe(
      'same address, postcode differs or missing',
    );
    expect(loc(home, { address: '7 Park Lane', postcode: 'LS1 4AB' })).toBe(
      'same postcode, different address',
    );
    expect(loc({ postcode: 'LS1 4AB' }, { postcode: 'LS1 4ZZ' })).toBe('same postcode sector');
    expect(loc({ postcode: 'LS1 4AB' }, { postcode: 'LS1 7ZZ' })).toBe('same postcode district');
    expect(loc({ postcode: 'LS1 4AB' }, { postcode: 'LS1' })).toBe('same postcode district');
    expect(loc({ postcode: 'LS1 4AB' }, { postcode: 'BD7 1AA' })).toBe('else');
    expect(loc(home, { address: '7 Park Lane', postcode: 'BD7 1AA' })).toBe('else');
    expect(loc({ postcode: 'LS1 4AB' }, { address: '12 Mill Road' })).toBe('null');
    expect(levels({ phone: '07700 900123' }, { phone: '+447700900123' }).phone).toBe('exact');
  });
  it('counts identifiers only with valid check digits', () => {
    const nhs = nhsWithCheckDigit('943476591')!;
    const other = nhsWithCheckDigit('401234567')!;
    expect(
      levels({ identifiers: { nhs_number: nhs } }, { identifiers: { nhs_number: nhs } }).identifier,
    ).toBe('same valid identifier');
    expect(
      levels({ identifiers: { nhs_number: nhs } }, { identifiers: { nhs_number: other } }).identifier,
    ).toBe('different valid identifier of the same scheme');
    expect(
      levels({ identifiers: { nhs_number: '9434765918' } }, { identifiers: { nhs_number: '9434765918' } })
        .identifier,
    ).toBe('null');
    expect(levels({ identifiers: { nhs_number: nhs } }, { identifiers: { upn: 'X' } }).identifier).toBe(
      'null',
    );
  });
});
