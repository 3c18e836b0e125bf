import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chronologyFromText, isoTimestamp } from './children.repository.ts';

describe('isoTimestamp', () => {
  it('writes exactly what toISOString writes, for any instant', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: 253_402_300_799_999 }),
          fc.integer({ min: -62_198_755_200_000, max: 8_640_000_000_000_000 }),
          fc.double({ min: 0, max: 2e12, noNaN: true }),
        ),
        (ms) => {
          expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('gets the edges of days, months, leap years and the four-digit years right', () => {
    for (const at of [
      '1970-01-01T00:00:00.000Z',
      '2000-02-29T23:59:59.999Z',
      '2024-02-29T12:00:00.000Z',
      '2100-03-01T00:00:00.000Z',
      '2026-12-31T23:59:59.999Z',
      '9999-12-31T23:59:59.999Z',
      '+010000-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
    ]) {
      expect(isoTimestamp(Date.parse(at))).toBe(at);
    }
  });
});

describe('chronologyFromText', () => {
  const agencies = new Map([['a1', { name: 'Police', kind: 'police' as const }]]);
  const event = (id: string, until: string) =>
    [id, 'missing_episode', '1704067200123', until, 'Seen late', '', 'subject', 'a1'].join('\u001f');

  it('decodes events of eight fields, with empty text as null', () => {
    const rows = chronologyFromText(`${event('e1', '')}\u001f${event('e2', '1704070800000')}`, agencies);
    expect(rows).toEqual([
      {
        id: 'e1',
        type: 'missing_episode',
        occurredAt: '2024-01-01T00:00:00.123Z',
        occurredUntil: null,
        narrative: 'Seen late',
        status: null,
        role: 'subject',
        agencyId: 'a1',
        agencyName: 'Police',
        agencyKind: 'police',
      },
      expect.objectContaining({ id: 'e2', occurredUntil: '2024-01-01T01:00:00.000Z' }),
    ]);
    expect(chronologyFromText(null, agencies)).toEqual([]);
  });

  it('refuses a text that does not hold whole events, or an agency outside the partnership', () => {
    expect(() => chronologyFromText(`${event('e1', '')}\u001fextra`, agencies)).toThrow(/whole events/);
    expect(() => chronologyFromText(event('e1', '').replace('a1', 'a2'), agencies)).toThrow(/agency/);
  });
});
