import type { Command } from 'commander';
import { verifyAuditChain } from '../../access/index.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { migrate, openDatabase } from '../../platform/database/index.ts';

export function register(program: Command): void {
  const audit = program.command('audit').description('The consultation log (audit events)');
  audit
    .command('verify')
    .description(
      'Check every partnership’s audit hash chain; exits 1 and says where if anything was changed, deleted or reordered',
    )
    .option('--partnership <code>', 'verify one partnership only')
    .option('--json', 'print the report as JSON', false)
    .action(async (o: { partnership?: string; json: boolean }) => {
      const config = loadConfig();
      const handle = await openDatabase(config.database);
      try {
        await migrate(handle.db);
        let partnershipId: string | undefined;
        if (o.partnership !== undefined) {
          const row = await handle.db
            .selectFrom('partnership')
            .select('partnership_id')
            .where('code', '=', o.partnership)
            .executeTakeFirst();
          if (row === undefined) throw new Error(`no partnership with code ${o.partnership}`);
          partnershipId = row.partnership_id;
        }
        const report = await verifyAuditChain(
          handle.db,
          partnershipId === undefined ? {} : { partnershipId },
        );
        if (o.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          process.stdout.write(
            `audit_partnerships ${report.partnerships} count\naudit_events ${report.events} count\n`,
          );
          for (const p of report.problems) {
            process.stdout.write(`PROBLEM ${p.kind} at event ${p.seq}: ${p.message}\n`);
          }
          process.stdout.write(
            report.ok ? 'the audit chain is intact\n' : 'the audit chain has been tampered with\n',
          );
        }
        if (!report.ok) process.exitCode = 1;
      } finally {
        await handle.close();
      }
    });
}
