import { defineConfig } from 'vitest/config';

// Three in-process tiers share one run (STYLE.md §10): *.test.ts (pure), *.db.test.ts (real database:
// PGlite, or PostgreSQL when DATABASE_URL is set) and *.http.test.ts (the whole app via inject).
// Browser tests live in test/e2e and run as their own project so they can be given longer time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          setupFiles: ['test/support/setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          setupFiles: ['test/support/setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
