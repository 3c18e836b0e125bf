import { describe, expect, it } from 'vitest';
import { COMPARISONS } from './compare.ts';
import { defaultM, defaultModel, defaultU } from './default-model.ts';
import { linkRecords } from './pipeline.ts';
import type { LinkRecord } from './types.ts';

describe('default model (small inputs)', () => {
  it('gives every comparison m and u that sum to one over the non-null levels', () => {
    const m = defaultM();
    const u = defaultU();
    COMPARISONS.forEach((c, k) => {
      expect(m[k]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(u[k]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(m[k]![0]).toBe(0);
      expect(m[k]!.length).toBe(c.levels.length);
    });
    expect(defaultModel(41, 'test').lambda).toBeCloseTo(1 / 40, 10);
  });

  it('is used when EM has too few pairs, says why, and still links obvious duplicates', async () => {
    const people: LinkRecord[] = [];
    const given = ['Amira', 'Ben', 'Chloe', 'Dylan', 'Erin', 'Farah', 'Gus', 'Hana', 'Isaac', 'Jade'];
    given.forEach((g, k) => {
      const base = {
        givenName: g,
        familyName: `Family${k}`,
        dateOfBirth: `201${k}-0${(k % 9) + 1}-1${k}`,
        sex: k % 2 === 0 ? 'F' : 'M',
        postcode: `QA${k} 1AB`,
      };
      people.push({ id: `a${k}`, source: 'school', ...base, address: `${k + 1} Mill Lane` });
      people.push({ id: `b${k}`, source: 'health', ...base });
    });
    const res = await linkRecords(people, { workers: 0 });
    expect(res.model.fallback).toMatch(/too few/);
    for (let k = 0; k < given.length; k++) {
      expect(res.clustering.clusterOf[2 * k]).toBe(res.clustering.clusterOf[2 * k + 1]);
      expect(res.clustering.clusterOf[2 * k]).not.toBe(res.clustering.clusterOf[(2 * k + 2) % 20]);
    }
  });
});
