/**
 * Identity review: the queue of pairs the identity resolver could not decide, a pair side by side with
 * the engine's explanation, and the reviewer's decision (link, not the same person, decide later); the
 * records linked to a person and unlinking come from linked-records.service.ts. Every call checks the policy (identity.review, and
 * person.read on both people: out of scope is not found), runs in one transaction and is audited.
 */
import { checkPersonAccess, withAccess, writeAudit, type Actor } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db, Tx } from '../platform/database/index.ts';
import { validationError } from '../platform/errors/index.ts';
import {
  explanationView,
  formatProbability,
  identifierLabel,
  type ExplanationView,
} from './explain.presenter.ts';
import {
  apartPairs,
  pairById,
  pairHistory,
  pairKey,
  pendingPairs,
  personDetail,
  personSummaries,
  type PairRow,
  type PersonSummary,
} from './identity.repository.ts';
import type { DecisionInput } from './identity.schema.ts';
import { withIdentityTables, type ReviewAction } from './identity.tables.ts';
import { createLinkedRecordsService } from './linked-records.service.ts';
import { mergePeople } from './merge-people.ts';
import { found, may, recordApart, recordDecision } from './review-steps.ts';
import { recordHref, sideView, summaryView, type SideView, type SummaryView } from './identity.presenter.ts';

export const PAGE_SIZE = 25;

export interface QueueRow {
  id: string;
  probability: string;
  queuedAt: Date;
  deferred: { by: string | null; at: Date; note: string | null } | null;
  newer: SummaryView;
  earlier: SummaryView;
}

export interface QueueView {
  rows: QueueRow[];
  total: number;
  deferred: number;
  page: number;
  pages: number;
}

export interface PairView {
  id: string;
  status: 'review' | 'confirmed' | 'rejected';
  probability: string;
  queuedAt: Date;
  deferred: QueueRow['deferred'];
  newer: SideView;
  earlier: SideView;
  explanation: ExplanationView | undefined;
  /** Someone else the newer record also looks like, recorded as a different person from the earlier. */
  alsoLooksLike: string | undefined;
  /** The newer record's identifiers belong to different people: which identifier is whose. */
  identifierConflict: { identifier: string; holder: string }[] | undefined;
  history: { action: ReviewAction; by: string | null; at: Date; note: string | null }[];
  /** Why the two cannot be linked as they stand (shown above the decision, and refused on submit). */
  blockers: string[];
  /** The pair's people are already joined up, or already recorded apart, through another decision. */
  settledElsewhere: 'linked' | 'apart' | undefined;
  /** Where each record lives now (after a link, both lead to the joined-up record). */
  recordHref: { newer: string; earlier: string };
}

export interface DecisionOutcome {
  action: 'link' | 'reject' | 'defer';
  pairId: string;
  /** The person to open afterwards (the joined-up record after a link). */
  personId: string;
  kind: string;
  name: string;
}

function deferredOf(p: PairRow): QueueRow['deferred'] {
  return p.deferredAt === null ? null : { by: p.deferredBy, at: p.deferredAt, note: p.deferredNote };
}

/**
 * Both people of a pair must be visible to the actor, or the pair does not exist for them: the denial
 * is audited and undefined returned, so the caller commits the audit and then answers not found.
 */
async function visiblePair(
  tx: Tx,
  actor: Actor,
  now: Date,
  id: string,
  lock: boolean,
): Promise<PairRow | undefined> {
  const pair = await pairById(tx, actor.partnershipId, id, { lock });
  const { allowed } =
    pair === undefined
      ? { allowed: new Set<string>() }
      : await checkPersonAccess(tx, actor, 'person.read', [pair.rootA, pair.rootB], now);
  if (pair === undefined || !allowed.has(pair.rootA) || !allowed.has(pair.rootB)) {
    await writeAudit(tx, now, {
      action: 'identity.pair.read',
      subjectType: 'link_decision',
      subjectIds: [id],
      outcome: 'denied',
      details: { reason: 'not_found_or_out_of_scope' },
    });
    return undefined;
  }
  return pair;
}

/** Reasons a link would be refused: different kinds of record, a sealed record, recorded apart. */
async function linkBlockers(tx: Tx, partnershipId: string, pair: PairRow): Promise<string[]> {
  const roots = [pair.rootA, pair.rootB];
  const people = await tx
    .selectFrom('person')
    .select(['id', 'kind', 'sealed', 'merged_into'])
    .where('partnership_id', '=', partnershipId)
    .where((eb) => eb.or([eb('id', 'in', roots), eb('merged_into', 'in', roots)]))
    .execute();
  const out: string[] = [];
  const kinds = new Set(people.filter((p) => p.merged_into === null).map((p) => p.kind));
  if (kinds.size > 1) {
    out.push('One record is about a child and the other is not: only records of the same kind can be linked');
  }
  if (people.some((p) => p.sealed)) {
    out.push('One of the records is sealed: sealed records cannot be linked here');
  }
  if ((await apartPairs(tx, partnershipId)).has(pairKey(pair.rootA, pair.rootB))) {
    out.push('These records, or records already linked to them, were recorded as not the same person');
  }
  return out;
}

/**
 * @example
 * const identity = createIdentityService(db, clock);
 * const queue = await identity.queue(actor, { page: 1 });
 */
export function createIdentityService(db: Db, clock: Clock) {
  return {
    ...createLinkedRecordsService(db, clock),
    /** Pairs waiting for review that the actor may see: undecided first, most likely first. */
    async queue(actor: Actor, query: { page: number }): Promise<QueueView> {
      may(actor);
      return withAccess(db, clock, actor, async ({ tx }) => {
        const now = clock.now();
        const pid = actor.partnershipId;
        const [pairs, apart] = await Promise.all([pendingPairs(tx, pid), apartPairs(tx, pid)]);
        const open = pairs.filter((p) => p.rootA !== p.rootB && !apart.has(pairKey(p.rootA, p.rootB)));
        const { allowed: visible } = await checkPersonAccess(
          tx,
          actor,
          'person.read',
          open.flatMap((p) => [p.rootA, p.rootB]),
          now,
        );
        const mine = open
          .filter((p) => visible.has(p.rootA) && visible.has(p.rootB))
          .sort(
            (x, y) =>
              Number(x.deferredAt !== null) - Number(y.deferredAt !== null) ||
              y.score - x.score ||
              x.queuedAt.getTime() - y.queuedAt.getTime() ||
              (x.id < y.id ? -1 : 1),
          );
        const pages = Math.max(1, Math.ceil(mine.length / PAGE_SIZE));
        const page = Math.min(query.page, pages);
        const slice = mine.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
        const ids = slice.flatMap((p) => [p.rootA, p.rootB]);
        const people = await personSummaries(tx, pid, ids);
        const view = (id: string): SummaryView => summaryView(people.get(id) as PersonSummary);
        await writeAudit(tx, now, {
          action: 'identity.queue.read',
          subjectType: 'person',
          subjectIds: [...new Set(ids)],
          details: { page, returned: slice.length, total: mine.length },
        });
        return {
          rows: slice.map((p) => ({
            id: p.id,
            probability: formatProbability(p.score),
            queuedAt: p.queuedAt,
            deferred: deferredOf(p),
            newer: view(p.rootA),
            earlier: view(p.rootB),
          })),
          total: mine.length,
          deferred: mine.filter((p) => p.deferredAt !== null).length,
          page,
          pages,
        };
      });
    },

    /** One pair side by side with the engine's explanation and the pair's history. */
    async pair(actor: Actor, id: string): Promise<PairView> {
      may(actor);
      const view = await withAccess(db, clock, actor, async ({ tx }): Promise<PairView | undefined> => {
        const now = clock.now();
        const pid = actor.partnershipId;
        const pair = await visiblePair(tx, actor, now, id, false);
        if (pair === undefined) return undefined;
        const pending = pair.decision === 'review';
        // Undecided: compare the people the two records now belong to. Decided: the records as queued.
        const [newerId, earlierId] = pending ? [pair.rootA, pair.rootB] : [pair.personId, pair.candidateId];
        const [newer, earlier, history, blockers, apart] = await Promise.all([
          personDetail(tx, pid, newerId, { withMerged: pending }),
          personDetail(tx, pid, earlierId, { withMerged: pending }),
          pairHistory(tx, pid, pair.id),
          pending ? linkBlockers(tx, pid, pair) : Promise.resolve([]),
          apartPairs(tx, pid),
        ]);
        const lookalikeId = (pair.explanation.recordedApart as { personId?: string } | undefined)?.personId;
        const lookalike =
          lookalikeId === undefined
            ? undefined
            : (await personSummaries(tx, pid, [lookalikeId])).get(lookalikeId);
        const conflict =
          pair.explanation.rule === 'conflicting_identifiers' && Array.isArray(pair.explanation.conflict)
            ? (pair.explanation.conflict as { scheme: string; personId: string }[])
            : undefined;
        // Holders are named only to a reviewer who may read them.
        const holderIds = conflict?.map((c) => c.personId) ?? [];
        const readable =
          holderIds.length === 0
            ? new Set<string>()
            : (await checkPersonAccess(tx, actor, 'person.read', holderIds, now)).allowed;
        const holders = await personSummaries(
          tx,
          pid,
          holderIds.filter((h) => readable.has(h)),
        );
        await writeAudit(tx, now, {
          action: 'identity.pair.read',
          subjectType: 'person',
          subjectIds: [pair.rootA, pair.rootB],
          details: { pairId: pair.id, status: pair.decision },
        });
        return {
          id: pair.id,
          status: pair.decision as PairView['status'],
          probability: formatProbability(pair.score),
          queuedAt: pair.queuedAt,
          deferred: deferredOf(pair),
          newer: sideView(newer!),
          earlier: sideView(earlier!),
          explanation: explanationView(pair.explanation),
          alsoLooksLike: lookalike === undefined ? undefined : summaryView(lookalike).name,
          identifierConflict: conflict?.map((c) => {
            const holder = holders.get(c.personId);
            return {
              identifier: identifierLabel(c.scheme),
              holder: holder === undefined ? 'someone else' : summaryView(holder).name,
            };
          }),
          history: history.map((h) => ({
            action: h.action,
            by: h.decided_by,
            at: h.decided_at,
            note: h.note,
          })),
          blockers,
          recordHref: {
            newer: recordHref(pair.rootA, newer!.kind),
            earlier: recordHref(pair.rootB, earlier!.kind),
          },
          settledElsewhere: !pending
            ? undefined
            : pair.rootA === pair.rootB
              ? 'linked'
              : apart.has(pairKey(pair.rootA, pair.rootB))
                ? 'apart'
                : undefined,
        };
      });
      return found(view, 'pair');
    },

    /** Records the reviewer's answer. Bad or stale answers are refused and change nothing. */
    async decide(actor: Actor, id: string, input: DecisionInput): Promise<DecisionOutcome> {
      may(actor);
      const outcome = await withAccess(
        db,
        clock,
        actor,
        async ({ tx }): Promise<DecisionOutcome | undefined> => {
          const now = clock.now();
          const pid = actor.partnershipId;
          const pair = await visiblePair(tx, actor, now, id, true);
          if (pair === undefined) return undefined;
          if (pair.decision !== 'review') {
            throw validationError([
              { path: ['decision'], code: 'already_decided', message: 'This pair has already been decided' },
            ]);
          }
          if (pair.rootA === pair.rootB) {
            throw validationError([
              {
                path: ['decision'],
                code: 'already_linked',
                message: 'These records are already linked through another decision',
              },
            ]);
          }
          const note = input.note ?? null;
          const ld = withIdentityTables(tx);
          let personId = pair.rootB;
          let subjects = [pair.rootA, pair.rootB];
          let mergeId: string | null = null;
          if (input.decision === 'link') {
            const blockers = await linkBlockers(tx, pid, pair);
            if (blockers.length > 0) {
              throw validationError(
                blockers.map((message) => ({ path: ['decision'], code: 'cannot_link', message })),
              );
            }
            const merge = await mergePeople(tx, {
              partnershipId: pid,
              survivorId: pair.rootB,
              mergedId: pair.rootA,
              linkDecisionId: pair.id,
              by: actor.userId,
              at: now,
              note,
            });
            mergeId = merge.mergeId;
            subjects = [merge.survivorId, ...merge.moved];
            await ld
              .updateTable('link_decision')
              .set({ decision: 'confirmed' })
              .where('id', '=', pair.id)
              .execute();
          } else if (input.decision === 'reject') {
            await recordApart(tx, actor, now, pair, note);
            await ld
              .updateTable('link_decision')
              .set({ decision: 'rejected' })
              .where('id', '=', pair.id)
              .execute();
          } else {
            personId = pair.rootA;
            await ld
              .updateTable('link_decision')
              .set({ deferred_at: now, deferred_by: actor.userId, deferred_note: note })
              .where('id', '=', pair.id)
              .execute();
          }
          const action: ReviewAction = input.decision;
          await recordDecision(tx, actor, now, { action, linkDecisionId: pair.id, mergeId, note });
          await writeAudit(tx, now, {
            action: `identity.${action}`,
            subjectType: 'person',
            subjectIds: subjects,
            details: {
              pairId: pair.id,
              probability: pair.score,
              noted: note !== null,
              ...(mergeId !== null ? { mergeId } : {}),
            },
          });
          const who = (await personSummaries(tx, pid, [personId])).get(personId)!;
          return { action, pairId: pair.id, personId, kind: who.kind, name: summaryView(who).name };
        },
      );
      return found(outcome, 'pair');
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
