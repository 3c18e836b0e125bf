import { describe, expect, it } from 'vitest';
import { buildDigests, raiseAlerts, routeAlert, type AlertMemory, type AlertPolicy } from './alerts.ts';
import { toDay } from './dates.ts';
import { compiledOf, evaluateObjects } from './testing.ts';
import type { ChildProfile, IndicatorEvent } from './types.ts';

const compiled = compiledOf([
  { kind: 'count', events: ['missing_episode'], atLeast: 1, windowDays: 30, weight: 4, id: 'missing' },
  { kind: 'count', events: ['concern'], atLeast: 1, windowDays: 30, weight: 3, id: 'concern' },
]);
const children: ChildProfile[] = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
const policy: AlertPolicy = { minBand: 'medium', cooldownDays: 14, dailyLimitPerUser: 1 };
const D = toDay('2025-06-01');

function at(day: number, events: IndicatorEvent[], memory: ReadonlyMap<number, AlertMemory>) {
  return raiseAlerts(compiled, evaluateObjects(compiled, children, events, [], day), memory, policy);
}
const missing = (id: string, child: string, day: number): IndicatorEvent => ({
  id,
  childId: child,
  type: 'missing_episode',
  day,
});
const concern = (id: string, child: string, day: number): IndicatorEvent => ({
  id,
  childId: child,
  type: 'concern',
  day,
});

describe('raiseAlerts', () => {
  it('raises when a child crosses into a higher band, once, with its evidence', () => {
    const first = at(D, [missing('e1', 'a', D)], new Map());
    expect(first.alerts).toHaveLength(1);
    expect(first.alerts[0]).toMatchObject({ child: 0, band: 'medium', previousBand: null, evidence: [0] });
    // Same band next day: de-duplicated.
    expect(at(D + 1, [missing('e1', 'a', D)], first.memory).alerts).toHaveLength(0);
  });

  it('raises again on escalation to a higher band even inside the cool-down', () => {
    const first = at(D, [missing('e1', 'a', D)], new Map());
    const second = at(D + 2, [missing('e1', 'a', D), concern('e2', 'a', D + 2)], first.memory);
    expect(second.alerts.map((a) => [a.band, a.previousBand])).toEqual([['high', 'medium']]);
  });

  it('holds a re-crossing back until the cool-down has passed', () => {
    const first = at(D, [missing('e1', 'a', D)], new Map());
    const dropped = at(D + 5, [], first.memory); // nothing in evaluation (as-if events aged out)
    const back = at(D + 10, [missing('e3', 'a', D + 10)], dropped.memory);
    expect(back.alerts).toHaveLength(0);
    const gone = at(D + 40, [], back.memory);
    const later = at(D + 41, [missing('e4', 'a', D + 41)], gone.memory);
    expect(later.alerts).toHaveLength(1);
  });
});

describe('routing and digests', () => {
  it('routes to the lead professional or the MASH inbox and caps the daily digest', () => {
    const { alerts } = at(
      D,
      [missing('e1', 'a', D), missing('e2', 'b', D), concern('e3', 'b', D), missing('e4', 'c', D)],
      new Map(),
    );
    const leads = new Map([[2, 'user-lp']]);
    expect(
      routeAlert(
        alerts.find((a) => a.child === 2)!,
        leads,
      ),
    ).toEqual({ kind: 'lead_professional', userId: 'user-lp' });
    expect(
      routeAlert(
        alerts.find((a) => a.child === 0)!,
        leads,
      ),
    ).toEqual({ kind: 'mash_inbox' });
    const digests = buildDigests(
      alerts,
      (a) => {
        const r = routeAlert(a, leads);
        return r.kind === 'mash_inbox' ? 'mash' : r.userId;
      },
      policy,
    );
    const mash = digests.find((d) => d.recipient === 'mash')!;
    expect(mash.shown.map((a) => a.child)).toEqual([1]); // high first
    expect(mash).toMatchObject({ summarised: 1, summarisedByBand: { medium: 1 } });
  });
});
