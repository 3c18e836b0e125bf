-- Access and audit (issue 4): sessions, sign-in throttling, agency assignment, named users of sealed
-- records, break-glass, the audit chain head, and a first intelligence table carrying the handling code
-- the access policy needs. Forward-only.

ALTER TABLE user_account ADD COLUMN data_protection_lead boolean NOT NULL DEFAULT false;
-- Demo accounts sign in with the documented demo password, and only while the server runs in demo mode.
ALTER TABLE user_account ADD COLUMN demo_only boolean NOT NULL DEFAULT false;
-- The last TOTP time step accepted, so a code cannot be replayed.
ALTER TABLE user_account ADD COLUMN totp_last_step bigint;

-- Server-side sessions. The cookie carries a random 256-bit id; only its SHA-256 is stored here.
CREATE TABLE session (
  id_hash text PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  user_id uuid NOT NULL REFERENCES user_account (id),
  -- 'password' (second factor still to come), 'enrol' (must set up MFA), 'active'
  stage text NOT NULL CHECK (stage IN ('password', 'enrol', 'active')),
  csrf_token text NOT NULL,
  pending_totp_secret text,
  mfa_failures integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  end_reason text
);
CREATE INDEX session_user_idx ON session (partnership_id, user_id) WHERE ended_at IS NULL;

-- Sign-in attempts for throttling, keyed by a hash of the account name or of the address, never the
-- values themselves.
CREATE TABLE sign_in_attempt (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  key_kind text NOT NULL CHECK (key_kind IN ('account', 'address')),
  key_hash text NOT NULL,
  succeeded boolean NOT NULL,
  attempted_at timestamptz NOT NULL
);
CREATE INDEX sign_in_attempt_key_idx ON sign_in_attempt (partnership_id, key_kind, key_hash, attempted_at);

-- An agency assigned to work with a person (as well as agencies that contributed records about them).
CREATE TABLE agency_assignment (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  person_id uuid NOT NULL REFERENCES person (id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  assigned_at timestamptz NOT NULL,
  ended_at timestamptz,
  assigned_by uuid REFERENCES user_account (id)
);
CREATE INDEX agency_assignment_person_idx ON agency_assignment (partnership_id, person_id);

-- The named users who may see a sealed record.
CREATE TABLE sealed_record_user (
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  person_id uuid NOT NULL REFERENCES person (id),
  user_id uuid NOT NULL REFERENCES user_account (id),
  granted_at timestamptz NOT NULL,
  granted_by uuid REFERENCES user_account (id),
  PRIMARY KEY (person_id, user_id)
);

-- Break-glass: time-limited access to a record outside the user's scope, with a reason, reviewed by the
-- data-protection lead of each agency that owns the record.
CREATE TABLE break_glass (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  user_id uuid NOT NULL REFERENCES user_account (id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  person_id uuid NOT NULL REFERENCES person (id),
  reason text NOT NULL,
  owner_agency_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  opened_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  review_outcome text CHECK (review_outcome IN ('justified', 'not_justified')),
  review_note text,
  reviewed_by uuid REFERENCES user_account (id),
  reviewed_at timestamptz
);
CREATE INDEX break_glass_user_idx ON break_glass (partnership_id, user_id, person_id, expires_at);
CREATE INDEX break_glass_review_idx ON break_glass (partnership_id, reviewed_at);

-- The head of each partnership's audit hash chain. Writers lock this row (select ... for update), which
-- serialises them, and it records the last hash and count so that deleting the newest rows is detected.
CREATE TABLE audit_chain_head (
  partnership_id uuid PRIMARY KEY REFERENCES partnership (partnership_id),
  last_seq bigint NOT NULL DEFAULT 0,
  last_hash text NOT NULL,
  event_count bigint NOT NULL DEFAULT 0
);

-- Intelligence items with their 3x5x2 grading. Handling code C never leaves the police; partners see only
-- the sanitised text of a P item.
CREATE TABLE intelligence (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  person_id uuid REFERENCES person (id),
  source_evaluation text NOT NULL CHECK (source_evaluation IN ('1', '2', '3')),
  intelligence_assessment text NOT NULL CHECK (intelligence_assessment IN ('A', 'B', 'C', 'D', 'E')),
  handling_code text NOT NULL CHECK (handling_code IN ('P', 'C')),
  text text NOT NULL,
  sanitised_text text,
  recorded_at timestamptz NOT NULL,
  recorded_by uuid REFERENCES user_account (id)
);
CREATE INDEX intelligence_person_idx ON intelligence (partnership_id, person_id);
