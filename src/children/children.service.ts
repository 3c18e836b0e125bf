/**
 * The child record: who the child is, risk level and its history, open alerts, involved agencies and the
 * multi-agency chronology, including the records of people merged into the child after identity review. One transaction: the policy decides (person.read, person.read_health), one
 * query loads everything, the redaction rules strip what the viewer may not see, and the read is
 * audited last (so the audit chain's lock is held only for the final statements).
 */
import {
  can,
  checkPersonAccess,
  withAccess,
  writeAudit,
  type Actor,
  type PersonFacts,
} from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db, Tx } from '../platform/database/index.ts';
import { notFound } from '../platform/errors/index.ts';
import { reviewStatus, type AppliedOverride, type RiskLevel } from '../screening/index.ts';
import { buildChronology, filterOptions, onChildProtectionPlan, type ChronologyItem } from './chronology.ts';
import { childRecord } from './children.repository.ts';
import type { ChronologyQuery } from './children.schema.ts';

export interface ScreeningSummary {
  id: string;
  assessedOn: string;
  score: number;
  computedLevel: RiskLevel;
  finalLevel: RiskLevel;
  judgementLevel: RiskLevel | null;
  overrides: AppliedOverride[];
  reviewDue: string | null;
  agency: string;
}

export interface ChildRecord {
  id: string;
  givenName: string | null;
  middleNames: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  sex: string | null;
  healthVisible: boolean;
  disability?: string | null;
  status: { lookedAfter: boolean; childProtectionPlan: boolean; specialEducationalNeeds: string | null };
  identifiers: { scheme: string; value: string }[];
  aliases: { kind: string; givenName: string | null; familyName: string | null }[];
  addresses: {
    line1: string | null;
    line2: string | null;
    town: string | null;
    postcode: string | null;
    validFrom: string | null;
    validTo: string | null;
  }[];
  risk: {
    current: ScreeningSummary | null;
    history: ScreeningSummary[];
    review: { due: string | null; overdue: boolean; daysOverdue: number } | null;
  };
  /** Open early-warning alerts (new or acknowledged), newest first. */
  alerts: { id: string; band: string; raisedOn: string; status: string }[];
  involvedAgencies: string[];
  /** People merged into this child after identity review: their records are included above. */
  linkedRecords: number;
  /** The lead of the child's most recently opened open case (name null until one is named). */
  leadProfessional: { name: string | null; agency: string } | null;
  chronology: {
    items: ChronologyItem[];
    total: number;
    withheld: { id: string; label: string; count: number }[];
    options: ReturnType<typeof filterOptions>;
  };
  viaBreakGlass: boolean;
}

export interface ChildrenService {
  /** Throws not_found when the child is missing, not a child, or out of the actor's scope. */
  get(actor: Actor, id: string, query: ChronologyQuery): Promise<ChildRecord>;
}

/**
 * @example
 * const children = createChildrenService(db, clock);
 * const record = await children.get(actor, id, { significant: false });
 */
export function createChildrenService(db: Db, clock: Clock): ChildrenService {
  return {
    async get(actor, id, query) {
      const record = await withAccess(db, clock, actor, async ({ tx }) => {
        const now = clock.now();
        const pid = actor.partnershipId;
        const { allowed, facts } = await checkPersonAccess(tx, actor, 'person.read', [id], now);
        const f = facts.get(id);
        if (!allowed.has(id) || f === undefined || f.kind !== 'child') {
          await writeAudit(tx, now, {
            action: 'child.read',
            subjectType: 'person',
            subjectIds: [id],
            outcome: 'denied',
            details: { reason: 'not_found_or_out_of_scope' },
          });
          return undefined;
        }
        const viaBreakGlass = !can(actor, 'person.read', { ...f, breakGlassUserIds: [] });
        const seeHealth = can(actor, 'person.read_health', f);
        // Loaded and presented in a function of its own, so the loaded rows are garbage before the audit
        // write waits for the chain's lock (pages read at once would otherwise carry them all through
        // the young generation).
        const view = await loadChildRecord(tx, actor, id, now, query, {
          facts: f,
          seeHealth,
          viaBreakGlass,
        });
        let purpose: string | undefined;
        if (viaBreakGlass) {
          const grant = await tx
            .selectFrom('break_glass')
            .select('reason')
            .where('partnership_id', '=', pid)
            .where('user_id', '=', actor.userId)
            .where('person_id', '=', id)
            .where('expires_at', '>', now)
            .orderBy('opened_at', 'desc')
            .executeTakeFirst();
          purpose = `break-glass: ${grant?.reason ?? ''}`;
        }
        await writeAudit(tx, now, {
          action: 'child.read',
          subjectType: 'person',
          subjectIds: [id],
          ...(purpose !== undefined ? { purpose } : {}),
          details: {
            breakGlass: viaBreakGlass,
            healthFields: seeHealth,
            events: view.chronology.items.length,
            withheld: view.chronology.withheld.reduce((n, w) => n + w.count, 0),
          },
        });
        return view;
      });
      if (record === undefined) throw notFound('child');
      return record;
    },
  };
}

/** The child's record as the actor may see it (the policy has allowed the read). */
async function loadChildRecord(
  tx: Tx,
  actor: Actor,
  id: string,
  now: Date,
  query: ChronologyQuery,
  access: { facts: PersonFacts; seeHealth: boolean; viaBreakGlass: boolean },
): Promise<ChildRecord> {
  const { facts: f, seeHealth, viaBreakGlass } = access;
  const loaded = await childRecord(tx, actor.partnershipId, id);
  if (loaded === undefined) throw new Error('The child was allowed but not found');
  const { profile, chronology: rows } = loaded;
  const { alerts, agencies: agencyRows } = profile;
  const chronology = buildChronology(
    rows,
    { health: seeHealth, intelligence: actor.agencyKind === 'police' },
    query,
  );
  const history: ScreeningSummary[] = profile.screenings.map((s) => ({
    id: s.id,
    assessedOn: String(s.assessed_on).slice(0, 10),
    score: Number(s.score),
    computedLevel: s.computed_level,
    finalLevel: s.final_level,
    judgementLevel: s.judgement_level,
    overrides: s.overrides,
    reviewDue: s.review_due === null ? null : String(s.review_due).slice(0, 10),
    agency: s.agency,
  }));
  const current = history[0] ?? null;
  const names = new Map(agencyRows.map((a) => [a.id, a.name]));
  const view: ChildRecord = {
    id: profile.id,
    givenName: profile.given_name,
    middleNames: profile.middle_names,
    familyName: profile.family_name,
    dateOfBirth: profile.date_of_birth,
    sex: profile.sex,
    healthVisible: seeHealth,
    ...(seeHealth ? { disability: profile.disability } : {}),
    status: {
      lookedAfter: profile.looked_after,
      childProtectionPlan: onChildProtectionPlan(rows, now),
      specialEducationalNeeds: profile.special_educational_needs,
    },
    identifiers: profile.identifiers,
    aliases: [
      ...profile.aliases.map((a) => ({
        kind: a.kind,
        givenName: a.given_name,
        familyName: a.family_name,
      })),
      ...profile.linked
        .filter((n) => n.given_name !== profile.given_name || n.family_name !== profile.family_name)
        .map((n) => ({ kind: 'linked_record', givenName: n.given_name, familyName: n.family_name })),
    ],
    addresses: profile.addresses.map((a) => ({
      line1: a.line1,
      line2: a.line2,
      town: a.town,
      postcode: a.postcode,
      validFrom: a.valid_from,
      validTo: a.valid_to,
    })),
    risk: {
      current,
      history,
      review: current === null ? null : reviewStatus(current.reviewDue, now.toISOString().slice(0, 10)),
    },
    alerts,
    involvedAgencies: f.involvedAgencyIds.map((a) => names.get(a) ?? 'Unknown agency').sort(),
    linkedRecords: profile.linked.length,
    leadProfessional: profile.lead,
    chronology: {
      items: chronology.items,
      total: chronology.visible.length,
      withheld: chronology.withheld,
      options: filterOptions(chronology.visible),
    },
    viaBreakGlass,
  };
  return view;
}
