/**
 * THE access policy: every decision Sightline makes about who may see what is one of these rules. Rules
 * only ever allow; anything not allowed is denied (the engine's default branch). Constraints apply on top
 * of every rule for a resource type: a rule can never open a record in another partnership, nor a sealed
 * record to someone who is not named on it.
 */
import type { Role } from '../../platform/database/index.ts';
import type { Action, Actor, PersonFacts, Resource, ResourceType, Rule } from './types.ts';

interface ResourceByType {
  person: Extract<Resource, { type: 'person' }>;
  intelligence: Extract<Resource, { type: 'intelligence' }>;
  concern: Extract<Resource, { type: 'concern' }>;
  alert: Extract<Resource, { type: 'alert' }>;
  partnership: Extract<Resource, { type: 'partnership' }>;
  case: Extract<Resource, { type: 'case' }>;
  meeting: Extract<Resource, { type: 'meeting' }>;
  minute_section: Extract<Resource, { type: 'minute_section' }>;
  action: Extract<Resource, { type: 'action' }>;
  support_plan: Extract<Resource, { type: 'support_plan' }>;
}

/**
 * Declares one allow rule.
 *
 * @example
 * allow('auditor', 'audit.read_all', 'partnership', always, 'auditors see the whole log');
 */
export function allow<T extends ResourceType>(
  role: Role,
  action: Action,
  resource: T,
  predicate: (actor: Actor, resource: ResourceByType[T]) => boolean,
  because: string,
): Rule {
  return {
    role,
    action,
    resource,
    because,
    predicate: (actor, r) => r.type === resource && predicate(actor, r as ResourceByType[T]),
  };
}

export interface Constraint {
  resource: ResourceType;
  because: string;
  holds: (actor: Actor, resource: Resource) => boolean;
}

// Predicates, named for what they mean.
const always = (): boolean => true;
const involved = (a: Actor, p: PersonFacts): boolean => p.involvedAgencyIds.includes(a.agencyId);
const brokeGlass = (a: Actor, p: PersonFacts): boolean => p.breakGlassUserIds.includes(a.userId);
const involvedOrBrokeGlass = (a: Actor, p: PersonFacts): boolean => involved(a, p) || brokeGlass(a, p);
const coordinatorSees = (a: Actor, p: PersonFacts): boolean =>
  p.kind === 'child' || involvedOrBrokeGlass(a, p);
const healthAgency = (a: Actor): boolean => a.agencyKind === 'health';
const policeAgency = (a: Actor): boolean => a.agencyKind === 'police';
const dataProtectionLead = (a: Actor): boolean => a.dataProtectionLead;

const ALL_ROLES: Role[] = [
  'practitioner',
  'coordinator',
  'police_analyst',
  'partnership_analyst',
  'administrator',
  'auditor',
];
const PERSON_READERS: Role[] = ['practitioner', 'coordinator', 'police_analyst'];
const WORKERS: Role[] = ['practitioner', 'police_analyst'];

export const RULES: readonly Rule[] = [
  // People
  allow(
    'practitioner',
    'person.read',
    'person',
    involvedOrBrokeGlass,
    'a practitioner sees a person while their agency is involved (contributed or assigned), or after break-glass',
  ),
  allow(
    'police_analyst',
    'person.read',
    'person',
    involvedOrBrokeGlass,
    'a police analyst sees a person while their agency is involved, or after break-glass',
  ),
  allow(
    'coordinator',
    'person.read',
    'person',
    coordinatorSees,
    'a coordinator sees every child in the partnership, and adults their agency is involved with',
  ),
  // Field-level: health details
  allow(
    'coordinator',
    'person.read_health',
    'person',
    coordinatorSees,
    'coordinators see health details of the people they can see',
  ),
  allow(
    'practitioner',
    'person.read_health',
    'person',
    (a, p) => healthAgency(a) && involvedOrBrokeGlass(a, p),
    'health practitioners see health details of the people they can see',
  ),
  allow(
    'police_analyst',
    'person.read_health',
    'person',
    (a, p) => healthAgency(a) && involvedOrBrokeGlass(a, p),
    'only a health agency sees health details',
  ),
  // Break-glass: any person reader may ask, with a reason, for a record outside their scope
  ...PERSON_READERS.map((role) =>
    allow(role, 'person.break_glass', 'person', always, 'person readers may use break-glass with a reason'),
  ),
  // Concerns
  allow(
    'practitioner',
    'concern.read',
    'concern',
    (a, c) => c.raisedByUserId === a.userId,
    'a practitioner sees the concerns they raised and what happened next',
  ),
  allow('coordinator', 'concern.read', 'concern', always, 'coordinators see every concern'),
  ...PERSON_READERS.map((role) =>
    allow(
      role,
      'concern.raise',
      'partnership',
      always,
      'any practitioner, coordinator or police analyst may raise a concern',
    ),
  ),
  // Screening
  allow(
    'coordinator',
    'screening.record',
    'partnership',
    always,
    'coordinators screen the children they can see',
  ),
  allow(
    'coordinator',
    'screening.review_overdue',
    'partnership',
    always,
    'coordinators see screenings overdue for review (escalation)',
  ),
  // Identity review (issue 5): the pairs the identity resolver queued; each pair's people must also be
  // visible (person.read, checked by the service)
  allow(
    'coordinator',
    'identity.review',
    'partnership',
    always,
    'coordinators decide whether queued records are the same person, and unlink records linked in error',
  ),
  // Early-warning alerts (the alert's child must also be visible: person.read, checked by the service)
  allow('coordinator', 'alert.read', 'alert', always, 'coordinators work the MASH alert inbox'),
  allow(
    'coordinator',
    'alert.update',
    'alert',
    always,
    'coordinators acknowledge, action, dismiss and snooze alerts',
  ),
  allow(
    'practitioner',
    'alert.read',
    'alert',
    (a, x) => x.routedToUserId === a.userId || x.assigneeUserId === a.userId,
    'a practitioner sees the alerts routed or assigned to them (as lead professional)',
  ),
  allow(
    'practitioner',
    'alert.update',
    'alert',
    (a, x) => x.routedToUserId === a.userId || x.assigneeUserId === a.userId,
    'a practitioner acts on the alerts routed or assigned to them',
  ),
  // Intelligence
  allow(
    'police_analyst',
    'intelligence.read_full',
    'intelligence',
    policeAgency,
    'police analysts see intelligence in full, including handling code C',
  ),
  allow(
    'police_analyst',
    'intelligence.read_sanitised',
    'intelligence',
    policeAgency,
    'police analysts may also see the sanitised version',
  ),
  allow(
    'coordinator',
    'intelligence.read_sanitised',
    'intelligence',
    (_a, i) => i.handlingCode === 'P',
    'coordinators see the sanitised version of handling code P intelligence; C is police-only',
  ),
  allow(
    'police_analyst',
    'intelligence.record',
    'partnership',
    policeAgency,
    'police analysts in a police agency record graded intelligence and link it to what they may see',
  ),
  // Networks (issue 9): groups, link charts, places and hotspots, each built from the viewer's own
  // trimmed share of the records
  ...PERSON_READERS.map((role) =>
    allow(
      role,
      'network.view',
      'partnership',
      always,
      'readers of people see networks drawn only from the records they may see',
    ),
  ),
  // Aggregates, never a person
  allow(
    'partnership_analyst',
    'aggregate.read',
    'partnership',
    always,
    'partnership analysts see aggregates',
  ),
  allow('coordinator', 'aggregate.read', 'partnership', always, 'coordinators see aggregates'),
  // Partnership reporting (issue 10): every view, export and extract is its own audited action
  ...(['partnership_analyst', 'coordinator'] as const).flatMap((role) => [
    allow(
      role,
      'report.view',
      'partnership',
      always,
      'the dashboard, return and data quality, after disclosure control',
    ),
    allow(
      role,
      'report.export',
      'partnership',
      always,
      'the return exported (CSV, XLSX, PDF, JSON) after disclosure control',
    ),
  ]),
  allow(
    'partnership_analyst',
    'report.extract',
    'partnership',
    always,
    'only the partnership analyst takes the pseudonymised record-level extract for national aggregation',
  ),
  ...ALL_ROLES.map((role) =>
    allow(
      role,
      'report.records_to_fix',
      'partnership',
      dataProtectionLead,
      "an agency's data-protection lead sees its own agency's records to fix (record keys, never names)",
    ),
  ),
  // Audit and administration
  allow('auditor', 'audit.read_all', 'partnership', always, 'auditors see the whole consultation log'),
  ...ALL_ROLES.map((role) =>
    allow(
      role,
      'audit.read_agency',
      'partnership',
      dataProtectionLead,
      "an agency's data-protection lead sees who consulted its records and why",
    ),
  ),
  ...ALL_ROLES.map((role) =>
    allow(
      role,
      'break_glass.review',
      'partnership',
      dataProtectionLead,
      "an agency's data-protection lead reviews break-glass use on its records",
    ),
  ),
  allow('administrator', 'user.manage', 'partnership', always, 'administrators create and disable accounts'),
  allow(
    'administrator',
    'import.run',
    'partnership',
    always,
    'administrators upload agency files, see import batches and correct quarantined rows',
  ),
  // Cases, meetings, actions and support plans (issue 8)
  allow('coordinator', 'case.open', 'partnership', always, 'coordinators open cases'),
  allow('coordinator', 'case.read', 'case', always, 'coordinators see every case'),
  ...WORKERS.map((role) =>
    allow(
      role,
      'case.read',
      'case',
      (a, c) => c.leadAgencyId === a.agencyId || c.agencyIds.includes(a.agencyId),
      'a practitioner or police analyst sees the cases their agency leads or works on',
    ),
  ),
  allow('coordinator', 'case.manage', 'case', always, 'coordinators update and close cases'),
  ...WORKERS.map((role) =>
    allow(
      role,
      'case.manage',
      'case',
      (a, c) => c.leadAgencyId === a.agencyId,
      'the lead agency updates and closes its cases',
    ),
  ),
  allow('coordinator', 'meeting.schedule', 'partnership', always, 'coordinators schedule meetings'),
  allow('coordinator', 'meeting.read', 'meeting', always, 'coordinators see every meeting'),
  ...WORKERS.map((role) =>
    allow(
      role,
      'meeting.read',
      'meeting',
      (a, m) => m.invitedAgencyIds.includes(a.agencyId),
      'a practitioner or police analyst sees the meetings their agency is invited to',
    ),
  ),
  allow(
    'coordinator',
    'meeting.manage',
    'meeting',
    always,
    'coordinators record attendance, minutes, decisions and actions',
  ),
  ...PERSON_READERS.map((role) =>
    allow(
      role,
      'minutes.read',
      'minute_section',
      (a, s) => !s.restricted || s.allowedAgencyIds.includes(a.agencyId),
      'a restricted section of minutes is visible only to the agencies named for it, whatever the role',
    ),
  ),
  allow('coordinator', 'action.read', 'action', always, 'coordinators see every action'),
  allow('coordinator', 'action.update', 'action', always, 'coordinators update any action'),
  ...WORKERS.flatMap((role) =>
    (['action.read', 'action.update'] as const).map((action) =>
      allow(
        role,
        action,
        'action',
        (a, x) => x.ownerAgencyId === a.agencyId,
        'an agency sees and updates its own actions',
      ),
    ),
  ),
  allow('coordinator', 'support_plan.read', 'support_plan', always, 'coordinators see support plans'),
  allow('coordinator', 'support_plan.manage', 'support_plan', always, 'coordinators record support plans'),
  ...WORKERS.map((role) =>
    allow(
      role,
      'support_plan.read',
      'support_plan',
      (a, p) => p.keyWorkerAgencyId === a.agencyId || p.serviceAgencyIds.includes(a.agencyId),
      "a support plan is seen by the key worker's agency and the agencies providing its services",
    ),
  ),
  ...WORKERS.map((role) =>
    allow(
      role,
      'support_plan.manage',
      'support_plan',
      (a, p) => p.keyWorkerAgencyId === a.agencyId,
      "the key worker's agency keeps the support plan up to date",
    ),
  ),
];

export const CONSTRAINTS: readonly Constraint[] = [
  ...(
    [
      'person',
      'intelligence',
      'concern',
      'alert',
      'partnership',
      'case',
      'meeting',
      'minute_section',
      'action',
      'support_plan',
    ] as const
  ).map((resource) => ({
    resource,
    because: 'nothing crosses partnerships',
    holds: (a: Actor, r: Resource) => r.partnershipId === a.partnershipId,
  })),
  {
    resource: 'person',
    because: 'a sealed record is visible only to its named users (break-glass does not open it)',
    holds: (a, r) => r.type !== 'person' || !r.sealed || r.namedUserIds.includes(a.userId),
  },
];
