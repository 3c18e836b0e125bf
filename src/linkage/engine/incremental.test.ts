import { describe, expect, it } from 'vitest';
import { COMPARISONS } from './compare.ts';
import { LinkageIndex } from './incremental.ts';
import { linkRecords } from './pipeline.ts';
import { generateRecords } from './synthetic.ts';

describe('LinkageIndex (incremental matching)', () => {
  it('finds the known records of the same person and explains the best one', async () => {
    const records = generateRecords({ people: 2000, seed: 4 });
    const known = records.slice(0, records.length - 200);
    const res = await linkRecords(known, { workers: 0 });
    const index = new LinkageIndex(res.table, res.model);
    const truthOf = new Map(known.map((r) => [r.id, r.truth]));
    let right = 0;
    let asked = 0;
    for (const r of records.slice(records.length - 200)) {
      if (!known.some((k) => k.truth === r.truth)) continue;
      asked++;
      const m = index.match(r, { explain: true });
      if (m.candidates[0] && truthOf.get(m.candidates[0].id) === r.truth) right++;
      expect(m.candidates[0]?.explanation?.terms.length ?? COMPARISONS.length).toBe(COMPARISONS.length);
    }
    expect(right / asked).toBeGreaterThan(0.9);
  });

  it('matches a record added after the index was built', async () => {
    const records = generateRecords({ people: 300, seed: 9 });
    const res = await linkRecords(records, { workers: 0 });
    const index = new LinkageIndex(res.table, res.model);
    const fresh = {
      id: 'new-1',
      givenName: 'Zebedee',
      familyName: 'Quixley',
      dateOfBirth: '2011-04-05',
      postcode: 'LS2 9JT',
    };
    expect(index.match(fresh).candidates).toEqual([]);
    index.add(fresh);
    const again = index.match({ ...fresh, id: 'new-2', givenName: 'ZEBEDEE' });
    expect(again.candidates[0]?.id).toBe('new-1');
    expect(again.decision).toBe('link');
    expect(index.size).toBe(records.length + 1);
  });
});
