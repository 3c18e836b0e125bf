/**
 * The evidence behind an alert, as the viewer may see it: each event with its date, type and agency.
 * Health events need `person.read_health`, intelligence stays with the police, concerns follow
 * `concern.read`; what is withheld is counted, never described. School sessions are summarised.
 */
import type { Kysely } from 'kysely';
import { can, type Actor, type PersonFacts } from '../../access/index.ts';
import type { Database } from '../../platform/database/index.ts';
import { EVENT_TYPES, isEventType } from '../../events/index.ts';

export interface EvidenceItem {
  readonly date: string;
  readonly what: string;
  readonly agency: string;
}

export interface VisibleEvidence {
  readonly items: readonly EvidenceItem[];
  /** Evidence the viewer may not see (another agency's health or police-only records). */
  readonly withheld: number;
}

const LABEL: Partial<Record<string, string>> = {
  missing_episode: 'Reported missing',
  missing_from_care: 'Missing or away from placement',
  found_in_company: 'Found in the company of an adult',
  sexual_health_attendance: 'Sexual-health clinic attendance',
  ed_attendance: 'Emergency department attendance',
  suspension: 'Suspension from school',
  permanent_exclusion: 'Permanent exclusion from school',
  crime: 'Recorded crime',
  intelligence: 'Police intelligence recorded',
  referral: "Referral to children's social care",
  assessment: 'Social-care assessment',
  vehicle_sighting: 'Seen in or with a vehicle',
  police_incident: 'Police incident',
};

/** @example eventLabel('missing_episode'); // 'Reported missing' */
export function eventLabel(type: string): string {
  return LABEL[type] ?? (isEventType(type) ? EVENT_TYPES[type] : type);
}

/**
 * Loads and filters an alert's evidence for `actor`, who may already see the child (`person`).
 *
 * @example
 * const ev = await visibleEvidence(tx, actor, facts, alert.evidence_event_ids);
 */
export async function visibleEvidence(
  db: Kysely<Database>,
  actor: Actor,
  person: PersonFacts,
  ids: readonly string[],
): Promise<VisibleEvidence> {
  const pid = actor.partnershipId;
  const eventIds = new Set<string>();
  const concernIds: string[] = [];
  const screeningIds: string[] = [];
  const sessions: string[] = [];
  for (const id of ids) {
    const [kind, rest] = id.includes(':')
      ? [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)]
      : ['', id];
    if (kind === '') eventIds.add(rest);
    else if (kind === 'association') eventIds.add(rest);
    else if (kind === 'concern') concernIds.push(rest);
    else if (kind === 'screening') screeningIds.push(rest);
    else if (kind === 'attendance') sessions.push(rest.slice(0, 10));
  }
  const items: (EvidenceItem & { sort: string })[] = [];
  let withheld = 0;
  const seeHealth = can(actor, 'person.read_health', person);
  if (eventIds.size > 0) {
    const rows = await db
      .selectFrom('event as e')
      .innerJoin('agency as a', 'a.id', 'e.agency_id')
      .select(['e.id', 'e.type', 'e.occurred_at', 'a.name', 'a.kind'])
      .where('e.partnership_id', '=', pid)
      .where('e.id', 'in', [...eventIds])
      .execute();
    for (const r of rows) {
      const hidden =
        (r.kind === 'health' && !seeHealth) || (r.type === 'intelligence' && actor.agencyKind !== 'police');
      if (hidden) {
        withheld += 1;
        continue;
      }
      const date = r.occurred_at.toISOString().slice(0, 10);
      items.push({ date, what: eventLabel(r.type), agency: r.name, sort: `${date}${r.id}` });
    }
  }
  if (concernIds.length > 0) {
    const rows = await db
      .selectFrom('concern as c')
      .innerJoin('agency as a', 'a.id', 'c.raised_by_agency_id')
      .select(['c.id', 'c.raised_at', 'c.raised_by_user_id', 'c.raised_by_agency_id', 'a.name'])
      .where('c.partnership_id', '=', pid)
      .where('c.id', 'in', concernIds)
      .execute();
    for (const c of rows) {
      const ok = can(actor, 'concern.read', {
        type: 'concern',
        id: c.id,
        partnershipId: pid,
        raisedByUserId: c.raised_by_user_id,
        raisedByAgencyId: c.raised_by_agency_id,
      });
      if (!ok) {
        withheld += 1;
        continue;
      }
      const date = c.raised_at.toISOString().slice(0, 10);
      items.push({ date, what: 'Concern raised', agency: c.name, sort: `${date}${c.id}` });
    }
  }
  screeningIds.forEach(() => {
    items.push({ date: '', what: 'CSE screening completed', agency: 'Sightline', sort: '' });
  });
  if (sessions.length > 0) {
    const sorted = [...sessions].sort();
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    items.push({
      date: last,
      what: `${sessions.length} school sessions considered (${first} to ${last})`,
      agency: 'School attendance',
      sort: `${last}~`,
    });
  }
  items.sort((a, b) => a.sort.localeCompare(b.sort));
  return { items: items.map(({ date, what, agency }) => ({ date, what, agency })), withheld };
}
