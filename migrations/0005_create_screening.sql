-- CSE screenings (issue 8, item 3): every completed screening is kept (history), with the instrument
-- version it used, the answers, the computed score and level, overrides with their reasons, the
-- assessor's professional judgement and rationale, and the review date. Forward-only.
CREATE TABLE screening (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  person_id uuid NOT NULL REFERENCES person (id),
  instrument_id text NOT NULL,
  instrument_version text NOT NULL,
  assessed_on date NOT NULL,
  characteristics jsonb NOT NULL DEFAULT '[]'::jsonb,
  answers jsonb NOT NULL DEFAULT '[]'::jsonb,
  score double precision NOT NULL,
  computed_level text NOT NULL CHECK (computed_level IN ('no_apparent_risk', 'low', 'medium', 'high')),
  overrides jsonb NOT NULL DEFAULT '[]'::jsonb,
  judgement_level text CHECK (judgement_level IN ('no_apparent_risk', 'low', 'medium', 'high')),
  judgement_rationale text,
  final_level text NOT NULL CHECK (final_level IN ('no_apparent_risk', 'low', 'medium', 'high')),
  review_due date,
  assessor_user_id uuid NOT NULL REFERENCES user_account (id),
  assessor_agency_id uuid NOT NULL REFERENCES agency (id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX screening_person_idx ON screening (partnership_id, person_id, recorded_at DESC);
CREATE INDEX screening_review_idx ON screening (partnership_id, review_due);
