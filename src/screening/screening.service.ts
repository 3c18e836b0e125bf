/**
 * Screenings: the instrument as a form, scored server-side by the pure engine, stored with its history,
 * and overdue reviews escalated. Every read and write is policy-checked and audited in one transaction.
 */
import { sql } from 'kysely';
import { checkPersonAccess, withAccess, writeAudit, type Actor } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db, Tx } from '../platform/database/index.ts';
import { notFound, validationError } from '../platform/errors/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { reviewStatus, scoreScreening, type ScreeningAnswer, type ScreeningResult } from './engine/index.ts';
import { CSE_SCREENING_V1, type Characteristic, type RiskLevel } from './tools/index.ts';
import { LEVEL_LABEL, withScreeningTables } from './screening.tables.ts';

export const CURRENT_INSTRUMENT = CSE_SCREENING_V1;

export interface ScreeningChild {
  id: string;
  name: string;
  dateOfBirth: string | null;
  /** Characteristics the record already shows, to prefill the form. */
  recorded: Characteristic[];
}

export interface ScreeningSubmission {
  answers: ScreeningAnswer[];
  characteristics: Characteristic[];
  judgement?: { level: RiskLevel; rationale?: string | undefined } | undefined;
}

export interface OverdueReview {
  childId: string;
  name: string;
  level: RiskLevel;
  reviewDue: string;
  daysOverdue: number;
}

async function loadChild(tx: Tx, actor: Actor, id: string, now: Date): Promise<ScreeningChild | undefined> {
  const { allowed, facts } = await checkPersonAccess(tx, actor, 'person.read', [id], now);
  if (!allowed.has(id) || facts.get(id)?.kind !== 'child') return undefined;
  const p = await tx
    .selectFrom('person')
    .select([
      'id',
      'given_name',
      'family_name',
      'date_of_birth',
      'looked_after',
      'special_educational_needs',
      'disability',
    ])
    .where('partnership_id', '=', actor.partnershipId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const recorded: Characteristic[] = [];
  if (p.looked_after) recorded.push('looked_after');
  if (p.special_educational_needs !== null && p.special_educational_needs !== '') {
    recorded.push('special_educational_needs');
  }
  if (p.disability !== null && /learning/iu.test(p.disability)) recorded.push('learning_disability');
  return {
    id: p.id,
    name: [p.given_name, p.family_name].filter((x) => x !== null).join(' ') || 'the child',
    dateOfBirth: p.date_of_birth,
    recorded,
  };
}

/**
 * @example
 * const screenings = createScreeningService(db, clock);
 * const { result } = await screenings.record(actor, childId, submission, { save: true });
 */
export function createScreeningService(db: Db, clock: Clock) {
  const today = () => clock.now().toISOString().slice(0, 10);
  return {
    /** The child being screened (404 when missing, not a child, or out of scope); the read is audited. */
    async child(actor: Actor, id: string): Promise<ScreeningChild> {
      const child = await withAccess(db, clock, actor, async ({ tx }) => {
        const now = clock.now();
        const found = await loadChild(tx, actor, id, now);
        await writeAudit(tx, now, {
          action: 'screening.open_form',
          subjectType: 'person',
          subjectIds: [id],
          ...(found === undefined
            ? { outcome: 'denied' as const, details: { reason: 'not_found_or_out_of_scope' } }
            : {}),
        });
        return found;
      });
      if (child === undefined) throw notFound('child');
      return child;
    },

    /**
     * Scores a submission; with `save`, stores it (when valid), adds a chronology event and moves the
     * child's open concerns to "screening". Invalid judgement (no rationale, below an override) throws a
     * validation error carrying the result's issues.
     */
    async record(
      actor: Actor,
      id: string,
      submission: ScreeningSubmission,
      options: { save: boolean },
    ): Promise<{ child: ScreeningChild; result: ScreeningResult; screeningId?: string }> {
      const outcome = await withAccess(db, clock, actor, async ({ tx }) => {
        const now = clock.now();
        const child = await loadChild(tx, actor, id, now);
        if (child === undefined) {
          await writeAudit(tx, now, {
            action: 'screening.record',
            subjectType: 'person',
            subjectIds: [id],
            outcome: 'denied',
            details: { reason: 'not_found_or_out_of_scope' },
          });
          return undefined;
        }
        if (child.dateOfBirth === null) {
          throw validationError([
            {
              path: ['dateOfBirth'],
              code: 'required',
              message: 'Record the child’s date of birth before screening: the tool needs their age',
            },
          ]);
        }
        const result = scoreScreening(CURRENT_INSTRUMENT, {
          assessedOn: today(),
          subject: { dateOfBirth: child.dateOfBirth, characteristics: submission.characteristics },
          answers: submission.answers,
          ...(submission.judgement !== undefined ? { judgement: submission.judgement } : {}),
        });
        if (!options.save || !result.valid) return { child, result };
        const screeningId = newId();
        const sdb = withScreeningTables(tx);
        await sdb
          .insertInto('screening')
          .values({
            id: screeningId,
            partnership_id: actor.partnershipId,
            person_id: id,
            instrument_id: result.instrument.id,
            instrument_version: result.instrument.version,
            assessed_on: result.assessedOn,
            characteristics: JSON.stringify(submission.characteristics),
            answers: JSON.stringify(
              result.answers
                .filter((a) => a.answered)
                .map((a) => ({ itemId: a.itemId, present: a.present, recency: a.recency, points: a.points })),
            ),
            score: result.score,
            computed_level: result.computedLevel,
            overrides: JSON.stringify(result.overrides),
            judgement_level: result.judgement?.level ?? null,
            judgement_rationale: result.judgement?.rationale ?? null,
            final_level: result.finalLevel,
            review_due: result.reviewDue,
            assessor_user_id: actor.userId,
            assessor_agency_id: actor.agencyId,
            recorded_at: now,
          })
          .execute();
        const eventId = newId();
        await tx
          .insertInto('event')
          .values({
            id: eventId,
            partnership_id: actor.partnershipId,
            agency_id: actor.agencyId,
            type: 'screening',
            occurred_at: now,
            occurred_until: null,
            location_id: null,
            narrative: `CSE screening: ${LEVEL_LABEL[result.finalLevel].toLowerCase()} (score ${result.score}).`,
            data: JSON.stringify({ screeningId, level: result.finalLevel }),
            source_record_id: null,
            recorded_by: actor.userId,
          })
          .execute();
        await tx
          .insertInto('event_party')
          .values({
            id: newId(),
            partnership_id: actor.partnershipId,
            event_id: eventId,
            person_id: id,
            role: 'subject',
          })
          .execute();
        await tx
          .updateTable('concern')
          .set({ status: 'screening' })
          .where('partnership_id', '=', actor.partnershipId)
          .where('person_id', '=', id)
          .where('status', 'in', ['new', 'triaged'])
          .execute();
        await writeAudit(tx, now, {
          action: 'screening.record',
          subjectType: 'person',
          subjectIds: [id, screeningId],
          details: {
            level: result.finalLevel,
            score: result.score,
            overrides: result.overrides.map((o) => o.id),
            judgement: result.judgement !== null,
          },
        });
        return { child, result, screeningId };
      });
      if (outcome === undefined) throw notFound('child');
      return outcome;
    },

    /** Children whose latest screening is past its review date, most overdue first (only those visible). */
    async overdue(actor: Actor): Promise<OverdueReview[]> {
      return withAccess(db, clock, actor, async ({ tx }) => {
        const now = clock.now();
        // A screening recorded on a record later linked to the child (identity review) is the child's.
        const latest = await withScreeningTables(tx)
          .selectFrom('screening as s')
          .innerJoin('person as m', 'm.id', 's.person_id')
          .innerJoin('person as p', (j) => j.on(sql<boolean>`p.id = coalesce(m.merged_into, m.id)`))
          .select([
            'p.id as person_id',
            's.final_level',
            sql<string>`s.review_due::text`.as('review_due'),
            'p.given_name',
            'p.family_name',
          ])
          .distinctOn('p.id')
          .where('s.partnership_id', '=', actor.partnershipId)
          .orderBy('p.id')
          .orderBy('s.recorded_at', 'desc')
          .execute();
        const due = latest.filter(
          (r) => r.review_due !== null && reviewStatus(r.review_due, today()).overdue,
        );
        const { allowed } = await checkPersonAccess(
          tx,
          actor,
          'person.read',
          due.map((r) => r.person_id),
          now,
        );
        const rows = due
          .filter((r) => allowed.has(r.person_id))
          .map((r) => ({
            childId: r.person_id,
            name: [r.given_name, r.family_name].filter((x) => x !== null).join(' '),
            level: r.final_level,
            reviewDue: r.review_due,
            daysOverdue: reviewStatus(r.review_due, today()).daysOverdue,
          }))
          .sort((a, b) => b.daysOverdue - a.daysOverdue);
        await writeAudit(tx, now, {
          action: 'screening.list_overdue',
          subjectType: 'person',
          subjectIds: rows.map((r) => r.childId),
          details: { returned: rows.length },
        });
        return rows;
      });
    },
  };
}

export type ScreeningService = ReturnType<typeof createScreeningService>;
