/**
 * Accounts: create, disable and list users of one partnership. Each change is audited in its transaction;
 * disabling ends every session of the account at once.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, type Database, type Role } from '../../platform/database/index.ts';
import { AppError, notFound, validationError, type FieldIssue } from '../../platform/errors/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { checkNewPassword, hashPassword } from '../passwords/passwords.ts';
import { endAllSessions } from '../sessions/sessions.ts';

export const ROLES = [
  'practitioner',
  'coordinator',
  'police_analyst',
  'partnership_analyst',
  'administrator',
  'auditor',
] as const satisfies readonly Role[];

export const NewUserSchema = z.object({
  email: z.email({ error: 'Enter an email address in the correct format, like name@example.org' }).max(320),
  displayName: z.string().trim().min(1, 'Enter a name').max(200, 'Name must be 200 characters or fewer'),
  agencyCode: z.string().trim().min(1, 'Select an agency'),
  roles: z.array(z.enum(ROLES)).min(1, 'Select at least one role'),
  password: z.string(),
  dataProtectionLead: z.boolean().default(false),
});
export type NewUserInput = z.input<typeof NewUserSchema>;

function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    code: i.code,
    message: i.message,
  }));
}

/**
 * Creates a user in the partnership. Throws a validation error with field issues.
 *
 * @example
 * const id = await createUser(db, clock, pid, { email, displayName, agencyCode: 'nhs', roles: ['practitioner'], password });
 */
export async function createUser(
  db: Kysely<Database>,
  clock: Clock,
  partnershipId: string,
  input: NewUserInput,
  options: { createdBy?: string; demoOnly?: boolean; passwordHash?: string } = {},
): Promise<string> {
  const parsed = NewUserSchema.safeParse(input);
  if (!parsed.success) throw validationError(zodIssues(parsed.error));
  const data = parsed.data;
  const passwordIssues =
    options.passwordHash === undefined ? checkNewPassword(data.password, data.email) : [];
  if (passwordIssues.length > 0) throw validationError(passwordIssues);
  const hash = options.passwordHash ?? (await hashPassword(data.password));
  const now = clock.now();
  return inTransaction(db, async (tx) => {
    const agency = await tx
      .selectFrom('agency')
      .select('id')
      .where('partnership_id', '=', partnershipId)
      .where('code', '=', data.agencyCode)
      .executeTakeFirst();
    if (agency === undefined) {
      throw validationError([{ path: ['agencyCode'], code: 'invalid_value', message: 'Select an agency' }]);
    }
    const existing = await tx
      .selectFrom('user_account')
      .select('id')
      .where('partnership_id', '=', partnershipId)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', data.email.toLowerCase()))
      .executeTakeFirst();
    if (existing !== undefined) {
      throw validationError([
        { path: ['email'], code: 'conflict', message: 'An account with this email address already exists' },
      ]);
    }
    const id = newId();
    await tx
      .insertInto('user_account')
      .values({
        id,
        partnership_id: partnershipId,
        agency_id: agency.id,
        email: data.email,
        display_name: data.displayName,
        password_hash: hash,
        data_protection_lead: data.dataProtectionLead,
        demo_only: options.demoOnly ?? false,
        created_at: now,
      })
      .execute();
    for (const role of [...new Set(data.roles)]) {
      await tx
        .insertInto('role_grant')
        .values({
          id: newId(),
          partnership_id: partnershipId,
          user_id: id,
          role,
          granted_at: now,
          granted_by: options.createdBy ?? null,
        })
        .execute();
    }
    await writeAudit(tx, now, {
      action: 'user.create',
      partnershipId,
      subjectType: 'user_account',
      subjectIds: [id],
      details: {
        roles: [...new Set(data.roles)].sort(),
        agency: data.agencyCode,
        dataProtectionLead: data.dataProtectionLead,
      },
    });
    return id;
  });
}

/**
 * Disables a user and ends all their sessions.
 *
 * @example
 * await disableUser(db, clock, pid, userId);
 */
export async function disableUser(
  db: Kysely<Database>,
  clock: Clock,
  partnershipId: string,
  userId: string,
): Promise<{ sessionsEnded: number }> {
  const now = clock.now();
  return inTransaction(db, async (tx) => {
    const user = await tx
      .selectFrom('user_account')
      .select(['id', 'disabled_at'])
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (user === undefined) throw notFound('user');
    if (user.disabled_at !== null) throw new AppError('conflict', 'This account is already disabled');
    await tx.updateTable('user_account').set({ disabled_at: now }).where('id', '=', userId).execute();
    const sessionsEnded = await endAllSessions(tx, userId, now, 'account_disabled');
    await writeAudit(tx, now, {
      action: 'user.disable',
      partnershipId,
      subjectType: 'user_account',
      subjectIds: [userId],
      details: { sessionsEnded },
    });
    return { sessionsEnded };
  });
}

export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
  agency: string;
  agencyCode: string;
  roles: Role[];
  dataProtectionLead: boolean;
  mfaEnrolled: boolean;
  disabled: boolean;
  lastSignInAt: string | null;
}

/** @example const users = await listUsers(db, pid); */
export async function listUsers(db: Kysely<Database>, partnershipId: string): Promise<UserSummary[]> {
  const users = await db
    .selectFrom('user_account as u')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'a.name',
      'a.code',
      'u.data_protection_lead',
      'u.mfa_enrolled_at',
      'u.disabled_at',
      'u.last_sign_in_at',
    ])
    .where('u.partnership_id', '=', partnershipId)
    .orderBy('u.email')
    .execute();
  const grants = await db
    .selectFrom('role_grant')
    .select(['user_id', 'role'])
    .where('partnership_id', '=', partnershipId)
    .execute();
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    agency: u.name,
    agencyCode: u.code,
    roles: grants
      .filter((g) => g.user_id === u.id)
      .map((g) => g.role)
      .sort(),
    dataProtectionLead: u.data_protection_lead,
    mfaEnrolled: u.mfa_enrolled_at !== null,
    disabled: u.disabled_at !== null,
    lastSignInAt: u.last_sign_in_at?.toISOString() ?? null,
  }));
}
