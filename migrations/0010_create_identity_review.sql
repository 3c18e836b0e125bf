-- Identity review (issue 5 item 4): what reviewers decide about the pairs the identity resolver queued
-- (link_decision.decision = 'review'), the do-not-match pairs the resolver honours, and reversible
-- merges. A merge never moves or deletes a row: the merged person points at the survivor
-- (person.merged_into), so unmerging clears the pointer and both records are exactly as they were.
-- Forward-only.

-- A deferred pair stays in the queue, after the undecided ones, with who deferred it and when.
ALTER TABLE link_decision ADD COLUMN deferred_at timestamptz;
ALTER TABLE link_decision ADD COLUMN deferred_by uuid REFERENCES user_account (id);
ALTER TABLE link_decision ADD COLUMN deferred_note text;

-- "Not the same person": the pair as the resolver queued it (the record's person and the candidate).
-- The resolver never links a record to one of them on the strength of its likeness to the other, and
-- the queue never offers them (or the records linked to them) again.
CREATE TABLE identity_do_not_match (
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  person_a uuid NOT NULL REFERENCES person (id),
  person_b uuid NOT NULL REFERENCES person (id),
  link_decision_id uuid REFERENCES link_decision (id),
  decided_by uuid REFERENCES user_account (id),
  decided_at timestamptz NOT NULL,
  note text,
  PRIMARY KEY (partnership_id, person_a, person_b),
  CHECK (person_a < person_b)
);
CREATE INDEX identity_do_not_match_b_idx ON identity_do_not_match (partnership_id, person_b);

-- One merge: `merged_id` and every person that already pointed at it (`moved_ids`, a JSON array that
-- starts with merged_id) now point at `survivor_id`. Pointers stay one level deep, so every reader can
-- use coalesce(merged_into, id). Unmerging puts each moved pointer back and stamps unmerged_*.
CREATE TABLE identity_merge (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  survivor_id uuid NOT NULL REFERENCES person (id),
  merged_id uuid NOT NULL REFERENCES person (id),
  moved_ids jsonb NOT NULL,
  link_decision_id uuid REFERENCES link_decision (id),
  merged_by uuid REFERENCES user_account (id),
  merged_at timestamptz NOT NULL,
  note text,
  unmerged_by uuid REFERENCES user_account (id),
  unmerged_at timestamptz,
  unmerge_reason text
);
CREATE INDEX identity_merge_survivor_idx ON identity_merge (partnership_id, survivor_id)
  WHERE unmerged_at IS NULL;
CREATE INDEX person_merged_into_idx ON person (partnership_id, merged_into) WHERE merged_into IS NOT NULL;

-- Every reviewer decision in order (link, not the same person, decide later, unlink), for the pair's
-- history. The consultation log records the same decisions with the request that made them.
CREATE TABLE identity_decision (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  link_decision_id uuid REFERENCES link_decision (id),
  merge_id uuid REFERENCES identity_merge (id),
  action text NOT NULL CHECK (action IN ('link', 'reject', 'defer', 'unmerge')),
  decided_by uuid REFERENCES user_account (id),
  decided_at timestamptz NOT NULL,
  note text
);
CREATE INDEX identity_decision_pair_idx ON identity_decision (partnership_id, link_decision_id);
