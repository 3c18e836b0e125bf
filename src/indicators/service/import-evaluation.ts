/**
 * Early warning without anyone running a command: after import batches complete, the children they
 * changed are re-evaluated incrementally and alerts raised (de-duplicated, with the cool-down and band
 * memory of `evaluatePartnership`), audited as the system.
 *
 * Completed batches the engine has not yet seen are "pending" (no `import_evaluation` row). Each run
 * takes every pending batch of the partnership, so an evaluation that failed, or never ran because the
 * process stopped after the import committed, is retried by the next import or at the next start. The
 * import itself is never touched: a failure here is logged (codes and counts only) and the batch stays
 * pending. Runs on one database are queued one after another.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { runWithContext, writeAudit } from '../../access/index.ts';
import { onBatchCompleted } from '../../imports/index.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, type Database, type DatabaseHandle } from '../../platform/database/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import { describeError, type Logger } from '../../platform/logging/logger.ts';
import type { AlertPolicy } from '../engine/alerts.ts';
import { evaluatePartnership } from './evaluation.service.ts';

/** Above this many changed people one full evaluation is cheaper (and keeps id lists short). */
export const FULL_EVALUATION_THRESHOLD = 5000;

export interface ImportEvaluationDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policy?: AlertPolicy;
  /** Run the engine in a worker thread (default: for a full run or more than 1,000 children). */
  readonly inWorker?: boolean;
}

export interface ImportEvaluation {
  readonly partnershipId: string;
  readonly batches: number;
  readonly full: boolean;
  readonly evaluated: number;
  readonly alertsRaised: number;
  readonly alertIds: readonly string[];
}

interface Pending {
  readonly id: string;
}

async function pendingBatches(db: Kysely<Database>, partnershipId: string): Promise<Pending[]> {
  const r = await sql<Pending>`
    select b.id::text as id from import_batch b
    where b.partnership_id = ${partnershipId}::uuid and b.status = 'completed'
      and not exists (select 1 from import_evaluation e where e.batch_id = b.id)
    order by b.started_at, b.id`.execute(db);
  return r.rows;
}

/**
 * The people the batches changed, and the children who share an event with a changed adult: a new record
 * about an adult (now of concern, say) can make an old association count for the children found with
 * them, though nothing about those children changed.
 *
 * @example
 * const people = await changedPeople(db, partnershipId, batchIds);
 */
export async function changedPeople(
  db: Kysely<Database>,
  partnershipId: string,
  batchIds: readonly string[],
): Promise<string[]> {
  const r = await sql<{ person_id: string }>`
    with changed as (
      select distinct person_id from import_changed_person where batch_id = any(${[...batchIds]}::uuid[])
    )
    select person_id::text as person_id from changed
    union
    select ep2.person_id::text from changed c
      join person a on a.id = c.person_id and a.kind <> 'child'
      join event_party ep on ep.partnership_id = ${partnershipId}::uuid and ep.person_id = c.person_id
      join event_party ep2 on ep2.event_id = ep.event_id and ep2.person_id <> c.person_id
      join person k on k.id = ep2.person_id and k.kind = 'child' and k.merged_into is null
    order by 1`.execute(db);
  return r.rows.map((x) => x.person_id);
}

/**
 * Re-evaluates the children changed by every pending import batch of a partnership (attendance batches
 * list the pupils whose marks they added), and the children found with an adult a batch changed, and
 * raises their alerts; past the threshold, everyone in one
 * full run. Throws on failure, leaving the batches pending.
 *
 * @example
 * const run = await evaluatePendingImports({ db, clock, logger }, partnershipId);
 */
export async function evaluatePendingImports(
  deps: ImportEvaluationDeps,
  partnershipId: string,
): Promise<ImportEvaluation> {
  const { db, clock } = deps;
  const pending = await pendingBatches(db, partnershipId);
  const none = { partnershipId, batches: 0, full: false, evaluated: 0, alertsRaised: 0, alertIds: [] };
  if (pending.length === 0) return none;
  const ids = pending.map((b) => b.id);
  const people = await changedPeople(db, partnershipId, ids);
  const full = people.length > FULL_EVALUATION_THRESHOLD;
  // Always the system, even when the import was an upload in someone's request.
  return runWithContext(
    {
      requestId: `import-evaluation-${newId()}`,
      actor: undefined,
      purpose: 'early warning after import',
      channel: 'system',
    },
    async () => {
      const summary = await evaluatePartnership(
        {
          db,
          clock,
          ...(deps.policy === undefined ? {} : { policy: deps.policy }),
          inWorker: deps.inWorker ?? (full || people.length > 1000),
        },
        partnershipId,
        full ? undefined : people,
      );
      await inTransaction(db, async (tx) => {
        await sql`insert into import_evaluation
            (batch_id, partnership_id, rule_set_id, evaluated_on, children_evaluated, alerts_raised)
          select b, ${partnershipId}::uuid, ${summary.ruleSetId}::uuid, ${summary.asOf}::date,
            ${summary.evaluated}, ${summary.alertsRaised}
          from unnest(${ids}::uuid[]) as b on conflict (batch_id) do nothing`.execute(tx);
        await writeAudit(tx, clock.now(), {
          action: 'alert.evaluate_import',
          subjectType: 'import_batch',
          subjectIds: ids,
          partnershipId,
          details: {
            full,
            evaluated: summary.evaluated,
            alertsRaised: summary.alertsRaised,
            ruleSetId: summary.ruleSetId,
          },
        });
      });
      return {
        partnershipId,
        batches: ids.length,
        full,
        evaluated: summary.evaluated,
        alertsRaised: summary.alertsRaised,
        alertIds: summary.alertIds,
      };
    },
  );
}

const queues = new WeakMap<Kysely<Database>, Promise<unknown>>();

/** Runs `work` after every run queued before it on the same database. */
function queued<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(db) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(
    db,
    next.catch(() => undefined),
  );
  return next;
}

/**
 * `evaluatePendingImports`, queued per database, that never throws: a failure is logged without
 * personal data (error type and code, counts) and the batches stay pending for the next run.
 *
 * @example
 * await evaluateImportsSafely({ db, clock, logger }, partnershipId); // undefined when it failed
 */
export function evaluateImportsSafely(
  deps: ImportEvaluationDeps,
  partnershipId: string,
): Promise<ImportEvaluation | undefined> {
  return queued(deps.db, async () => {
    try {
      const run = await evaluatePendingImports(deps, partnershipId);
      if (run.batches > 0) {
        deps.logger.info(
          {
            batches: run.batches,
            full: run.full,
            evaluated: run.evaluated,
            alertsRaised: run.alertsRaised,
          },
          'early warning evaluated after import',
        );
      }
      return run;
    } catch (error) {
      deps.logger.error(
        { err: describeError(error) },
        'early warning evaluation after import failed; the import stands and its batches stay pending',
      );
      return undefined;
    }
  });
}

/**
 * Evaluates the pending batches of every partnership (the catch-up at start). Never throws.
 *
 * @example
 * await catchUpImports({ db, clock, logger });
 */
export async function catchUpImports(deps: ImportEvaluationDeps): Promise<ImportEvaluation[]> {
  let partnerships: string[];
  try {
    const r = await sql<{ partnership_id: string }>`
      select distinct b.partnership_id::text as partnership_id from import_batch b
      where b.status = 'completed'
        and not exists (select 1 from import_evaluation e where e.batch_id = b.id)
      order by 1`.execute(deps.db);
    partnerships = r.rows.map((p) => p.partnership_id);
  } catch (error) {
    deps.logger.error({ err: describeError(error) }, 'could not look for imports awaiting early warning');
    return [];
  }
  const out: ImportEvaluation[] = [];
  for (const p of partnerships) {
    const run = await evaluateImportsSafely(deps, p);
    if (run !== undefined) out.push(run);
  }
  return out;
}

/**
 * Re-evaluates after every import batch that completes on `handle` (until the returned function is
 * called). The import has committed before this runs and never fails because of it.
 *
 * @example
 * const stop = alertOnImports(handle, { clock, logger });
 */
export function alertOnImports(handle: DatabaseHandle, deps: Omit<ImportEvaluationDeps, 'db'>): () => void {
  return onBatchCompleted(handle, async (event) => {
    await evaluateImportsSafely({ ...deps, db: handle.db }, event.partnershipId);
  });
}
