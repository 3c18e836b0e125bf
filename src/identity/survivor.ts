/**
 * Where a linked record now lives: a person merged into another after identity review has no page of
 * their own, so an old link or bookmark to them should lead to the person they were merged into, for a
 * viewer who may read that person. Anyone else is told nothing (the caller answers "not found").
 */
import { sql } from 'kysely';
import { checkPersonAccess, type Actor } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/database/index.ts';
import { isAppError } from '../platform/errors/index.ts';

/**
 * The id of the person `id` was merged into, when the actor may read that person; otherwise undefined.
 * Merge pointers are kept one level deep (merge-people.ts), so one step reaches the survivor.
 *
 * @example
 * const survivor = await survivorFor(db, clock, actor, id);
 * if (survivor !== undefined) return reply.redirect(`/people/${survivor}`, 303);
 */
export async function survivorFor(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
): Promise<string | undefined> {
  const row = await sql<{ merged_into: string | null }>`
    select merged_into from person where partnership_id = ${actor.partnershipId} and id = ${id}`.execute(db);
  const survivor = row.rows[0]?.merged_into ?? null;
  if (survivor === null) return undefined;
  const { allowed } = await checkPersonAccess(db, actor, 'person.read', [survivor], clock.now());
  return allowed.has(survivor) ? survivor : undefined;
}

/**
 * For a page whose record was not found: the survivor's id when the record was merged into someone the
 * actor may read (the page redirects there); otherwise the error is thrown on unchanged.
 *
 * @example
 * const child = await children.get(actor, id, query).catch((e: unknown) => survivorOrRethrow(e, db, clock, actor, id));
 * if (typeof child === 'string') return reply.redirect(`/children/${child}`, 303);
 */
export async function survivorOrRethrow(
  error: unknown,
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
): Promise<string> {
  const survivor =
    isAppError(error) && error.code === 'not_found' ? await survivorFor(db, clock, actor, id) : undefined;
  if (survivor === undefined) throw error;
  return survivor;
}
