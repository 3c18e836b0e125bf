import { describe, expect, it } from 'vitest';
import { isValidNhsNumber, isValidUpn, makeNhsNumber, makeUpn, makeVrm } from './identifiers.ts';
import { Rng } from './prng.ts';

describe('identifiers', () => {
  it('accepts the published example NHS number and rejects a changed digit', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
  });

  it('makes NHS numbers and UPNs that always pass their checks', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 2000; i += 1) {
      expect(isValidNhsNumber(makeNhsNumber(rng))).toBe(true);
      const upn = makeUpn(rng, '990', 4001, 2015);
      expect(isValidUpn(upn)).toBe(true);
      expect(isValidUpn(`${upn[0] === 'A' ? 'B' : 'A'}${upn.slice(1)}`)).toBe(false);
    }
  });

  it('makes fictional vehicle marks starting Q or X', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 100; i += 1) expect(makeVrm(rng)).toMatch(/^[QX][A-Z][0-9]{2} [A-Z]{3}$/);
  });
});
