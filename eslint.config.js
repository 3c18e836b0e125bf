// @ts-check
// Lint rules that hold the architecture (STYLE.md §12). What they cannot catch: imports built at run time
// and SQL reached through a module's public index. The runtime guards (the access-checked repository and
// the audit-in-transaction check) stay authoritative.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ENGINES = [
  'src/linkage/engine/**',
  'src/indicators/engine/**',
  'src/network/engine/**',
  'src/screening/engine/**',
  'src/reports/disclosure/**',
  'src/simulate/**',
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'data/**', 'src/web/static/vendor/**', 'coverage/**', 'tmp/**', 'out/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/unified-signatures': 'off',
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/web/static/**/*.js'],
    languageOptions: {
      globals: { document: 'readonly', window: 'readonly', HTMLScriptElement: 'readonly', fetch: 'readonly' },
    },
  },
  {
    files: ['bin/**', 'scripts/**', 'bench/**', 'src/cli/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'Do not commit focused tests.' },
        { object: 'describe', property: 'only', message: 'Do not commit focused tests.' },
        { object: 'test', property: 'only', message: 'Do not commit focused tests.' },
      ],
    },
  },
  {
    // Engines are pure: no database, no HTTP, no views (DESIGN.md §2 principle 1).
    files: ENGINES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/platform/database/**', '**/platform/database'],
              message: 'Engines are pure: pass data in, do not query.',
            },
            {
              group: ['**/web/**', 'fastify', 'fastify/*', '@fastify/*'],
              message: 'Engines know nothing of HTTP or views.',
            },
            {
              group: ['kysely', 'pg', '@electric-sql/pglite'],
              message: 'Engines are pure: no database drivers.',
            },
          ],
        },
      ],
    },
  },
);
