/**
 * Intelligence items: record (police analysts), view in full (police analysts) or as the sanitised,
 * shareable version (coordinators, handling code P only), and links to persons, objects and places.
 * Legacy 5x5x5 items are stored apart and shown to the police only, in their own scheme. Every read and
 * write goes through the access-checked handle and is audited in the same transaction; an item a viewer
 * may not see is "not found".
 */
import {
  can,
  checkPersonAccess,
  withAccess,
  writeAudit,
  type AccessScope,
  type Actor,
} from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/database/index.ts';
import { issuesFromZod, notFound, validationError } from '../platform/errors/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { validateGrading, type Grading, type GradingIssue } from './grading/grading.ts';
import { sanitiseIntelligence } from './grading/sanitise.ts';
import { readItems } from './intelligence.read.ts';
import {
  newIntelligenceSchema,
  withIntelligenceTables,
  type IntelligenceDb,
  type NewIntelligence,
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
  links: LinkedEntity[];
}

export interface IntelligenceService {
  /** Records an item; throws validation with GOV.UK messages; returns warnings (e.g. unreliable source). */
  record(actor: Actor, input: NewIntelligence): Promise<{ id: string; warnings: GradingIssue[] }>;
  /** The item in the version the actor may see; not_found otherwise. */
  get(actor: Actor, id: string): Promise<IntelligenceItemView>;
  /** Items the actor may see, newest first, each in the version they may see. */
  list(actor: Actor): Promise<IntelligenceItemView[]>;
}

/** Police analysts in a police agency: record intelligence and see it in full (the policy's rule). */
export function isPoliceAnalyst(actor: Actor): boolean {
  return can(actor, 'intelligence.read_full', {
    type: 'intelligence',
    id: '',
    partnershipId: actor.partnershipId,
    handlingCode: 'C',
    agencyId: actor.agencyId,
  });
}

/**
 * @example
 * const intel = createIntelligenceService(db, clock);
 * const { id } = await intel.record(actor, { text, grading: { scheme: '3x5x2', source: '2', assessment: 'C', handling: 'P' }, source, links: [] });
 */
export function createIntelligenceService(db: Db, clock: Clock): IntelligenceService {
  return {
    async record(actor, input) {
      const parsed = newIntelligenceSchema.safeParse(input);
      if (!parsed.success) throw validationError(issuesFromZod(parsed.error));
      const item = parsed.data;
      const issues = validateGrading(item.grading);
      const errors = issues.filter((i) => i.severity === 'error');
      if (errors.length > 0) {
        throw validationError(
          errors.map((i) => ({ path: ['grading', ...i.path], code: i.code, message: i.message })),
        );
      }
      return withAccess(db, clock, actor, async (scope) => {
        const now = clock.now();
        if (!isPoliceAnalyst(actor)) {
          await writeAudit(scope.tx, now, { action: 'intelligence.create', outcome: 'denied' });
          throw notFound('page');
        }
        const tx = withIntelligenceTables(scope.tx);
        await checkLinksVisible(scope, tx, item.links, now);
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
          const shared = sanitiseIntelligence({
            id,
            recordedAt: now.toISOString(),
            text: item.text,
            grading: g,
            source: item.source,
            ...(item.sanitisedText !== undefined ? { sanitisedText: item.sanitisedText } : {}),
            linkedEntityIds: [],
          });
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
        return { id, warnings: issues.filter((i) => i.severity === 'warning') };
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

function dedupeLinks<T extends { type: string; id: string }>(links: T[]): T[] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(`${l.type}:${l.id}`) && seen.add(`${l.type}:${l.id}`) !== undefined);
}

async function checkLinksVisible(
  scope: AccessScope,
  tx: IntelligenceDb,
  links: { type: 'person' | 'object' | 'location'; id: string }[],
  now: Date,
): Promise<void> {
  const pid = scope.actor.partnershipId;
  const persons = links.filter((l) => l.type === 'person').map((l) => l.id);
  const { allowed } = await checkPersonAccess(scope.tx, scope.actor, 'person.read', persons, now);
  const objects = links.filter((l) => l.type === 'object').map((l) => l.id);
  const places = links.filter((l) => l.type === 'location').map((l) => l.id);
  const foundObjects = new Set(
    objects.length === 0
      ? []
      : (
          await tx
            .selectFrom('object')
            .select('id')
            .where('partnership_id', '=', pid)
            .where('id', 'in', objects)
            .execute()
        ).map((r) => r.id),
  );
  const foundPlaces = new Set(
    places.length === 0
      ? []
      : (
          await tx
            .selectFrom('location')
            .select('id')
            .where('partnership_id', '=', pid)
            .where('id', 'in', places)
            .execute()
        ).map((r) => r.id),
  );
  const bad = links.findIndex(
    (l) =>
      (l.type === 'person' && !allowed.has(l.id)) ||
      (l.type === 'object' && !foundObjects.has(l.id)) ||
      (l.type === 'location' && !foundPlaces.has(l.id)),
  );
  if (bad >= 0) {
    throw validationError([
      {
        path: ['links', bad, 'id'],
        code: 'unknown_entity',
        message: 'Choose a person, object or place from the list',
      },
    ]);
  }
}
