// Table types for migration 0008 (cases, meetings, actions, support plans), added to the shared Database
// type with db.withTables<CaseTables>() so schema.ts stays untouched.
import type { ColumnType, Kysely } from 'kysely';
import type { Database } from '../platform/database/index.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type CaseSubjectKind = 'child' | 'place' | 'peer_group';
export type CaseChildLink = 'subject' | 'member' | 'shares_place';
export type MeetingKind = 'mace' | 'strategy';
export type AgendaKind = 'case' | 'child' | 'adult' | 'place';
export type ActionStatus = 'open' | 'in_progress' | 'done' | 'cancelled';
export type ServiceKind = 'cse_worker' | 'isva' | 'therapy' | 'court_special_measures' | 'other';
export type ContactKind = 'contact' | 'review' | 'area_move';
export type Engagement = 'engaged' | 'partly' | 'not_engaged' | 'not_seen';

export type CaseRecordTable = {
  id: string;
  partnership_id: string;
  subject_kind: CaseSubjectKind;
  title: string;
  location_id: string | null;
  reason: string;
  lead_agency_id: string;
  lead_user_id: string | null;
  status: 'open' | 'closed';
  review_due_on: string | null;
  opened_at: Timestamp;
  opened_by: string | null;
  outcome: string | null;
  closure_reason: string | null;
  closed_at: Timestamp | null;
  closed_by: string | null;
};

export type CaseChildTable = {
  partnership_id: string;
  case_id: string;
  person_id: string;
  link: CaseChildLink;
  added_at: Timestamp;
};

export type CaseAgencyTable = {
  partnership_id: string;
  case_id: string;
  agency_id: string;
};

export type AgencyLeadTable = {
  partnership_id: string;
  agency_id: string;
  user_id: string;
};

export type MeetingTable = {
  id: string;
  partnership_id: string;
  kind: MeetingKind;
  title: string;
  held_on: string;
  chair_user_id: string | null;
  created_at: Timestamp;
  created_by: string | null;
};

export type MeetingAttendanceTable = {
  partnership_id: string;
  meeting_id: string;
  agency_id: string;
  attended: boolean | null;
  attendee_names: string | null;
};

export type MeetingItemTable = {
  id: string;
  partnership_id: string;
  meeting_id: string;
  position: number;
  kind: AgendaKind;
  case_id: string | null;
  person_id: string | null;
  location_id: string | null;
  reason: string;
};

export type MinuteSectionTable = {
  id: string;
  partnership_id: string;
  meeting_id: string;
  heading: string;
  body: string;
  restricted: boolean;
  recorded_at: Timestamp;
  recorded_by: string | null;
  recorded_by_agency_id: string;
};

export type MinuteSectionAgencyTable = {
  partnership_id: string;
  section_id: string;
  agency_id: string;
};

export type DecisionTable = {
  id: string;
  partnership_id: string;
  meeting_id: string;
  case_id: string | null;
  text: string;
  recorded_at: Timestamp;
  recorded_by: string | null;
};

export type CaseActionTable = {
  id: string;
  partnership_id: string;
  meeting_id: string | null;
  case_id: string | null;
  description: string;
  owner_agency_id: string;
  owner_name: string;
  due_on: string;
  status: ActionStatus;
  escalated_at: Timestamp | null;
  escalated_to_user_id: string | null;
  created_at: Timestamp;
  created_by: string | null;
  completed_at: Timestamp | null;
};

export type SupportPlanTable = {
  id: string;
  partnership_id: string;
  person_id: string;
  child_words: string;
  safety_plan: string;
  key_worker_name: string;
  key_worker_agency_id: string;
  current_area: string | null;
  review_every_months: number;
  next_review_on: string;
  adult_handover_on: string | null;
  adult_handover_to: string | null;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
};

export type SupportServiceTable = {
  id: string;
  partnership_id: string;
  plan_id: string;
  kind: ServiceKind;
  provider: string;
  provider_agency_id: string | null;
  status: 'planned' | 'active' | 'ended';
  started_on: string | null;
  recorded_at: Timestamp;
};

export type SupportContactTable = {
  id: string;
  partnership_id: string;
  plan_id: string;
  occurred_on: string;
  kind: ContactKind;
  engagement: Engagement | null;
  note: string;
  recorded_at: Timestamp;
  recorded_by: string | null;
  recorded_by_agency_id: string;
};

export type CaseTables = {
  case_record: CaseRecordTable;
  case_child: CaseChildTable;
  case_agency: CaseAgencyTable;
  agency_lead: AgencyLeadTable;
  meeting: MeetingTable;
  meeting_attendance: MeetingAttendanceTable;
  meeting_item: MeetingItemTable;
  minute_section: MinuteSectionTable;
  minute_section_agency: MinuteSectionAgencyTable;
  decision: DecisionTable;
  case_action: CaseActionTable;
  support_plan: SupportPlanTable;
  support_service: SupportServiceTable;
  support_contact: SupportContactTable;
};

export type CasesDb = Kysely<Database & CaseTables>;

/**
 * The database handle with this module's tables.
 *
 * @example
 * const open = await withCaseTables(tx).selectFrom('case_record').selectAll().execute();
 */
export function withCaseTables(db: Kysely<Database>): CasesDb {
  return db.withTables<CaseTables>();
}
