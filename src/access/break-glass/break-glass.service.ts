/**
 * Break-glass: time-limited access to a record outside the user's scope, with a reason. The grant names
 * the agencies that own the record at that moment; their data-protection leads review it.
 */
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, type BreakGlassOutcome, type Database } from '../../platform/database/index.ts';
import { AppError, notFound, validationError } from '../../platform/errors/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { can } from '../policy/engine.ts';
import { loadPersonFacts } from '../policy/facts.ts';
import type { Actor } from '../policy/types.ts';

export const BREAK_GLASS_MINUTES = 60;
export const REASON_MIN_LENGTH = 20;

const NO_MATCH = 'No record you can open matches this reference. Check it, or contact the MASH';

/**
 * Opens break-glass access to the person named by `reference` (their Sightline id or an identifier).
 *
 * @example
 * const { personId } = await openBreakGlass(db, clock, actor, { reference: 'NM-104233', reason });
 */
export async function openBreakGlass(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  input: { reference: string; reason: string },
): Promise<{ personId: string; expiresAt: Date }> {
  const reference = input.reference.trim();
  const reason = input.reason.trim();
  const issues = [];
  if (reference === '') {
    issues.push({ path: ['reference'], code: 'too_small', message: 'Enter the person’s reference' });
  }
  if (reason.length < REASON_MIN_LENGTH) {
    issues.push({
      path: ['reason'],
      code: 'too_small',
      message: `Explain why you need this record now, in ${REASON_MIN_LENGTH} characters or more`,
    });
  }
  if (issues.length > 0) throw validationError(issues);
  const now = clock.now();
  return inTransaction(db, async (tx) => {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(reference);
    const matches = isUuid
      ? [{ person_id: reference.toLowerCase() }]
      : await tx
          .selectFrom('person_identifier')
          .select('person_id')
          .distinct()
          .where('partnership_id', '=', actor.partnershipId)
          .where((eb) => eb(eb.fn('lower', ['value']), '=', reference.toLowerCase()))
          .execute();
    const facts = await loadPersonFacts(
      tx,
      actor,
      matches.map((m) => m.person_id),
      now,
    );
    const target = matches.length === 1 ? facts.get(matches[0]!.person_id) : undefined;
    if (target === undefined || !can(actor, 'person.break_glass', target)) {
      await writeAudit(tx, now, {
        action: 'break_glass.open',
        subjectType: 'person',
        subjectIds: target === undefined ? [] : [target.id],
        purpose: reason,
        outcome: 'denied',
        details: { reason: 'no_match_or_not_allowed' },
      });
      return undefined;
    }
    const expiresAt = new Date(now.getTime() + BREAK_GLASS_MINUTES * 60_000);
    if (!can(actor, 'person.read', target)) {
      await tx
        .insertInto('break_glass')
        .values({
          id: newId(),
          partnership_id: actor.partnershipId,
          user_id: actor.userId,
          agency_id: actor.agencyId,
          person_id: target.id,
          reason,
          owner_agency_ids: JSON.stringify(target.involvedAgencyIds),
          opened_at: now,
          expires_at: expiresAt,
        })
        .execute();
      await writeAudit(tx, now, {
        action: 'break_glass.open',
        subjectType: 'person',
        subjectIds: [target.id],
        purpose: reason,
        details: { minutes: BREAK_GLASS_MINUTES, ownerAgencyIds: target.involvedAgencyIds },
      });
    }
    return { personId: target.id, expiresAt };
  }).then((result) => {
    if (result === undefined) {
      throw validationError([{ path: ['reference'], code: 'not_found', message: NO_MATCH }]);
    }
    return result;
  });
}

export interface BreakGlassReviewItem {
  id: string;
  personId: string;
  userName: string;
  userAgency: string;
  reason: string;
  openedAt: Date;
  expiresAt: Date;
  outcome: BreakGlassOutcome | null;
  note: string | null;
}

/**
 * The review queue of a data-protection lead: break-glass on records their agency owns.
 *
 * @example
 * const items = await reviewQueue(db, clock, actor);
 */
export async function reviewQueue(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
): Promise<BreakGlassReviewItem[]> {
  const now = clock.now();
  return inTransaction(db, async (tx) => {
    const rows = await tx
      .selectFrom('break_glass as b')
      .innerJoin('user_account as u', 'u.id', 'b.user_id')
      .innerJoin('agency as a', 'a.id', 'b.agency_id')
      .select([
        'b.id',
        'b.person_id',
        'u.display_name',
        'a.name',
        'b.reason',
        'b.opened_at',
        'b.expires_at',
        'b.review_outcome',
        'b.review_note',
      ])
      .where('b.partnership_id', '=', actor.partnershipId)
      .where(sql<boolean>`b.owner_agency_ids @> ${JSON.stringify([actor.agencyId])}::jsonb`)
      .orderBy('b.reviewed_at', (ob) => ob.desc().nullsFirst())
      .orderBy('b.opened_at', 'desc')
      .limit(200)
      .execute();
    await writeAudit(tx, now, {
      action: 'break_glass.review_queue',
      subjectType: 'break_glass',
      subjectIds: rows.map((r) => r.id),
    });
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      userName: r.display_name,
      userAgency: r.name,
      reason: r.reason,
      openedAt: r.opened_at,
      expiresAt: r.expires_at,
      outcome: r.review_outcome,
      note: r.review_note,
    }));
  });
}

/**
 * Records the reviewer's outcome on one break-glass use.
 *
 * @example
 * await recordReview(db, clock, actor, id, { outcome: 'justified', note: 'Child missing overnight' });
 */
export async function recordReview(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  id: string,
  input: { outcome: BreakGlassOutcome; note: string },
): Promise<void> {
  const now = clock.now();
  await inTransaction(db, async (tx) => {
    const row = await tx
      .selectFrom('break_glass')
      .select(['id', 'person_id', 'owner_agency_ids', 'reviewed_at'])
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined || !row.owner_agency_ids.includes(actor.agencyId)) throw notFound('review');
    if (row.reviewed_at !== null) {
      throw new AppError('conflict', 'This use of emergency access has already been reviewed');
    }
    await tx
      .updateTable('break_glass')
      .set({
        review_outcome: input.outcome,
        review_note: input.note.trim() || null,
        reviewed_by: actor.userId,
        reviewed_at: now,
      })
      .where('id', '=', id)
      .execute();
    await writeAudit(tx, now, {
      action: 'break_glass.review',
      subjectType: 'break_glass',
      subjectIds: [id],
      details: { outcome: input.outcome, personId: row.person_id },
    });
  });
}
