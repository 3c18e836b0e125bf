import { describe, expect, it } from 'vitest';
import type { EventType } from '../../events/index.ts';
import { toDay } from './dates.ts';
import { compiledOf, evaluateObjects } from './testing.ts';
import type { AssociationFact, ChildProfile, IndicatorEvent } from './types.ts';

const AS_OF = toDay('2025-03-31');
const kid: ChildProfile = { id: 'c1' };

let seq = 0;
function ev(type: EventType, day: number, extra: Partial<IndicatorEvent> = {}): IndicatorEvent {
  seq += 1;
  return { id: `e${seq}`, childId: 'c1', type, day, ...extra };
}

function run(
  rules: Record<string, unknown>[],
  events: IndicatorEvent[],
  opts: { children?: ChildProfile[]; facts?: AssociationFact[]; asOf?: number } = {},
) {
  const out = evaluateObjects(
    compiledOf(rules),
    opts.children ?? [kid],
    events,
    opts.facts ?? [],
    opts.asOf ?? AS_OF,
  );
  const r = out.results.get(0);
  return {
    result: r,
    hits: r?.hits ?? [],
    evidence: (r?.hits[0]?.evidence ?? []).map((i) => out.eventIds[i]),
  };
}

const missing3 = { kind: 'count', events: ['missing_episode'], atLeast: 3, windowDays: 90 };

describe('count rules (missing 3 times in 90 days)', () => {
  it('fires when the earliest event is on the first day of the window (as-of minus 89)', () => {
    const events = [
      ev('missing_episode', AS_OF - 89),
      ev('missing_episode', AS_OF - 10),
      ev('missing_episode', AS_OF),
    ];
    const { hits, evidence } = run([missing3], events);
    expect(hits).toHaveLength(1);
    expect(evidence).toEqual(events.map((e) => e.id));
    expect(hits[0]!.explanation).toContain('3 matching records in the 90 days to 31 March 2025');
  });
  it('does not fire when the earliest event is one day outside the window (as-of minus 90)', () => {
    const events = [
      ev('missing_episode', AS_OF - 90),
      ev('missing_episode', AS_OF - 10),
      ev('missing_episode', AS_OF),
    ];
    expect(run([missing3], events).hits).toHaveLength(0);
  });
  it('ignores events after the as-of date', () => {
    const events = [
      ev('missing_episode', AS_OF - 5),
      ev('missing_episode', AS_OF - 4),
      ev('missing_episode', AS_OF + 1),
    ];
    expect(run([missing3], events).hits).toHaveLength(0);
  });
  it('with distinctDays, one episode reported by police and social care counts once', () => {
    const rule = { ...missing3, events: ['missing_episode', 'missing_from_care'], distinctDays: true };
    const twoDays = [
      ev('missing_episode', AS_OF - 5),
      ev('missing_from_care', AS_OF - 5, { qualifier: 'missing' }),
      ev('missing_episode', AS_OF - 1),
    ];
    expect(run([rule], twoDays).hits).toHaveLength(0);
    const { hits, evidence } = run([rule], [...twoDays, ev('missing_episode', AS_OF - 30)]);
    expect(hits[0]!.explanation).toContain('3 days with matching records');
    expect(evidence).toHaveLength(4);
  });
  it('a bare type matches its qualified forms; a qualified selector matches only itself', () => {
    const events = [
      ev('ed_attendance', AS_OF - 1, { qualifier: 'intoxication' }),
      ev('ed_attendance', AS_OF - 2, { qualifier: 'other' }),
    ];
    expect(
      run([{ kind: 'count', events: ['ed_attendance'], atLeast: 2, windowDays: 30 }], events).hits,
    ).toHaveLength(1);
    expect(
      run([{ kind: 'count', events: ['ed_attendance:intoxication'], atLeast: 2, windowDays: 30 }], events)
        .hits,
    ).toHaveLength(0);
  });
});

function sessions(from: number, days: number, absentEvery: number, code = 'O'): IndicatorEvent[] {
  const out: IndicatorEvent[] = [];
  for (let d = 0; d < days; d += 1) {
    out.push(ev('attendance_session', from + d, { attendanceCode: d % absentEvery === 0 ? code : '/' }));
    out.push(ev('attendance_session', from + d, { attendanceCode: '\\' }));
  }
  return out;
}

describe('attendance rate rules', () => {
  const rule = { kind: 'attendance_rate', belowPercent: 90, windowDays: 20, minSessions: 20 };
  it('fires below 90% and cites the absent sessions', () => {
    // 20 days, 40 sessions, 5 absent (days 0,4,8,12,16): 87.5%.
    const { hits, evidence } = run([rule], sessions(AS_OF - 19, 20, 4));
    expect(hits).toHaveLength(1);
    expect(evidence).toHaveLength(5);
    expect(hits[0]!.explanation).toContain('87.5% of 40 possible');
  });
  it('counts sessions from as-of minus (window - 1) and ignores the day before', () => {
    // 2 absent sessions on the day just outside the window would tip it below 90%.
    const inside = sessions(AS_OF - 19, 20, 5); // exactly 90%
    const outside = [ev('attendance_session', AS_OF - 20, { attendanceCode: 'O' })];
    expect(run([rule], [...inside, ...outside]).hits).toHaveLength(0);
    const edge = [ev('attendance_session', AS_OF - 19, { attendanceCode: 'O' })];
    expect(run([rule], [...inside, ...edge]).hits).toHaveLength(1);
  });
  it('does not fire at exactly 90%', () => {
    // 20 days, 40 sessions, 4 absent: 90%.
    expect(run([rule], sessions(AS_OF - 19, 20, 5)).hits).toHaveLength(0);
  });
  it('excludes not-counted DfE codes from possible sessions', () => {
    // Absences coded Y4 (school closed) are not possible sessions: 35 of 35 present.
    expect(run([rule], sessions(AS_OF - 19, 20, 4, 'Y4')).hits).toHaveLength(0);
  });
  it('counts authorised absence (I, illness) as absence', () => {
    expect(run([rule], sessions(AS_OF - 19, 20, 4, 'I')).hits).toHaveLength(1);
  });
  it('needs the minimum number of possible sessions', () => {
    expect(run([{ ...rule, minSessions: 41 }], sessions(AS_OF - 19, 20, 4)).hits).toHaveLength(0);
  });
});

describe('attendance drop rules (against the previous term)', () => {
  const rule = { kind: 'attendance_drop', period: 'term', dropPoints: 15, minSessions: 10 };
  const asOf = toDay('2025-02-28');
  it('fires when this term is 15+ points below last term', () => {
    const autumn = sessions(toDay('2024-09-02'), 30, 100); // ~98%
    const spring = sessions(toDay('2025-01-06'), 30, 3); // ~83%
    const { hits } = run([rule], [...autumn, ...spring], { asOf });
    expect(hits).toHaveLength(1);
    expect(hits[0]!.explanation).toMatch(/last term/);
  });
  it('does not fire for a child whose attendance is steady', () => {
    const autumn = sessions(toDay('2024-09-02'), 30, 3);
    const spring = sessions(toDay('2025-01-06'), 30, 3);
    expect(run([rule], [...autumn, ...spring], { asOf }).hits).toHaveLength(0);
  });
  it('treats 31 December as last term and 1 January as this term', () => {
    const autumn = sessions(toDay('2024-12-22'), 10, 100);
    const spring = [...sessions(toDay('2024-12-31'), 1, 1), ...sessions(toDay('2025-01-01'), 10, 2)];
    const { hits } = run([rule], [...autumn, ...spring], { asOf });
    expect(hits).toHaveLength(1);
  });
});

describe('co-occurrence rules (missing and sexual health within 30 days)', () => {
  const rule = {
    kind: 'co_occurrence',
    first: ['missing_episode'],
    second: ['sexual_health_attendance'],
    withinDays: 30,
    windowDays: 180,
  };
  it('fires at exactly 30 days apart, in either order, citing both events', () => {
    const a = ev('sexual_health_attendance', AS_OF - 40);
    const b = ev('missing_episode', AS_OF - 10);
    const { hits, evidence } = run([rule], [a, b]);
    expect(hits).toHaveLength(1);
    expect(evidence).toEqual([a.id, b.id]);
  });
  it('does not fire at 31 days apart', () => {
    expect(
      run([rule], [ev('missing_episode', AS_OF - 41), ev('sexual_health_attendance', AS_OF - 10)]).hits,
    ).toHaveLength(0);
  });
  it('needs both events inside the look-back window', () => {
    expect(
      run([rule], [ev('missing_episode', AS_OF - 180), ev('sexual_health_attendance', AS_OF - 170)]).hits,
    ).toHaveLength(0);
    expect(
      run([rule], [ev('missing_episode', AS_OF - 179), ev('sexual_health_attendance', AS_OF - 170)]).hits,
    ).toHaveLength(1);
  });
});

describe('association, screening and profile rules', () => {
  it('association facts fire the association rule', () => {
    const facts: AssociationFact[] = [{ id: 'f1', childId: 'c1', kind: 'adult_of_concern', day: AS_OF - 3 }];
    const { hits, evidence } = run(
      [{ kind: 'association', associations: ['adult_of_concern'], windowDays: 30 }],
      [],
      { facts },
    );
    expect(hits).toHaveLength(1);
    expect(evidence).toEqual(['f1']);
  });
  it('uses the most recent screening level only', () => {
    const rule = { kind: 'screening_level', atLeast: 'medium', windowDays: 365 };
    const high = ev('screening', AS_OF - 100, { qualifier: 'high' });
    const low = ev('screening', AS_OF - 5, { qualifier: 'low' });
    expect(run([rule], [high]).hits).toHaveLength(1);
    expect(run([rule], [high, low]).hits).toHaveLength(0);
  });
  it('modifiers add weight only alongside another rule, and age turns on the birthday', () => {
    const rules = [
      { kind: 'count', events: ['concern'], atLeast: 1, windowDays: 30, weight: 2 },
      { kind: 'profile', attribute: 'age_under', years: 13, weight: 3 },
      { kind: 'profile', attribute: 'looked_after', weight: 1 },
      { kind: 'profile', attribute: 'learning_disability', weight: 1 },
    ];
    const child: ChildProfile = {
      id: 'c1',
      birthDay: toDay('2012-03-31'),
      lookedAfter: [{ from: AS_OF - 10 }],
      learningDisability: true,
    };
    expect(run(rules, [], { children: [child] }).hits).toHaveLength(0);
    const onBirthday = run(rules, [ev('concern', AS_OF)], { children: [child] });
    expect(onBirthday.result?.score).toBe(4); // 13 today: not under 13
    const dayBefore = run(rules, [ev('concern', AS_OF - 1)], { children: [child], asOf: AS_OF - 1 });
    expect(dayBefore.result?.score).toBe(7);
    expect(dayBefore.result?.band).toBe('high');
  });
});
