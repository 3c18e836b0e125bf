import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../rules/default-rules.ts';
import { compileRuleSet } from './compile.ts';
import { toDay } from './dates.ts';
import { evaluateAll } from './evaluate.ts';
import { compileProfiles } from './profiles.ts';
import { buildObjectStore } from './store.ts';
import type { ChildProfile, IndicatorEvent } from './types.ts';

const PROTECTED = ['ethnicity', 'religion', 'nationality'];
const AS_OF = toDay('2025-03-31');
const compiled = compileRuleSet(defaultRuleSet());

/** A child record as another module might hold it, protected characteristics included. */
function fullRecord(i: number, ethnicity: string, religion: string, nationality: string) {
  return {
    id: `c${i}`,
    birthDay: toDay('2011-05-01') + i * 97,
    learningDisability: i % 3 === 0,
    lookedAfter: i % 2 === 0 ? [{ from: AS_OF - 400 }] : [],
    ethnicity,
    religion,
    nationality,
  };
}

/** Wraps a record so that reading a protected field throws. */
function guarded<T extends object>(record: T): T {
  return new Proxy(record, {
    get(target, key, receiver) {
      if (typeof key === 'string' && PROTECTED.includes(key)) {
        throw new Error(`The engine read ${key}`);
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
    ownKeys(target) {
      return Reflect.ownKeys(target).filter((k) => typeof k !== 'string' || !PROTECTED.includes(k));
    },
  });
}

const events: IndicatorEvent[] = [0, 1, 2, 3, 4, 5].flatMap((i) => [
  { id: `m${i}a`, childId: `c${i}`, type: 'missing_episode', day: AS_OF - 5 - i },
  { id: `m${i}b`, childId: `c${i}`, type: 'missing_episode', day: AS_OF - 20 - i },
  { id: `m${i}c`, childId: `c${i}`, type: 'missing_episode', day: AS_OF - 40 - i },
  { id: `s${i}`, childId: `c${i}`, type: 'sexual_health_attendance', day: AS_OF - 30 },
]);

function evaluate(children: readonly ChildProfile[]) {
  const { store } = buildObjectStore(children, events);
  return [...evaluateAll(compiled, store, compileProfiles(children), AS_OF).results.entries()];
}

describe('protected characteristics', () => {
  it('the engine never reads ethnicity, religion or nationality (proxy throws on access)', () => {
    const children = [0, 1, 2, 3, 4, 5].map((i) => guarded(fullRecord(i, 'A1', 'R1', 'N1')));
    expect(() => evaluate(children)).not.toThrow();
    // The guard works: reading a field through it does throw.
    expect(() => Reflect.get(children[0]!, 'ethnicity')).toThrow(/ethnicity/);
  });

  it('results are identical whatever those fields hold', () => {
    const a = evaluate([0, 1, 2, 3, 4, 5].map((i) => fullRecord(i, 'WBRI', 'none', 'GBR')));
    const b = evaluate([0, 1, 2, 3, 4, 5].map((i) => fullRecord(i, `X${i}`, `Y${5 - i}`, 'PAK')));
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it('the profile columns hold only age, looked-after status and learning disability', () => {
    const cols = compileProfiles([fullRecord(0, 'A1', 'R1', 'N1')]);
    expect(Object.keys(cols).sort()).toEqual(['birthDay', 'learningDisability', 'lookedAfter']);
  });
});
