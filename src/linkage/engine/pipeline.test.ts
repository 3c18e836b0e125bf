import { describe, expect, it } from 'vitest';
import { linkRecords } from './pipeline.ts';
import { generateRecords } from './synthetic.ts';
import { explainPair } from './explain.ts';
import { pairwiseAccuracy } from './accuracy.ts';

describe('linkRecords (batch)', () => {
  const records = generateRecords({ people: 3000, seed: 21 });

  it('finds the same people as the truth on generated data', async () => {
    const res = await linkRecords(records, { workers: 0 });
    const acc = pairwiseAccuracy(
      records.map((r) => r.truth),
      res.clustering.clusterOf,
    );
    expect(acc.precision).toBeGreaterThanOrEqual(0.99);
    expect(acc.recall).toBeGreaterThanOrEqual(0.9);
    expect(Object.keys(res.model.emIterations).length).toBeGreaterThan(3);
  });

  it('is deterministic and gives the same answer on worker threads as in this thread', async () => {
    const a = await linkRecords(records, { workers: 0 });
    const b = await linkRecords(records, { workers: 2 });
    expect([...b.patterns]).toEqual([...a.patterns]);
    expect(b.model).toEqual(a.model);
    expect([...b.clustering.clusterOf]).toEqual([...a.clustering.clusterOf]);
  });

  it('explains each score as the prior plus the weight of every comparison', async () => {
    const res = await linkRecords(records.slice(0, 500), { workers: 0 });
    const e = explainPair(
      res.model,
      res.table,
      res.candidates.left[0]!,
      res.table,
      res.candidates.right[0]!,
      res.tf,
    );
    expect(e.terms.map((t) => t.comparison)).toContain('date_of_birth');
    expect(e.matchWeight).toBeCloseTo(res.weights[0]!, 3);
    expect(e.matchProbability).toBeGreaterThan(0);
  });

  it('never takes ethnicity, religion or nationality as input', async () => {
    const withExtra = records
      .slice(0, 200)
      .map((r) => ({ ...r, ethnicity: 'X', religion: 'Y', nationality: 'Z' }));
    const a = await linkRecords(records.slice(0, 200), { workers: 0 });
    const b = await linkRecords(withExtra, { workers: 0 });
    expect([...b.weights]).toEqual([...a.weights]);
  });
});
