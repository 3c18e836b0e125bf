/**
 * Runs a service call in the access-checked handle so that a refusal still commits its "denied" audit
 * event: a not-found raised by the work is carried out of the transaction and thrown after it commits.
 * Services check access before they write, so nothing else is committed with a refusal.
 */
import { withAccess, type AccessScope, type Actor } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/database/index.ts';
import { isAppError, type AppError } from '../platform/errors/index.ts';
import { withCaseTables, type CasesDb } from './cases.tables.ts';

export interface CaseScope extends AccessScope {
  db: CasesDb;
  now: Date;
}

/**
 * @example
 * const view = await scoped(db, clock, actor, async (s) => readCase(s, id));
 */
export async function scoped<T>(
  db: Db,
  clock: Clock,
  actor: Actor,
  work: (scope: CaseScope) => Promise<T>,
): Promise<T> {
  const result = await withAccess(
    db,
    clock,
    actor,
    async (scope): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> => {
      const s: CaseScope = Object.assign(Object.create(scope) as AccessScope, {
        actor: scope.actor,
        tx: scope.tx,
        db: withCaseTables(scope.tx),
        now: clock.now(),
      });
      try {
        return { ok: true, value: await work(s) };
      } catch (error) {
        if (isAppError(error) && error.code === 'not_found') return { ok: false, error };
        throw error;
      }
    },
  );
  if (!result.ok) throw result.error;
  return result.value;
}

/** `scoped` bound to a database and clock. @example const run = scopedWith(db, clock); await run(actor, work); */
export function scopedWith(db: Db, clock: Clock) {
  return <T>(actor: Actor, work: (scope: CaseScope) => Promise<T>): Promise<T> =>
    scoped(db, clock, actor, work);
}
