// `sightline report <name>`: the partnership dashboard, CSE return or data-quality report for a period,
// after disclosure control, as CSV, XLSX, PDF or JSON; `extract` is the pseudonymised record-level
// extract (needs SIGHTLINE_PSEUDONYM_KEY). Every run is audited as the system (operator).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runWithContext } from '../../access/index.ts';
import { systemClock } from '../../platform/clock/clock.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { migrate, openDatabase } from '../../platform/database/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import {
  EXPORT_FORMATS,
  REPORT_NAMES,
  produceExtract,
  produceReport,
  renderExport,
  type ExportFormat,
  type ReportName,
} from '../../reports/index.ts';

interface Options {
  from: string;
  to: string;
  format: string;
  out?: string;
  partnership?: string;
  json: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function register(program: Command): void {
  program
    .command('report')
    .description(
      `Produce a report after disclosure control: ${REPORT_NAMES.join(', ')}, or extract (pseudonymised)`,
    )
    .argument('<name>', `${REPORT_NAMES.join(' | ')} | extract`)
    .requiredOption('--from <date>', 'first day of the period (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last day of the period (YYYY-MM-DD)')
    .option('--format <format>', `${EXPORT_FORMATS.join(' | ')} (extract: csv only)`, 'csv')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--partnership <code>', 'partnership code (default: the first)')
    .option('--json', 'same as --format json', false)
    .action(async (name: string, o: Options) => {
      if (!DATE.test(o.from) || !DATE.test(o.to) || o.from > o.to) {
        throw new Error('--from and --to must be dates (YYYY-MM-DD) with --from on or before --to');
      }
      const format = (o.json ? 'json' : o.format) as ExportFormat;
      if (!EXPORT_FORMATS.includes(format)) {
        throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
      }
      if (name !== 'extract' && !(REPORT_NAMES as readonly string[]).includes(name)) {
        throw new Error(`unknown report "${name}": use ${REPORT_NAMES.join(', ')} or extract`);
      }
      const config = loadConfig();
      if (name === 'extract' && config.pseudonymKey === undefined) {
        throw new Error(
          'the extract needs SIGHTLINE_PSEUDONYM_KEY (32+ characters, e.g. openssl rand -hex 32)',
        );
      }
      const handle = await openDatabase(config.database);
      try {
        await migrate(handle.db);
        let q = handle.db.selectFrom('partnership').select('partnership_id').orderBy('created_at').limit(1);
        if (o.partnership !== undefined) q = q.where('code', '=', o.partnership);
        const p = await q.executeTakeFirst();
        if (p === undefined) throw new Error('no such partnership');
        const period = { from: o.from, to: o.to };
        const body = await runWithContext(
          { requestId: `cli-${newId()}`, actor: undefined, purpose: 'partnership reporting', channel: 'cli' },
          async () => {
            if (name === 'extract') {
              return produceExtract(handle.db, systemClock, p.partnership_id, period, config.pseudonymKey);
            }
            const report = await produceReport(
              handle.db,
              systemClock,
              p.partnership_id,
              name as ReportName,
              period,
              format,
            );
            return (await renderExport(report, format)).body;
          },
        );
        if (o.out !== undefined) writeFileSync(o.out, body);
        else process.stdout.write(body);
      } finally {
        await handle.close();
      }
    });
}
