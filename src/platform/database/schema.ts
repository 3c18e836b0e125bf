/**
 * Kysely table types for the migrations in /migrations. Keep in step with the SQL: a round-trip test
 * (`schema.db.test.ts`) writes and reads every table through these types on both databases.
 * Dates (`date`) are 'YYYY-MM-DD' strings; timestamps (`timestamptz`) are Date objects.
 */
import type { ColumnType, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type Bigint = ColumnType<number, number | undefined, number>;

export type AgencyKind =
  'police' | 'social_care' | 'education' | 'health' | 'youth_offending' | 'probation' | 'voluntary' | 'other';
export type Role =
  'practitioner' | 'coordinator' | 'police_analyst' | 'partnership_analyst' | 'administrator' | 'auditor';
export type PersonKind = 'child' | 'adult_of_concern' | 'other';
export type Sex = 'female' | 'male' | 'indeterminate' | 'not_known';
export type IdentifierScheme = 'nhs_number' | 'upn' | 'police_id' | 'la_id' | 'yot_id' | 'other';
export type PartyRole = 'subject' | 'associate' | 'suspect' | 'witness' | 'reporter' | 'victim';
export type LocationKind =
  | 'home'
  | 'care_placement'
  | 'school'
  | 'hotel'
  | 'takeaway'
  | 'taxi'
  | 'park'
  | 'party_house'
  | 'house'
  | 'shop'
  | 'transport_hub'
  | 'online'
  | 'other';
export type ObjectKind = 'vehicle' | 'phone' | 'online_account';

export interface PartnershipTable {
  partnership_id: string;
  code: string;
  name: string;
  created_at: DefaultedTimestamp;
}

export interface AgencyTable {
  id: string;
  partnership_id: string;
  code: string;
  name: string;
  kind: AgencyKind;
  created_at: DefaultedTimestamp;
}

export interface UserAccountTable {
  id: string;
  partnership_id: string;
  agency_id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  totp_secret: string | null;
  mfa_enrolled_at: Timestamp | null;
  disabled_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  last_sign_in_at: Timestamp | null;
  data_protection_lead: ColumnType<boolean, boolean | undefined, boolean>;
  demo_only: ColumnType<boolean, boolean | undefined, boolean>;
  totp_last_step: number | null;
}

export interface RoleGrantTable {
  id: string;
  partnership_id: string;
  user_id: string;
  role: Role;
  granted_at: DefaultedTimestamp;
  granted_by: string | null;
}

export interface PersonTable {
  id: string;
  partnership_id: string;
  kind: PersonKind;
  given_name: string | null;
  middle_names: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  date_of_birth_estimated: ColumnType<boolean, boolean | undefined, boolean>;
  sex: Sex | null;
  ethnicity_dfe: string | null;
  ethnicity_police_self_defined: string | null;
  ethnicity_police_officer_defined: string | null;
  nationality: string | null;
  disability: string | null;
  special_educational_needs: string | null;
  looked_after: ColumnType<boolean, boolean | undefined, boolean>;
  sealed: ColumnType<boolean, boolean | undefined, boolean>;
  merged_into: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ImportBatchTable {
  id: string;
  partnership_id: string;
  agency_id: string;
  feed: string;
  feed_version: ColumnType<number, number | undefined, number>;
  file_name: string;
  file_sha256: string;
  status: 'running' | 'completed' | 'failed';
  rows_in: ColumnType<number, number | undefined, number>;
  rows_loaded: ColumnType<number, number | undefined, number>;
  rows_quarantined: ColumnType<number, number | undefined, number>;
  rows_duplicate: ColumnType<number, number | undefined, number>;
  started_at: DefaultedTimestamp;
  finished_at: Timestamp | null;
  created_by: string | null;
  bytes_total: Bigint | null;
  bytes_read: Bigint;
  rows_read: ColumnType<number, number | undefined, number>;
  run_started_at: Timestamp | null;
  progress_at: Timestamp | null;
  failure: 'stopped' | 'error' | null;
  /** Rows a chunk of this batch holds (migration 0014; null for batches from before it). */
  chunk_size: number | null;
}

export interface SourceRecordTable {
  id: string;
  partnership_id: string;
  agency_id: string;
  feed: string;
  external_key: string;
  payload: Json<Record<string, unknown>>;
  batch_id: string | null;
  person_id: string | null;
  received_at: DefaultedTimestamp;
}

export interface PersonIdentifierTable {
  id: string;
  partnership_id: string;
  person_id: string;
  scheme: IdentifierScheme;
  value: string;
  valid_from: string | null;
  valid_to: string | null;
  source_record_id: string | null;
}

export interface PersonAliasTable {
  id: string;
  partnership_id: string;
  person_id: string;
  kind: 'alias' | 'previous_name' | 'known_as' | 'misspelling';
  given_name: string | null;
  family_name: string | null;
  source_record_id: string | null;
}

export interface LocationTable {
  id: string;
  partnership_id: string;
  kind: LocationKind;
  name: string | null;
  address: string | null;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  created_at: DefaultedTimestamp;
}

export interface PersonAddressTable {
  id: string;
  partnership_id: string;
  person_id: string;
  location_id: string | null;
  line1: string | null;
  line2: string | null;
  town: string | null;
  postcode: string | null;
  valid_from: string | null;
  valid_to: string | null;
  source_record_id: string | null;
}

export interface PersonContactTable {
  id: string;
  partnership_id: string;
  person_id: string;
  kind: 'phone' | 'email' | 'handle';
  value: string;
  source_record_id: string | null;
}

export interface ObjectTable {
  id: string;
  partnership_id: string;
  kind: ObjectKind;
  value: string;
  normalised_value: string;
  description: string | null;
  created_at: DefaultedTimestamp;
}

export interface EventTable {
  id: string;
  partnership_id: string;
  agency_id: string;
  type: string;
  occurred_at: Timestamp;
  occurred_until: Timestamp | null;
  location_id: string | null;
  narrative: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  source_record_id: string | null;
  recorded_at: DefaultedTimestamp;
  recorded_by: string | null;
}

export interface EventPartyTable {
  id: string;
  partnership_id: string;
  event_id: string;
  person_id: string;
  role: PartyRole;
}

export interface EventObjectTable {
  id: string;
  partnership_id: string;
  event_id: string;
  object_id: string;
  role: ColumnType<string, string | undefined, string>;
}

export interface ConcernTable {
  id: string;
  partnership_id: string;
  person_id: string;
  raised_by_user_id: string | null;
  raised_by_agency_id: string;
  indicators: ColumnType<string[], string | undefined, string>;
  narrative: string;
  lawful_basis: string;
  status: ColumnType<
    'new' | 'triaged' | 'screening' | 'case_opened' | 'no_further_action',
    'new' | 'triaged' | 'screening' | 'case_opened' | 'no_further_action' | undefined,
    'new' | 'triaged' | 'screening' | 'case_opened' | 'no_further_action'
  >;
  raised_at: DefaultedTimestamp;
}

export interface AuditEventTable {
  seq: ColumnType<number, never, never>;
  partnership_id: string;
  occurred_at: Timestamp;
  request_id: string | null;
  actor_user_id: string | null;
  actor_agency_id: string | null;
  actor_role: string | null;
  action: string;
  subject_type: string | null;
  subject_ids: ColumnType<string[], string | undefined, string>;
  purpose: string | null;
  outcome: 'success' | 'denied' | 'failure';
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  prev_hash: string;
  hash: string;
  /** The canonical content of an event waiting to join the chain at COMMIT; null once chained. */
  pending_content: ColumnType<string | null, string | null | undefined, never>;
}

export type SessionStage = 'password' | 'enrol' | 'active';

export interface SessionTable {
  id_hash: string;
  partnership_id: string;
  user_id: string;
  stage: SessionStage;
  csrf_token: string;
  pending_totp_secret: string | null;
  mfa_failures: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  end_reason: string | null;
}

export interface SignInAttemptTable {
  id: ColumnType<number, never, never>;
  partnership_id: string;
  key_kind: 'account' | 'address';
  key_hash: string;
  succeeded: boolean;
  attempted_at: Timestamp;
}

export interface AgencyAssignmentTable {
  id: string;
  partnership_id: string;
  person_id: string;
  agency_id: string;
  assigned_at: Timestamp;
  ended_at: Timestamp | null;
  assigned_by: string | null;
}

export interface SealedRecordUserTable {
  partnership_id: string;
  person_id: string;
  user_id: string;
  granted_at: Timestamp;
  granted_by: string | null;
}

export type BreakGlassOutcome = 'justified' | 'not_justified';

export interface BreakGlassTable {
  id: string;
  partnership_id: string;
  user_id: string;
  agency_id: string;
  person_id: string;
  reason: string;
  owner_agency_ids: ColumnType<string[], string | undefined, string>;
  opened_at: Timestamp;
  expires_at: Timestamp;
  review_outcome: BreakGlassOutcome | null;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
}

export interface AuditChainHeadTable {
  partnership_id: string;
  last_seq: Bigint;
  last_hash: string;
  event_count: Bigint;
}

export type HandlingCode = 'P' | 'C';

export interface IntelligenceTable {
  id: string;
  partnership_id: string;
  agency_id: string;
  person_id: string | null;
  source_evaluation: '1' | '2' | '3';
  intelligence_assessment: 'A' | 'B' | 'C' | 'D' | 'E';
  handling_code: HandlingCode;
  text: string;
  sanitised_text: string | null;
  recorded_at: Timestamp;
  recorded_by: string | null;
}

export interface MigrationTable {
  name: string;
  checksum: string;
  applied_at: DefaultedTimestamp;
}

export interface Database {
  partnership: PartnershipTable;
  agency: AgencyTable;
  user_account: UserAccountTable;
  role_grant: RoleGrantTable;
  person: PersonTable;
  import_batch: ImportBatchTable;
  source_record: SourceRecordTable;
  person_identifier: PersonIdentifierTable;
  person_alias: PersonAliasTable;
  location: LocationTable;
  person_address: PersonAddressTable;
  person_contact: PersonContactTable;
  object: ObjectTable;
  event: EventTable;
  event_party: EventPartyTable;
  event_object: EventObjectTable;
  concern: ConcernTable;
  audit_event: AuditEventTable;
  session: SessionTable;
  sign_in_attempt: SignInAttemptTable;
  agency_assignment: AgencyAssignmentTable;
  sealed_record_user: SealedRecordUserTable;
  break_glass: BreakGlassTable;
  audit_chain_head: AuditChainHeadTable;
  intelligence: IntelligenceTable;
  sightline_migration: MigrationTable;
}

export type PersonRow = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type EventRow = Selectable<EventTable>;
