import cluster from 'node:cluster';
import type { Command } from 'commander';
import { DEMO_PASSWORD, DEMO_USERS, loadDemoPartnership, loadSimulatedDemo } from '../../demo/index.ts';
import { loadConfig, type Config } from '../../platform/config/config.ts';
import { migrate, openDatabase, type DatabaseHandle } from '../../platform/database/index.ts';
import { startServer } from '../../server.ts';

interface ServeOptions {
  demo: boolean;
  port?: string;
  workers?: string;
}

/** Loads the simulated part of the demo partnership (sized by SIGHTLINE_DEMO_CHILDREN). */
function afterDemo(config: Config) {
  return async (database: DatabaseHandle, demo: { partnershipId: string }) => {
    if (config.demoChildren === 0) return;
    await loadSimulatedDemo(database, demo.partnershipId, {
      children: config.demoChildren,
      progress: (m) => process.stderr.write(`demo: ${m}\n`),
    });
  };
}

function printDemoSignIns(config: Config): void {
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

/** The young generation's semi-space for server workers, in MB (V8's default is 16). */
export const WORKER_SEMI_SPACE_MB = 64;

/**
 * The Node options of each server worker: the primary's, with a larger young generation unless one is
 * set already. A page's data (a 500-event child record holds about 250 KB while its queries run) lives
 * across several of V8's default 16 MB scavenges when many pages are read at once, so it is copied and
 * promoted; at 64 MB the scavenger took about a third of the time per page in the child-record bench.
 *
 * @example
 * workerExecArgv([], undefined); // ['--max-semi-space-size=64']
 */
export function workerExecArgv(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const set = [...execArgv, ...(nodeOptions ?? '').split(/\s+/u)].some((a) =>
    a.replaceAll('_', '-').startsWith('--max-semi-space-size'),
  );
  return set ? [...execArgv] : [...execArgv, `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`];
}

/**
 * The cluster's primary: migrates (and loads the demo) once, then forks `config.workers` servers that
 * share the port, replaces a worker that dies, and passes SIGINT/SIGTERM on so each closes cleanly.
 */
async function runPrimary(config: Config, options: ServeOptions): Promise<void> {
  const database = await openDatabase(config.database);
  try {
    await migrate(database.db);
    if (options.demo) {
      const demo = await loadDemoPartnership(database.db);
      await afterDemo(config)(database, demo);
    }
  } finally {
    await database.close();
  }
  let stopping = false;
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS) });
  const fork = () => cluster.fork({ SIGHTLINE_CLUSTER_WORKER: '1' });
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === config.workers) {
      process.stderr.write(
        `\nSightline is running at http://localhost:${address.port} (${config.workers} worker processes, PostgreSQL)\n`,
      );
      if (options.demo) printDemoSignIns(config);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(`worker ${worker.id} stopped (${signal ?? `exit ${code}`}); starting another\n`);
    fork();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    });
  }
  for (let i = 0; i < config.workers; i += 1) fork();
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Apply migrations and serve Sightline (port from PORT, default 3000)')
    .option('--demo', 'load the demo partnership into an empty database first', false)
    .option('--port <port>', 'port to listen on (overrides PORT)')
    .option(
      '--workers <n>',
      'server processes sharing the port, PostgreSQL only (overrides SIGHTLINE_WORKERS; default 1)',
    )
    .action(async (options: ServeOptions) => {
      const env = {
        ...process.env,
        ...(options.port !== undefined ? { PORT: options.port } : {}),
        ...(options.workers !== undefined ? { SIGHTLINE_WORKERS: options.workers } : {}),
      };
      const config = loadConfig(env);
      const worker = process.env.SIGHTLINE_CLUSTER_WORKER === '1';
      if (config.workers > 1 && !worker) {
        if (config.database.kind !== 'postgres') {
          throw new Error(
            'Several workers need PostgreSQL (set DATABASE_URL): the embedded PGlite lives inside one process',
          );
        }
        await runPrimary(config, options);
        return;
      }
      const server = await startServer(config, {
        // In a cluster the primary has migrated and loaded the demo already.
        loadDemo: options.demo && !worker,
        handleSignals: true,
        afterDemo: afterDemo(config),
      });
      if (worker) return;
      process.stderr.write(`\nSightline is running at ${server.url.replace('127.0.0.1', 'localhost')}\n`);
      process.stderr.write(
        `Database: ${config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dataDir ?? ''}` : 'PostgreSQL'}\n`,
      );
      if (options.demo) printDemoSignIns(config);
    });
}
