// The fixtures' identifiers are valid across the range benchmarks use (a 50,000-pupil school year once
// produced invalid UPNs past 9,999 and quarantined four fifths of the file).
import { describe, expect, it } from 'vitest';
import { isValidUpn } from '../linkage/index.ts';
import { upn } from './fixtures.test-support.ts';

describe('fixture UPNs', () => {
  it('are valid and distinct from 0 to 99,999, and refuse beyond', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 100_000; n += 7) {
      const u = upn(n);
      expect(isValidUpn(u), u).toBe(true);
      seen.add(u);
    }
    expect(seen.size).toBe(Math.ceil(100_000 / 7));
    expect(isValidUpn(upn(99_999))).toBe(true);
    expect(() => upn(100_000)).toThrow(RangeError);
  });
});
