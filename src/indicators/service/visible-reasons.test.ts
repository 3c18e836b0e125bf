import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../rules/default-rules.ts';
import { sourcesOfRule } from './visible-reasons.ts';

describe('sourcesOfRule', () => {
  const sources = new Map(defaultRuleSet().rules.map((r) => [r.id, [...sourcesOfRule(r)].sort()]));

  it('marks rules that read health records, including a co-occurrence with one', () => {
    expect(sources.get('sexual-health-repeat')).toEqual(['health']);
    expect(sources.get('ed-self-harm')).toEqual(['health']);
    expect(sources.get('missing-and-sexual-health')).toEqual(['health']);
  });

  it('treats a learning disability as a health field, like the child record does', () => {
    expect(sources.get('learning-disability')).toEqual(['health']);
    expect(sources.get('looked-after')).toEqual([]);
  });

  it('marks police intelligence and concerns, and leaves open records and the profile unmarked', () => {
    expect(sources.get('intelligence-recorded')).toEqual(['intelligence']);
    expect(sources.get('concern-recorded')).toEqual(['concern']);
    expect(sources.get('missing-3-in-90')).toEqual([]);
    expect(sources.get('under-13')).toEqual([]);
  });
});
