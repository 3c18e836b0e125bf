import type { Command } from 'commander';
import { loadDemoPartnership, loadSimulatedDemo } from '../../demo/index.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { migrate, openDatabase } from '../../platform/database/index.ts';

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'Apply migrations and load the demo partnership, with a simulated partnership through the import pipeline (does nothing if already loaded)',
    )
    .option('--json', 'print the summary as JSON', false)
    .action(async (options: { json: boolean }) => {
      const config = loadConfig();
      const handle = await openDatabase(config.database);
      try {
        await migrate(handle.db);
        const summary = await loadDemoPartnership(handle.db);
        const simulated =
          config.demoChildren === 0
            ? { batches: [] }
            : await loadSimulatedDemo(handle, summary.partnershipId, {
                children: config.demoChildren,
                progress: (m) => process.stderr.write(`demo: ${m}\n`),
              });
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify({ ...summary, importedBatches: simulated.batches.length })}\n`,
          );
        } else if (summary.loaded) {
          process.stdout.write(
            `loaded the demo partnership: ${summary.agencies} agencies, ${summary.users} users, ${summary.people} people, ${summary.events} events\n`,
          );
        } else process.stdout.write('the demo partnership is already loaded\n');
      } finally {
        await handle.close();
      }
    });
}
