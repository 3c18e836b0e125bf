/**
 * Full evaluation: every child on one as-of date over the columnar store.
 */
import type { CompiledRuleSet } from './compile.ts';
import { evaluateChild } from './evaluate-child.ts';
import type { ProfileColumns } from './profiles.ts';
import type { ChildResult, Evaluation, EventStore } from './types.ts';

/**
 * Evaluates every child in `store` on `asOf` (inclusive; later events are ignored). Deterministic:
 * the same inputs give the same scores, bands, evidence and explanations.
 *
 * @example
 * const ev = evaluateAll(compileRuleSet(rules), store, compileProfiles(children), toDay('2025-03-31'));
 * ev.results.get(0)?.hits.map((h) => h.explanation);
 */
export function evaluateAll(
  compiled: CompiledRuleSet,
  store: EventStore,
  profiles: ProfileColumns,
  asOf: number,
  options: { readonly explain?: boolean } = {},
): Evaluation {
  const explain = options.explain ?? true;
  const n = store.childCount;
  if (profiles.birthDay.length !== n) {
    throw new Error(`Profiles (${profiles.birthDay.length}) and store (${n}) differ in child count`);
  }
  const scores = new Float64Array(n);
  const bands = new Int8Array(n).fill(-1);
  const results = new Map<number, ChildResult>();
  const { day, code, id, presentBefore, offsets } = store;
  for (let c = 0; c < n; c += 1) {
    const view = {
      day,
      code,
      id,
      presentBefore,
      sigStart: offsets[2 * c]!,
      sigEnd: offsets[2 * c + 1]!,
      attStart: offsets[2 * c + 1]!,
      attEnd: offsets[2 * c + 2]!,
    };
    const r = evaluateChild(compiled, profiles, c, view, asOf, explain);
    if (r === null) continue;
    scores[c] = r.score;
    bands[c] = r.bandIndex;
    results.set(c, r);
  }
  return { asOf, scores, bands, results };
}
