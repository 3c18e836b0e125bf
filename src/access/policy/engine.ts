/**
 * The policy engine: `can` asks the declared policy one question; default deny.
 */
import { CONSTRAINTS, RULES, type Constraint } from './policy.ts';
import type { Action, Actor, Resource, Rule } from './types.ts';

/** Rules indexed by action, so a check looks only at the few rules that could apply. */
function index(rules: readonly Rule[]): Map<Action, Rule[]> {
  const byAction = new Map<Action, Rule[]>();
  for (const rule of rules) {
    const list = byAction.get(rule.action) ?? [];
    list.push(rule);
    byAction.set(rule.action, list);
  }
  return byAction;
}

const RULES_BY_ACTION = index(RULES);

/**
 * Decides whether `actor` may do `action` on `resource`: every constraint for the resource type must hold
 * and at least one rule for one of the actor's roles must allow it. Anything else is denied.
 *
 * @example
 * can(actor, 'person.read', personFacts); // false unless a rule allows it
 */
export function can(
  actor: Actor,
  action: Action,
  resource: Resource,
  policy: { rules: Map<Action, Rule[]>; constraints: readonly Constraint[] } = {
    rules: RULES_BY_ACTION,
    constraints: CONSTRAINTS,
  },
): boolean {
  for (const constraint of policy.constraints) {
    if (constraint.resource === resource.type && !constraint.holds(actor, resource)) return false;
  }
  const rules = policy.rules.get(action);
  if (rules === undefined) return false;
  for (const rule of rules) {
    if (
      rule.resource === resource.type &&
      actor.roles.includes(rule.role) &&
      rule.predicate(actor, resource)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Whether the actor may do a partnership-level action (aggregates, audit log, users, review queue).
 *
 * @example
 * canInPartnership(actor, 'user.manage');
 */
export function canInPartnership(actor: Actor, action: Action): boolean {
  return can(actor, action, { type: 'partnership', partnershipId: actor.partnershipId });
}

/** The policy as plain rows, for documentation and the admin view. @example describePolicy()[0].because */
export function describePolicy(): { role: string; action: string; resource: string; because: string }[] {
  return RULES.map(({ role, action, resource, because }) => ({ role, action, resource, because }));
}
