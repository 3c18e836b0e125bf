import { describe, expect, it } from 'vitest';
import { gradingLabel, gradingSchema, validateGrading } from './grading.ts';
import { redactText, sanitiseIntelligence, type IntelligenceItem } from './sanitise.ts';

const codes = (input: unknown): string[] => validateGrading(input).map((i) => i.code);

describe('validateGrading (3x5x2)', () => {
  it('accepts a complete 3x5x2 grade', () => {
    expect(validateGrading({ scheme: '3x5x2', source: '1', assessment: 'A', handling: 'P' })).toEqual([]);
  });
  it('rejects grades outside 1-3, A-E and P/C', () => {
    expect(codes({ scheme: '3x5x2', source: '4', assessment: 'A', handling: 'P' })).toEqual([
      'invalid_grade',
    ]);
    expect(codes({ scheme: '3x5x2', source: '1', assessment: 'F', handling: 'P' })).toEqual([
      'invalid_grade',
    ]);
    expect(codes({ scheme: '3x5x2', source: '1', assessment: 'A', handling: 'X' })).toEqual([
      'invalid_grade',
    ]);
  });
  it('requires conditions with handling code C', () => {
    expect(codes({ scheme: '3x5x2', source: '2', assessment: 'C', handling: 'C' })).toEqual([
      'conditions_required',
    ]);
  });
  it('requires corroboration for B and a risk note for E', () => {
    expect(codes({ scheme: '3x5x2', source: '1', assessment: 'B', handling: 'P' })).toEqual([
      'corroboration_required',
    ]);
    expect(codes({ scheme: '3x5x2', source: '1', assessment: 'E', handling: 'P' })).toEqual([
      'risk_note_required',
    ]);
  });
  it('asks for review, without blocking, when the source is not reliable', () => {
    const issues = validateGrading({ scheme: '3x5x2', source: '3', assessment: 'C', handling: 'P' });
    expect(issues).toMatchObject([{ code: 'review_unreliable_source', severity: 'warning' }]);
  });
});

describe('legacy 5x5x5', () => {
  it('is kept as recorded, never converted to 3x5x2', () => {
    const legacy = { scheme: '5x5x5', source: 'B', intelligence: '2', handling: '1' };
    expect(gradingSchema.parse(legacy)).toEqual(legacy);
    expect(gradingLabel(gradingSchema.parse(legacy))).toBe('B21 (legacy 5x5x5)');
    expect(codes(legacy)).toEqual(['legacy_grading']);
  });
  it('does not accept a legacy grade dressed as 3x5x2 or the reverse', () => {
    expect(codes({ scheme: '3x5x2', source: 'B', assessment: '2', handling: '1' })).toContain(
      'invalid_grade',
    );
    expect(codes({ scheme: '5x5x5', source: '1', intelligence: 'A', handling: 'P' })).toContain(
      'invalid_grade',
    );
  });
});

const item = (over: Partial<IntelligenceItem> = {}): IntelligenceItem => ({
  id: 'int-1',
  recordedAt: '2024-05-02T23:14:00Z',
  text: 'Two girls were seen getting into a silver car outside the takeaway. The CHIS reports that the driver uses 07700 900123. Ref: URN-2024-0042.',
  grading: { scheme: '3x5x2', source: '2', assessment: 'C', handling: 'P' },
  source: { type: 'CHIS', reference: 'S-0099', handler: 'DC Example' },
  linkedEntityIds: ['person-1', 'place-7', 'person-secret'],
  ...over,
});

describe('sanitiseIntelligence', () => {
  it('never lets a handling code C item leave the police', () => {
    const r = sanitiseIntelligence(
      item({
        grading: {
          scheme: '3x5x2',
          source: '1',
          assessment: 'A',
          handling: 'C',
          handlingConditions: 'Police only',
        },
      }),
    );
    expect(r).toEqual({ ok: false, reason: 'handling_code_c' });
  });
  it('refuses legacy 5x5x5 items until they are regraded', () => {
    expect(
      sanitiseIntelligence(
        item({ grading: { scheme: '5x5x5', source: 'A', intelligence: '1', handling: '1' } }),
      ),
    ).toEqual({
      ok: false,
      reason: 'legacy_grading',
    });
  });
  it('strips the source, source-revealing sentences, numbers, references and the exact time', () => {
    const r = sanitiseIntelligence(item(), (id) => id !== 'person-secret');
    if (!r.ok) throw new Error('expected a shareable version');
    const json = JSON.stringify(r.shareable);
    for (const secret of ['CHIS', 'S-0099', 'DC Example', '07700', 'URN-2024', '23:14', 'person-secret']) {
      expect(json).not.toContain(secret);
    }
    expect(r.shareable.text).toContain('silver car outside the takeaway');
    expect(r.shareable.recordedOn).toBe('2024-05-02');
    expect(r.shareable.linkedEntityIds).toEqual(['person-1', 'place-7']);
    expect(r.redactions).toBeGreaterThanOrEqual(2);
  });
  it('removes sentences naming the source reference or handler even without keywords', () => {
    const r = sanitiseIntelligence(item({ text: 'Seen at the park. Reported to DC Example on the phone.' }));
    expect(r.ok && r.shareable.text).toBe('Seen at the park. [sentence removed]');
  });
  it('prefers the officer-written shareable wording', () => {
    const r = sanitiseIntelligence(item({ sanitisedText: 'Concern about a silver car near a takeaway.' }));
    expect(r.ok && r.shareable.text).toBe('Concern about a silver car near a takeaway.');
  });
  it('redacts phone numbers and email addresses in free text', () => {
    expect(redactText('Call 07700 900123 or mail a.b@example.org now.').text).toBe(
      'Call [phone number] or mail [email address] now.',
    );
  });
});
