// `sightline evaluate`: replay history with a rule set and print, per rule and in total, alerts per
// month and children alerted; with --simulated DIR also precision, recall, lead time and the victims
// agencies never recognised that the rules surface. --live runs today's evaluation on the database
// and raises alerts (audited as the system).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  defaultRuleSet,
  evaluatePartnership,
  installRuleSet,
  parseRuleSet,
  replayDatabase,
  replaySimulated,
  type ReplayFigures,
  type RuleSet,
} from '../../indicators/index.ts';
import { systemClock } from '../../platform/clock/clock.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { migrate, openDatabase, type Db } from '../../platform/database/index.ts';

interface Options {
  rules?: string;
  from?: string;
  to?: string;
  simulated?: string;
  band: string;
  partnership?: string;
  live: boolean;
  json: boolean;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function print(f: ReplayFigures): void {
  const out: string[] = [
    `rule set ${f.ruleSet}, ${f.from} to ${f.to}, alert band ${f.alertBand}, ${f.children} children`,
  ];
  out.push('month    alerts');
  for (const m of f.alertsPerMonth) out.push(`${m.month}  ${m.alerts}`);
  out.push(`children alerted (total): ${f.childrenAlerted}`);
  out.push('rule                              children  new/month  precision  recall  lead(median d)');
  for (const r of f.perRule) {
    const t = f.truthByRule?.[r.rule];
    out.push(
      [
        r.rule.padEnd(34),
        String(r.childrenFiring).padStart(8),
        r.newlyFiringPerMonth.toFixed(1).padStart(10),
        (t === undefined ? '-' : pct(t.precision)).padStart(10),
        (t === undefined ? '-' : pct(t.recall)).padStart(7),
        (t?.leadTimeDaysMedian === null || t === undefined ? '-' : String(t.leadTimeDaysMedian)).padStart(15),
      ].join(' '),
    );
  }
  if (f.truth !== null && f.truth !== undefined) {
    for (const [band, a] of Object.entries(f.truth)) {
      out.push(
        `total at ${band}: precision ${pct(a.precision)}, recall ${pct(a.recall)}, before recognition ${pct(a.surfacedBeforeRecognitionShare)}, ` +
          `median lead ${a.leadTimeDaysMedian ?? '-'} days, never-recognised victims surfaced ${a.neverRecognisedSurfaced} of ${a.neverRecognised}`,
      );
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function partnershipOf(db: Db, code: string | undefined): Promise<string> {
  let q = db.selectFrom('partnership').select(['partnership_id', 'code']);
  if (code !== undefined) q = q.where('code', '=', code);
  const rows = await q.execute();
  if (rows.length !== 1) {
    throw new Error(
      code === undefined ? 'Name the partnership with --partnership CODE' : `No partnership ${code}`,
    );
  }
  return rows[0]!.partnership_id;
}

export function register(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Backtest early-warning rules over history (--simulated DIR adds truth metrics), or --live to raise alerts',
    )
    .option('--rules <file>', 'rule set JSON (default: the built-in rule set)')
    .option('--from <date>', 'first day of the replay, YYYY-MM-DD')
    .option('--to <date>', 'last day of the replay, YYYY-MM-DD')
    .option('--simulated <dir>', 'a `sightline simulate` folder (reads its truth)')
    .option('--band <name>', 'the band that raises an alert', 'high')
    .option('--partnership <code>', 'partnership code (database runs; needed when there are several)')
    .option(
      '--live',
      'evaluate today on the database and raise alerts (installs --rules as the active set)',
      false,
    )
    .option('--json', 'print the figures as JSON', false)
    .action(async (options: Options) => {
      const set: RuleSet =
        options.rules === undefined
          ? defaultRuleSet()
          : parseRuleSet(JSON.parse(readFileSync(options.rules, 'utf8')));
      if (options.simulated !== undefined) {
        if (options.from === undefined || options.to === undefined) throw new Error('Give --from and --to');
        const f = replaySimulated(set, options.simulated, options.from, options.to, options.band);
        if (options.json) process.stdout.write(`${JSON.stringify({ ...f, report: undefined })}\n`);
        else print(f);
        return;
      }
      const handle = await openDatabase(loadConfig().database);
      try {
        await migrate(handle.db);
        const pid = await partnershipOf(handle.db, options.partnership);
        if (options.live) {
          if (options.rules !== undefined) await installRuleSet(handle.db, pid, set, null);
          const summary = await evaluatePartnership(
            { db: handle.db, clock: systemClock, inWorker: false },
            pid,
          );
          if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
          else {
            process.stdout.write(
              `evaluated ${summary.evaluated} children on ${summary.asOf}: ${summary.alertsRaised} alerts raised\n`,
            );
          }
          return;
        }
        if (options.from === undefined || options.to === undefined) throw new Error('Give --from and --to');
        const f = await replayDatabase(handle.db, pid, set, options.from, options.to, options.band);
        if (options.json) process.stdout.write(`${JSON.stringify({ ...f, report: undefined })}\n`);
        else print(f);
      } finally {
        await handle.close();
      }
    });
}
