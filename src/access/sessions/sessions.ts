/**
 * Server-side sessions. The cookie carries 256 random bits; the database stores only their SHA-256, so a
 * copy of the table cannot be used to sign in. Sessions end after the idle or absolute timeout, at sign-out,
 * and all at once when the account is disabled. Every stage change issues a new id (no fixation).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, SessionStage, SessionTable } from '../../platform/database/index.ts';
import { ACTOR_COLUMNS, actorFromColumns, type ActorColumns, type ActorWithName } from '../accounts/actor.ts';

/** How often a session's last activity is written (see resolveSession). */
export const LAST_SEEN_GRANULARITY_MS = 30_000;

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

export interface SessionRow {
  idHash: string;
  partnershipId: string;
  userId: string;
  stage: SessionStage;
  csrfToken: string;
  pendingTotpSecret: string | null;
  mfaFailures: number;
}

/** @example hashSessionId(cookieValue) */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** A random URL-safe token of `bytes` bytes. @example randomToken(32) */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Constant-time string comparison. @example safeEqual(a, b) */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Creates a session and returns the cookie value (never stored).
 *
 * @example
 * const { id } = await createSession(tx, { partnershipId, userId, stage: 'active' }, now, settings);
 */
export async function createSession(
  db: Kysely<Database>,
  input: { partnershipId: string; userId: string; stage: SessionStage; pendingTotpSecret?: string | null },
  now: Date,
  settings: SessionSettings,
): Promise<{ id: string; csrfToken: string }> {
  const id = randomToken(32);
  const csrfToken = randomToken(32);
  await db
    .insertInto('session')
    .values({
      id_hash: hashSessionId(id),
      partnership_id: input.partnershipId,
      user_id: input.userId,
      stage: input.stage,
      csrf_token: csrfToken,
      pending_totp_secret: input.pendingTotpSecret ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + settings.absoluteHours * 3_600_000),
    })
    .execute();
  return { id, csrfToken };
}

/**
 * Finds a live session by cookie value and touches it; ends it when a timeout has passed. The session
 * comes with the account behind it (`actor`: undefined when the account is missing or disabled) from
 * the same query, since every signed-in request needs both.
 *
 * @example
 * const resolved = await resolveSession(db, cookie, now, settings);
 * const signedIn = resolved?.session.stage === 'active' && resolved.actor !== undefined;
 */
export async function resolveSession(
  db: Kysely<Database>,
  id: string,
  now: Date,
  settings: SessionSettings,
): Promise<{ session: SessionRow; actor: ActorWithName | undefined } | undefined> {
  if (id.length < 20 || id.length > 100) return undefined;
  const idHash = hashSessionId(id);
  // One SQL text (it runs on every request): the session, and its user with agency and roles.
  const result = await sql<
    Pick<SessionTable, 'partnership_id' | 'user_id' | 'stage' | 'csrf_token' | 'pending_totp_secret'> & {
      mfa_failures: number;
      last_seen_at: Date;
      expires_at: Date;
    } & ActorColumns
  >`select s.partnership_id, s.user_id, s.stage, s.csrf_token, s.pending_totp_secret, s.mfa_failures,
      s.last_seen_at, s.expires_at, ${ACTOR_COLUMNS}
    from session s
    left join user_account u on u.id = s.user_id
    left join agency a on a.id = u.agency_id
    where s.id_hash = ${idHash} and s.ended_at is null`.execute(db);
  const row = result.rows[0];
  if (row === undefined) return undefined;
  const idleLimit = row.stage === 'active' ? settings.idleMinutes : Math.min(settings.idleMinutes, 10);
  const idleExpired = now.getTime() - row.last_seen_at.getTime() > idleLimit * 60_000;
  if (idleExpired || now >= row.expires_at) {
    await endSession(db, idHash, now, idleExpired ? 'idle_timeout' : 'absolute_timeout');
    return undefined;
  }
  // Activity is written at most every 30 s (LAST_SEEN_GRANULARITY_MS): a busy user's every request would
  // otherwise be a write (and a commit) before any work. Idle time is then measured from at most that
  // long before the real last request, so a session may end up to 30 s early, never late.
  if (now.getTime() - row.last_seen_at.getTime() >= LAST_SEEN_GRANULARITY_MS) {
    await db.updateTable('session').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  return {
    session: {
      idHash,
      partnershipId: row.partnership_id,
      userId: row.user_id,
      stage: row.stage,
      csrfToken: row.csrf_token,
      pendingTotpSecret: row.pending_totp_secret,
      mfaFailures: row.mfa_failures,
    },
    actor: actorFromColumns(row),
  };
}

/** @example await endSession(db, session.idHash, now, 'signed_out'); */
export async function endSession(
  db: Kysely<Database>,
  idHash: string,
  now: Date,
  reason: string,
): Promise<void> {
  await db
    .updateTable('session')
    .set({ ended_at: now, end_reason: reason })
    .where('id_hash', '=', idHash)
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends every live session of a user (disabling, password change). @example await endAllSessions(tx, userId, now, 'disabled'); */
export async function endAllSessions(
  db: Kysely<Database>,
  userId: string,
  now: Date,
  reason: string,
): Promise<number> {
  const result = await db
    .updateTable('session')
    .set({ ended_at: now, end_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
