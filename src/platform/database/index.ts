export { openDatabase, checkDatabase, type Db, type DatabaseHandle } from './connect.ts';
export { migrate, readMigrations, MIGRATIONS_DIR, type MigrationResult } from './migrate.ts';
export { inTransaction, type Tx } from './transaction.ts';
export type * from './schema.ts';
export { shareConnection } from './share.ts';
