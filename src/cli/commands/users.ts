import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createUser, disableUser, listUsers, runWithContext } from '../../access/index.ts';
import { systemClock } from '../../platform/clock/clock.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { migrate, openDatabase, type Db } from '../../platform/database/index.ts';
import { isAppError } from '../../platform/errors/index.ts';
import { newId } from '../../platform/ids/ids.ts';

async function withPartnership<T>(
  code: string | undefined,
  work: (db: Db, partnershipId: string) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const handle = await openDatabase(config.database);
  try {
    await migrate(handle.db);
    let query = handle.db.selectFrom('partnership').select('partnership_id').orderBy('created_at').limit(1);
    if (code !== undefined) query = query.where('code', '=', code);
    const partnership = await query.executeTakeFirst();
    if (partnership === undefined) {
      throw new Error(
        code === undefined ? 'no partnership has been set up' : `no partnership with code ${code}`,
      );
    }
    return await runWithContext(
      { requestId: `cli-${newId()}`, actor: undefined, purpose: 'administration', channel: 'cli' },
      () => work(handle.db, partnership.partnership_id),
    );
  } finally {
    await handle.close();
  }
}

function readPassword(fromStdin: boolean): string {
  const fromEnv = process.env.SIGHTLINE_NEW_PASSWORD;
  if (fromStdin) return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  throw new Error('give the new password on stdin with --password-stdin, or in SIGHTLINE_NEW_PASSWORD');
}

export function register(program: Command): void {
  const users = program
    .command('users')
    .description('Add, disable and list user accounts (audited as the system)');

  users
    .command('add')
    .description('Add a user; the password comes from stdin (--password-stdin) or SIGHTLINE_NEW_PASSWORD')
    .requiredOption('--email <email>', 'email address (the sign-in name)')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--agency <code>', 'agency code, e.g. police, csc, nhs')
    .requiredOption(
      '--role <role...>',
      'one or more roles: practitioner coordinator police_analyst partnership_analyst administrator auditor',
    )
    .option('--data-protection-lead', "the agency's data-protection lead", false)
    .option('--password-stdin', 'read the password from stdin', false)
    .option('--partnership <code>', 'partnership code (default: the first)')
    .option('--json', 'print the result as JSON', false)
    .action(
      async (o: {
        email: string;
        name: string;
        agency: string;
        role: string[];
        dataProtectionLead: boolean;
        passwordStdin: boolean;
        partnership?: string;
        json: boolean;
      }) => {
        const password = readPassword(o.passwordStdin);
        try {
          const id = await withPartnership(o.partnership, (db, pid) =>
            createUser(db, systemClock, pid, {
              email: o.email,
              displayName: o.name,
              agencyCode: o.agency,
              roles: o.role as never[],
              password,
              dataProtectionLead: o.dataProtectionLead,
            }),
          );
          process.stdout.write(
            o.json
              ? `${JSON.stringify({ id, email: o.email })}\n`
              : `added ${o.email} (${id}); they set up MFA at first sign-in\n`,
          );
        } catch (error) {
          if (isAppError(error) && error.issues.length > 0) {
            throw new Error(error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
          }
          throw error;
        }
      },
    );

  users
    .command('disable')
    .description('Disable a user and end all their sessions')
    .argument('<email>', 'the email address of the account')
    .option('--partnership <code>', 'partnership code (default: the first)')
    .option('--json', 'print the result as JSON', false)
    .action(async (email: string, o: { partnership?: string; json: boolean }) => {
      const result = await withPartnership(o.partnership, async (db, pid) => {
        const user = await db
          .selectFrom('user_account')
          .select('id')
          .where('partnership_id', '=', pid)
          .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
          .executeTakeFirst();
        if (user === undefined) throw new Error(`no account with email ${email}`);
        return disableUser(db, systemClock, pid, user.id);
      });
      process.stdout.write(
        o.json
          ? `${JSON.stringify({ email, ...result })}\n`
          : `disabled ${email}; ended ${result.sessionsEnded} session(s)\n`,
      );
    });

  users
    .command('list')
    .description('List the accounts of the partnership')
    .option('--partnership <code>', 'partnership code (default: the first)')
    .option('--json', 'print as JSON', false)
    .action(async (o: { partnership?: string; json: boolean }) => {
      const list = await withPartnership(o.partnership, (db, pid) => listUsers(db, pid));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(list)}\n`);
        return;
      }
      for (const u of list) {
        const status = u.disabled ? 'disabled' : u.mfaEnrolled ? 'active' : 'active (no MFA yet)';
        process.stdout.write(
          `${u.email}\t${u.agencyCode}\t${u.roles.join(',')}${u.dataProtectionLead ? ',dp-lead' : ''}\t${status}\n`,
        );
      }
    });
}
