import { describe, expect, it } from 'vitest';
import { chronologyFromText } from './children.repository.ts';

describe('chronologyFromText', () => {
  const agencies = new Map([['a1', { name: 'Police', kind: 'police' as const }]]);
  const event = (id: string, until: string) =>
    [id, 'missing_episode', '2024-01-01T00:00:00.123Z', until, 'Seen late', '', 'subject', 'a1'].join(
      '\u001f',
    );

  it('decodes events of eight fields, with empty text as null and epoch milliseconds as ISO 8601', () => {
    const rows = chronologyFromText(`${event('e1', '')}\u001f${event('e2', '253402300800000')}`, agencies);
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
      expect.objectContaining({ id: 'e2', occurredUntil: '+010000-01-01T00:00:00.000Z' }),
    ]);
    expect(chronologyFromText(null, agencies)).toEqual([]);
  });

  it('refuses a text that does not hold whole events, or an agency outside the partnership', () => {
    expect(() => chronologyFromText(`${event('e1', '')}\u001fextra`, agencies)).toThrow(/whole events/);
    expect(() => chronologyFromText(event('e1', '').replace('a1', 'a2'), agencies)).toThrow(/agency/);
  });
});
