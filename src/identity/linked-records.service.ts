/**
 * The records linked to a person through identity review, and unlinking them: both records go back
 * exactly as they were, and the pair returns to the queue or is recorded as not the same person. The
 * policy (identity.review, person.read on the person) decides; out of scope is not found; audited.
 */
import { checkPersonAccess, withAccess, writeAudit, type Actor } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/database/index.ts';
import { summaryView, type SummaryView } from './identity.presenter.ts';
import { activeMerges, personSummaries } from './identity.repository.ts';
import type { UnlinkInput } from './identity.schema.ts';
import { withIdentityTables } from './identity.tables.ts';
import { unmergePeople } from './merge-people.ts';
import { found, may, recordApart, recordDecision } from './review-steps.ts';

export interface LinkedView {
  person: SummaryView;
  merges: {
    id: string;
    linkedAt: Date;
    linkedBy: string | null;
    note: string | null;
    people: SummaryView[];
    fromReview: boolean;
  }[];
}

/**
 * @example
 * const records = createLinkedRecordsService(db, clock);
 * const view = await records.linked(actor, childId);
 */
export function createLinkedRecordsService(db: Db, clock: Clock) {
  return {
    /** The records linked to a person through review, each merge with who made it. */
    async linked(actor: Actor, personId: string): Promise<LinkedView> {
      may(actor);
      const view = await withAccess(db, clock, actor, async ({ tx }): Promise<LinkedView | undefined> => {
        const now = clock.now();
        const pid = actor.partnershipId;
        const { allowed: visible } = await checkPersonAccess(tx, actor, 'person.read', [personId], now);
        if (!visible.has(personId)) {
          await writeAudit(tx, now, {
            action: 'identity.linked.read',
            subjectType: 'person',
            subjectIds: [personId],
            outcome: 'denied',
            details: { reason: 'not_found_or_out_of_scope' },
          });
          return undefined;
        }
        const merges = await activeMerges(tx, pid, personId);
        const moved = merges.flatMap((m) => m.moved_ids);
        const people = await personSummaries(tx, pid, [personId, ...moved]);
        await writeAudit(tx, now, {
          action: 'identity.linked.read',
          subjectType: 'person',
          subjectIds: [personId, ...moved],
          details: { merges: merges.length },
        });
        return {
          person: summaryView(people.get(personId)!),
          merges: merges.map((m) => ({
            id: m.id,
            linkedAt: m.merged_at,
            linkedBy: m.merged_by,
            note: m.note,
            people: m.moved_ids.map((x) => summaryView(people.get(x)!)),
            fromReview: m.link_decision_id !== null,
          })),
        };
      });
      return found(view, 'person');
    },

    /**
     * Unlinks a merge: both records are exactly as they were before it. The pair goes back to the
     * queue, or is recorded as not the same person.
     */
    async unlink(
      actor: Actor,
      personId: string,
      mergeId: string,
      input: UnlinkInput,
    ): Promise<{ personId: string }> {
      may(actor);
      const done = await withAccess(
        db,
        clock,
        actor,
        async ({ tx }): Promise<{ personId: string } | undefined> => {
          const now = clock.now();
          const pid = actor.partnershipId;
          const idb = withIdentityTables(tx);
          const { allowed: visible } = await checkPersonAccess(tx, actor, 'person.read', [personId], now);
          const merge = await idb
            .selectFrom('identity_merge')
            .select(['id', 'unmerged_at', 'link_decision_id'])
            .where('partnership_id', '=', pid)
            .where('id', '=', mergeId)
            .where('survivor_id', '=', personId)
            .executeTakeFirst();
          if (!visible.has(personId) || merge === undefined) {
            await writeAudit(tx, now, {
              action: 'identity.unmerge',
              subjectType: 'person',
              subjectIds: [personId],
              outcome: 'denied',
              details: { reason: 'not_found_or_out_of_scope', mergeId },
            });
            return undefined;
          }
          const result = await unmergePeople(tx, {
            partnershipId: pid,
            mergeId,
            by: actor.userId,
            at: now,
            reason: input.reason,
          });
          await recordDecision(tx, actor, now, {
            action: 'unmerge',
            linkDecisionId: result.linkDecisionId,
            mergeId,
            note: input.reason,
          });
          if (result.linkDecisionId !== null) {
            const pair = await idb
              .selectFrom('link_decision')
              .select(['id', 'person_id', 'candidate_person_id'])
              .where('id', '=', result.linkDecisionId)
              .executeTakeFirstOrThrow();
            if (input.outcome === 'review') {
              await idb
                .updateTable('link_decision')
                .set({ decision: 'review' })
                .where('id', '=', pair.id)
                .execute();
            } else {
              const apart = { id: pair.id, personId: pair.person_id, candidateId: pair.candidate_person_id! };
              await recordApart(tx, actor, now, apart, input.reason);
              await idb
                .updateTable('link_decision')
                .set({ decision: 'rejected' })
                .where('id', '=', pair.id)
                .execute();
              await recordDecision(tx, actor, now, {
                action: 'reject',
                linkDecisionId: pair.id,
                mergeId,
                note: input.reason,
              });
            }
          }
          await writeAudit(tx, now, {
            action: 'identity.unmerge',
            subjectType: 'person',
            subjectIds: [personId, ...result.moved],
            details: { mergeId, outcome: input.outcome },
          });
          return { personId };
        },
      );
      return found(done, 'person');
    },
  };
}
