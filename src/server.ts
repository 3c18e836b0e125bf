/**
 * The composition root: opens the database, applies migrations, optionally loads the demo partnership,
 * builds the app with every module's routes, and serves it. SIGINT/SIGTERM stop accepting requests,
 * let those in flight finish, then close the database cleanly (PGlite needs a clean close).
 */
import type { FastifyRequest } from 'fastify';
import type { Config } from './platform/config/config.ts';
import { systemClock } from './platform/clock/clock.ts';
import { migrate, openDatabase, type DatabaseHandle } from './platform/database/index.ts';
import {
  createApp,
  type App,
  type AppDeps,
  type NavigationItem,
  type RouteModule,
} from './platform/http/app.ts';
import { createLogger, describeError, type Logger } from './platform/logging/logger.ts';
import { loadDemoPartnership, type DemoSummary } from './demo/index.ts';
import {
  canInPartnership,
  describePolicy,
  registerAccessHooks,
  registerAccountRoutes,
  registerAuditRoutes,
  registerBreakGlassRoutes,
  registerIntelligenceRoutes,
  registerSignInRoutes,
  type Action,
} from './access/index.ts';
import { registerPeopleRoutes } from './people/index.ts';
import { registerNetworkRoutes } from './network/index.ts';
import { registerReportRoutes } from './reports/index.ts';
import { registerIntelligenceItemRoutes } from './intelligence/index.ts';
import { registerHomeRoutes } from './web/index.ts';
import { registerCasesRoutes } from './cases/index.ts';
import { registerAlertRoutes, registerImportAlerts } from './indicators/index.ts';
import { registerChildrenRoutes } from './children/index.ts';
import { registerConcernRoutes } from './events/index.ts';
import { registerScreeningRoutes } from './screening/index.ts';
import { registerImportRoutes } from './imports/index.ts';
import { registerIdentityRoutes } from './identity/index.ts';

/** Every module's routes, in the order they are registered. The access hooks come first. */
export const ROUTE_MODULES: RouteModule[] = [
  registerAccessHooks,
  registerSignInRoutes,
  registerHomeRoutes,
  registerPeopleRoutes,
  registerChildrenRoutes,
  registerConcernRoutes,
  registerScreeningRoutes,
  registerBreakGlassRoutes,
  registerIntelligenceRoutes,
  registerIntelligenceItemRoutes,
  registerNetworkRoutes,
  registerReportRoutes,
  registerAlertRoutes,
  registerImportAlerts,
  registerCasesRoutes,
  registerImportRoutes,
  registerIdentityRoutes,
  registerAccountRoutes,
  registerAuditRoutes,
];

const PERSON_READER_ROLES = new Set(['practitioner', 'coordinator', 'police_analyst']);
/** Roles the policy lets read some intelligence (in full or sanitised): they see the Intelligence menu item. */
const INTELLIGENCE_READER_ROLES = new Set(
  describePolicy()
    .filter((r) => r.action === 'intelligence.read_full' || r.action === 'intelligence.read_sanitised')
    .map((r) => r.role),
);
const allowedTo =
  (action: Action) =>
  (request: FastifyRequest): boolean =>
    request.actor !== null && canInPartnership(request.actor, action);

export const NAVIGATION: NavigationItem[] = [
  { href: '/', text: 'Home' },
  {
    href: '/people',
    text: 'People',
    visible: (r) => r.actor === null || r.actor.roles.some((role) => PERSON_READER_ROLES.has(role)),
  },
  {
    href: '/break-glass',
    text: 'Emergency access',
    visible: (r) => r.actor !== null && r.actor.roles.some((role) => PERSON_READER_ROLES.has(role)),
  },
  { href: '/network', text: 'Networks', visible: allowedTo('network.view') },
  {
    href: '/intelligence',
    text: 'Intelligence',
    visible: (r) =>
      r.actor !== null &&
      (canInPartnership(r.actor, 'intelligence.record') ||
        r.actor.roles.some((role) => INTELLIGENCE_READER_ROLES.has(role))),
  },
  { href: '/reports/dashboard', text: 'Reports', visible: allowedTo('aggregate.read') },
  {
    href: '/alerts',
    text: 'Alerts',
    visible: (r) =>
      r.actor !== null && r.actor.roles.some((role) => role === 'coordinator' || role === 'practitioner'),
  },
  {
    href: '/cases',
    text: 'Cases',
    visible: (r) => r.actor !== null && r.actor.roles.some((role) => PERSON_READER_ROLES.has(role)),
  },
  { href: '/concerns/mine', text: 'Concerns', visible: allowedTo('concern.raise') },
  { href: '/screenings/overdue', text: 'Overdue reviews', visible: allowedTo('screening.review_overdue') },
  { href: '/break-glass/reviews', text: 'Access reviews', visible: allowedTo('break_glass.review') },
  { href: '/audit/agency', text: 'Who consulted our records', visible: allowedTo('audit.read_agency') },
  { href: '/audit', text: 'Consultation log', visible: allowedTo('audit.read_all') },
  { href: '/imports', text: 'Imports', visible: allowedTo('import.run') },
  { href: '/identity/reviews', text: 'Identity review', visible: allowedTo('identity.review') },
  { href: '/admin/users', text: 'Users', visible: allowedTo('user.manage') },
  { href: '/sign-in', text: 'Sign in', visible: (r) => r.actor === null },
];

/**
 * Builds the app over an open database (used by the server and by HTTP tests).
 *
 * @example
 * const app = await buildApp({ config, database, logger, clock: systemClock });
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  return createApp(deps, ROUTE_MODULES, NAVIGATION);
}

export interface RunningServer {
  app: App;
  database: DatabaseHandle;
  url: string;
  demo: DemoSummary | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  loadDemo: boolean;
  /** Runs after the demo partnership is in place, before listening (the simulated feeds, `serve --demo`). */
  afterDemo?: (database: DatabaseHandle, demo: DemoSummary) => Promise<void>;
  logger?: Logger;
  handleSignals?: boolean;
}

/** Starts Sightline: migrate, optionally load the demo, listen. */
export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const database = await openDatabase(config.database);
  try {
    const migrated = await migrate(database.db);
    logger.info({ applied: migrated.applied.length, database: database.kind }, 'migrations applied');
    const demo = options.loadDemo ? await loadDemoPartnership(database.db) : undefined;
    if (demo !== undefined) await options.afterDemo?.(database, demo);
    const app = await buildApp({ config, database, logger, clock: systemClock });
    const url = await app.listen({ port: config.port, host: config.host });
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        logger.info('shutting down');
        await app.close();
        await database.close();
        logger.info('database closed');
      })();
      return stopping;
    };
    if (options.handleSignals === true) {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          stop()
            .then(() => process.exit(0))
            .catch((error: unknown) => {
              logger.error({ err: describeError(error) }, 'shutdown failed');
              process.exit(1);
            });
        });
      }
    }
    return { app, database, url, demo, stop };
  } catch (error) {
    await database.close();
    throw error;
  }
}
