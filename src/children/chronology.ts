/**
 * The multi-agency chronology, as pure functions over the rows one query loaded: which events are
 * significant, which the viewer may see (field-redaction rules), the filters, and the child's current
 * statuses derived from status events. No database, no clock (callers pass "now").
 */
import type { AgencyKind } from '../platform/database/index.ts';

/** Event types highlighted in the chronology: the early signs national reviews found missed. */
export const SIGNIFICANT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'missing_episode',
  'missing_from_care',
  'found_in_company',
  'vehicle_sighting',
  'sexual_health_attendance',
  'ed_attendance',
  'crime',
  'permanent_exclusion',
  'concern',
  'screening',
]);

export interface ChronologyRow {
  id: string;
  type: string;
  /** ISO 8601 in UTC (`2026-09-12T21:30:00.000Z`), so text order is time order. */
  occurredAt: string;
  occurredUntil: string | null;
  narrative: string | null;
  /** `data.status` of a status event (CIN, CP, LAC); other event data is not loaded. */
  status: string | null;
  role: string;
  agencyId: string;
  agencyName: string;
  agencyKind: AgencyKind;
}

export interface ChronologyItem {
  id: string;
  type: string;
  occurredAt: string;
  occurredUntil: string | null;
  narrative: string | null;
  roles: string[];
  agencyId: string;
  agency: string;
  significant: boolean;
}

/** What the viewer may see of other agencies' events (decided by the policy, passed in). */
export interface Visibility {
  /** The policy allows health details (person.read_health). */
  health: boolean;
  /** Police intelligence events: police only. */
  intelligence: boolean;
}

/**
 * The field-redaction rules of the chronology. `countShown` says whether the viewer may be told how
 * many records were withheld: a health contact's existence is already shown to every reader of the
 * child (the person page lists it as a health contact), so its count may be revealed; the existence of
 * police intelligence may never be revealed (it could tip off an adult of concern), so it is not counted.
 */
export const REDACTION_RULES = [
  { id: 'health', label: 'health record', countShown: true },
  { id: 'intelligence', label: 'intelligence record', countShown: false },
] as const;
export type RedactionId = (typeof REDACTION_RULES)[number]['id'];

function withheldBy(row: ChronologyRow, v: Visibility): RedactionId | null {
  if (row.type === 'intelligence' && !v.intelligence) return 'intelligence';
  if (row.agencyKind === 'health' && !v.health) return 'health';
  return null;
}

export interface Chronology {
  items: ChronologyItem[];
  /** Every visible item before filtering (for the filter options and statuses). */
  visible: ChronologyItem[];
  /** Withheld records the viewer may be told about, by rule, e.g. { health: 2 }. */
  withheld: { id: RedactionId; label: string; count: number }[];
}

/**
 * Applies the redaction rules, merges rows of the same event (the child in two roles), then filters.
 *
 * @example
 * const c = buildChronology(rows, { health: false, intelligence: false }, { agency: undefined, type: 'missing_episode' });
 * c.withheld; // [{ id: 'health', label: 'health record', count: 1 }]
 */
export function buildChronology(
  rows: readonly ChronologyRow[],
  visibility: Visibility,
  filter: { agency?: string | undefined; type?: string | undefined; significant?: boolean | undefined },
): Chronology {
  const counts = new Map<RedactionId, Set<string>>();
  const byId = new Map<string, ChronologyItem>();
  const visible: ChronologyItem[] = [];
  for (const row of rows) {
    const rule = withheldBy(row, visibility);
    if (rule !== null) {
      const set = counts.get(rule) ?? new Set<string>();
      set.add(row.id);
      counts.set(rule, set);
      continue;
    }
    const seen = byId.get(row.id);
    if (seen !== undefined) {
      if (!seen.roles.includes(row.role)) seen.roles.push(row.role);
      continue;
    }
    const item: ChronologyItem = {
      id: row.id,
      type: row.type,
      occurredAt: row.occurredAt,
      occurredUntil: row.occurredUntil,
      narrative: row.narrative,
      roles: [row.role],
      agencyId: row.agencyId,
      agency: row.agencyName,
      significant: SIGNIFICANT_EVENT_TYPES.has(row.type),
    };
    byId.set(row.id, item);
    visible.push(item);
  }
  const items = visible.filter(
    (i) =>
      (filter.agency === undefined || i.agencyId === filter.agency) &&
      (filter.type === undefined || i.type === filter.type) &&
      (filter.significant !== true || i.significant),
  );
  const withheld = REDACTION_RULES.filter((r) => r.countShown && (counts.get(r.id)?.size ?? 0) > 0).map(
    (r) => ({ id: r.id, label: r.label, count: counts.get(r.id)?.size ?? 0 }),
  );
  return { items, visible, withheld };
}

/**
 * Whether the child is on a child protection plan now: the latest CP status event has not ended.
 *
 * @example
 * onChildProtectionPlan(rows, new Date()); // true while a CP status is open
 */
export function onChildProtectionPlan(rows: readonly ChronologyRow[], now: Date): boolean {
  let latest: ChronologyRow | undefined;
  for (const r of rows) {
    if (r.type !== 'status_change' || r.status !== 'CP') continue;
    if (latest === undefined || r.occurredAt > latest.occurredAt) latest = r;
  }
  return latest !== undefined && (latest.occurredUntil === null || latest.occurredUntil > now.toISOString());
}

/**
 * Filter options: agencies and event types present in the visible chronology, with counts.
 *
 * @example
 * filterOptions(chronology.visible).agencies[0]; // { value: 'agency-id', text: 'Northmoor Police', count: 3 }
 */
export function filterOptions(items: readonly ChronologyItem[]): {
  agencies: { value: string; text: string; count: number }[];
  types: { value: string; count: number }[];
} {
  const agencies = new Map<string, { value: string; text: string; count: number }>();
  const types = new Map<string, { value: string; count: number }>();
  for (const i of items) {
    const a = agencies.get(i.agencyId) ?? { value: i.agencyId, text: i.agency, count: 0 };
    a.count += 1;
    agencies.set(i.agencyId, a);
    const t = types.get(i.type) ?? { value: i.type, count: 0 };
    t.count += 1;
    types.set(i.type, t);
  }
  return {
    agencies: [...agencies.values()].sort((x, y) => x.text.localeCompare(y.text)),
    types: [...types.values()].sort((x, y) => x.value.localeCompare(y.value)),
  };
}
