/**
 * The vocabulary of the access policy: actors, resources and actions. Resources are plain facts loaded in
 * batches (policy/facts.ts); the policy itself is data (policy/policy.ts).
 */
import type { AgencyKind, HandlingCode, PersonKind, Role } from '../../platform/database/index.ts';

export interface Actor {
  userId: string;
  partnershipId: string;
  agencyId: string;
  agencyKind: AgencyKind;
  roles: readonly Role[];
  /** Data-protection lead of their agency: reviews break-glass and sees who consulted its records. */
  dataProtectionLead: boolean;
}

export interface PersonFacts {
  type: 'person';
  id: string;
  partnershipId: string;
  kind: PersonKind;
  sealed: boolean;
  /** Agencies that contributed a source record, event or concern, or are assigned. */
  involvedAgencyIds: readonly string[];
  /** Named users of a sealed record. */
  namedUserIds: readonly string[];
  /** Users holding unexpired break-glass access. */
  breakGlassUserIds: readonly string[];
}

export interface IntelligenceFacts {
  type: 'intelligence';
  id: string;
  partnershipId: string;
  handlingCode: HandlingCode;
  agencyId: string;
}

export interface ConcernFacts {
  type: 'concern';
  id: string;
  partnershipId: string;
  raisedByUserId: string | null;
  raisedByAgencyId: string;
}

/** An early-warning alert: who it was routed or assigned to (its child is checked with person.read). */
export interface AlertFacts {
  type: 'alert';
  id: string;
  partnershipId: string;
  routedToUserId: string | null;
  assigneeUserId: string | null;
}

/** Things that are not a single record: the partnership's aggregates, audit log, users, review queue. */
export interface PartnershipFacts {
  type: 'partnership';
  partnershipId: string;
}

/** A case on a child, place or peer group: its lead agency and the agencies working on it. */
export interface CaseFacts {
  type: 'case';
  id: string;
  partnershipId: string;
  leadAgencyId: string;
  agencyIds: readonly string[];
}

/** A MACE or strategy meeting: the agencies invited to it. */
export interface MeetingFacts {
  type: 'meeting';
  id: string;
  partnershipId: string;
  invitedAgencyIds: readonly string[];
}

/** A section of meeting minutes: open, or restricted to the named agencies. */
export interface MinuteSectionFacts {
  type: 'minute_section';
  id: string;
  partnershipId: string;
  restricted: boolean;
  allowedAgencyIds: readonly string[];
}

/** An action from a meeting or case, owned by one agency. */
export interface ActionFacts {
  type: 'action';
  id: string;
  partnershipId: string;
  ownerAgencyId: string;
}

/** A child's support plan: the key worker's agency and the agencies providing its services. */
export interface SupportPlanFacts {
  type: 'support_plan';
  id: string;
  partnershipId: string;
  keyWorkerAgencyId: string;
  serviceAgencyIds: readonly string[];
}

export type Resource =
  | PersonFacts
  | IntelligenceFacts
  | ConcernFacts
  | AlertFacts
  | PartnershipFacts
  | CaseFacts
  | MeetingFacts
  | MinuteSectionFacts
  | ActionFacts
  | SupportPlanFacts;
export type ResourceType = Resource['type'];

export const ACTIONS = [
  'person.read',
  'person.read_health',
  'person.break_glass',
  'concern.read',
  'intelligence.read_full',
  'intelligence.read_sanitised',
  'alert.read',
  'alert.update',
  'aggregate.read',
  'audit.read_all',
  'audit.read_agency',
  'break_glass.review',
  'user.manage',
  'import.run',
  'case.open',
  'case.read',
  'case.manage',
  'meeting.schedule',
  'meeting.read',
  'meeting.manage',
  'minutes.read',
  'action.read',
  'action.update',
  'support_plan.read',
  'support_plan.manage',
  'concern.raise',
  'screening.record',
  'screening.review_overdue',
  'report.view',
  'report.export',
  'report.extract',
  'report.records_to_fix',
  'identity.review',
  'intelligence.record',
  'network.view',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Predicate<R extends Resource> = (actor: Actor, resource: R) => boolean;

export interface Rule {
  role: Role;
  action: Action;
  resource: ResourceType;
  /** Plain-language description shown in the policy listing. */
  because: string;
  predicate: (actor: Actor, resource: Resource) => boolean;
}
