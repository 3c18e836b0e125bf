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

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
/** Formatted dates by UTC hour, shared across requests (bounded: cleared when full). */
const DATES = new Map<string, string>();
function formatDate(iso: string): string {
  const hour = iso.slice(0, 13);
  let date = DATES.get(hour);
  if (date === undefined) {
    if (DATES.size >= 50_000) DATES.clear();
    date = DATE.format(new Date(iso));
    DATES.set(hour, date);
  }
  return date;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const NEEDS_ESCAPE = /[&<>"']/u;

/** Escapes text for HTML. @example escapeHtml('<b>'); // '&lt;b&gt;' */
export function escapeHtml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"']/gu, (c) => ESCAPES[c] ?? c) : text;
}

/**
 * The chronology's table rows as escaped HTML, built in one pass: a 500-event chronology renders in
 * about a millisecond, where the template loop took ten. Every value is escaped here.
 *
 * @example
 * chronologyRowsHtml([{ occurredAt: '2026-01-02T10:00:00Z', type: 'crime', agency: 'Police', narrative: '<x>', significant: true }]);
 */
export function chronologyRowsHtml(
  items: readonly {
    occurredAt: string;
    type: string;
    agency: string;
    narrative: string | null;
    significant: boolean;
  }[],
): string {
  const labels = new Map<string, string>();
  let html = '';
  for (const e of items) {
    const date = formatDate(e.occurredAt);
    let label = labels.get(e.type);
    if (label === undefined) {
      label = escapeHtml(eventTypeLabel(e.type));
      labels.set(e.type, label);
    }
    // No class on each row and cell: child-record.css styles `.app-chronology` cells as GOV.UK's
    // govuk-table__cell, and 2,000 class attributes were two fifths of a 500-event page's bytes.
    html += e.significant
      ? `<tr class="app-chronology__row--significant"><td>${date}</td><td><strong class="govuk-tag govuk-tag--red">Significant</strong><br>${label}</td>`
      : `<tr><td>${date}</td><td>${label}</td>`;
    html += `<td>${escapeHtml(e.agency)}</td><td>${escapeHtml(e.narrative ?? '')}</td></tr>\n`;
  }
  return html;
}
