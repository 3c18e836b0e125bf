import type { Command } from 'commander';
import { DEMO_PASSWORD, DEMO_USERS, loadSimulatedDemo } from '../../demo/index.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { startServer } from '../../server.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('Apply migrations and serve Sightline (port from PORT, default 3000)')
    .option('--demo', 'load the demo partnership into an empty database first', false)
    .option('--port <port>', 'port to listen on (overrides PORT)')
    .action(async (options: { demo: boolean; port?: string }) => {
      const env = { ...process.env, ...(options.port !== undefined ? { PORT: options.port } : {}) };
      const config = loadConfig(env);
      const server = await startServer(config, {
        loadDemo: options.demo,
        handleSignals: true,
        afterDemo: async (database, demo) => {
          if (config.demoChildren === 0) return;
          await loadSimulatedDemo(database, demo.partnershipId, {
            children: config.demoChildren,
            progress: (m) => process.stderr.write(`demo: ${m}\n`),
          });
        },
      });
      process.stderr.write(`\nSightline is running at ${server.url.replace('127.0.0.1', 'localhost')}\n`);
      process.stderr.write(
        `Database: ${config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dataDir ?? ''}` : 'PostgreSQL'}\n`,
      );
      if (options.demo) {
        if (config.demoMode) {
          process.stderr.write('\nDemo sign-ins (synthetic partnership, demo mode: MFA is off):\n');
          for (const user of DEMO_USERS) {
            const lead = user.dataProtectionLead === true ? ', data-protection lead' : '';
            process.stderr.write(`  ${user.email.padEnd(32)} ${user.roles.join(', ')}${lead}\n`);
          }
          process.stderr.write(`Demo password for every demo user: ${DEMO_PASSWORD}\n\n`);
        } else {
          process.stderr.write(
            '\nDemo mode is off: demo accounts cannot sign in. Add accounts with `sightline users add`.\n\n',
          );
        }
      }
    });
}
