-- The chunk size a batch was cut with (issue 6, item 3). A resumed run skips the chunks already
-- committed by number, so it must cut the file exactly as the first run did, whatever its own default
-- or option. Batches from before this column resume with the importer's default. Forward-only.
ALTER TABLE import_batch ADD COLUMN chunk_size integer CHECK (chunk_size > 0);
