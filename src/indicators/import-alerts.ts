/**
 * Wires early warning to the import pipeline for one running app: every import batch that completes
 * on the app's database is followed by an incremental evaluation (see service/import-evaluation.ts),
 * and batches left pending by a failure or a stop are caught up in the background once the app is
 * ready. Registered with the route modules so every app built over a database gets it; nothing here
 * serves a route.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/http/app.ts';
import { alertOnImports, catchUpImports } from './service/import-evaluation.ts';

/**
 * Subscribes to completed import batches for the app's lifetime and starts the catch-up when ready.
 *
 * @example
 * export const ROUTE_MODULES = [registerAccessHooks, ..., registerImportAlerts];
 */
export function registerImportAlerts(app: FastifyInstance, deps: AppDeps): void {
  const logger = deps.logger.child({ module: 'early-warning' });
  const stop = alertOnImports(deps.database, { clock: deps.clock, logger });
  let catchUp: Promise<unknown> = Promise.resolve();
  app.addHook('onReady', async () => {
    catchUp = catchUpImports({ db: deps.database.db, clock: deps.clock, logger });
  });
  app.addHook('onClose', async () => {
    stop();
    await catchUp;
  });
}
