import { describe, expect, it } from 'vitest';
import { clusterPairs } from './cluster.ts';

const opts = { linkWeight: 10, conflictWeight: -5 };

describe('clusterPairs', () => {
  it('joins records linked above the threshold', () => {
    const c = clusterPairs(
      4,
      new Int32Array([0, 1, 0]),
      new Int32Array([1, 2, 2]),
      new Float32Array([20, 15, 12]),
      opts,
    );
    expect([...c.clusterOf]).toEqual([0, 0, 0, 3]);
    expect(c.clusters).toBe(2);
    expect(c.review).toEqual([]);
  });
  it('does not chain two people through a shared record when they were compared and differ', () => {
    // 0-1 strong, 1-2 strong, but 0 and 2 scored as clearly different people.
    const c = clusterPairs(
      3,
      new Int32Array([0, 1, 0]),
      new Int32Array([1, 2, 2]),
      new Float32Array([20, 15, -30]),
      opts,
    );
    expect(c.clusterOf[0]).toBe(c.clusterOf[1]);
    expect(c.clusterOf[2]).not.toBe(c.clusterOf[0]);
    expect(c.review[0]?.reason).toBe('merge refused: conflicting pair');
  });
  it('caps cluster size and flags loosely knit clusters', () => {
    const n = 6;
    const left = new Int32Array([0, 1, 2, 3, 4]);
    const right = new Int32Array([1, 2, 3, 4, 5]);
    const w = new Float32Array([20, 20, 20, 20, 20]);
    const capped = clusterPairs(n, left, right, w, { ...opts, maxClusterSize: 3 });
    expect(Math.max(...new Set(capped.clusterOf).values())).toBeGreaterThan(0);
    expect(capped.review.some((r) => r.reason === 'merge refused: size cap')).toBe(true);
    const loose = clusterPairs(n, left, right, w, opts);
    expect(loose.review.some((r) => r.reason === 'weakly connected')).toBe(true);
  });
});
