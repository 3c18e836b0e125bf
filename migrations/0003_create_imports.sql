-- The import pipeline (issue 6): chunk progress for resumable batches, quarantine, daily attendance marks,
-- identity decisions and the people each batch changed. Forward-only.

-- One row per committed chunk of a batch, written in the chunk's own transaction: a re-run skips the
-- chunks recorded here, so a killed import resumes exactly where its last commit ended.
CREATE TABLE import_chunk (
  batch_id uuid NOT NULL REFERENCES import_batch (id),
  chunk_no integer NOT NULL,
  rows_in integer NOT NULL,
  rows_loaded integer NOT NULL,
  rows_quarantined integer NOT NULL,
  rows_duplicate integer NOT NULL,
  committed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (batch_id, chunk_no)
);
CREATE INDEX import_batch_file_idx ON import_batch (partnership_id, agency_id, feed, file_sha256);

-- Rows that failed validation, with every reason, until fixed and resubmitted.
CREATE TABLE import_quarantine (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  batch_id uuid NOT NULL REFERENCES import_batch (id),
  feed text NOT NULL,
  line integer NOT NULL,
  record jsonb NOT NULL,
  issues jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resubmitted', 'discarded')),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  UNIQUE (batch_id, line)
);
CREATE INDEX import_quarantine_open_idx ON import_quarantine (partnership_id, status, created_at);

-- Daily school attendance: one row per pupil, date and session (the largest feed, ~19M rows a year
-- for 50,000 pupils), kept narrow and out of the generic event table.
CREATE TABLE attendance_mark (
  partnership_id uuid NOT NULL,
  upn text NOT NULL,
  mark_date date NOT NULL,
  session char(2) NOT NULL,
  code text NOT NULL,
  school_urn text NOT NULL,
  agency_id uuid NOT NULL,
  PRIMARY KEY (partnership_id, upn, mark_date, session)
);

-- How each incoming record was tied to a person: auto link, review (queued), or new.
CREATE TABLE link_decision (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  source_record_id uuid NOT NULL REFERENCES source_record (id),
  person_id uuid NOT NULL REFERENCES person (id),
  candidate_person_id uuid REFERENCES person (id),
  decision text NOT NULL CHECK (decision IN ('auto', 'review', 'new', 'confirmed', 'rejected')),
  score double precision NOT NULL,
  explanation jsonb NOT NULL DEFAULT '{}'::jsonb,
  decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX link_decision_review_idx ON link_decision (partnership_id, decision);

-- Which people each batch changed, for the early-warning engine.
CREATE TABLE import_changed_person (
  batch_id uuid NOT NULL REFERENCES import_batch (id),
  person_id uuid NOT NULL REFERENCES person (id),
  PRIMARY KEY (batch_id, person_id)
);
