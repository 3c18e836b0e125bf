/**
 * Backtesting over stored or simulated history (the `sightline evaluate` command): replays month ends
 * between two dates and reports, per rule and in total, alerts per month and children alerted; with
 * ground truth (a simulated partnership), precision, recall, lead time and never-recognised victims.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import { backtest, type BacktestReport } from '../engine/backtest.ts';
import { compileRuleSet } from '../engine/compile.ts';
import { fromDay, monthEnds, toDay } from '../engine/dates.ts';
import { compileProfiles } from '../engine/profiles.ts';
import { buildObjectStore } from '../engine/store.ts';
import type { RuleSet } from '../rules/schema.ts';
import { loadSimulatedPartnership } from '../simulated-events.ts';
import { loadEngineInput } from './load-input.ts';
import { withAlertTables } from './tables.ts';

export interface ReplayFigures {
  readonly ruleSet: string;
  readonly from: string;
  readonly to: string;
  readonly alertBand: string;
  readonly children: number;
  readonly alertsPerMonth: readonly { month: string; alerts: number }[];
  readonly childrenAlerted: number;
  readonly perRule: readonly { rule: string; childrenFiring: number; newlyFiringPerMonth: number }[];
  readonly truth: BacktestReport['byBand'] | null;
  readonly truthByRule: BacktestReport['byRule'] | null;
  readonly report: BacktestReport;
}

function figures(
  set: RuleSet,
  from: string,
  to: string,
  children: number,
  report: BacktestReport,
): ReplayFigures {
  const months = Math.max(1, report.points.length);
  return {
    ruleSet: `${set.id}@${set.version}`,
    from,
    to,
    alertBand: report.alertBand,
    children,
    alertsPerMonth: report.points.map((p) => ({ month: fromDay(p.asOf).slice(0, 7), alerts: p.alerts })),
    childrenAlerted: report.childrenAlerted,
    perRule: set.rules.map((r) => ({
      rule: r.id,
      childrenFiring: report.childrenPerRule[r.id] ?? 0,
      newlyFiringPerMonth: report.points.reduce((n, p) => n + (p.newlyFiring[r.id] ?? 0), 0) / months,
    })),
    truth: report.byBand ?? null,
    truthByRule: report.byRule ?? null,
    report,
  };
}

/**
 * Replays a simulated partnership (a `sightline simulate` folder with its truth).
 *
 * @example
 * replaySimulated(defaultRuleSet(), dir, '2025-01-01', '2025-12-31', 'high').truth?.high?.recall;
 */
export function replaySimulated(
  set: RuleSet,
  dir: string,
  from: string,
  to: string,
  alertBand: string,
): ReplayFigures {
  const sim = loadSimulatedPartnership(dir);
  const report = backtest(
    compileRuleSet(set),
    sim.store,
    compileProfiles(sim.children),
    monthEnds(toDay(from), toDay(to)),
    {
      alertBand,
      victims: sim.victims,
    },
  );
  return figures(set, from, to, sim.children.length, report);
}

/**
 * Replays a partnership's stored history (no truth) and records the backtest for the rules page.
 *
 * @example
 * await replayDatabase(db, partnershipId, defaultRuleSet(), '2026-01-01', '2026-10-31', 'high');
 */
export async function replayDatabase(
  db: Kysely<Database>,
  partnershipId: string,
  set: RuleSet,
  from: string,
  to: string,
  alertBand: string,
): Promise<ReplayFigures> {
  const input = await loadEngineInput(db, partnershipId);
  const { store } = buildObjectStore(input.children, input.events, input.facts);
  const report = backtest(
    compileRuleSet(set),
    store,
    compileProfiles(input.children),
    monthEnds(toDay(from), toDay(to)),
    {
      alertBand,
    },
  );
  await withAlertTables(db)
    .insertInto('rule_backtest')
    .values({
      id: newId(),
      partnership_id: partnershipId,
      rule_set_key: set.id,
      version: set.version,
      from_date: from,
      to_date: to,
      report: JSON.stringify(report),
    })
    .execute();
  return figures(set, from, to, input.children.length, report);
}
