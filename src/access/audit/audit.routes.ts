/**
 * The consultation log: auditors see all of it; an agency's data-protection lead sees who consulted the
 * records their agency holds and why. Reading the log is itself audited.
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../platform/database/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import type { AppDeps } from '../../platform/http/app.ts';
import { actorOf, requireSignIn } from '../http/hooks.ts';
import { canInPartnership } from '../policy/engine.ts';
import { writeAudit } from './write-audit.ts';

const PAGE = 100;
const Query = z.object({ before: z.coerce.number().int().positive().optional() });

export function registerAuditRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  for (const scope of ['all', 'agency'] as const) {
    const path = scope === 'all' ? '/audit' : '/audit/agency';
    app.get(
      path,
      { schema: { querystring: Query, hide: true }, preHandler: requireSignIn },
      async (request, reply) => {
        const actor = actorOf(request);
        if (!canInPartnership(actor, scope === 'all' ? 'audit.read_all' : 'audit.read_agency')) {
          throw notFound('page');
        }
        const now = deps.clock.now();
        const events = await inTransaction(db, async (tx) => {
          let query = tx
            .selectFrom('audit_event as e')
            .leftJoin('user_account as u', 'u.id', 'e.actor_user_id')
            .leftJoin('agency as a', 'a.id', 'e.actor_agency_id')
            .select([
              'e.seq',
              'e.occurred_at',
              'e.action',
              'e.outcome',
              'e.purpose',
              'e.subject_type',
              'e.subject_ids',
              'e.actor_role',
              'u.display_name',
              'a.name as agency_name',
            ])
            .where('e.partnership_id', '=', actor.partnershipId);
          if (request.query.before !== undefined) query = query.where('e.seq', '<', request.query.before);
          if (scope === 'agency') {
            const agencyId = actor.agencyId;
            query = query.where('e.subject_type', '=', 'person').where(
              sql<boolean>`exists (select 1 from jsonb_array_elements_text(e.subject_ids) s(id) where s.id in (
              select person_id::text from source_record where agency_id = ${agencyId} and person_id is not null
              union select ep.person_id::text from event_party ep join event ev on ev.id = ep.event_id where ev.agency_id = ${agencyId}
              union select person_id::text from concern where raised_by_agency_id = ${agencyId}
              union select person_id::text from agency_assignment where agency_id = ${agencyId}))`,
            );
          }
          const rows = await query.orderBy('e.seq', 'desc').limit(PAGE).execute();
          await writeAudit(tx, now, {
            action: scope === 'all' ? 'audit.read' : 'audit.read_agency',
            subjectType: 'audit_event',
            subjectIds: rows.length === 0 ? [] : [String(rows.at(-1)!.seq), String(rows[0]!.seq)],
            details: { returned: rows.length },
          });
          return rows;
        });
        const last = events.at(-1);
        return reply.page('access/views/audit.njk', {
          pageTitle: scope === 'all' ? 'Consultation log' : 'Who consulted our records',
          heading: scope === 'all' ? 'Consultation log' : 'Who consulted our agency’s records',
          events,
          older: events.length === PAGE && last !== undefined ? `${path}?before=${last.seq}` : undefined,
        });
      },
    );
  }
}
