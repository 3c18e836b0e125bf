-- Cases, multi-agency meetings (MACE / strategy), actions and support plans (issue 8, items 4-6).
-- Every table carries partnership_id. "case" is an SQL keyword, so the case table is case_record.
-- Forward-only: never edit this file after it has landed; add a new one.

-- A case on a child, a place (contextual safeguarding) or a peer group (a set of children).
CREATE TABLE case_record (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  subject_kind text NOT NULL CHECK (subject_kind IN ('child', 'place', 'peer_group')),
  title text NOT NULL,
  location_id uuid REFERENCES location (id),
  reason text NOT NULL,
  lead_agency_id uuid NOT NULL REFERENCES agency (id),
  lead_user_id uuid REFERENCES user_account (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  review_due_on date,
  opened_at timestamptz NOT NULL,
  opened_by uuid REFERENCES user_account (id),
  outcome text,
  -- CIN census reason for closure (codelists/cin-closure-reasons.json)
  closure_reason text,
  closed_at timestamptz,
  closed_by uuid REFERENCES user_account (id),
  CHECK (subject_kind <> 'place' OR location_id IS NOT NULL),
  CHECK (status = 'open' OR (closure_reason IS NOT NULL AND closed_at IS NOT NULL))
);
CREATE INDEX case_record_status_idx ON case_record (partnership_id, status, review_due_on);

-- Every child a case links: its subject, the members of a peer group, the children who share a place.
CREATE TABLE case_child (
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  case_id uuid NOT NULL REFERENCES case_record (id),
  person_id uuid NOT NULL REFERENCES person (id),
  link text NOT NULL CHECK (link IN ('subject', 'member', 'shares_place')),
  added_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, person_id)
);
CREATE INDEX case_child_person_idx ON case_child (partnership_id, person_id);

CREATE TABLE case_agency (
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  case_id uuid NOT NULL REFERENCES case_record (id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  PRIMARY KEY (case_id, agency_id)
);
CREATE INDEX case_agency_agency_idx ON case_agency (partnership_id, agency_id);

-- The named lead of each agency, to whom its overdue actions escalate.
CREATE TABLE agency_lead (
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  agency_id uuid PRIMARY KEY REFERENCES agency (id),
  user_id uuid NOT NULL REFERENCES user_account (id)
);

CREATE TABLE meeting (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  kind text NOT NULL CHECK (kind IN ('mace', 'strategy')),
  title text NOT NULL,
  held_on date NOT NULL,
  chair_user_id uuid REFERENCES user_account (id),
  created_at timestamptz NOT NULL,
  created_by uuid REFERENCES user_account (id)
);
CREATE INDEX meeting_held_idx ON meeting (partnership_id, held_on);

-- Agencies invited, and whether they attended (null until the meeting is held).
CREATE TABLE meeting_attendance (
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  meeting_id uuid NOT NULL REFERENCES meeting (id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  attended boolean,
  attendee_names text,
  PRIMARY KEY (meeting_id, agency_id)
);
CREATE INDEX meeting_attendance_agency_idx ON meeting_attendance (partnership_id, agency_id);

-- The agenda: cases due for review, children with a high level of concern, adults of concern, places.
CREATE TABLE meeting_item (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  meeting_id uuid NOT NULL REFERENCES meeting (id),
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('case', 'child', 'adult', 'place')),
  case_id uuid REFERENCES case_record (id),
  person_id uuid REFERENCES person (id),
  location_id uuid REFERENCES location (id),
  reason text NOT NULL
);
CREATE INDEX meeting_item_meeting_idx ON meeting_item (partnership_id, meeting_id, position);

-- Minutes, section by section. A restricted section is visible only to the agencies named for it.
CREATE TABLE minute_section (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  meeting_id uuid NOT NULL REFERENCES meeting (id),
  heading text NOT NULL,
  body text NOT NULL,
  restricted boolean NOT NULL DEFAULT false,
  recorded_at timestamptz NOT NULL,
  recorded_by uuid REFERENCES user_account (id),
  recorded_by_agency_id uuid NOT NULL REFERENCES agency (id)
);
CREATE INDEX minute_section_meeting_idx ON minute_section (partnership_id, meeting_id, recorded_at);

CREATE TABLE minute_section_agency (
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  section_id uuid NOT NULL REFERENCES minute_section (id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  PRIMARY KEY (section_id, agency_id)
);

CREATE TABLE decision (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  meeting_id uuid NOT NULL REFERENCES meeting (id),
  case_id uuid REFERENCES case_record (id),
  text text NOT NULL,
  recorded_at timestamptz NOT NULL,
  recorded_by uuid REFERENCES user_account (id)
);
CREATE INDEX decision_meeting_idx ON decision (partnership_id, meeting_id);

CREATE TABLE case_action (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  meeting_id uuid REFERENCES meeting (id),
  case_id uuid REFERENCES case_record (id),
  description text NOT NULL,
  owner_agency_id uuid NOT NULL REFERENCES agency (id),
  owner_name text NOT NULL,
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  escalated_at timestamptz,
  escalated_to_user_id uuid REFERENCES user_account (id),
  created_at timestamptz NOT NULL,
  created_by uuid REFERENCES user_account (id),
  completed_at timestamptz
);
CREATE INDEX case_action_due_idx ON case_action (partnership_id, status, due_on);
CREATE INDEX case_action_meeting_idx ON case_action (partnership_id, meeting_id);

-- Long-term support for a child. It belongs to the child, not to an address or an age: reviews carry on
-- past 18 and across moves of area, until a planned hand-over to adult services.
CREATE TABLE support_plan (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  person_id uuid NOT NULL REFERENCES person (id),
  child_words text NOT NULL,
  safety_plan text NOT NULL,
  key_worker_name text NOT NULL,
  key_worker_agency_id uuid NOT NULL REFERENCES agency (id),
  current_area text,
  review_every_months integer NOT NULL CHECK (review_every_months BETWEEN 1 AND 12),
  next_review_on date NOT NULL,
  adult_handover_on date,
  adult_handover_to text,
  created_at timestamptz NOT NULL,
  created_by uuid REFERENCES user_account (id),
  updated_at timestamptz NOT NULL,
  UNIQUE (partnership_id, person_id)
);
CREATE INDEX support_plan_review_idx ON support_plan (partnership_id, next_review_on);

CREATE TABLE support_service (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  plan_id uuid NOT NULL REFERENCES support_plan (id),
  kind text NOT NULL CHECK (kind IN ('cse_worker', 'isva', 'therapy', 'court_special_measures', 'other')),
  provider text NOT NULL,
  provider_agency_id uuid REFERENCES agency (id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'ended')),
  started_on date,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX support_service_plan_idx ON support_service (partnership_id, plan_id);

-- The engagement log: contacts, reviews and moves of area.
CREATE TABLE support_contact (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  plan_id uuid NOT NULL REFERENCES support_plan (id),
  occurred_on date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('contact', 'review', 'area_move')),
  engagement text CHECK (engagement IN ('engaged', 'partly', 'not_engaged', 'not_seen')),
  note text NOT NULL,
  recorded_at timestamptz NOT NULL,
  recorded_by uuid REFERENCES user_account (id),
  recorded_by_agency_id uuid NOT NULL REFERENCES agency (id)
);
CREATE INDEX support_contact_plan_idx ON support_contact (partnership_id, plan_id, occurred_on);
