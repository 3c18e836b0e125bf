import type { Command } from 'commander';
import { loadConfig } from '../../platform/config/config.ts';
import { migrate, openDatabase } from '../../platform/database/index.ts';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('Apply every pending database migration (DATABASE_URL, or embedded PGlite)')
    .option('--json', 'print the result as JSON', false)
    .action(async (options: { json: boolean }) => {
      const config = loadConfig();
      const handle = await openDatabase(config.database);
      try {
        const result = await migrate(handle.db);
        if (options.json) process.stdout.write(`${JSON.stringify({ database: handle.kind, ...result })}\n`);
        else {
          for (const name of result.applied) process.stdout.write(`applied ${name}\n`);
          process.stdout.write(
            `${result.applied.length} applied, ${result.alreadyApplied} already applied\n`,
          );
        }
      } finally {
        await handle.close();
      }
    });
}
