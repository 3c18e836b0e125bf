-- Attendance is stored as one register row per pupil, school and week (issue 6, item 5): the week's
-- fourteen sessions (Monday AM, Monday PM … Sunday PM) as a 28-character string, two characters a
-- session (the DfE code, padded with a space; two spaces for no mark). A school year of 19M marks for
-- 50,000 pupils is 1.9M rows and index entries instead of 19M, which is what lets a year's file load
-- faster than a raw COPY of one row per mark. The stable key of a mark is unchanged in meaning (pupil,
-- date, session), now also per school, so a dually registered pupil's marks from both schools are kept.
-- Existing marks move across; forward-only.
CREATE TABLE attendance_week (
  partnership_id uuid NOT NULL,
  upn text NOT NULL,
  school_urn text NOT NULL,
  week_start date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
  marks text NOT NULL CHECK (length(marks) = 28),
  agency_id uuid NOT NULL,
  PRIMARY KEY (partnership_id, upn, school_urn, week_start)
);

INSERT INTO attendance_week (partnership_id, upn, school_urn, week_start, marks, agency_id)
SELECT partnership_id, upn, school_urn, week_start,
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 0), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 1), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 2), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 3), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 4), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 5), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 6), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 7), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 8), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 9), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 10), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 11), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 12), '  ') ||
    coalesce(max(rpad(code, 2)) FILTER (WHERE slot = 13), '  '),
  (array_agg(agency_id ORDER BY mark_date, session))[1]
FROM (
  SELECT partnership_id, upn, school_urn, agency_id, mark_date, session, code,
    mark_date - (extract(isodow FROM mark_date)::int - 1) AS week_start,
    (extract(isodow FROM mark_date)::int - 1) * 2 + CASE WHEN session = 'PM' THEN 1 ELSE 0 END AS slot
  FROM attendance_mark
) m
GROUP BY partnership_id, upn, school_urn, week_start;

DROP TABLE attendance_mark;
