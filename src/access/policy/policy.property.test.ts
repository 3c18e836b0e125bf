import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgencyKind, Role } from '../../platform/database/index.ts';
import { can } from './engine.ts';
import { ACTIONS, type Action, type Actor, type Resource } from './types.ts';

// An independent oracle: the access rules of issue 4 written out plainly, one `if` at a time, without
// the engine's rule table.
function oracle(actor: Actor, action: Action, r: Resource): boolean {
  if (r.partnershipId !== actor.partnershipId) return false;
  const has = (role: Role) => actor.roles.includes(role);
  if (r.type === 'person') {
    if (r.sealed && !r.namedUserIds.includes(actor.userId)) return false;
    const involved = r.involvedAgencyIds.includes(actor.agencyId);
    const glass = r.breakGlassUserIds.includes(actor.userId);
    const practitionerOrAnalystSees = (has('practitioner') || has('police_analyst')) && (involved || glass);
    const coordinatorSees = has('coordinator') && (r.kind === 'child' || involved || glass);
    if (action === 'person.read') return practitionerOrAnalystSees || coordinatorSees;
    if (action === 'person.read_health') {
      return coordinatorSees || (actor.agencyKind === 'health' && practitionerOrAnalystSees);
    }
    if (action === 'person.break_glass') {
      return has('practitioner') || has('coordinator') || has('police_analyst');
    }
    return false;
  }
  if (r.type === 'intelligence') {
    const police = has('police_analyst') && actor.agencyKind === 'police';
    if (action === 'intelligence.read_full') return police;
    if (action === 'intelligence.read_sanitised') {
      return police || (has('coordinator') && r.handlingCode === 'P');
    }
    return false;
  }
  if (r.type === 'concern') {
    if (action !== 'concern.read') return false;
    return has('coordinator') || (has('practitioner') && r.raisedByUserId === actor.userId);
  }
  const coordinator = has('coordinator');
  const worker = has('practitioner') || has('police_analyst');
  if (r.type === 'case') {
    const ours = r.leadAgencyId === actor.agencyId;
    if (action === 'case.read') {
      return coordinator || (worker && (ours || r.agencyIds.includes(actor.agencyId)));
    }
    if (action === 'case.manage') return coordinator || (worker && ours);
    return false;
  }
  if (r.type === 'meeting') {
    if (action === 'meeting.read') {
      return coordinator || (worker && r.invitedAgencyIds.includes(actor.agencyId));
    }
    if (action === 'meeting.manage') return coordinator;
    return false;
  }
  if (r.type === 'minute_section') {
    if (action !== 'minutes.read' || !(coordinator || worker)) return false;
    return !r.restricted || r.allowedAgencyIds.includes(actor.agencyId);
  }
  if (r.type === 'action') {
    if (action !== 'action.read' && action !== 'action.update') return false;
    return coordinator || (worker && r.ownerAgencyId === actor.agencyId);
  }
  if (r.type === 'support_plan') {
    const keyWorker = r.keyWorkerAgencyId === actor.agencyId;
    if (action === 'support_plan.read') {
      return coordinator || (worker && (keyWorker || r.serviceAgencyIds.includes(actor.agencyId)));
    }
    if (action === 'support_plan.manage') return coordinator || (worker && keyWorker);
    return false;
  }
  if (r.type === 'alert') {
    if (action !== 'alert.read' && action !== 'alert.update') return false;
    const mine = r.routedToUserId === actor.userId || r.assigneeUserId === actor.userId;
    return has('coordinator') || (has('practitioner') && mine);
  }
  switch (action) {
    case 'concern.raise':
      return has('practitioner') || has('coordinator') || has('police_analyst');
    case 'screening.record':
    case 'screening.review_overdue':
      return coordinator;
    case 'case.open':
    case 'meeting.schedule':
      return coordinator;
    case 'identity.review':
      return coordinator;
    case 'intelligence.record':
      return has('police_analyst') && actor.agencyKind === 'police';
    case 'network.view':
      return has('practitioner') || has('coordinator') || has('police_analyst');
    case 'aggregate.read':
      return has('partnership_analyst') || has('coordinator');
    case 'report.view':
    case 'report.export':
      return has('partnership_analyst') || has('coordinator');
    case 'report.extract':
      return has('partnership_analyst');
    case 'report.records_to_fix':
      return actor.dataProtectionLead && actor.roles.length > 0;
    case 'audit.read_all':
      return has('auditor');
    case 'audit.read_agency':
    case 'break_glass.review':
      return actor.dataProtectionLead && actor.roles.length > 0;
    case 'user.manage':
    case 'import.run':
      return has('administrator');
    default:
      return false;
  }
}

const ROLES: Role[] = [
  'practitioner',
  'coordinator',
  'police_analyst',
  'partnership_analyst',
  'administrator',
  'auditor',
];
const KINDS: AgencyKind[] = ['police', 'social_care', 'education', 'health', 'voluntary'];
// Small pools so that matches (same agency, same user, same partnership) happen often.
const users = fc.constantFrom('u1', 'u2', 'u3');
const agencies = fc.constantFrom('a1', 'a2', 'a3');
const partnerships = fc.constantFrom('p1', 'p2');

const actorArb: fc.Arbitrary<Actor> = fc.record({
  userId: users,
  partnershipId: partnerships,
  agencyId: agencies,
  agencyKind: fc.constantFrom(...KINDS),
  roles: fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 3 }),
  dataProtectionLead: fc.boolean(),
});

const resourceArb: fc.Arbitrary<Resource> = fc.oneof(
  fc.record({
    type: fc.constant('person' as const),
    id: fc.constant('x'),
    partnershipId: partnerships,
    kind: fc.constantFrom('child' as const, 'adult_of_concern' as const, 'other' as const),
    sealed: fc.boolean(),
    involvedAgencyIds: fc.uniqueArray(agencies, { maxLength: 3 }),
    namedUserIds: fc.uniqueArray(users, { maxLength: 2 }),
    breakGlassUserIds: fc.uniqueArray(users, { maxLength: 2 }),
  }),
  fc.record({
    type: fc.constant('intelligence' as const),
    id: fc.constant('i'),
    partnershipId: partnerships,
    handlingCode: fc.constantFrom('P' as const, 'C' as const),
    agencyId: agencies,
  }),
  fc.record({
    type: fc.constant('concern' as const),
    id: fc.constant('c'),
    partnershipId: partnerships,
    raisedByUserId: fc.option(users, { nil: null }),
    raisedByAgencyId: agencies,
  }),
  fc.record({
    type: fc.constant('alert' as const),
    id: fc.constant('al'),
    partnershipId: partnerships,
    routedToUserId: fc.option(users, { nil: null }),
    assigneeUserId: fc.option(users, { nil: null }),
  }),
  fc.record({ type: fc.constant('partnership' as const), partnershipId: partnerships }),
  fc.record({
    type: fc.constant('case' as const),
    id: fc.constant('k'),
    partnershipId: partnerships,
    leadAgencyId: agencies,
    agencyIds: fc.uniqueArray(agencies, { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('meeting' as const),
    id: fc.constant('m'),
    partnershipId: partnerships,
    invitedAgencyIds: fc.uniqueArray(agencies, { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('minute_section' as const),
    id: fc.constant('s'),
    partnershipId: partnerships,
    restricted: fc.boolean(),
    allowedAgencyIds: fc.uniqueArray(agencies, { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('action' as const),
    id: fc.constant('x'),
    partnershipId: partnerships,
    ownerAgencyId: agencies,
  }),
  fc.record({
    type: fc.constant('support_plan' as const),
    id: fc.constant('sp'),
    partnershipId: partnerships,
    keyWorkerAgencyId: agencies,
    serviceAgencyIds: fc.uniqueArray(agencies, { maxLength: 3 }),
  }),
);

describe('the access policy engine', () => {
  it('agrees with a plainly written oracle on 20,000 generated questions', () => {
    fc.assert(
      fc.property(actorArb, fc.constantFrom(...ACTIONS), resourceArb, (actor, action, resource) => {
        expect(can(actor, action, resource)).toBe(oracle(actor, action, resource));
      }),
      { numRuns: 20_000, seed: 4 },
    );
  });

  it('also agrees on freshly random questions each run (at least 1,000)', () => {
    fc.assert(
      fc.property(actorArb, fc.constantFrom(...ACTIONS), resourceArb, (actor, action, resource) => {
        expect(can(actor, action, resource)).toBe(oracle(actor, action, resource));
      }),
      { numRuns: 2_000 },
    );
  });

  it('denies everything to an actor with no roles (default deny)', () => {
    fc.assert(
      fc.property(actorArb, fc.constantFrom(...ACTIONS), resourceArb, (actor, action, resource) => {
        expect(can({ ...actor, roles: [] }, action, resource)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never lets a partnership analyst see a person', () => {
    fc.assert(
      fc.property(actorArb, fc.constantFrom(...ACTIONS), resourceArb, (actor, action, resource) => {
        if (resource.type !== 'person') return;
        expect(can({ ...actor, roles: ['partnership_analyst'] }, action, resource)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });
});
