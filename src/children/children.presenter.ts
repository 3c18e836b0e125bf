// Labels for the child record's view (page and print view).

const TYPE_LABEL: Record<string, string> = {
  ed_attendance: 'Emergency department attendance',
  found_in_company: 'Found in the company of adults',
  missing_episode: 'Missing episode',
  missing_from_care: 'Missing from care',
  status_change: 'Status change',
  sexual_health_attendance: 'Sexual-health attendance',
  yot_referral: 'Youth justice referral',
  voluntary_referral: 'Voluntary-sector referral',
  concern: 'Concern raised',
  screening: 'CSE screening',
};

/**
 * A readable label for an event type.
 *
 * @example
 * eventTypeLabel('ed_attendance'); // 'Emergency department attendance'
 */
export function eventTypeLabel(type: string): string {
  const known = TYPE_LABEL[type];
  if (known !== undefined) return known;
  const words = type.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const SCHEME_LABEL: Record<string, string> = {
  nhs_number: 'NHS number',
  upn: 'Unique pupil number',
  police_id: 'Police reference',
  la_id: 'Local authority reference',
  yot_id: 'Youth justice reference',
  other: 'Other reference',
};

export const LEVEL_TAG: Record<string, string> = {
  no_apparent_risk: 'govuk-tag--grey',
  low: 'govuk-tag--green',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--red',
};
