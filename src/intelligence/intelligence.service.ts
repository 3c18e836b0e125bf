/**
 * Intelligence items: record (police analysts), view in full (police analysts) or as the sanitised,
 * shareable version (coordinators, handling code P only), and links to persons, objects and places.
 * Legacy 5x5x5 items are stored apart and shown to the police only, in their own scheme. Every read and
 * write goes through the access-checked handle and is audited in the same transaction; an item a viewer
 * may not see is "not found".
 */
import {
  can,
  canInPartnership,
  checkPersonAccess,
  withAccess,
  writeAudit,
  type AccessScope,
  type Actor,
} from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/database/index.ts';
import { isAppError, notFound, validationError, type AppError } from '../platform/errors/index.ts';
import { newId } from '../platform/ids/ids.ts';
import {
  SEARCH_LIMITS,
  describeLinks,
  personOptions,
  searchObjectsAndPlaces,
  visibleObjectsAndPlaces,
  type EntityOption,
} from './entity-search.ts';
import type { Grading, GradingIssue } from './grading/grading.ts';
import { sanitiseIntelligence, type SanitiseResult } from './grading/sanitise.ts';
import { readItems } from './intelligence.read.ts';
import {
  validateNewIntelligence,
  withIntelligenceTables,
  type NewIntelligence,
  type ValidIntelligence,
} from './intelligence.schema.ts';

export interface LinkedEntity {
  type: 'person' | 'object' | 'location';
  id: string;
  label: string;
}

export interface IntelligenceItemView {
  id: string;
  scheme: '3x5x2' | '5x5x5';
  version: 'full' | 'sanitised';
  recordedOn: string;
  gradingLabel: string;
  grading: Grading | { scheme: '3x5x2'; source: string; assessment: string; handling: 'P' };
  text: string;
  /** Police only: never in the sanitised version. */
  source?: { type: string; reference: string };
  /** Police only (full version of a 3x5x2 item): the shareable version stored with it, if any. */
  shareableText?: string | null;
  links: LinkedEntity[];
}

export interface IntelligencePreview {
  item: ValidIntelligence;
  warnings: GradingIssue[];
  /** The linked records with their labels, as the recorder sees them. */
  links: EntityOption[];
  /** The shareable version that would be stored with the item, or why it will not be shared. */
  shareable: SanitiseResult;
}

export interface IntelligenceService {
  /** Refuses (audited, as not found) anyone the policy does not let record intelligence. */
  mayRecord(actor: Actor): Promise<void>;
  /** Records an item; throws validation with GOV.UK messages; returns warnings (e.g. unreliable source). */
  record(actor: Actor, input: NewIntelligence): Promise<{ id: string; warnings: GradingIssue[] }>;
  /**
   * Validates an item as `record` would and shows what would be stored, shareable version included,
   * without storing anything (the form's check page).
   */
  preview(actor: Actor, input: NewIntelligence): Promise<IntelligencePreview>;
  /**
   * The chosen links with their labels, and (with a query of 2 or more characters) the people, vehicles,
   * phones, accounts and places the recorder may see that match it.
   */
  findLinks(
    actor: Actor,
    request: { query?: string | undefined; chosen: readonly { type: EntityOption['type']; id: string }[] },
  ): Promise<{ chosen: EntityOption[]; results?: EntityOption[] }>;
  /** The item in the version the actor may see; not_found otherwise. */
  get(actor: Actor, id: string): Promise<IntelligenceItemView>;
  /** Items the actor may see, newest first, each in the version they may see. */
  list(actor: Actor): Promise<IntelligenceItemView[]>;
}

/** Police analysts in a police agency: they see intelligence in full, legacy 5x5x5 items included. */
export function isPoliceAnalyst(actor: Actor): boolean {
  return can(actor, 'intelligence.read_full', {
    type: 'intelligence',
    id: '',
    partnershipId: actor.partnershipId,
    handlingCode: 'C',
    agencyId: actor.agencyId,
  });
}

/** The 3x5x2 item's shareable version, exactly as stored with it (the check page shows the same). */
function shareableVersion(id: string, recordedAt: Date, item: ValidIntelligence): SanitiseResult {
  return sanitiseIntelligence({
    id,
    recordedAt: recordedAt.toISOString(),
    text: item.text,
    grading: item.grading,
    source: item.source,
    ...(item.sanitisedText !== undefined ? { sanitisedText: item.sanitisedText } : {}),
    linkedEntityIds: item.links.filter((l) => l.type === 'person').map((l) => l.id),
  });
}

/**
 * Runs work in the access-checked handle so that a refusal (not found) still commits its "denied"
 * audit event: the error is carried out of the transaction and thrown after the commit. Access is
 * checked before anything is written, so nothing else commits with a refusal.
 */
async function refusable<T>(
  db: Db,
  clock: Clock,
  actor: Actor,
  work: (scope: AccessScope) => Promise<T>,
): Promise<T> {
  const result = await withAccess(
    db,
    clock,
    actor,
    async (scope): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> => {
      try {
        return { ok: true, value: await work(scope) };
      } catch (error) {
        if (isAppError(error) && error.code === 'not_found') return { ok: false, error };
        throw error;
      }
    },
  );
  if (!result.ok) throw result.error;
  return result.value;
}

/** Refuses (audited, as not found) anyone the policy does not let record intelligence. */
async function requireRecorder(scope: AccessScope, now: Date, what: string): Promise<void> {
  if (canInPartnership(scope.actor, 'intelligence.record')) return;
  await writeAudit(scope.tx, now, {
    action: what,
    outcome: 'denied',
    details: { reason: 'no_intelligence_record' },
  });
  throw notFound('page');
}

/**
 * @example
 * const intel = createIntelligenceService(db, clock);
 * const { id } = await intel.record(actor, { text, grading: { scheme: '3x5x2', source: '2', assessment: 'C', handling: 'P' }, source, links: [] });
 */
export function createIntelligenceService(db: Db, clock: Clock): IntelligenceService {
  return {
    async mayRecord(actor) {
      await refusable(db, clock, actor, (scope) =>
        requireRecorder(scope, clock.now(), 'intelligence.create'),
      );
    },

    async record(actor, input) {
      const { item, warnings } = validateNewIntelligence(input);
      return refusable(db, clock, actor, async (scope) => {
        const now = clock.now();
        await requireRecorder(scope, now, 'intelligence.create');
        const tx = withIntelligenceTables(scope.tx);
        await checkLinksVisible(scope, item.links, now);
        const id = newId();
        const g = item.grading;
        if (g.scheme === '5x5x5') {
          if (item.links.length > 0) {
            throw validationError([
              { path: ['links'], code: 'legacy_links', message: 'Regrade under 3x5x2 before linking it' },
            ]);
          }
          await tx
            .insertInto('intelligence_legacy')
            .values({
              id,
              partnership_id: actor.partnershipId,
              agency_id: actor.agencyId,
              source_grade: g.source,
              intelligence_grade: g.intelligence,
              handling_grade: g.handling,
              text: item.text,
              recorded_at: now,
              recorded_by: actor.userId,
            })
            .execute();
        } else {
          const shared = shareableVersion(id, now, item);
          await tx
            .insertInto('intelligence')
            .values({
              id,
              partnership_id: actor.partnershipId,
              agency_id: actor.agencyId,
              person_id: item.links.find((l) => l.type === 'person')?.id ?? null,
              source_evaluation: g.source,
              intelligence_assessment: g.assessment,
              handling_code: g.handling,
              text: item.text,
              sanitised_text: shared.ok ? shared.shareable.text : null,
              recorded_at: now,
              recorded_by: actor.userId,
            })
            .execute();
          await tx
            .insertInto('intelligence_detail')
            .values({
              intelligence_id: id,
              partnership_id: actor.partnershipId,
              handling_conditions: g.handlingConditions ?? null,
              corroboration: g.corroboration ?? null,
              risk_note: g.riskNote ?? null,
              source_type: item.source.type,
              source_reference: item.source.reference,
            })
            .execute();
          for (const l of dedupeLinks(item.links)) {
            await tx
              .insertInto('intelligence_link')
              .values({
                id: newId(),
                partnership_id: actor.partnershipId,
                intelligence_id: id,
                entity_type: l.type,
                entity_id: l.id,
              })
              .execute();
          }
        }
        await writeAudit(scope.tx, now, {
          action: 'intelligence.create',
          subjectType: 'intelligence',
          subjectIds: [id],
          details: { scheme: g.scheme, links: item.links.length },
        });
        return { id, warnings };
      });
    },

    async preview(actor, input) {
      const { item, warnings } = validateNewIntelligence(input);
      return refusable(db, clock, actor, async (scope) => {
        const now = clock.now();
        await requireRecorder(scope, now, 'intelligence.preview');
        await checkLinksVisible(scope, item.links, now);
        const links = await describeLinks(scope, dedupeLinks(item.links), now);
        const shareable: SanitiseResult =
          item.grading.scheme === '5x5x5'
            ? { ok: false, reason: 'legacy_grading' }
            : shareableVersion('preview', now, item);
        await writeAudit(scope.tx, now, {
          action: 'intelligence.preview',
          subjectType: 'entity',
          subjectIds: links.map((l) => l.id),
          details: { links: links.length },
        });
        return { item, warnings, links, shareable };
      });
    },

    async findLinks(actor, request) {
      return refusable(db, clock, actor, async (scope) => {
        const now = clock.now();
        await requireRecorder(scope, now, 'intelligence.link_search');
        const chosen = await describeLinks(scope, dedupeLinks(request.chosen), now);
        const query = request.query?.trim() ?? '';
        let results: EntityOption[] | undefined;
        if (query.length >= SEARCH_LIMITS.minLength) {
          const people = await scope.listPeople({
            offset: 0,
            limit: SEARCH_LIMITS.perType,
            search: query.slice(0, SEARCH_LIMITS.maxLength),
          });
          const tx = withIntelligenceTables(scope.tx);
          results = [
            ...(await personOptions(
              tx,
              actor.partnershipId,
              people.rows.map((r) => r.id),
            )),
            ...(await searchObjectsAndPlaces(scope, query, now)),
          ];
        }
        await writeAudit(scope.tx, now, {
          action: 'intelligence.link_search',
          subjectType: 'entity',
          subjectIds: [...new Set([...chosen, ...(results ?? [])].map((o) => o.id))],
          details: {
            searched: results !== undefined,
            chosen: chosen.length,
            returned: results?.length ?? 0,
          },
        });
        return { chosen, ...(results !== undefined ? { results } : {}) };
      });
    },

    async get(actor, id) {
      return withAccess(db, clock, actor, async (scope) => {
        const views = await readItems(scope, [id]);
        const view = views[0];
        await writeAudit(scope.tx, clock.now(), {
          action: 'intelligence.read',
          subjectType: 'intelligence',
          subjectIds: [id],
          ...(view === undefined
            ? { outcome: 'denied' as const, details: { reason: 'not_found_or_out_of_scope' } }
            : { details: { version: view.version } }),
        });
        if (view === undefined) throw notFound('intelligence');
        return view;
      });
    },

    async list(actor) {
      return withAccess(db, clock, actor, async (scope) => {
        const tx = withIntelligenceTables(scope.tx);
        const pid = actor.partnershipId;
        const ids = [
          ...(await tx.selectFrom('intelligence').select('id').where('partnership_id', '=', pid).execute()),
          ...(isPoliceAnalyst(actor)
            ? await tx
                .selectFrom('intelligence_legacy')
                .select('id')
                .where('partnership_id', '=', pid)
                .execute()
            : []),
        ].map((r) => r.id);
        const views = await readItems(scope, ids);
        views.sort((a, b) => b.recordedOn.localeCompare(a.recordedOn) || a.id.localeCompare(b.id));
        await writeAudit(scope.tx, clock.now(), {
          action: 'intelligence.list',
          subjectType: 'intelligence',
          subjectIds: views.map((v) => v.id),
          details: { returned: views.length },
        });
        return views;
      });
    },
  };
}

function dedupeLinks<T extends { type: string; id: string }>(links: readonly T[]): T[] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(`${l.type}:${l.id}`) && seen.add(`${l.type}:${l.id}`) !== undefined);
}

async function checkLinksVisible(
  scope: AccessScope,
  links: readonly { type: 'person' | 'object' | 'location'; id: string }[],
  now: Date,
): Promise<void> {
  const persons = links.filter((l) => l.type === 'person').map((l) => l.id);
  const { allowed } = await checkPersonAccess(scope.tx, scope.actor, 'person.read', persons, now);
  const visible = await visibleObjectsAndPlaces(
    scope,
    {
      objects: links.filter((l) => l.type === 'object').map((l) => l.id),
      places: links.filter((l) => l.type === 'location').map((l) => l.id),
    },
    now,
  );
  const bad = links.findIndex(
    (l) =>
      (l.type === 'person' && !allowed.has(l.id)) ||
      (l.type === 'object' && !visible.objects.has(l.id)) ||
      (l.type === 'location' && !visible.places.has(l.id)),
  );
  if (bad >= 0) {
    throw validationError([
      {
        path: ['links', bad, 'id'],
        code: 'unknown_entity',
        message: 'Choose a person, vehicle, phone, account or place from the search results',
      },
    ]);
  }
}
