// Given-name diminutives ("Bob" for "Robert"), from the Apache-2.0 list copied into src/linkage/data
// (see its README). Loaded once, synchronously, from the repository: never from ../shared at run time.
import { readFileSync } from 'node:fs';

export interface NicknameTable {
  /** Lower-case name to the formal names it is a diminutive of (sorted), itself first when it is formal. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
}

/**
 * Parses `name1,has_nickname,name2` rows into a table.
 *
 * @example
 * parseNicknames('name1,relationship,name2\nrobert,has_nickname,bob\n').groups.get('bob'); // ['robert']
 */
export function parseNicknames(csv: string): NicknameTable {
  const formal = new Map<string, Set<string>>();
  const formalNames = new Set<string>();
  for (const line of csv.split(/\r?\n/)) {
    const [name1, rel, name2] = line.split(',');
    if (name1 === undefined || name2 === undefined || rel !== 'has_nickname') continue;
    const f = name1.trim().toLowerCase();
    const n = name2.trim().toLowerCase();
    formalNames.add(f);
    const set = formal.get(n) ?? new Set<string>();
    set.add(f);
    formal.set(n, set);
  }
  const groups = new Map<string, readonly string[]>();
  for (const f of formalNames) groups.set(f, [f]);
  for (const [n, set] of formal) {
    const list = [...set].sort();
    groups.set(n, formalNames.has(n) ? [n, ...list.filter((x) => x !== n)] : list);
  }
  return { groups };
}

let loaded: NicknameTable | undefined;

/**
 * The repository's nickname table, read on first use.
 *
 * @example
 * defaultNicknames().groups.get('bill'); // includes 'william'
 */
export function defaultNicknames(): NicknameTable {
  loaded ??= parseNicknames(readFileSync(new URL('../data/names.csv', import.meta.url), 'utf8'));
  return loaded;
}

/**
 * The canonical form of a standardised given name for blocking: itself if formal, else its first formal name.
 *
 * @example
 * canonicalGivenName('bob'); // 'robert'
 */
export function canonicalGivenName(name: string, table: NicknameTable = defaultNicknames()): string {
  const g = table.groups.get(name);
  return g?.[0] ?? name;
}

/**
 * True when two standardised given names are the same name or share a formal name ("bob"/"rob" via "robert").
 *
 * @example
 * isNicknamePair('bill', 'william'); // true
 */
export function isNicknamePair(a: string, b: string, table: NicknameTable = defaultNicknames()): boolean {
  if (a === b) return true;
  const ga = table.groups.get(a) ?? [a];
  const gb = table.groups.get(b) ?? [b];
  for (const x of ga) {
    if (x === b || gb.includes(x)) return true;
  }
  return ga.includes(b) || gb.includes(a);
}
