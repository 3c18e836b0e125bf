-- Early warning after imports (issue 7): which completed import batches the alert engine has already
-- re-evaluated. A completed batch without a row here is pending: the evaluation that follows an import
-- (or the catch-up when the server starts) picks it up, so a failed or interrupted evaluation is retried
-- and never lost, and the import itself is never undone. Forward-only.
CREATE TABLE import_evaluation (
  batch_id uuid PRIMARY KEY REFERENCES import_batch (id),
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  rule_set_id uuid NOT NULL REFERENCES rule_set (id),
  evaluated_on date NOT NULL,
  children_evaluated integer NOT NULL,
  alerts_raised integer NOT NULL,
  evaluated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_evaluation_partnership_idx ON import_evaluation (partnership_id, evaluated_at);
