/**
 * Steps shared by the identity review services: the policy gate, answering not found after an audited
 * denial, and writing a reviewer's decision (the history row, and a do-not-match pair).
 */
import { canInPartnership, type Actor } from '../access/index.ts';
import type { Tx } from '../platform/database/index.ts';
import { notFound } from '../platform/errors/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { withIdentityTables, type ReviewAction } from './identity.tables.ts';

/** Only holders of identity.review see anything here; everyone else is told the page does not exist. */
export function may(actor: Actor): void {
  if (!canInPartnership(actor, 'identity.review')) throw notFound('page');
}

/** Throws not found when the transaction ended in a denial (already audited and committed). */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(what);
  return value;
}

/** Appends one decision to the pair's history. */
export async function recordDecision(
  tx: Tx,
  actor: Actor,
  now: Date,
  row: { action: ReviewAction; linkDecisionId: string | null; mergeId: string | null; note: string | null },
): Promise<void> {
  await withIdentityTables(tx)
    .insertInto('identity_decision')
    .values({
      id: newId(),
      partnership_id: actor.partnershipId,
      link_decision_id: row.linkDecisionId,
      merge_id: row.mergeId,
      action: row.action,
      decided_by: actor.userId,
      decided_at: now,
      note: row.note,
    })
    .execute();
}

/** Remembers that the pair's two records are about different people (do-not-match). */
export async function recordApart(
  tx: Tx,
  actor: Actor,
  now: Date,
  pair: { id: string; personId: string; candidateId: string },
  note: string | null,
): Promise<void> {
  const [a, b] = [pair.personId, pair.candidateId].sort() as [string, string];
  await withIdentityTables(tx)
    .insertInto('identity_do_not_match')
    .values({
      partnership_id: actor.partnershipId,
      person_a: a,
      person_b: b,
      link_decision_id: pair.id,
      decided_by: actor.userId,
      decided_at: now,
      note,
    })
    .onConflict((oc) => oc.columns(['partnership_id', 'person_a', 'person_b']).doNothing())
    .execute();
}
