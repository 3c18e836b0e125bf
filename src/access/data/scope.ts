/**
 * The access-checked data handle (STYLE.md §5): the only door to personal data. It is built per request
 * from the actor, runs in one transaction, injects the partnership into every query, filters by the
 * policy (out of scope is absent: never in lists, counts or search), strips hidden fields, and writes an
 * audit event for every read, search and denial in the same transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, type Database, type PersonKind } from '../../platform/database/index.ts';
import { redactText } from '../../intelligence/index.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { can } from '../policy/engine.ts';
import { checkPersonAccess } from '../policy/check-access.ts';
import { loadIntelligenceFacts } from '../policy/facts.ts';
import type { Actor } from '../policy/types.ts';
import { candidatePersonIds, personListRows, personRecord, type PersonListRow } from './person-queries.ts';
import { presentPerson, type PersonView } from './person-presenter.ts';

export type { PersonListRow, PersonView };

export interface PersonListResult {
  rows: PersonListRow[];
  /** How many people the actor may see (never how many exist). */
  total: number;
  /** A search matched someone the actor may not see: say only "a record may exist elsewhere". */
  mayExistElsewhere: boolean;
}

export interface IntelligenceView {
  id: string;
  version: 'full' | 'sanitised';
  recordedOn: string;
  grading: { source: string; assessment: string; handling: 'P' | 'C' };
  text: string;
  personId: string | null;
}

export interface AccessScope {
  readonly actor: Actor;
  readonly tx: Transaction<Database>;
  listPeople(query: { offset: number; limit: number; kind?: PersonKind | undefined; search?: string | undefined }): Promise<PersonListResult>;
  /** A person the actor may see, or undefined (missing or out of scope, indistinguishably). */
  readPerson(id: string): Promise<PersonView | undefined>;
  readIntelligence(id: string): Promise<IntelligenceView | undefined>;
}

function searchTerms(search: string | undefined): string[] {
  return (search ?? '')
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '')
    .slice(0, 5)
    .map((t) => t.slice(0, 50));
}

/**
 * Runs `work` with an access-checked handle in one transaction.
 *
 * @example
 * const person = await withAccess(db, clock, actor, (scope) => scope.readPerson(id));
 * if (person === undefined) throw notFound('person');
 */
export async function withAccess<T>(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  work: (scope: AccessScope) => Promise<T>,
): Promise<T> {
  return inTransaction(db, async (tx) => work(createScope(tx, clock, actor)));
}

function createScope(tx: Transaction<Database>, clock: Clock, actor: Actor): AccessScope {
  const pid = actor.partnershipId;
  const now = clock.now();
  return {
    actor,
    tx,
    async listPeople(query) {
      const terms = searchTerms(query.search);
      const candidates = await candidatePersonIds(tx, pid, { kind: query.kind, terms });
      const { allowed } = await checkPersonAccess(tx, actor, 'person.read', candidates, now);
      const visible = candidates.filter((id) => allowed.has(id));
      const pageIds = visible.slice(query.offset, query.offset + query.limit);
      const rows = await personListRows(tx, pid, pageIds);
      const searching = terms.length > 0;
      await writeAudit(tx, now, {
        action: searching ? 'person.search' : 'person.list',
        subjectType: 'person',
        subjectIds: pageIds,
        details: {
          ...(searching ? { terms } : {}),
          ...(query.kind !== undefined ? { kind: query.kind } : {}),
          offset: query.offset,
          returned: pageIds.length,
        },
      });
      return { rows, total: visible.length, mayExistElsewhere: searching && visible.length < candidates.length };
    },

    async readPerson(id) {
      const { allowed, facts } = await checkPersonAccess(tx, actor, 'person.read', [id], now);
      const f = facts.get(id);
      if (!allowed.has(id) || f === undefined) {
        await writeAudit(tx, now, {
          action: 'person.read',
          subjectType: 'person',
          subjectIds: [id],
          outcome: 'denied',
          details: { reason: 'not_found_or_out_of_scope' },
        });
        return undefined;
      }
      const viaBreakGlass = !can(actor, 'person.read', { ...f, breakGlassUserIds: [] });
      let purpose: string | undefined;
      let breakGlassExpires: Date | undefined;
      if (viaBreakGlass) {
        const grant = await tx
          .selectFrom('break_glass')
          .select(['id', 'reason', 'expires_at'])
          .where('partnership_id', '=', pid)
          .where('user_id', '=', actor.userId)
          .where('person_id', '=', id)
          .where('expires_at', '>', now)
          .orderBy('opened_at', 'desc')
          .executeTakeFirstOrThrow();
        purpose = `break-glass: ${grant.reason}`;
        breakGlassExpires = grant.expires_at;
      }
      const record = await personRecord(tx, pid, id);
      const view = presentPerson(record, {
        actor,
        seeHealth: can(actor, 'person.read_health', f),
        canReadConcern: (c) =>
          can(actor, 'concern.read', {
            type: 'concern',
            id: c.id,
            partnershipId: pid,
            raisedByUserId: c.raised_by_user_id,
            raisedByAgencyId: c.raised_by_agency_id,
          }),
        breakGlassExpires,
        involvedAgencyIds: f.involvedAgencyIds,
      });
      await writeAudit(tx, now, {
        action: 'person.read',
        subjectType: 'person',
        subjectIds: [id],
        ...(purpose !== undefined ? { purpose } : {}),
        details: { breakGlass: viaBreakGlass, healthFields: view.healthVisible },
      });
      return view;
    },

    async readIntelligence(id) {
      const facts = (await loadIntelligenceFacts(tx, actor, [id])).get(id);
      const version =
        facts === undefined
          ? undefined
          : can(actor, 'intelligence.read_full', facts)
            ? ('full' as const)
            : can(actor, 'intelligence.read_sanitised', facts)
              ? ('sanitised' as const)
              : undefined;
      if (version === undefined) {
        await writeAudit(tx, now, {
          action: 'intelligence.read',
          subjectType: 'intelligence',
          subjectIds: [id],
          outcome: 'denied',
          details: { reason: 'not_found_or_out_of_scope' },
        });
        return undefined;
      }
      const row = await tx
        .selectFrom('intelligence')
        .selectAll()
        .where('partnership_id', '=', pid)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await writeAudit(tx, now, {
        action: 'intelligence.read',
        subjectType: 'intelligence',
        subjectIds: [id],
        details: { version },
      });
      return {
        id: row.id,
        version,
        recordedOn: row.recorded_at.toISOString().slice(0, 10),
        grading: { source: row.source_evaluation, assessment: row.intelligence_assessment, handling: row.handling_code },
        text: version === 'full' ? row.text : (row.sanitised_text ?? redactText(row.text).text),
        personId: row.person_id,
      };
    },
  };
}
