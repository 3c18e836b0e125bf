/**
 * The analysts' CSV export from the database (`sightline network --out DIR`): runs as a named user, so
 * the export holds exactly what that user may see (trimmed like the pages) and is audited as theirs.
 */
import { runWithContext, type Actor } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/database/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { writeNetworkCsv } from './export-csv.ts';
import { createNetworkService } from './network.service.ts';

/** The active account with this email, as an actor; undefined when missing or disabled. */
async function actorByEmail(db: Db, email: string): Promise<Actor | undefined> {
  const user = await db
    .selectFrom('user_account as u')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.partnership_id', 'u.agency_id', 'u.data_protection_lead', 'u.disabled_at', 'a.kind'])
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  if (user === undefined || user.disabled_at !== null) return undefined;
  const roles = await db.selectFrom('role_grant').select('role').where('user_id', '=', user.id).execute();
  return {
    userId: user.id,
    partnershipId: user.partnership_id,
    agencyId: user.agency_id,
    agencyKind: user.kind,
    roles: roles.map((r) => r.role).sort(),
    dataProtectionLead: user.data_protection_lead,
  };
}

export interface ExportFigures {
  groups: number;
  hotspots: number;
  nodes: number;
  files: string[];
}

/**
 * Writes groups.csv, hotspots.csv and measures.csv for what `email` may see.
 *
 * @example
 * await exportNetwork(db, systemClock, 'analyst@northmoor.example', './out');
 */
export async function exportNetwork(
  db: Db,
  clock: Clock,
  email: string,
  out: string,
): Promise<ExportFigures> {
  const actor = await actorByEmail(db, email);
  if (actor === undefined) throw new Error('No active user with that email');
  const network = createNetworkService(db, clock);
  const data = await runWithContext(
    { requestId: newId(), actor, purpose: 'network analysis export', channel: 'cli' },
    () => network.exportData(actor),
  );
  const files = writeNetworkCsv(out, data);
  return { groups: data.groups.length, hotspots: data.hotspots.length, nodes: data.measures.length, files };
}
