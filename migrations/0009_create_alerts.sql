-- Early warning (issue 7): versioned rule sets per partnership, alerts with their evidence and lifecycle,
-- the per-child memory the alert logic needs between evaluations, and stored backtests. Forward-only.

-- A rule set as loaded by a partnership: the JSON is kept exactly as validated, with who loaded it and
-- when. One version is active at a time; alerts name the version that raised them.
CREATE TABLE rule_set (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  rule_set_key text NOT NULL,
  version text NOT NULL,
  title text NOT NULL,
  definition jsonb NOT NULL,
  active boolean NOT NULL DEFAULT false,
  loaded_by uuid REFERENCES user_account (id),
  loaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partnership_id, rule_set_key, version)
);
CREATE UNIQUE INDEX rule_set_one_active_idx ON rule_set (partnership_id) WHERE active;

-- One alert: a child crossed into a band. `dedup_key` (rule set, version, child, band, day) makes
-- raising idempotent: re-running an evaluation never raises the same alert twice.
CREATE TABLE alert (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  rule_set_id uuid NOT NULL REFERENCES rule_set (id),
  dedup_key text NOT NULL,
  person_id uuid NOT NULL REFERENCES person (id),
  band text NOT NULL,
  band_index integer NOT NULL,
  previous_band text,
  score double precision NOT NULL,
  rule_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  evidence_event_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  explanation jsonb NOT NULL DEFAULT '[]'::jsonb,
  raised_on date NOT NULL,
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'acknowledged', 'actioned', 'dismissed', 'snoozed')),
  routed_to text NOT NULL CHECK (routed_to IN ('mash_inbox', 'lead_professional')),
  routed_to_user_id uuid REFERENCES user_account (id),
  assignee_user_id uuid REFERENCES user_account (id),
  outcome text CHECK (outcome IN ('screening', 'case', 'dismissed', 'snoozed')),
  outcome_reason text,
  snoozed_until date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partnership_id, dedup_key),
  CHECK (routed_to <> 'lead_professional' OR routed_to_user_id IS NOT NULL)
);
CREATE INDEX alert_inbox_idx ON alert (partnership_id, status, band_index DESC, score DESC);
CREATE INDEX alert_person_idx ON alert (partnership_id, person_id);

-- Every change of an alert's status, by whom and why (the lifecycle history).
CREATE TABLE alert_event (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  alert_id uuid NOT NULL REFERENCES alert (id),
  from_status text,
  to_status text NOT NULL,
  reason text,
  actor_user_id uuid REFERENCES user_account (id),
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_event_alert_idx ON alert_event (partnership_id, alert_id, occurred_at);

-- What the alert logic remembers per child between evaluations (band last seen, last alert band and
-- day) so that de-duplication and the cool-down hold across runs and across incremental imports.
CREATE TABLE child_indicator_state (
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  person_id uuid NOT NULL REFERENCES person (id),
  rule_set_id uuid NOT NULL REFERENCES rule_set (id),
  score double precision NOT NULL,
  band_index integer NOT NULL,
  alerted_band_index integer NOT NULL,
  alerted_on date,
  evaluated_on date NOT NULL,
  PRIMARY KEY (partnership_id, rule_set_id, person_id)
);

-- Backtests of a rule set over the partnership's history (`sightline evaluate`), for the rules page.
CREATE TABLE rule_backtest (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  rule_set_key text NOT NULL,
  version text NOT NULL,
  from_date date NOT NULL,
  to_date date NOT NULL,
  report jsonb NOT NULL,
  run_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rule_backtest_latest_idx ON rule_backtest (partnership_id, run_at DESC);
