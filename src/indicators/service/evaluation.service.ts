/**
 * Live evaluation: load the partnership's records, run the engine (in a worker thread by default),
 * store each child's state and raise alerts idempotently (a de-duplication key per child, band and
 * day; the cool-down and band memory survive between runs in `child_indicator_state`). Incremental
 * runs re-evaluate only the people an import changed, with the same code path as the full run.
 */
import type { Kysely } from 'kysely';
import { currentContext, runWithContext, writeAudit } from '../../access/index.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, type Database } from '../../platform/database/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { AlertMemory, AlertPolicy } from '../engine/alerts.ts';
import { fromDay, toDay } from '../engine/dates.ts';
import { defaultRuleSet } from '../rules/default-rules.ts';
import { parseRuleSet } from '../rules/load.ts';
import type { EvaluationJobResult, JobAlert } from './evaluate-job.ts';
import { loadEngineInput } from './load-input.ts';
import { leadProfessionals } from './optional-tables.ts';
import { runJob } from './run-job.ts';
import { withAlertTables, type ImportReadTables } from './tables.ts';

/** Alerts from the medium band up; no repeat at the same or a lower band for 28 days; 10 a day in full. */
export const DEFAULT_ALERT_POLICY: AlertPolicy = {
  minBand: 'medium',
  cooldownDays: 28,
  dailyLimitPerUser: 10,
};

export interface EvaluationDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly policy?: AlertPolicy;
  /** Run the engine in a worker thread (default true; tests and the CLI run inline). */
  readonly inWorker?: boolean;
}

export interface EvaluationSummary {
  readonly ruleSetId: string;
  readonly asOf: string;
  readonly evaluated: number;
  readonly events: number;
  readonly childrenWithScore: number;
  readonly alertsRaised: number;
  readonly alertIds: readonly string[];
}

/**
 * The partnership's active rule set, installing the default one the first time.
 *
 * @example
 * const { id, definition } = await activeRuleSet(db, partnershipId);
 */
export async function activeRuleSet(
  db: Kysely<Database>,
  partnershipId: string,
): Promise<{ id: string; definition: unknown; key: string; version: string }> {
  const adb = withAlertTables(db);
  const found = await adb
    .selectFrom('rule_set')
    .select(['id', 'definition', 'rule_set_key', 'version'])
    .where('partnership_id', '=', partnershipId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (found !== undefined) {
    return { id: found.id, definition: found.definition, key: found.rule_set_key, version: found.version };
  }
  const id = await installRuleSet(db, partnershipId, defaultRuleSet(), null);
  return activeRuleSet(db, partnershipId).then((r) => ({ ...r, id }));
}

/**
 * Validates and stores a rule set version for a partnership and makes it the active one.
 *
 * @example
 * await installRuleSet(db, partnershipId, JSON.parse(text), userId);
 */
export async function installRuleSet(
  db: Kysely<Database>,
  partnershipId: string,
  definition: unknown,
  loadedBy: string | null,
): Promise<string> {
  const rules = parseRuleSet(definition);
  return inTransaction(db, async (tx) => {
    const adb = withAlertTables(tx);
    const existing = await adb
      .selectFrom('rule_set')
      .select('id')
      .where('partnership_id', '=', partnershipId)
      .where('rule_set_key', '=', rules.id)
      .where('version', '=', rules.version)
      .executeTakeFirst();
    await adb
      .updateTable('rule_set')
      .set({ active: false })
      .where('partnership_id', '=', partnershipId)
      .execute();
    if (existing !== undefined) {
      await adb.updateTable('rule_set').set({ active: true }).where('id', '=', existing.id).execute();
      return existing.id;
    }
    const id = newId();
    await adb
      .insertInto('rule_set')
      .values({
        id,
        partnership_id: partnershipId,
        rule_set_key: rules.id,
        version: rules.version,
        title: rules.title,
        definition: JSON.stringify(rules),
        active: true,
        loaded_by: loadedBy,
      })
      .execute();
    return id;
  });
}

function inSystemContext<T>(work: () => Promise<T>): Promise<T> {
  if (currentContext() !== undefined) return work();
  return runWithContext(
    {
      requestId: `evaluation-${newId()}`,
      actor: undefined,
      purpose: 'early warning evaluation',
      channel: 'system',
    },
    work,
  );
}

/**
 * Evaluates the partnership's children (or only `personIds`) on the clock's date, stores their state
 * and raises alerts. Re-running on the same day raises nothing new.
 *
 * @example
 * await evaluatePartnership({ db, clock }, partnershipId);
 */
export async function evaluatePartnership(
  deps: EvaluationDeps,
  partnershipId: string,
  personIds?: readonly string[],
): Promise<EvaluationSummary> {
  const { db, clock } = deps;
  const policy = deps.policy ?? DEFAULT_ALERT_POLICY;
  const asOfIso = clock.now().toISOString().slice(0, 10);
  const asOf = toDay(asOfIso);
  const ruleSet = await activeRuleSet(db, partnershipId);
  const input = await loadEngineInput(db, partnershipId, personIds);
  const adb = withAlertTables(db);
  let mq = adb
    .selectFrom('child_indicator_state')
    .select(['person_id', 'band_index', 'alerted_band_index', 'alerted_on'])
    .where('partnership_id', '=', partnershipId)
    .where('rule_set_id', '=', ruleSet.id);
  if (personIds !== undefined) mq = mq.where('person_id', 'in', personIds.length > 0 ? personIds : ['']);
  const memory: [string, AlertMemory][] = (
    personIds !== undefined && personIds.length === 0 ? [] : await mq.execute()
  ).map((m) => [
    m.person_id,
    {
      band: m.band_index,
      alertedBand: m.alerted_band_index,
      alertedDay: m.alerted_on === null ? null : toDay(m.alerted_on),
    },
  ]);
  const result = await runJob(
    { ruleSet: ruleSet.definition, input, asOf, memory, policy },
    { inWorker: deps.inWorker ?? true },
  );
  const leads = await leadProfessionals(db, partnershipId);
  const evaluatedIds = input.children.map((c) => c.id);
  const alertIds = await inSystemContext(() =>
    store(
      db,
      clock,
      partnershipId,
      ruleSet.id,
      asOfIso,
      evaluatedIds,
      result,
      leads,
      personIds === undefined,
    ),
  );
  return {
    ruleSetId: ruleSet.id,
    asOf: asOfIso,
    evaluated: result.evaluated,
    events: result.events,
    childrenWithScore: result.states.filter((s) => s.score > 0).length,
    alertsRaised: alertIds.length,
    alertIds,
  };
}

/**
 * Re-evaluates only the people an import batch changed (`import_changed_person`).
 *
 * @example
 * await evaluateImport({ db, clock }, partnershipId, batchId);
 */
export async function evaluateImport(
  deps: EvaluationDeps,
  partnershipId: string,
  batchId: string,
): Promise<EvaluationSummary> {
  const rows = await deps.db
    .withTables<ImportReadTables>()
    .selectFrom('import_changed_person')
    .select('person_id')
    .where('batch_id', '=', batchId)
    .execute();
  return evaluatePartnership(
    deps,
    partnershipId,
    rows.map((r) => r.person_id),
  );
}

async function store(
  db: Kysely<Database>,
  clock: Clock,
  partnershipId: string,
  ruleSetId: string,
  asOfIso: string,
  evaluatedIds: readonly string[],
  result: EvaluationJobResult,
  leads: ReadonlyMap<string, string>,
  full: boolean,
): Promise<string[]> {
  return inTransaction(db, async (tx) => {
    const adb = withAlertTables(tx);
    // An incremental run that found no children (only adults changed) has no state to replace.
    if (full || evaluatedIds.length > 0) {
      let del = adb
        .deleteFrom('child_indicator_state')
        .where('partnership_id', '=', partnershipId)
        .where('rule_set_id', '=', ruleSetId);
      if (!full) del = del.where('person_id', 'in', evaluatedIds);
      await del.execute();
    }
    for (let i = 0; i < result.states.length; i += 1000) {
      const chunk = result.states.slice(i, i + 1000);
      await adb
        .insertInto('child_indicator_state')
        .values(
          chunk.map((s) => ({
            partnership_id: partnershipId,
            person_id: s.personId,
            rule_set_id: ruleSetId,
            score: s.score,
            band_index: s.bandIndex,
            alerted_band_index: s.memory.alertedBand,
            alerted_on: s.memory.alertedDay === null ? null : fromDay(s.memory.alertedDay),
            evaluated_on: asOfIso,
          })),
        )
        .execute();
    }
    const ids: string[] = [];
    for (const a of result.alerts) {
      const id = await insertAlert(
        tx,
        clock.now(),
        partnershipId,
        ruleSetId,
        a,
        leads.get(a.personId) ?? null,
      );
      if (id !== undefined) ids.push(id);
    }
    if (ids.length > 0) {
      await writeAudit(tx, clock.now(), {
        action: 'alert.raise',
        subjectType: 'alert',
        subjectIds: ids,
        partnershipId,
        details: { ruleSetId, asOf: asOfIso, evaluated: evaluatedIds.length },
      });
    }
    return ids;
  });
}

async function insertAlert(
  tx: Kysely<Database>,
  now: Date,
  partnershipId: string,
  ruleSetId: string,
  a: JobAlert,
  lead: string | null,
): Promise<string | undefined> {
  const adb = withAlertTables(tx);
  const id = newId();
  const inserted = await adb
    .insertInto('alert')
    .values({
      id,
      partnership_id: partnershipId,
      rule_set_id: ruleSetId,
      dedup_key: a.key,
      person_id: a.personId,
      band: a.band,
      band_index: a.bandIndex,
      previous_band: a.previousBand,
      score: a.score,
      rule_ids: JSON.stringify(a.ruleIds),
      evidence_event_ids: JSON.stringify(a.evidence),
      explanation: JSON.stringify(a.explanations),
      raised_on: fromDay(a.raisedOn),
      routed_to: lead === null ? 'mash_inbox' : 'lead_professional',
      routed_to_user_id: lead,
      assignee_user_id: lead,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['partnership_id', 'dedup_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return undefined;
  await adb
    .insertInto('alert_event')
    .values({
      id: newId(),
      partnership_id: partnershipId,
      alert_id: id,
      from_status: null,
      to_status: 'new',
      reason: null,
      actor_user_id: null,
      occurred_at: now,
    })
    .execute();
  return id;
}
