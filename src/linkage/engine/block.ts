// Blocking: only pairs that agree on at least one blocking rule's key are compared. Rules are unioned and
// each pair is emitted once (by the first rule that generates it), the Splink way: a pair from rule k is
// skipped when an earlier rule's keys also agree. Every pair carries a bit mask of all rules that generate
// it, so EM can train per rule on exactly that rule's pairs.
import { C_DOB, C_FAMILY, C_GIVEN, C_IDENTIFIER, C_LOCATION, C_PHONE } from './compare.ts';
import { IntVec, type PreparedTable } from './prepare.ts';

export interface BlockingRule {
  readonly name: string;
  /** Comparisons the rule fixes (their m cannot be learnt from this rule's pairs). */
  readonly fixes: readonly number[];
  /**
   * How the rule's pairs train m. `all` (the default) uses every pair. `away-from-home` uses only pairs
   * whose locations differ: relatives share a family name, often a given name and always a home, and EM
   * takes such household pairs for matches, which makes a different date of birth or identifier look like
   * ordinary noise among matches. Leaving out same-home pairs removes that confusion without biasing the
   * other comparisons (the model already treats them as independent of location). `none` blocks only.
   */
  readonly training?: 'all' | 'away-from-home' | 'none';
  /** The blocking key of row i, or NaN when the row has no key under this rule. */
  key(t: PreparedTable, i: number): number;
}

const SHIFT = 2 ** 27;

function pairKey(a: number, b: number): number {
  return a < 0 || b < 0 ? NaN : a * SHIFT + b;
}

/**
 * The default rules. `schemes` are the identifier schemes present, each a rule of its own.
 *
 * @example
 * defaultRules(['nhs_number']).map((r) => r.name);
 */
export function defaultRules(schemes: readonly { name: string; id: number }[] = []): BlockingRule[] {
  const rules: BlockingRule[] = [
    {
      name: 'dob+family_phonetic',
      fixes: [C_DOB, C_FAMILY],
      key: (t, i) =>
        t.cols.dob.data[i]! > 0 ? pairKey(t.cols.dob.data[i]!, t.cols.familyPhon.data[i]!) : NaN,
    },
    {
      name: 'dob+given_canonical',
      fixes: [C_DOB, C_GIVEN],
      key: (t, i) =>
        t.cols.dob.data[i]! > 0 ? pairKey(t.cols.dob.data[i]!, t.cols.givenCanon.data[i]!) : NaN,
    },
    {
      name: 'name_phonetics_either_order',
      fixes: [C_GIVEN, C_FAMILY],
      // Namesakes outnumber matches here (a common name recurs across a partnership, and at home it is a
      // relative), too few matches for EM to find: block, never train.
      training: 'none',
      key: (t, i) => {
        const a = t.cols.givenPhon.data[i]!;
        const b = t.cols.familyPhon.data[i]!;
        return a < b ? pairKey(a, b) : pairKey(b, a);
      },
    },
    {
      name: 'postcode+given_initial',
      fixes: [C_LOCATION, C_GIVEN],
      // Pairs sharing a postcode and an initial are mostly siblings and parents: block, never train.
      training: 'none',
      key: (t, i) => pairKey(t.cols.pcFull.data[i]!, t.cols.givenInitial.data[i]!),
    },
    {
      name: 'dob+postcode_district',
      fixes: [C_DOB, C_LOCATION],
      key: (t, i) =>
        t.cols.dob.data[i]! > 0 ? pairKey(t.cols.dob.data[i]!, t.cols.pcDistrict.data[i]!) : NaN,
    },
    {
      name: 'phone',
      fixes: [C_PHONE],
      // Parents' phones are recorded on their children's records: a shared phone is often a household.
      training: 'away-from-home',
      key: (t, i) => (t.cols.phone.data[i]! >= 0 ? t.cols.phone.data[i]! : NaN),
    },
  ];
  for (const s of schemes) {
    rules.push({
      name: `identifier:${s.name}`,
      fixes: [C_IDENTIFIER],
      key: (t, i) => {
        for (let x = t.cols.idOff.data[i]!; x < t.cols.idOff.data[i + 1]!; x++) {
          if (t.idScheme.data[x] === s.id) return t.idValue.data[x]!;
        }
        return NaN;
      },
    });
  }
  return rules;
}

/**
 * The identifier schemes present in a table (name and pool id), in name order.
 *
 * @example
 * identifierSchemes(t); // [{ name: 'nhs_number', id: 12 }]
 */
export function identifierSchemes(t: PreparedTable): { name: string; id: number }[] {
  const ids = new Set<number>(t.idScheme.view());
  return [...ids].map((id) => ({ name: t.pool.get(id), id })).sort((a, b) => a.name.localeCompare(b.name));
}

export interface RuleReport {
  readonly rule: string;
  /** Pairs the rule generates on its own (before removing those an earlier rule already generated). */
  readonly pairsGenerated: number;
  /** Pairs it added to the union. */
  readonly pairsNew: number;
  /** Keys whose block was larger than the cap and so was not expanded (reported, never silent). */
  readonly blocksSkipped: number;
  readonly pairsSkipped: number;
}

export interface CandidatePairs {
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Bit k set when rule k generates the pair. */
  readonly ruleMask: Int32Array;
  readonly reports: readonly RuleReport[];
}

export interface BlockOptions {
  /** Blocks with more rows than this are skipped and reported. */
  readonly maxBlockSize?: number;
  /** Only pairs whose sources differ (link-only mode). */
  readonly linkOnly?: boolean;
}

/**
 * Blocking keys of every row under a rule.
 *
 * @example
 * const keys = ruleKeys(t, defaultRules()[0]!);
 */
export function ruleKeys(t: PreparedTable, rule: BlockingRule): Float64Array {
  const n = t.ids.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = rule.key(t, i);
  return keys;
}

/**
 * Generates the deduplicated union of candidate pairs (left < right) over all rules.
 *
 * @example
 * const { left, right, reports } = blockPairs(t, defaultRules());
 */
export function blockPairs(
  t: PreparedTable,
  rules: readonly BlockingRule[],
  options: BlockOptions = {},
): CandidatePairs {
  const n = t.ids.length;
  const cap = options.maxBlockSize ?? 2000;
  const allKeys = rules.map((r) => ruleKeys(t, r));
  const left = new IntVec(n * 4);
  const right = new IntVec(n * 4);
  const masks = new IntVec(n * 4);
  const source = t.cols.source.data;
  const reports: RuleReport[] = [];
  const order = new Int32Array(n);
  for (let k = 0; k < rules.length; k++) {
    const keys = allKeys[k]!;
    let m = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(keys[i]!)) order[m++] = i;
    const rows = order.subarray(0, m);
    rows.sort((a, b) => keys[a]! - keys[b]! || a - b);
    let generated = 0;
    let added = 0;
    let blocksSkipped = 0;
    let pairsSkipped = 0;
    let start = 0;
    while (start < m) {
      const key = keys[rows[start]!]!;
      let end = start + 1;
      while (end < m && keys[rows[end]!] === key) end++;
      const size = end - start;
      if (size > cap) {
        blocksSkipped++;
        pairsSkipped += (size * (size - 1)) / 2;
      } else {
        for (let x = start; x < end; x++) {
          const a = rows[x]!;
          for (let y = x + 1; y < end; y++) {
            const b = rows[y]!;
            if (options.linkOnly && source[a] === source[b]) continue;
            generated++;
            let earlier = false;
            let mask = 1 << k;
            for (let q = 0; q < rules.length; q++) {
              if (q === k) continue;
              const kq = allKeys[q]!;
              if (kq[a] === kq[b] && !Number.isNaN(kq[a]!)) {
                if (q < k) {
                  earlier = true;
                  break;
                }
                mask |= 1 << q;
              }
            }
            if (earlier) continue;
            added++;
            left.push(a < b ? a : b);
            right.push(a < b ? b : a);
            masks.push(mask);
          }
        }
      }
      start = end;
    }
    reports.push({
      rule: rules[k]!.name,
      pairsGenerated: generated,
      pairsNew: added,
      blocksSkipped,
      pairsSkipped,
    });
  }
  return { left: left.view(), right: right.view(), ruleMask: masks.view(), reports };
}
