-- Intelligence: links to POLE entities, the grading details 3x5x2 requires, and legacy 5x5x5 items kept
-- in their own table (never converted into 3x5x2 columns). Forward-only.

-- Which persons, objects and locations an intelligence item names. entity_id points into person, object
-- or location according to entity_type (checked by the service, which only links records it can see).
CREATE TABLE intelligence_link (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  intelligence_id uuid NOT NULL REFERENCES intelligence (id),
  entity_type text NOT NULL CHECK (entity_type IN ('person', 'object', 'location')),
  entity_id uuid NOT NULL,
  UNIQUE (intelligence_id, entity_type, entity_id)
);
CREATE INDEX intelligence_link_entity_idx ON intelligence_link (partnership_id, entity_type, entity_id);

-- 3x5x2 details beyond the three grades: handling conditions (code C), corroboration (B), risk note (E),
-- and the source, which is never shared.
CREATE TABLE intelligence_detail (
  intelligence_id uuid PRIMARY KEY REFERENCES intelligence (id),
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  handling_conditions text,
  corroboration text,
  risk_note text,
  source_type text NOT NULL,
  source_reference text NOT NULL
);

-- Legacy 5x5x5 items, as graded at the time: police only, never shared until regraded by hand.
CREATE TABLE intelligence_legacy (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnership (partnership_id),
  agency_id uuid NOT NULL REFERENCES agency (id),
  source_grade text NOT NULL CHECK (source_grade IN ('A', 'B', 'C', 'D', 'E')),
  intelligence_grade text NOT NULL CHECK (intelligence_grade IN ('1', '2', '3', '4', '5')),
  handling_grade text NOT NULL CHECK (handling_grade IN ('1', '2', '3', '4', '5')),
  text text NOT NULL,
  recorded_at timestamptz NOT NULL,
  recorded_by uuid REFERENCES user_account (id)
);
CREATE INDEX intelligence_legacy_partnership_idx ON intelligence_legacy (partnership_id, recorded_at);
