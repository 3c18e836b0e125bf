// Incremental mode: one incoming record matched against an in-memory index of everyone known (imports,
// search-before-create). Each blocking rule is a sorted key array searched by bisection, plus a small map
// for records added since the index was built; candidates are compared and scored with the trained model.
import { defaultRules, identifierSchemes, ruleKeys, type BlockingRule } from './block.ts';
import { comparePair } from './compare.ts';
import { explainPair } from './explain.ts';
import { appendRecord, createTable, type NameCache, type PreparedTable } from './prepare.ts';
import {
  levelWeights,
  priorWeight,
  tfAdjustment,
  weightToProbability,
  buildTf,
  type TfTables,
} from './score.ts';
import { COMPARISONS, levelOf } from './compare.ts';
import {
  DEFAULT_THRESHOLDS,
  type Explanation,
  type LinkageModel,
  type LinkRecord,
  type Thresholds,
} from './types.ts';

export type MatchDecision = 'link' | 'review' | 'new';

export interface MatchCandidate {
  readonly id: string;
  readonly row: number;
  readonly matchWeight: number;
  readonly matchProbability: number;
  readonly decision: MatchDecision;
  readonly explanation?: Explanation;
}

export interface MatchResult {
  /** What to do with the incoming record: link to the best candidate, queue for review, or create new. */
  readonly decision: MatchDecision;
  readonly candidates: readonly MatchCandidate[];
  readonly compared: number;
}

interface RuleIndex {
  readonly rule: BlockingRule;
  readonly keys: Float64Array;
  readonly rows: Int32Array;
  readonly added: Map<number, number[]>;
}

function lowerBound(keys: Float64Array, key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of everyone known, for matching one record at a time. */
export class LinkageIndex {
  private readonly rules: RuleIndex[];
  private readonly weights: number[][];
  private readonly prior: number;
  private readonly query: PreparedTable;
  private readonly cache: NameCache = new Map();
  private stamp = 0;
  private seenRows: Int32Array;

  /**
   * Builds the index over a prepared table with a trained model.
   *
   * @example
   * const index = new LinkageIndex(result.table, result.model);
   */
  constructor(
    readonly table: PreparedTable,
    readonly model: LinkageModel,
    readonly thresholds: Thresholds = DEFAULT_THRESHOLDS,
    readonly tf: TfTables = buildTf(table, model),
    /** Blocks larger than this are sampled down to their first rows (by row order) when searched. */
    readonly maxBlock = 5000,
  ) {
    const rules = defaultRules(identifierSchemes(table));
    this.rules = rules.map((rule) => {
      const all = ruleKeys(table, rule);
      const order: number[] = [];
      for (let i = 0; i < all.length; i++) if (!Number.isNaN(all[i]!)) order.push(i);
      order.sort((a, b) => all[a]! - all[b]! || a - b);
      return {
        rule,
        keys: Float64Array.from(order, (i) => all[i]!),
        rows: Int32Array.from(order),
        added: new Map(),
      };
    });
    this.weights = levelWeights(model);
    this.prior = priorWeight(model);
    this.query = createTable(table.pool, 1);
    this.seenRows = new Int32Array(Math.max(16, table.ids.length));
  }

  /** Number of records in the index. */
  get size(): number {
    return this.table.ids.length;
  }

  private decide(p: number): MatchDecision {
    if (p >= this.thresholds.autoLink) return 'link';
    if (p >= this.thresholds.review) return 'review';
    return 'new';
  }

  /**
   * Finds the known records most likely to be the same person as `record`.
   *
   * @example
   * index.match({ id: 'new', givenName: 'Jo', familyName: 'Bloggs', dateOfBirth: '2010-01-02' }).decision;
   */
  match(
    record: LinkRecord,
    options: { limit?: number; minProbability?: number; explain?: boolean } = {},
  ): MatchResult {
    const q = this.query;
    q.ids.length = 0;
    for (const c of Object.values(q.cols)) c.length = 0;
    q.cols.addrOff.push(0);
    q.cols.idOff.push(0);
    q.addrTok.length = 0;
    q.idScheme.length = 0;
    q.idValue.length = 0;
    appendRecord(q, record, this.cache);
    if (this.seenRows.length < this.table.ids.length) {
      const next = new Int32Array(this.table.ids.length * 2);
      next.set(this.seenRows);
      this.seenRows = next;
    }
    const stamp = ++this.stamp;
    const found: MatchCandidate[] = [];
    let compared = 0;
    const minP = options.minProbability ?? 0.01;
    const visit = (row: number): void => {
      if (this.seenRows[row] === stamp) return;
      this.seenRows[row] = stamp;
      compared++;
      const pattern = comparePair(q, 0, this.table, row);
      let w = this.prior + tfAdjustment(this.table, row, pattern, this.tf);
      for (let c = 0; c < COMPARISONS.length; c++) w += this.weights[c]![levelOf(pattern, c)]!;
      const p = weightToProbability(w);
      if (p < minP) return;
      found.push({
        id: this.table.ids[row]!,
        row,
        matchWeight: w,
        matchProbability: p,
        decision: this.decide(p),
      });
    };
    for (const ri of this.rules) {
      const key = ri.rule.key(q, 0);
      if (Number.isNaN(key)) continue;
      let x = lowerBound(ri.keys, key);
      const end = Math.min(ri.keys.length, x + this.maxBlock);
      for (; x < end && ri.keys[x] === key; x++) visit(ri.rows[x]!);
      for (const row of ri.added.get(key) ?? []) visit(row);
    }
    found.sort((a, b) => b.matchWeight - a.matchWeight || a.row - b.row);
    const top = found.slice(0, options.limit ?? 10);
    const candidates = options.explain
      ? top.map((c) => ({ ...c, explanation: explainPair(this.model, q, 0, this.table, c.row, this.tf) }))
      : top;
    return { decision: candidates[0]?.decision ?? 'new', candidates, compared };
  }

  /**
   * Adds a record to the index (after it has been created or linked) and returns its row.
   *
   * @example
   * index.add({ id: 'p-123', givenName: 'Jo', familyName: 'Bloggs' });
   */
  add(record: LinkRecord): number {
    const row = appendRecord(this.table, record, this.cache);
    for (const ri of this.rules) {
      const key = ri.rule.key(this.table, row);
      if (Number.isNaN(key)) continue;
      const list = ri.added.get(key);
      if (list) list.push(row);
      else ri.added.set(key, [row]);
    }
    return row;
  }
}
