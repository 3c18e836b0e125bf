import { describe, expect, it } from 'vitest';
import { checkLanguage } from '../../events/language/index.ts';
import v1 from './cse-screening-v1.json' with { type: 'json' };
import { CSE_SCREENING_V1, getInstrument, parseInstrument } from './index.ts';

const clone = (): Record<string, unknown> => structuredClone(v1);

describe('CSE screening instrument v1', () => {
  it('loads and validates', () => {
    expect(getInstrument('cse-screening', '1.0.0')).toBe(CSE_SCREENING_V1);
    expect(CSE_SCREENING_V1.sections.map((s) => s.kind)).toEqual([
      'vulnerability',
      'moderate',
      'significant',
    ]);
  });

  it('uses victim-safe wording in every item (no finding from the language checker)', () => {
    const texts = CSE_SCREENING_V1.sections.flatMap((s) => [s.title, ...s.items.map((i) => i.text)]);
    for (const text of texts) expect(checkLanguage(text), text).toEqual([]);
  });

  it('names "Sexual-health concerns" and "Seen with older adults" as indicators', () => {
    const texts = CSE_SCREENING_V1.sections.flatMap((s) => s.items.map((i) => i.text));
    expect(texts).toContain('Sexual-health concerns');
    expect(texts.some((t) => t.startsWith('Seen with older adults'))).toBe(true);
  });
});

describe('parseInstrument', () => {
  it('rejects victim-blaming wording with the path of the item', () => {
    const bad = clone();
    (bad.sections as { items: { text: string }[] }[])[1]!.items[0]!.text = 'Risky behaviour';
    expect(() => parseInstrument(bad)).toThrow(
      /victim-safe[\s\S]*sections\[1\]\.items\[0\]\.text|sections\[1\]\.items\[0\]\.text[\s\S]*victim-safe/,
    );
  });

  it('rejects an item that refers to ethnicity', () => {
    const bad = clone();
    (bad.sections as { items: { text: string }[] }[])[0]!.items[0]!.text = 'Ethnicity of the child';
    expect(() => parseInstrument(bad)).toThrow(/ethnicity, religion or nationality/);
  });

  it('rejects duplicate item ids', () => {
    const bad = clone();
    (bad.sections as { items: { id: string }[] }[])[2]!.items[0]!.id = 'm_absence';
    expect(() => parseInstrument(bad)).toThrow(/duplicate item id m_absence/);
  });

  it('rejects bands that do not rise', () => {
    const bad = clone();
    bad.bands = { no_apparent_risk: 0, low: 5, medium: 4, high: 15 };
    expect(() => parseInstrument(bad)).toThrow(/low < medium < high/);
  });

  it('rejects an override on an unknown section', () => {
    const bad = clone();
    (bad.overrides as { anyOf: { section?: string }[] }[])[1]!.anyOf[0]!.section = 'nope';
    expect(() => parseInstrument(bad)).toThrow(/unknown section nope/);
  });

  it('rejects an override on a characteristic that is not allowed (e.g. religion)', () => {
    const bad = clone();
    (bad.overrides as { anyOf: unknown[] }[])[0]!.anyOf[1] = {
      kind: 'characteristic',
      characteristic: 'religion',
    };
    expect(() => parseInstrument(bad)).toThrow(/invalid screening instrument/);
  });

  it('rejects a version that is not MAJOR.MINOR.PATCH', () => {
    expect(() => parseInstrument({ ...clone(), version: 'v1' })).toThrow(/semantic/);
  });

  it('rejects unknown top-level fields', () => {
    expect(() => parseInstrument({ ...clone(), nationalityWeight: 2 })).toThrow(/nationalityWeight/);
  });
});
