/**
 * Starts the real server in this process on a free port, over a fresh test database.
 */
import { loadDemoPartnership } from '../../src/demo/index.ts';
import { systemClock } from '../../src/platform/clock/clock.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import type { App } from '../../src/platform/http/app.ts';
import { createLogger } from '../../src/platform/logging/logger.ts';
import { buildApp } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export interface TestServer {
  url: string;
  app: App;
  database: TestDatabase;
  stop(): Promise<void>;
}

/** @example const server = await startTestServer({ demo: true }); await page.goto(server.url); */
export async function startTestServer(
  options: { demo?: boolean; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const database = await createTestDatabase();
  if (options.demo !== false) await loadDemoPartnership(database.db);
  const config = loadConfig({ NODE_ENV: 'test', ...options.env });
  const app = await buildApp({
    config,
    database,
    logger: createLogger({ level: 'silent' }),
    clock: systemClock,
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    app,
    database,
    stop: async () => {
      await app.close();
      await database.dispose();
    },
  };
}
