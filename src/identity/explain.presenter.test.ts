import { describe, expect, it } from 'vitest';
import { explanationView, formatProbability, formatWeight } from './explain.presenter.ts';

describe('explanationView', () => {
  const stored = {
    rule: 'linkage',
    engine: {
      priorWeight: -11.27,
      matchWeight: 3.03,
      matchProbability: 0.8909,
      terms: [
        {
          comparison: 'given_name',
          level: 'else',
          weight: -6.2,
          tfAdjustment: 0,
          left: 'emilia',
          right: 'amelia',
        },
        {
          comparison: 'family_name',
          level: 'exact',
          weight: 8.6,
          tfAdjustment: 0.5,
          left: 'hartwell',
          right: 'hartwell',
        },
        {
          comparison: 'date_of_birth',
          level: 'exact',
          weight: 10.5,
          tfAdjustment: 0,
          left: '2011-03-14',
          right: '2011-03-14',
        },
        { comparison: 'location', level: 'null', weight: 0, tfAdjustment: 0, left: '', right: 'NM4 7QT' },
        { comparison: 'phone', level: 'null', weight: 0, tfAdjustment: 0, left: '', right: 'present' },
        {
          comparison: 'identifier',
          level: 'null',
          weight: 0,
          tfAdjustment: 0,
          left: '',
          right: 'la_id nhs_number',
        },
      ],
    },
  };

  it('says in plain words what each comparison found and the weight it added', () => {
    const view = explanationView(stored)!;
    expect(view.rows.map((r) => [r.comparison, r.newer, r.earlier, r.finding, r.weight])).toEqual([
      ['First name', 'Emilia', 'Amelia', 'Different first names', '−6.2'],
      [
        'Last name',
        'Hartwell',
        'Hartwell',
        'Same last name (an uncommon name, so it counts for more)',
        '+9.1',
      ],
      ['Date of birth', '14 March 2011', '14 March 2011', 'Same date of birth', '+10.5'],
      ['Address', 'Not recorded', 'NM4 7QT', 'Missing from one or both records: no evidence either way', '0'],
      [
        'Phone number',
        'Not recorded',
        'Recorded',
        'Missing from one or both records: no evidence either way',
        '0',
      ],
      [
        'Identifiers',
        'Not recorded',
        'Local authority reference, NHS number',
        'Missing from one or both records: no evidence either way',
        '0',
      ],
    ]);
    expect(view.rows.map((r) => r.direction)).toEqual(['against', 'for', 'for', 'none', 'none', 'none']);
    expect([view.startingWeight, view.totalWeight, view.probability]).toEqual(['−11.3', '+3.0', '89.1%']);
  });

  it('has nothing to show when the engine did not explain the pair', () => {
    expect(explanationView({ rule: 'identifier', scheme: 'upn' })).toBeUndefined();
  });

  it('writes weights with a sign and probabilities without false precision', () => {
    expect([formatWeight(0.01), formatWeight(2.345), formatWeight(-0.3)]).toEqual(['0', '+2.3', '−0.3']);
    expect([formatProbability(0.99996), formatProbability(0.0004), formatProbability(0.5)]).toEqual([
      'more than 99.9%',
      'less than 0.1%',
      '50.0%',
    ]);
  });
});
