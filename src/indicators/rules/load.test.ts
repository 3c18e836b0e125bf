import { describe, expect, it } from 'vitest';
import { checkLanguage } from '../../events/index.ts';
import { defaultRuleSet } from './default-rules.ts';
import { RuleSetError, parseRuleSet } from './load.ts';

function doc(rules: unknown[]): Record<string, unknown> {
  return {
    schemaVersion: 1,
    id: 'local',
    version: '1',
    title: 'Local rules',
    bands: [{ name: 'high', minScore: 3 }],
    rules,
  };
}

const good = {
  id: 'missing-3',
  kind: 'count',
  title: 'Missing three times',
  description: 'Missing three times in ninety days.',
  source: { name: 'COMPACT' },
  weight: 3,
  events: ['missing_episode'],
  atLeast: 3,
  windowDays: 90,
};

function issuesOf(input: unknown) {
  try {
    parseRuleSet(input);
  } catch (e) {
    if (e instanceof RuleSetError) return e;
    throw e;
  }
  throw new Error('expected a RuleSetError');
}

describe('parseRuleSet', () => {
  it('accepts the default rule set, every rule citing a source', () => {
    const set = defaultRuleSet();
    expect(set.rules.length).toBeGreaterThan(10);
    for (const r of set.rules) expect(r.source.name.length).toBeGreaterThan(1);
    const kinds = new Set(set.rules.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(
      [
        'association',
        'attendance_drop',
        'attendance_rate',
        'co_occurrence',
        'count',
        'profile',
        'screening_level',
      ].sort(),
    );
  });

  it('names the rule and the field in its errors', () => {
    const e = issuesOf(doc([good, { ...good, id: 'bad-window', windowDays: 0 }]));
    expect(e.issues).toEqual([expect.objectContaining({ ruleId: 'bad-window', path: 'windowDays' })]);
    expect(e.message).toMatch(/rule 'bad-window' field 'windowDays'/);
  });

  it('rejects unknown event types and unknown fields', () => {
    const e = issuesOf(doc([{ ...good, events: ['missing_episod'], colour: 'red' }]));
    const paths = e.issues.map((i) => i.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['events[0]']));
    expect(e.issues.every((i) => i.ruleId === 'missing-3')).toBe(true);
  });

  it('rejects duplicate rule ids and bands out of order', () => {
    const input = {
      ...doc([good, good]),
      bands: [
        { name: 'a', minScore: 5 },
        { name: 'b', minScore: 2 },
      ],
    };
    const e = issuesOf(input);
    expect(e.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining(['duplicate rule id', 'bands must be in ascending order of minScore']),
    );
  });

  it.each([
    ['a profile attribute', { ...good, kind: 'profile', attribute: 'ethnicity' }, 'attribute'],
    ['an extra field', { ...good, religion: 'any' }, 'religion'],
    ['an event selector', { ...good, events: ['nationality'] }, 'events[0]'],
    ['a nested condition', { ...good, when: { field: 'ethnic_group' } }, 'when.field'],
  ])('rejects a rule that references a protected characteristic in %s', (_label, rule, path) => {
    const e = issuesOf(doc([rule]));
    expect(e.issues[0]).toMatchObject({ ruleId: 'missing-3', path });
    expect(e.issues[0]!.message).toMatch(/not available to rules/);
  });

  it('uses victim-safe language in every default rule title and description', () => {
    for (const r of defaultRuleSet().rules) {
      expect(checkLanguage(`${r.title}. ${r.description}`), r.id).toEqual([]);
    }
  });
});
