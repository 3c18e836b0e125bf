/**
 * Aggregates for the rules page (each rule's live record and latest backtest) and the fairness page
 * (alert rates by sex, age band and ethnicity against the partnership's children, through the
 * disclosure control). Aggregates only: no person is named. Ethnicity is read here for monitoring and
 * never reaches the evaluator.
 */
import type { Kysely } from 'kysely';
import { canInPartnership, writeAudit, type Actor } from '../../access/index.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, type Database } from '../../platform/database/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import { protectTable } from '../../reports/index.ts';
import { toDay } from '../engine/dates.ts';
import { ageBand } from '../engine/monitoring/fairness.ts';
import { parseRuleSet } from '../rules/load.ts';
import { activeRuleSet } from './evaluation.service.ts';
import { withAlertTables } from './tables.ts';

export interface RuleRecord {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly weight: number;
  readonly alerts: number;
  readonly actionedShare: number | null;
  readonly dismissedShare: number | null;
  readonly backtestChildren: number | null;
}

export interface RulesPage {
  readonly title: string;
  readonly version: string;
  readonly rules: readonly RuleRecord[];
  readonly backtest: { readonly from: string; readonly to: string; readonly runAt: string } | null;
}

/**
 * Each rule of the active set with its live record and its latest backtest (children it fired for).
 *
 * @example
 * const page = await rulesRecord(db, clock, actor);
 */
export async function rulesRecord(db: Kysely<Database>, clock: Clock, actor: Actor): Promise<RulesPage> {
  if (!canInPartnership(actor, 'aggregate.read')) throw notFound('page');
  const active = await activeRuleSet(db, actor.partnershipId);
  const set = parseRuleSet(active.definition);
  return inTransaction(db, async (tx) => {
    const adb = withAlertTables(tx);
    const alerts = await adb
      .selectFrom('alert')
      .select(['rule_ids', 'status'])
      .where('partnership_id', '=', actor.partnershipId)
      .execute();
    const latest = await adb
      .selectFrom('rule_backtest')
      .select(['from_date', 'to_date', 'run_at', 'report'])
      .where('partnership_id', '=', actor.partnershipId)
      .where('rule_set_key', '=', active.key)
      .orderBy('run_at', 'desc')
      .executeTakeFirst();
    const perRule = (latest?.report as { childrenPerRule?: Record<string, number> } | undefined)
      ?.childrenPerRule;
    const rules = set.rules.map((rule) => {
      const mine = alerts.filter((a) => a.rule_ids.includes(rule.id));
      const closed = mine.filter((a) => a.status === 'actioned' || a.status === 'dismissed').length;
      const share = (s: string) => (closed === 0 ? null : mine.filter((a) => a.status === s).length / closed);
      return {
        id: rule.id,
        title: rule.title,
        source: rule.source.name,
        weight: rule.weight,
        alerts: mine.length,
        actionedShare: share('actioned'),
        dismissedShare: share('dismissed'),
        backtestChildren: perRule?.[rule.id] ?? null,
      };
    });
    await writeAudit(tx, clock.now(), { action: 'alert.rules_read', subjectType: 'partnership' });
    return {
      title: set.title,
      version: set.version,
      rules,
      backtest:
        latest === undefined
          ? null
          : { from: latest.from_date, to: latest.to_date, runAt: latest.run_at.toISOString().slice(0, 10) },
    };
  });
}

export interface FairnessRow {
  readonly group: string;
  readonly population: string;
  readonly alerted: string;
  readonly ratePer1000: string;
}

export interface FairnessPage {
  readonly asOf: string;
  readonly tables: readonly { readonly title: string; readonly rows: readonly FairnessRow[] }[];
  readonly threshold: number;
}

const DIMENSIONS = [
  { key: 'sex', title: 'By sex' },
  { key: 'age', title: 'By age band' },
  { key: 'ethnicity', title: 'By ethnicity (monitoring only: never an input to a rule)' },
] as const;

/**
 * Children alerted in the last year against all the partnership's children, by group, with small
 * counts suppressed (primary and secondary) before anything is shown.
 *
 * @example
 * const page = await fairness(db, clock, actor);
 */
export async function fairness(db: Kysely<Database>, clock: Clock, actor: Actor): Promise<FairnessPage> {
  if (!canInPartnership(actor, 'aggregate.read')) throw notFound('page');
  const asOf = clock.now().toISOString().slice(0, 10);
  const yearAgo = new Date(clock.now().getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  const threshold = 5;
  return inTransaction(db, async (tx) => {
    const people = await tx
      .selectFrom('person')
      .select(['id', 'sex', 'date_of_birth', 'ethnicity_dfe'])
      .where('partnership_id', '=', actor.partnershipId)
      .where('kind', '=', 'child')
      .where('merged_into', 'is', null)
      .execute();
    const alerted = new Set(
      (
        await withAlertTables(tx)
          .selectFrom('alert')
          .select('person_id')
          .where('partnership_id', '=', actor.partnershipId)
          .where('raised_on', '>=', yearAgo)
          .execute()
      ).map((a) => a.person_id),
    );
    const asOfDay = toDay(asOf);
    const groupOf = (p: (typeof people)[number], key: (typeof DIMENSIONS)[number]['key']): string => {
      if (key === 'sex') return p.sex ?? 'not recorded';
      if (key === 'age') return ageBand(p.date_of_birth === null ? null : toDay(p.date_of_birth), asOfDay);
      return p.ethnicity_dfe ?? 'not recorded';
    };
    const tables = DIMENSIONS.map(({ key, title }) => {
      const groups = [...new Set(people.map((p) => groupOf(p, key)))].sort();
      const counts: number[] = [];
      for (const g of groups) {
        const inGroup = people.filter((p) => groupOf(p, key) === g);
        const hit = inGroup.filter((p) => alerted.has(p.id)).length;
        counts.push(hit, inGroup.length - hit);
      }
      if (groups.length === 0) return { title, rows: [] };
      const published = protectTable(
        {
          name: title,
          dimensions: [
            { name: key, categories: groups },
            { name: 'outcome', categories: ['alerted', 'not alerted'] },
          ],
          counts,
        },
        { threshold },
      );
      const cell = (g: number, o: number) => published.cells[g * 3 + o]!;
      const rows = [...groups, 'Total'].map((group, g) => {
        const hit = cell(g, 0);
        const total = cell(g, 2);
        const rate =
          hit.value === null || total.value === null || total.value === 0
            ? 'c'
            : ((hit.value / total.value) * 1000).toFixed(1);
        return { group, population: total.display, alerted: hit.display, ratePer1000: rate };
      });
      return { title, rows };
    });
    await writeAudit(tx, clock.now(), { action: 'alert.fairness_read', subjectType: 'partnership' });
    return { asOf, tables, threshold };
  });
}
