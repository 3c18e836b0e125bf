// `sightline actions escalate`: escalates every overdue meeting or case action to the lead of the agency
// that owns it (once per action, audited as the system) and prints the overdue actions; run it daily from
// a scheduler. `sightline actions lead` names an agency's lead. Data on stdout, JSON with --json.
import type { Command } from 'commander';
import { runWithContext, writeAudit } from '../../access/index.ts';
import { escalateOverdueForPartnership, withCaseTables, type ActionRow } from '../../cases/index.ts';
import { fixedClock, systemClock, type Clock } from '../../platform/clock/clock.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { inTransaction, migrate, openDatabase, type Db } from '../../platform/database/index.ts';
import { newId } from '../../platform/ids/ids.ts';

async function withPartnership<T>(
  code: string | undefined,
  work: (db: Db, partnershipId: string) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase(loadConfig().database);
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

function clockFor(asOf: string | undefined): Clock {
  if (asOf === undefined) return systemClock;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(new Date(`${asOf}T12:00:00Z`).getTime())) {
    throw new Error('--as-of must be a date as YYYY-MM-DD');
  }
  return fixedClock(`${asOf}T12:00:00Z`);
}

const line = (a: ActionRow, state: string) =>
  [
    state,
    a.dueOn,
    `${a.daysOverdue}d`,
    a.ownerAgency,
    a.escalatedTo ?? '(no lead named)',
    a.id,
    a.description.replace(/\s+/g, ' '),
  ].join('\t');

export function register(program: Command): void {
  const actions = program
    .command('actions')
    .description('Meeting and case actions: escalation of overdue actions');

  actions
    .command('escalate')
    .description("Escalate overdue actions to the owning agency's lead (each once; audited) and print them")
    .option('--partnership <code>', 'partnership code (default: the first)')
    .option('--as-of <date>', 'treat this date (YYYY-MM-DD) as today')
    .option('--json', 'print the result as JSON', false)
    .action(async (o: { partnership?: string; asOf?: string; json: boolean }) => {
      const clock = clockFor(o.asOf);
      const result = await withPartnership(o.partnership, (db, pid) =>
        escalateOverdueForPartnership(db, clock, pid),
      );
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify({ escalated: result.escalated.length, overdue: result.escalated.length + result.alreadyEscalated.length, actions: [...result.escalated, ...result.alreadyEscalated] })}\n`,
        );
        return;
      }
      for (const a of result.escalated) process.stdout.write(`${line(a, 'escalated')}\n`);
      for (const a of result.alreadyEscalated) process.stdout.write(`${line(a, 'already-escalated')}\n`);
      process.stderr.write(
        `${result.escalated.length} escalated now, ${result.alreadyEscalated.length} escalated before\n`,
      );
    });

  actions
    .command('lead')
    .description("Name an agency's lead, to whom its overdue actions escalate (audited as the system)")
    .requiredOption('--agency <code>', 'agency code, e.g. police, csc, nhs')
    .requiredOption('--email <email>', "the lead's account (a user of that agency)")
    .option('--partnership <code>', 'partnership code (default: the first)')
    .option('--json', 'print the result as JSON', false)
    .action(async (o: { agency: string; email: string; partnership?: string; json: boolean }) => {
      const result = await withPartnership(o.partnership, (db, pid) =>
        inTransaction(db, async (tx) => {
          const user = await tx
            .selectFrom('user_account')
            .innerJoin('agency', 'agency.id', 'user_account.agency_id')
            .select(['user_account.id', 'agency.id as agency_id'])
            .where('user_account.partnership_id', '=', pid)
            .where('agency.code', '=', o.agency)
            .where((eb) => eb(eb.fn('lower', ['user_account.email']), '=', o.email.toLowerCase()))
            .executeTakeFirst();
          if (user === undefined) throw new Error(`no account ${o.email} in agency ${o.agency}`);
          await withCaseTables(tx)
            .insertInto('agency_lead')
            .values({ partnership_id: pid, agency_id: user.agency_id, user_id: user.id })
            .onConflict((oc) => oc.column('agency_id').doUpdateSet({ user_id: user.id }))
            .execute();
          await writeAudit(tx, new Date(), {
            action: 'agency_lead.set',
            subjectType: 'agency',
            subjectIds: [user.agency_id],
            partnershipId: pid,
          });
          return { agency: o.agency, userId: user.id };
        }),
      );
      process.stdout.write(
        o.json ? `${JSON.stringify(result)}\n` : `${o.email} is now the lead of ${o.agency}\n`,
      );
    });
}
