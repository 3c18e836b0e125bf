-- Audit events join their partnership's hash chain when their transaction commits (issue 8, the child
-- record under load). Until now the writer locked the chain head inside the request's transaction and
-- held it until the application sent COMMIT, so under load most connections queued on that one row
-- while its holder sat idle in transaction waiting for its Node process to get round to committing.
--
-- Now the writer inserts the event with its canonical content in `pending_content` and empty hashes.
-- A deferred constraint trigger runs at COMMIT, inside the same transaction: it locks the head (creating
-- it the first time), gives the event the next sequence number, links it to the head's hash, computes
-- its own hash (SHA-256 of the previous hash, a newline and the content, exactly as verify.ts does in
-- Node), clears the pending content and moves the head. The head lock is now held only while
-- PostgreSQL commits. An event still commits or rolls back with the work it records, and a failure in
-- the trigger fails the COMMIT, so the work is not saved without its audit. Forward-only.

ALTER TABLE audit_event ADD COLUMN pending_content text;

CREATE FUNCTION audit_event_join_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head_hash text;
  chained_seq bigint;
  chained_hash text;
BEGIN
  SELECT last_hash INTO head_hash FROM audit_chain_head
    WHERE partnership_id = NEW.partnership_id FOR UPDATE;
  IF NOT FOUND THEN
    -- The partnership's first event: its chain starts from the genesis hash (canonical.ts).
    INSERT INTO audit_chain_head (partnership_id, last_seq, last_hash, event_count)
      VALUES (NEW.partnership_id, 0, repeat('0', 64), 0)
      ON CONFLICT (partnership_id) DO NOTHING;
    SELECT last_hash INTO STRICT head_hash FROM audit_chain_head
      WHERE partnership_id = NEW.partnership_id FOR UPDATE;
  END IF;
  chained_hash := encode(sha256(convert_to(head_hash || chr(10) || NEW.pending_content, 'UTF8')), 'hex');
  -- The sequence number is taken under the head lock, so a partnership's events are numbered in chain order.
  UPDATE audit_event
    SET seq = DEFAULT, prev_hash = head_hash, hash = chained_hash, pending_content = NULL
    WHERE seq = NEW.seq
    RETURNING seq INTO STRICT chained_seq;
  UPDATE audit_chain_head
    SET last_seq = chained_seq, last_hash = chained_hash, event_count = event_count + 1
    WHERE partnership_id = NEW.partnership_id;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER audit_event_join_chain
  AFTER INSERT ON audit_event
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN (NEW.pending_content IS NOT NULL)
  EXECUTE FUNCTION audit_event_join_chain();
