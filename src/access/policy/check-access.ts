/**
 * Batch access checks (STYLE.md §7): ids in, the allowed set out. Unknown ids, other partnerships' ids
 * and everything the policy does not allow are simply absent from the result.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/index.ts';
import { can } from './engine.ts';
import { loadIntelligenceFacts, loadPersonFacts } from './facts.ts';
import type { Action, Actor, PersonFacts } from './types.ts';

export type PersonAction = Extract<Action, `person.${string}`>;

/**
 * The subset of person ids the actor may act on.
 *
 * @example
 * const visible = await checkPersonAccess(tx, actor, 'person.read', ids, clock.now());
 */
export async function checkPersonAccess(
  db: Kysely<Database>,
  actor: Actor,
  action: PersonAction,
  ids: readonly string[],
  now: Date,
): Promise<{ allowed: Set<string>; facts: Map<string, PersonFacts> }> {
  const facts = await loadPersonFacts(db, actor, ids, now);
  const allowed = new Set<string>();
  for (const [id, f] of facts) if (can(actor, action, f)) allowed.add(id);
  return { allowed, facts };
}

/**
 * Batch check for any action over persons or intelligence.
 *
 * @example
 * const allowed = await checkAccess(tx, actor, 'intelligence.read_full', ids, now);
 */
export async function checkAccess(
  db: Kysely<Database>,
  actor: Actor,
  action: Action,
  ids: readonly string[],
  now: Date,
): Promise<Set<string>> {
  if (action.startsWith('person.')) {
    return (await checkPersonAccess(db, actor, action as PersonAction, ids, now)).allowed;
  }
  if (action.startsWith('intelligence.')) {
    const facts = await loadIntelligenceFacts(db, actor, ids);
    return new Set([...facts.values()].filter((f) => can(actor, action, f)).map((f) => f.id));
  }
  return new Set();
}
