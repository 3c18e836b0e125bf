import { describe, expect, expectTypeOf, it } from 'vitest';
import { CSE_SCREENING_V1 } from '../tools/index.ts';
import {
  levelForScore,
  recencyOf,
  scoreScreening,
  type ScreeningInput,
  type ScreeningSubject,
} from './score.ts';

const teen = { dateOfBirth: '2010-04-01', characteristics: [] };
const base = (over: Partial<ScreeningInput> = {}): ScreeningInput => ({
  assessedOn: '2026-03-01',
  subject: teen,
  answers: [],
  ...over,
});
const score = (over: Partial<ScreeningInput> = {}) => scoreScreening(CSE_SCREENING_V1, base(over));
const recent = (itemId: string) => ({ itemId, present: true, recency: 'within_3_months' as const });

describe('scoreScreening: scores and bands', () => {
  it('rates no answers as no apparent risk with no review', () => {
    const r = score();
    expect(r).toMatchObject({
      score: 0,
      computedLevel: 'no_apparent_risk',
      finalLevel: 'no_apparent_risk',
      reviewDue: null,
    });
  });

  it('counts a vulnerability fully, without recency', () => {
    expect(score({ answers: [{ itemId: 'v_care', present: true }] })).toMatchObject({
      score: 1,
      computedLevel: 'low',
    });
  });

  it('counts a moderate indicator fully within 3 months', () => {
    expect(score({ answers: [recent('m_sexual_health')] }).score).toBe(3);
  });

  it('counts a moderate indicator half within 12 months', () => {
    expect(
      score({ answers: [{ itemId: 'm_absence', present: true, recency: 'within_12_months' }] }).score,
    ).toBe(1.5);
  });

  it('works out recency from the date last observed', () => {
    const r = score({ answers: [{ itemId: 'm_gifts', present: true, lastObservedOn: '2025-06-01' }] });
    expect(r.answers.find((a) => a.itemId === 'm_gifts')).toMatchObject({
      recency: 'within_12_months',
      points: 1.5,
    });
  });

  it('reaches medium with two recent moderate indicators', () => {
    expect(score({ answers: [recent('m_gifts'), recent('m_older_adults')] }).computedLevel).toBe('medium');
  });

  it('reaches high at 15 points', () => {
    const r = score({ answers: [recent('s_cars'), recent('s_places'), recent('m_gifts')] });
    expect(r).toMatchObject({ score: 15, computedLevel: 'high', finalLevel: 'high' });
  });

  it('ignores answers marked not present', () => {
    expect(score({ answers: [{ itemId: 's_cars', present: false }] }).score).toBe(0);
  });

  it('explains every item, answered or not', () => {
    const r = score({ answers: [recent('m_older_adults')] });
    expect(r.answers).toHaveLength(28);
    expect(r.answers.find((a) => a.itemId === 'm_older_adults')?.explanation).toBe(
      'Present, last seen within the last 3 months: 3 x 1 = 3 points.',
    );
    expect(r.answers.find((a) => a.itemId === 's_cars')?.explanation).toMatch(/Not answered/);
  });

  it('maps scores to bands at the thresholds', () => {
    expect([0, 0.5, 1, 5.5, 6, 14.5, 15].map((s) => levelForScore(CSE_SCREENING_V1, s))).toEqual([
      'no_apparent_risk',
      'no_apparent_risk',
      'low',
      'low',
      'medium',
      'medium',
      'high',
    ]);
  });
});

describe('scoreScreening: overrides', () => {
  it('never rates a child under 13 as low', () => {
    const r = score({
      subject: { dateOfBirth: '2013-06-01', characteristics: [] },
      answers: [recent('m_absence')],
    });
    expect(r).toMatchObject({ computedLevel: 'low', levelAfterOverrides: 'medium', finalLevel: 'medium' });
    expect(r.overrides).toEqual([
      expect.objectContaining({ id: 'under_13_or_learning_disability', from: 'low', to: 'medium' }),
    ]);
    expect(r.overrides[0]!.reason).toMatch(/under 13/);
  });

  it('does not apply the under-13 rule on the 13th birthday', () => {
    const r = score({
      subject: { dateOfBirth: '2013-03-01', characteristics: [] },
      answers: [recent('m_absence')],
    });
    expect(r.finalLevel).toBe('low');
  });

  it('never rates a child with a learning disability as low', () => {
    const r = score({
      subject: { ...teen, characteristics: ['learning_disability'] },
      answers: [recent('m_absence')],
    });
    expect(r.finalLevel).toBe('medium');
  });

  it('leaves no apparent risk alone for a child under 13 with no indicators', () => {
    expect(score({ subject: { dateOfBirth: '2016-01-01', characteristics: [] } }).finalLevel).toBe(
      'no_apparent_risk',
    );
  });

  it('raises one recent significant indicator to at least medium', () => {
    const r = score({ answers: [recent('s_disclosure')] });
    expect(r.computedLevel).toBe('medium');
    expect(
      score({ answers: [{ itemId: 's_disclosure', present: true, recency: 'within_12_months' }] }).finalLevel,
    ).toBe('low');
  });

  it('raises two recent significant indicators to high', () => {
    const r = score({ answers: [recent('s_cars'), recent('s_places')] });
    expect(r).toMatchObject({ score: 12, computedLevel: 'medium', finalLevel: 'high' });
    expect(r.overrides.map((o) => o.id)).toEqual(['several_recent_significant']);
  });
});

describe('scoreScreening: professional judgement', () => {
  it('requires a rationale when judgement differs from the tool', () => {
    const r = score({ answers: [recent('m_gifts')], judgement: { level: 'medium' } });
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => i.code)).toEqual(['rationale_required']);
    expect(r.finalLevel).toBe('low');
  });

  it('accepts a different level with a rationale', () => {
    const r = score({
      answers: [recent('m_gifts')],
      judgement: {
        level: 'medium',
        rationale: 'Sister is known to be exploited by the same group of adults.',
      },
    });
    expect(r).toMatchObject({ valid: true, finalLevel: 'medium', reviewDue: '2026-06-01' });
  });

  it('needs no rationale when judgement agrees', () => {
    expect(score({ answers: [recent('m_gifts')], judgement: { level: 'low' } })).toMatchObject({
      valid: true,
      issues: [],
    });
  });

  it('rejects a judgement below an override minimum', () => {
    const r = score({
      subject: { dateOfBirth: '2014-01-01', characteristics: [] },
      answers: [recent('m_gifts')],
      judgement: { level: 'low', rationale: 'The gifts came from a grandparent, verified with the family.' },
    });
    expect(r.issues.map((i) => i.code)).toEqual(['judgement_below_minimum']);
    expect(r.finalLevel).toBe('medium');
  });
});

describe('scoreScreening: review dates and input checks', () => {
  it('sets review dates by level: high 1 month, medium 3, low 6', () => {
    expect(score({ answers: [recent('s_cars'), recent('s_places')] }).reviewDue).toBe('2026-04-01');
    expect(score({ answers: [recent('m_gifts'), recent('m_change')] }).reviewDue).toBe('2026-06-01');
    expect(score({ answers: [recent('m_gifts')] }).reviewDue).toBe('2026-09-01');
  });

  it('rejects an answer to an unknown item', () => {
    expect(() => score({ answers: [recent('x_unknown')] })).toThrow(/unknown item "x_unknown"/);
  });

  it('rejects an item answered twice', () => {
    expect(() => score({ answers: [recent('m_gifts'), recent('m_gifts')] })).toThrow(/more than once/);
  });

  it('rejects a present indicator with no recency', () => {
    expect(() => score({ answers: [{ itemId: 'm_gifts', present: true }] })).toThrow(/no recency/);
  });

  it('rejects ethnicity, religion or nationality as inputs', () => {
    const subject = { ...teen, ethnicity: 'WBRI' } as unknown as ScreeningSubject;
    expect(() => score({ subject })).toThrow(/ethnicity/);
    expectTypeOf<ScreeningSubject>().not.toHaveProperty('ethnicity');
    expectTypeOf<ScreeningSubject>().not.toHaveProperty('religion');
    expectTypeOf<ScreeningSubject>().not.toHaveProperty('nationality');
  });

  it('is deterministic', () => {
    const input = base({ answers: [recent('m_gifts'), recent('s_cars')] });
    expect(scoreScreening(CSE_SCREENING_V1, input)).toEqual(scoreScreening(CSE_SCREENING_V1, input));
  });
});

describe('recencyOf', () => {
  it('puts exactly 3 months ago within 3 months, and a day more within 12', () => {
    expect(recencyOf('2025-12-01', '2026-03-01')).toBe('within_3_months');
    expect(recencyOf('2025-11-30', '2026-03-01')).toBe('within_12_months');
    expect(recencyOf('2025-02-28', '2026-03-01')).toBe('over_12_months');
  });
  it('rejects an observation after the assessment', () => {
    expect(() => recencyOf('2026-03-02', '2026-03-01')).toThrow(/after the assessment/);
  });
});
