/**
 * The vocabulary of agency events (DESIGN.md §4 `event.type`). Imports map every feed row to one of
 * these; the early-warning engine, the chronology and the reports read them. Keep codes stable: they
 * are stored in the database and referenced by rule sets.
 *
 * @example
 * isEventType('missing_episode'); // true
 */
export const EVENT_TYPES = {
  // education
  attendance_session: 'A school session (AM or PM) with its DfE attendance code',
  suspension: 'Suspension (fixed-period exclusion) from school',
  permanent_exclusion: 'Permanent exclusion from school',
  // police
  missing_episode: 'Missing person report: the child was missing or absent',
  return_interview: 'Return home interview after a missing episode',
  police_incident: 'Police incident with the people involved and their roles',
  found_in_company: 'Stop where a child was found in the company of adults',
  vehicle_sighting: 'A child seen in or with a vehicle',
  crime: 'Recorded crime (may carry a CSE flag)',
  intelligence: 'Graded intelligence report (3x5x2)',
  // health
  ed_attendance:
    'Emergency department attendance (reason: intoxication, assault, self-harm, overdose, other)',
  sexual_health_attendance: 'Sexual-health attendance (STI, contraception, pregnancy)',
  // children's social care
  referral: "Referral to children's social care (CIN census source and factors)",
  assessment: 'Social-care assessment with CIN census factors (e.g. 11A CSE, 24A CCE)',
  status_change: 'Start or end of CIN, child protection or looked-after status',
  missing_from_care: 'Missing or away from placement (SSDA903 M/A)',
  placement_change: 'Change of care placement',
  // youth offending and voluntary sector
  yot_referral: 'Youth offending team referral or intervention',
  voluntary_referral: 'Referral to or engagement with a voluntary-sector specialist service',
  // recorded in Sightline itself
  concern: 'Concern raised by a practitioner',
  screening: 'CSE screening completed',
} as const;

export type EventType = keyof typeof EVENT_TYPES;

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_TYPES, value);
}
