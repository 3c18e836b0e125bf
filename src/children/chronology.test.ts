import { describe, expect, it } from 'vitest';
import { buildChronology, onChildProtectionPlan, type ChronologyRow } from './chronology.ts';
import { chronologyRowsHtml } from './children.presenter.ts';

const row = (over: Partial<ChronologyRow>): ChronologyRow => ({
  id: 'e1',
  type: 'missing_episode',
  occurredAt: '2026-09-12T21:30:00.000Z',
  occurredUntil: null,
  narrative: 'Reported missing.',
  status: null,
  role: 'subject',
  agencyId: 'police',
  agencyName: 'Police',
  agencyKind: 'police',
  ...over,
});

describe('the chronology rules', () => {
  const rows = [
    row({ id: 'a' }),
    row({ id: 'a', role: 'victim' }),
    row({ id: 'h1', type: 'sexual_health_attendance', agencyId: 'nhs', agencyKind: 'health' }),
    row({ id: 'h2', type: 'ed_attendance', agencyId: 'nhs', agencyKind: 'health' }),
    row({ id: 'i', type: 'intelligence' }),
    row({ id: 's', type: 'suspension', agencyId: 'school', agencyKind: 'education' }),
  ];

  it('withholds health records and counts them, but never reveals withheld intelligence', () => {
    const c = buildChronology(rows, { health: false, intelligence: false }, {});
    expect(c.items.map((i) => i.id)).toEqual(['a', 's']);
    expect(c.withheld).toEqual([{ id: 'health', label: 'health record', count: 2 }]);
  });

  it('merges the roles of one event, highlights significant types and filters', () => {
    const c = buildChronology(rows, { health: true, intelligence: true }, { significant: true });
    expect(c.items.find((i) => i.id === 'a')?.roles).toEqual(['subject', 'victim']);
    expect(c.items.map((i) => i.id)).toEqual(['a', 'h1', 'h2']);
    expect(
      buildChronology(rows, { health: true, intelligence: true }, { agency: 'school' }).items,
    ).toHaveLength(1);
  });

  it('derives a current child protection plan from the latest CP status event', () => {
    const now = new Date('2026-11-01T00:00:00Z');
    expect(onChildProtectionPlan([row({ type: 'status_change', status: 'CP' })], now)).toBe(true);
    const ended = row({
      type: 'status_change',
      status: 'CP',
      occurredUntil: '2026-10-01T00:00:00.000Z',
    });
    expect(onChildProtectionPlan([ended], now)).toBe(false);
    const endsLater = row({ type: 'status_change', status: 'CP', occurredUntil: '2026-12-01T00:00:00.000Z' });
    expect(
      onChildProtectionPlan([ended, { ...endsLater, occurredAt: '2026-10-15T09:00:00.000Z' }], now),
    ).toBe(true);
  });

  it('escapes every value in the pre-rendered rows', () => {
    const html = chronologyRowsHtml([
      {
        occurredAt: '2026-09-12T21:30:00.000Z',
        type: 'crime',
        agency: 'A & B',
        narrative: '<script>x</script>',
        significant: true,
      },
    ]);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('A &amp; B');
    expect(html).toContain('12 September 2026');
    expect(html).not.toContain('<script>');
  });
});
