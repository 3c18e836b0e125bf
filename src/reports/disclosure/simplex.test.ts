import { describe, expect, it } from 'vitest';
import { variableRanges } from './simplex.ts';

describe('variableRanges', () => {
  it('bounds two variables that share a sum', () => {
    const r = variableRanges(
      [
        {
          terms: [
            [0, 1],
            [1, 1],
          ],
          rhs: 4,
        },
      ],
      2,
      [0, 1],
    );
    expect(r.get(0)).toEqual({ min: 0, max: 4 });
    expect(r.get(1)).toEqual({ min: 0, max: 4 });
  });

  it('pins a variable that is alone in an equation', () => {
    const r = variableRanges([{ terms: [[0, 1]], rhs: 3 }], 1, [0]);
    expect(r.get(0)).toEqual({ min: 3, max: 3 });
  });

  it('reports an unbounded variable as Infinity', () => {
    // y0 - y1 = 2: y0 can grow without limit
    const r = variableRanges(
      [
        {
          terms: [
            [0, 1],
            [1, -1],
          ],
          rhs: 2,
        },
      ],
      2,
      [0],
    );
    expect(r.get(0)).toEqual({ min: 2, max: Infinity });
  });

  it('copes with redundant equations (additive tables always have them)', () => {
    const eqs = [
      {
        terms: [
          [0, 1],
          [1, 1],
        ] as [number, number][],
        rhs: 5,
      },
      {
        terms: [
          [0, 2],
          [1, 2],
        ] as [number, number][],
        rhs: 10,
      },
      {
        terms: [
          [0, 1],
          [2, 1],
        ] as [number, number][],
        rhs: 3,
      },
    ];
    const r = variableRanges(eqs, 3, [0, 1, 2]);
    expect(r.get(0)).toEqual({ min: 0, max: 3 });
    expect(r.get(1)).toEqual({ min: 2, max: 5 });
    expect(r.get(2)).toEqual({ min: 0, max: 3 });
  });

  it('handles negative right-hand sides', () => {
    const r = variableRanges(
      [
        {
          terms: [
            [0, -1],
            [1, -1],
          ],
          rhs: -6,
        },
      ],
      2,
      [1],
    );
    expect(r.get(1)).toEqual({ min: 0, max: 6 });
  });

  it('rejects contradictory equations', () => {
    expect(() =>
      variableRanges(
        [
          { terms: [[0, 1]], rhs: 2 },
          { terms: [[0, 1]], rhs: 3 },
        ],
        1,
        [0],
      ),
    ).toThrow(/inconsistent/);
  });
});
