/**
 * Merge and unmerge, without moving or deleting a single row: a merge points the merged person (and
 * every person already merged into it) at the survivor through `person.merged_into`, and records which
 * pointers it moved; an unmerge puts exactly those pointers back. Readers take in merged people with
 * coalesce(merged_into, id), so pointers are kept one level deep. Both run inside the caller's
 * transaction and lock the people they change.
 */
import { sql } from 'kysely';
import type { Tx } from '../platform/database/index.ts';
import { validationError } from '../platform/errors/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { withIdentityTables } from './identity.tables.ts';

export interface MergeInput {
  partnershipId: string;
  survivorId: string;
  mergedId: string;
  linkDecisionId: string | null;
  by: string;
  at: Date;
  note: string | null;
}

export interface MergeResult {
  mergeId: string;
  survivorId: string;
  mergedId: string;
  /** The merged person first, then the people that had been merged into it. */
  moved: string[];
}

/**
 * Merges `mergedId` into `survivorId` (both must be people nobody has merged elsewhere).
 *
 * @example
 * const m = await mergePeople(tx, { partnershipId, survivorId, mergedId, linkDecisionId, by, at, note: null });
 */
export async function mergePeople(tx: Tx, input: MergeInput): Promise<MergeResult> {
  const { partnershipId, survivorId, mergedId } = input;
  if (survivorId === mergedId) {
    throw validationError([
      { path: ['decision'], code: 'same_person', message: 'These records are already linked' },
    ]);
  }
  const locked = await tx
    .selectFrom('person')
    .select(['id', 'merged_into'])
    .where('partnership_id', '=', partnershipId)
    .where((eb) => eb.or([eb('id', 'in', [survivorId, mergedId]), eb('merged_into', '=', mergedId)]))
    .orderBy('id')
    .forUpdate()
    .execute();
  const survivor = locked.find((p) => p.id === survivorId);
  const merged = locked.find((p) => p.id === mergedId);
  if (survivor?.merged_into !== null || merged?.merged_into !== null) {
    throw validationError([
      {
        path: ['decision'],
        code: 'already_linked',
        message: 'One of these records has been linked to another record since this page was opened',
      },
    ]);
  }
  const moved = [
    mergedId,
    ...locked
      .filter((p) => p.merged_into === mergedId)
      .map((p) => p.id)
      .sort(),
  ];
  await tx
    .updateTable('person')
    .set({ merged_into: survivorId })
    .where('partnership_id', '=', partnershipId)
    .where('id', 'in', moved)
    .execute();
  const mergeId = newId();
  await withIdentityTables(tx)
    .insertInto('identity_merge')
    .values({
      id: mergeId,
      partnership_id: partnershipId,
      survivor_id: survivorId,
      merged_id: mergedId,
      moved_ids: JSON.stringify(moved),
      link_decision_id: input.linkDecisionId,
      merged_by: input.by,
      merged_at: input.at,
      note: input.note,
      unmerged_by: null,
      unmerged_at: null,
      unmerge_reason: null,
    })
    .execute();
  return { mergeId, survivorId, mergedId, moved };
}

/**
 * Undoes a merge that is still in effect: the merged person is on its own again and the people that had
 * been merged into it point at it again. A merge whose survivor was itself merged later must wait until
 * that later merge is undone.
 *
 * @example
 * const m = await unmergePeople(tx, { partnershipId, mergeId, by, at, reason: 'Different dates of birth confirmed by the school' });
 */
export async function unmergePeople(
  tx: Tx,
  input: { partnershipId: string; mergeId: string; by: string; at: Date; reason: string },
): Promise<MergeResult & { linkDecisionId: string | null }> {
  const db = withIdentityTables(tx);
  const merge = await db
    .selectFrom('identity_merge')
    .selectAll()
    .where('partnership_id', '=', input.partnershipId)
    .where('id', '=', input.mergeId)
    .forUpdate()
    .executeTakeFirst();
  if (merge === undefined || merge.unmerged_at !== null) {
    throw validationError([
      { path: ['reason'], code: 'not_linked', message: 'These records are no longer linked' },
    ]);
  }
  const moved = merge.moved_ids;
  const people = await tx
    .selectFrom('person')
    .select(['id', 'merged_into'])
    .where('partnership_id', '=', input.partnershipId)
    .where('id', 'in', [merge.survivor_id, ...moved])
    .orderBy('id')
    .forUpdate()
    .execute();
  const survivor = people.find((p) => p.id === merge.survivor_id);
  const inEffect =
    survivor?.merged_into === null &&
    moved.every((id) => people.find((p) => p.id === id)?.merged_into === merge.survivor_id);
  if (!inEffect) {
    throw validationError([
      {
        path: ['reason'],
        code: 'linked_later',
        message: 'This record was linked to another record afterwards: unlink that first',
      },
    ]);
  }
  await tx
    .updateTable('person')
    .set({ merged_into: null })
    .where('partnership_id', '=', input.partnershipId)
    .where('id', '=', merge.merged_id)
    .execute();
  const rest = moved.filter((id) => id !== merge.merged_id);
  if (rest.length > 0) {
    await tx
      .updateTable('person')
      .set({ merged_into: merge.merged_id })
      .where('partnership_id', '=', input.partnershipId)
      .where('id', 'in', rest)
      .execute();
  }
  await db
    .updateTable('identity_merge')
    .set({ unmerged_by: input.by, unmerged_at: input.at, unmerge_reason: input.reason })
    .where('id', '=', merge.id)
    .execute();
  return {
    mergeId: merge.id,
    survivorId: merge.survivor_id,
    mergedId: merge.merged_id,
    moved,
    linkDecisionId: merge.link_decision_id,
  };
}

/**
 * The person each id now belongs to: itself, or the survivor it was merged into.
 *
 * @example
 * const roots = await rootsOf(tx, partnershipId, [a, b]);
 */
export async function rootsOf(
  tx: Tx,
  partnershipId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('person')
    .select(['id', sql<string>`coalesce(merged_into, id)`.as('root')])
    .where('partnership_id', '=', partnershipId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.root]));
}
