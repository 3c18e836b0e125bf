-- Progress of a running import batch (issue 6, item 5), kept on the batch so every server process can
-- show it: the file's size, how far the importer has read (bytes and rows, this run) and when it last
-- said so, committed with each chunk. A batch that stops before the end says why, as a code the pages
-- turn into plain words (never an error message, which can quote the file). Forward-only.
ALTER TABLE import_batch
  ADD COLUMN bytes_total bigint,
  ADD COLUMN bytes_read bigint NOT NULL DEFAULT 0,
  ADD COLUMN rows_read integer NOT NULL DEFAULT 0,
  ADD COLUMN run_started_at timestamptz,
  ADD COLUMN progress_at timestamptz,
  ADD COLUMN failure text CHECK (failure IN ('stopped', 'error'));
