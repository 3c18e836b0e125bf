/**
 * Signing in: password, then TOTP (or enrolment of TOTP on first sign-in), each step in one transaction
 * with its audit event. Every failure looks the same from outside: same message, same status, and the
 * same work (argon2 always runs), whether or not the account exists, is disabled or is throttled.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Config } from '../../platform/config/config.ts';
import { inTransaction, type Database } from '../../platform/database/index.ts';
import { loadActor } from '../accounts/actor.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { checkTotp, newTotpSecret } from '../mfa/totp.ts';
import { verifyPassword } from '../passwords/passwords.ts';
import { createSession, endSession, type SessionRow } from './sessions.ts';
import { isThrottled, recordAttempt } from './throttle.ts';

export const MFA_MAX_FAILURES = 5;

export type PasswordOutcome =
  | { kind: 'failed' }
  | { kind: 'throttled' }
  | { kind: 'ok'; sessionId: string; stage: 'password' | 'enrol' | 'active' };

export interface SignInDeps {
  db: Kysely<Database>;
  config: Pick<Config, 'demoMode' | 'session'>;
  clock: Clock;
}

/**
 * Checks an email and password for the partnership this server serves.
 *
 * @example
 * const outcome = await signInWithPassword(deps, pid, { email, password, address: request.ip });
 */
export async function signInWithPassword(
  deps: SignInDeps,
  partnershipId: string,
  input: { email: string; password: string; address: string },
): Promise<PasswordOutcome> {
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const user = await deps.db
    .selectFrom('user_account')
    .select(['id', 'password_hash', 'totp_secret', 'disabled_at', 'demo_only'])
    .where('partnership_id', '=', partnershipId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst();
  const throttled = await isThrottled(deps.db, partnershipId, email, input.address, now);
  // Always run argon2 so the time taken does not depend on whether the account exists.
  const passwordOk = await verifyPassword(throttled ? null : (user?.password_hash ?? null), input.password);
  const usable = user !== undefined && user.disabled_at === null && (!user.demo_only || deps.config.demoMode);
  const ok = !throttled && passwordOk && usable;
  return inTransaction(deps.db, async (tx) => {
    await recordAttempt(tx, partnershipId, email, input.address, ok, now);
    if (!ok || user === undefined) {
      await writeAudit(tx, now, {
        action: 'sign_in.password',
        partnershipId,
        subjectType: 'user_account',
        subjectIds: user === undefined ? [] : [user.id],
        outcome: 'denied',
        details: { reason: throttled ? 'throttled' : 'credentials_not_accepted' },
      });
      return { kind: throttled ? ('throttled' as const) : ('failed' as const) };
    }
    const stage = deps.config.demoMode ? 'active' : user.totp_secret === null ? 'enrol' : 'password';
    const session = await createSession(
      tx,
      {
        partnershipId,
        userId: user.id,
        stage,
        pendingTotpSecret: stage === 'enrol' ? newTotpSecret() : null,
      },
      now,
      deps.config.session,
    );
    const actor = await loadActor(tx, user.id);
    if (stage === 'active') {
      await tx.updateTable('user_account').set({ last_sign_in_at: now }).where('id', '=', user.id).execute();
    }
    await writeAudit(tx, now, {
      action: stage === 'active' ? 'sign_in' : 'sign_in.password',
      partnershipId,
      subjectType: 'user_account',
      subjectIds: [user.id],
      ...(actor !== undefined ? { actor } : {}),
      details: { next: stage, demoMode: deps.config.demoMode },
    });
    return { kind: 'ok' as const, sessionId: session.id, stage };
  });
}

export type MfaOutcome = { kind: 'failed'; sessionEnded: boolean } | { kind: 'ok'; sessionId: string };

/**
 * Completes sign-in with a TOTP code (stage 'password') or confirms enrolment (stage 'enrol'). On success
 * the partial session ends and a new active one begins (a new id).
 *
 * @example
 * const outcome = await completeMfa(deps, session, '123456');
 */
export async function completeMfa(deps: SignInDeps, session: SessionRow, code: string): Promise<MfaOutcome> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const user = await tx
      .selectFrom('user_account')
      .select(['id', 'totp_secret', 'totp_last_step', 'disabled_at'])
      .where('id', '=', session.userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const enrolling = session.stage === 'enrol';
    const secret = enrolling ? session.pendingTotpSecret : user.totp_secret;
    const step =
      secret === null || user.disabled_at !== null
        ? undefined
        : await checkTotp(secret, code, now, enrolling ? null : user.totp_last_step);
    const actor = await loadActor(tx, user.id);
    if (step === undefined || actor === undefined) {
      const failures = session.mfaFailures + 1;
      const ended = failures >= MFA_MAX_FAILURES;
      await tx
        .updateTable('session')
        .set({ mfa_failures: failures })
        .where('id_hash', '=', session.idHash)
        .execute();
      if (ended) await endSession(tx, session.idHash, now, 'mfa_failures');
      await writeAudit(tx, now, {
        action: enrolling ? 'mfa.enrol' : 'sign_in.mfa',
        partnershipId: session.partnershipId,
        subjectType: 'user_account',
        subjectIds: [user.id],
        outcome: 'denied',
        details: { reason: 'code_not_accepted', sessionEnded: ended },
      });
      return { kind: 'failed' as const, sessionEnded: ended };
    }
    await tx
      .updateTable('user_account')
      .set({
        totp_last_step: step,
        last_sign_in_at: now,
        ...(enrolling ? { totp_secret: secret, mfa_enrolled_at: now } : {}),
      })
      .where('id', '=', user.id)
      .execute();
    await endSession(tx, session.idHash, now, 'mfa_completed');
    const next = await createSession(
      tx,
      { partnershipId: session.partnershipId, userId: user.id, stage: 'active' },
      now,
      deps.config.session,
    );
    if (enrolling) {
      await writeAudit(tx, now, {
        action: 'mfa.enrol',
        actor,
        subjectType: 'user_account',
        subjectIds: [user.id],
      });
    }
    await writeAudit(tx, now, {
      action: 'sign_in',
      actor,
      subjectType: 'user_account',
      subjectIds: [user.id],
    });
    return { kind: 'ok' as const, sessionId: next.id };
  });
}

/**
 * Signs out: ends the session and records it.
 *
 * @example
 * await signOut(deps, session);
 */
export async function signOut(deps: SignInDeps, session: SessionRow): Promise<void> {
  const now = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    await endSession(tx, session.idHash, now, 'signed_out');
    await writeAudit(tx, now, {
      action: 'sign_out',
      partnershipId: session.partnershipId,
      subjectType: 'user_account',
      subjectIds: [session.userId],
    });
  });
}
