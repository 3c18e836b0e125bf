import { describe, expect, it } from 'vitest';
import { accuracy, backtest } from './backtest.ts';
import { monthEnds, toDay } from './dates.ts';
import { compileProfiles } from './profiles.ts';
import { buildObjectStore } from './store.ts';
import { compiledOf } from './testing.ts';
import type { ChildProfile, IndicatorEvent } from './types.ts';

describe('accuracy', () => {
  it('counts victims surfaced after exploitation began, before recognition, and lead time', () => {
    const flags = new Map<number, number[]>([
      [0, [100, 130]], // victim, flagged 50 days before recognition at 150
      [1, [90]], // victim, flagged only before exploitation began at 95: not surfaced
      [2, [200]], // not a victim
      [3, [300]], // victim never recognised: surfaced
    ]);
    const a = accuracy(flags, [
      { child: 0, exploitationStart: 80, recognised: 150 },
      { child: 1, exploitationStart: 95, recognised: 120 },
      { child: 3, exploitationStart: 250, recognised: null },
      { child: 4, exploitationStart: 10, recognised: 20 },
    ]);
    expect(a).toMatchObject({
      flagged: 4,
      truePositives: 2,
      precision: 0.5,
      surfaced: 2,
      recall: 0.5,
      surfacedBeforeRecognition: 2,
      neverRecognised: 1,
      neverRecognisedSurfaced: 1,
      leadTimeDaysMedian: 50,
    });
  });
});

describe('backtest', () => {
  it('replays month ends and reports alerts per month, children alerted and per-rule counts', () => {
    const compiled = compiledOf([
      { kind: 'count', events: ['missing_episode'], atLeast: 1, windowDays: 30, weight: 4, id: 'missing' },
      { kind: 'count', events: ['concern'], atLeast: 1, windowDays: 30, weight: 4, id: 'concern' },
    ]);
    const children: ChildProfile[] = [{ id: 'a' }, { id: 'b' }];
    const events: IndicatorEvent[] = [
      { id: 'e1', childId: 'a', type: 'missing_episode', day: toDay('2025-01-10') },
      { id: 'e2', childId: 'a', type: 'concern', day: toDay('2025-02-10') },
      { id: 'e3', childId: 'a', type: 'missing_episode', day: toDay('2025-02-11') },
      { id: 'e4', childId: 'b', type: 'concern', day: toDay('2025-03-05') },
    ];
    const { store } = buildObjectStore(children, events);
    const months = monthEnds(toDay('2025-01-01'), toDay('2025-04-30'));
    const report = backtest(compiled, store, compileProfiles(children), months, {
      alertBand: 'medium',
      victims: [{ child: 0, exploitationStart: toDay('2024-12-01'), recognised: toDay('2025-03-15') }],
    });
    expect(report.points.map((p) => p.alerts)).toEqual([1, 1, 1, 0]); // a medium, a high, b medium
    expect(report.childrenAlerted).toBe(2);
    expect(report.childrenPerRule).toEqual({ missing: 1, concern: 2 });
    expect(report.points[1]!.newlyFiring).toEqual({ missing: 0, concern: 1 });
    expect(report.byBand!.high).toMatchObject({ flagged: 1, precision: 1, recall: 1 });
    expect(report.byBand!.high!.leadTimeDaysMedian).toBe(toDay('2025-03-15') - toDay('2025-02-28'));
    expect(report.byBand!.medium).toMatchObject({ flagged: 2, precision: 0.5 });
  });
});
