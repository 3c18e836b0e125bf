-- The core of the data model (DESIGN.md §4). Every table carries partnership_id, the tenant and the
-- future distribution column. Forward-only: never edit this file after it has landed; add a new one.

CREATE TABLE partnership (
  partnership_id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agency (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('police', 'social_care', 'education', 'health', 'youth_offending',
                                     'probation', 'voluntary', 'other')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partnership_id, code)
);

CREATE TABLE user_account (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  email text NOT NULL,
  display_name text NOT NULL,
  password_hash text,
  totp_secret text,
  mfa_enrolled_at timestamptz,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz
);
CREATE UNIQUE INDEX user_account_email_key ON user_account (partnership_id, lower(email));

CREATE TABLE role_grant (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  user_id uuid NOT NULL REFERENCES user_account (id),
  role text NOT NULL CHECK (role IN ('practitioner', 'coordinator', 'police_analyst', 'partnership_analyst',
                                     'administrator', 'auditor')),
  granted_at timestamptz NOT NULL DEFAULT now(),
  granted_by uuid REFERENCES user_account (id),
  UNIQUE (user_id, role)
);

CREATE TABLE person (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  kind text NOT NULL CHECK (kind IN ('child', 'adult_of_concern', 'other')),
  given_name text,
  middle_names text,
  family_name text,
  date_of_birth date,
  date_of_birth_estimated boolean NOT NULL DEFAULT false,
  sex text CHECK (sex IN ('female', 'male', 'indeterminate', 'not_known')),
  -- Ethnicity is recorded for statistics only and never feeds a rule, score or match. The DfE code and
  -- the police self-defined and officer-defined classifications are kept apart, and apart from nationality.
  ethnicity_dfe text,
  ethnicity_police_self_defined text,
  ethnicity_police_officer_defined text,
  nationality text,
  disability text,
  special_educational_needs text,
  looked_after boolean NOT NULL DEFAULT false,
  sealed boolean NOT NULL DEFAULT false,
  merged_into uuid REFERENCES person (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_partnership_idx ON person (partnership_id, kind);
CREATE INDEX person_name_idx ON person (partnership_id, lower(family_name), lower(given_name));

CREATE TABLE import_batch (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  feed text NOT NULL,
  feed_version integer NOT NULL DEFAULT 1,
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  rows_in integer NOT NULL DEFAULT 0,
  rows_loaded integer NOT NULL DEFAULT 0,
  rows_quarantined integer NOT NULL DEFAULT 0,
  rows_duplicate integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  created_by uuid REFERENCES user_account (id)
);

CREATE TABLE source_record (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  feed text NOT NULL,
  external_key text NOT NULL,
  payload jsonb NOT NULL,
  batch_id uuid REFERENCES import_batch (id),
  person_id uuid REFERENCES person (id),
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partnership_id, agency_id, feed, external_key)
);
CREATE INDEX source_record_person_idx ON source_record (partnership_id, person_id);

CREATE TABLE person_identifier (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  person_id uuid NOT NULL REFERENCES person (id),
  scheme text NOT NULL CHECK (scheme IN ('nhs_number', 'upn', 'police_id', 'la_id', 'yot_id', 'other')),
  value text NOT NULL,
  valid_from date,
  valid_to date,
  source_record_id uuid REFERENCES source_record (id),
  UNIQUE (partnership_id, scheme, value, person_id)
);
CREATE INDEX person_identifier_lookup_idx ON person_identifier (partnership_id, scheme, value);

CREATE TABLE person_alias (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  person_id uuid NOT NULL REFERENCES person (id),
  kind text NOT NULL CHECK (kind IN ('alias', 'previous_name', 'known_as', 'misspelling')),
  given_name text,
  family_name text,
  source_record_id uuid REFERENCES source_record (id)
);
CREATE INDEX person_alias_person_idx ON person_alias (partnership_id, person_id);

CREATE TABLE location (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  kind text NOT NULL CHECK (kind IN ('home', 'care_placement', 'school', 'hotel', 'takeaway', 'taxi', 'park',
                                     'party_house', 'house', 'shop', 'transport_hub', 'online', 'other')),
  name text,
  address text,
  postcode text,
  latitude double precision,
  longitude double precision,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX location_postcode_idx ON location (partnership_id, postcode);

CREATE TABLE person_address (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  person_id uuid NOT NULL REFERENCES person (id),
  location_id uuid REFERENCES location (id),
  line1 text,
  line2 text,
  town text,
  postcode text,
  valid_from date,
  valid_to date,
  source_record_id uuid REFERENCES source_record (id)
);
CREATE INDEX person_address_person_idx ON person_address (partnership_id, person_id);

CREATE TABLE person_contact (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  person_id uuid NOT NULL REFERENCES person (id),
  kind text NOT NULL CHECK (kind IN ('phone', 'email', 'handle')),
  value text NOT NULL,
  source_record_id uuid REFERENCES source_record (id)
);
CREATE INDEX person_contact_person_idx ON person_contact (partnership_id, person_id);

CREATE TABLE object (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  kind text NOT NULL CHECK (kind IN ('vehicle', 'phone', 'online_account')),
  value text NOT NULL,
  normalised_value text NOT NULL,
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partnership_id, kind, normalised_value)
);

CREATE TABLE event (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  occurred_until timestamptz,
  location_id uuid REFERENCES location (id),
  narrative text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  source_record_id uuid REFERENCES source_record (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid REFERENCES user_account (id)
);
CREATE INDEX event_type_time_idx ON event (partnership_id, type, occurred_at);

CREATE TABLE event_party (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  event_id uuid NOT NULL REFERENCES event (id),
  person_id uuid NOT NULL REFERENCES person (id),
  role text NOT NULL CHECK (role IN ('subject', 'associate', 'suspect', 'witness', 'reporter', 'victim')),
  UNIQUE (event_id, person_id, role)
);
CREATE INDEX event_party_person_idx ON event_party (partnership_id, person_id);

CREATE TABLE event_object (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  event_id uuid NOT NULL REFERENCES event (id),
  object_id uuid NOT NULL REFERENCES object (id),
  role text NOT NULL DEFAULT 'involved',
  UNIQUE (event_id, object_id, role)
);
CREATE INDEX event_object_object_idx ON event_object (partnership_id, object_id);

CREATE TABLE concern (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  person_id uuid NOT NULL REFERENCES person (id),
  raised_by_user_id uuid REFERENCES user_account (id),
  raised_by_agency_id uuid NOT NULL REFERENCES agency (id),
  indicators jsonb NOT NULL DEFAULT '[]'::jsonb,
  narrative text NOT NULL,
  lawful_basis text NOT NULL,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'triaged', 'screening', 'case_opened', 'no_further_action')),
  raised_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX concern_person_idx ON concern (partnership_id, person_id);

-- The consultation log (DPA 2018 s.62). Rows are only ever appended; each carries the hash of the one
-- before it within its partnership, so a change, deletion or reordering is detectable.
CREATE TABLE audit_event (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  occurred_at timestamptz NOT NULL,
  request_id text,
  actor_user_id uuid,
  actor_agency_id uuid,
  actor_role text,
  action text NOT NULL,
  subject_type text,
  subject_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  purpose text,
  outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_event_partnership_idx ON audit_event (partnership_id, seq);
