/**
 * Child profiles in columns. Only three fields are read (date of birth, looked-after periods,
 * learning disability): the engine has no way to read anything else a caller's object may carry.
 */
import type { ChildProfile, DayPeriod } from './types.ts';

/** Sentinel for an unknown date of birth. */
export const NO_BIRTH_DAY = -2147483648;

/** The profile fields the engine reads, by child index. */
export interface ProfileColumns {
  readonly birthDay: Int32Array;
  readonly learningDisability: Uint8Array;
  readonly lookedAfter: readonly (readonly DayPeriod[] | undefined)[];
}

/**
 * Reads the permitted fields of each profile into columns.
 *
 * @example
 * const profiles = compileProfiles([{ id: 'c1', birthDay: 15000, learningDisability: true }]);
 */
export function compileProfiles(children: readonly ChildProfile[]): ProfileColumns {
  const n = children.length;
  const birthDay = new Int32Array(n).fill(NO_BIRTH_DAY);
  const learningDisability = new Uint8Array(n);
  const lookedAfter: (readonly DayPeriod[] | undefined)[] = new Array<undefined>(n);
  for (let i = 0; i < n; i += 1) {
    const c = children[i]!;
    if (c.birthDay !== undefined) birthDay[i] = c.birthDay;
    if (c.learningDisability === true) learningDisability[i] = 1;
    lookedAfter[i] = c.lookedAfter === undefined ? undefined : c.lookedAfter.map((p) => ({ ...p }));
  }
  return { birthDay, learningDisability, lookedAfter };
}

/**
 * Profiles for `n` children about whom nothing is known (benchmarks, event-only tests).
 *
 * @example
 * emptyProfiles(3).birthDay.length; // 3
 */
export function emptyProfiles(n: number): ProfileColumns {
  return {
    birthDay: new Int32Array(n).fill(NO_BIRTH_DAY),
    learningDisability: new Uint8Array(n),
    lookedAfter: new Array<undefined>(n),
  };
}
