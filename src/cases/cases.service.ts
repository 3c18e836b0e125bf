/**
 * Cases on a child, a place or a peer group (contextual safeguarding). A case links every child who shares
 * its subject; the children a viewer may not see are left out of the case page entirely (not counted).
 * Every call goes through the access policy and writes an audit event in the same transaction.
 */
import { sql } from 'kysely';
import { can, checkPersonAccess, writeAudit, type Actor } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/database/index.ts';
import { issuesFromZod, notFound, validationError } from '../platform/errors/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { canDo, caseFacts, requireAllowed } from './cases.access.ts';
import { closeCaseSchema, openCaseSchema, type CloseCaseInput, type OpenCaseInput } from './cases.schema.ts';
import type { CaseChildLink, CaseSubjectKind, CasesDb } from './cases.tables.ts';
import { personName } from './lookups.ts';
import { scopedWith, type CaseScope } from './scoped.ts';

export interface CaseListRow {
  id: string;
  title: string;
  subjectKind: CaseSubjectKind;
  status: 'open' | 'closed';
  leadAgency: string;
  leadProfessional: string | null;
  reviewDueOn: string | null;
  reviewOverdue: boolean;
  mine: boolean;
}

export interface CaseView extends CaseListRow {
  reason: string;
  place: { id: string; name: string } | null;
  agencies: string[];
  children: { id: string; name: string; link: CaseChildLink }[];
  openedAt: Date;
  outcome: string | null;
  closureReason: string | null;
  closedAt: Date | null;
  canManage: boolean;
  actions: { id: string; description: string; ownerAgency: string; dueOn: string; status: string }[];
  decisions: { text: string; recordedAt: Date; meetingId: string }[];
}

/**
 * Children linked to a place: those with an address there and those who were the subject of an event
 * there (a record linked to a child after identity review counts as the child).
 *
 * @example
 * const ids = await childrenAtPlace(db, pid, locationId);
 */
export async function childrenAtPlace(db: CasesDb, pid: string, locationId: string): Promise<string[]> {
  const [addresses, events] = await Promise.all([
    db
      .selectFrom('person_address')
      .innerJoin('person', 'person.id', 'person_address.person_id')
      .select(sql<string>`coalesce(person.merged_into, person.id)`.as('id'))
      .where('person_address.partnership_id', '=', pid)
      .where('person_address.location_id', '=', locationId)
      .where('person.kind', '=', 'child')
      .execute(),
    db
      .selectFrom('event')
      .innerJoin('event_party', 'event_party.event_id', 'event.id')
      .innerJoin('person', 'person.id', 'event_party.person_id')
      .select(sql<string>`coalesce(person.merged_into, person.id)`.as('id'))
      .where('event.partnership_id', '=', pid)
      .where('event.location_id', '=', locationId)
      .where('event_party.role', 'in', ['subject', 'victim'])
      .where('person.kind', '=', 'child')
      .execute(),
  ]);
  return [...new Set([...addresses, ...events].map((r) => r.id))];
}

async function listRows(s: CaseScope, ids: string[]): Promise<CaseListRow[]> {
  if (ids.length === 0) return [];
  const rows = await s.db
    .selectFrom('case_record')
    .innerJoin('agency', 'agency.id', 'case_record.lead_agency_id')
    .leftJoin('user_account', 'user_account.id', 'case_record.lead_user_id')
    .select([
      'case_record.id',
      'case_record.title',
      'case_record.subject_kind',
      'case_record.status',
      'case_record.review_due_on',
      'case_record.lead_agency_id',
      'case_record.lead_user_id',
      'agency.name as lead_agency',
      'user_account.display_name as lead_user',
    ])
    .where('case_record.partnership_id', '=', s.actor.partnershipId)
    .where('case_record.id', 'in', ids)
    .orderBy('case_record.status', 'desc')
    .orderBy('case_record.review_due_on')
    .execute();
  const today = s.now.toISOString().slice(0, 10);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    subjectKind: r.subject_kind,
    status: r.status,
    leadAgency: r.lead_agency,
    leadProfessional: r.lead_user,
    reviewDueOn: r.review_due_on,
    reviewOverdue: r.status === 'open' && r.review_due_on !== null && r.review_due_on < today,
    mine: r.lead_user_id === s.actor.userId || r.lead_agency_id === s.actor.agencyId,
  }));
}

export interface CasesService {
  list(actor: Actor, filter: { mine: boolean }): Promise<CaseListRow[]>;
  get(actor: Actor, id: string): Promise<CaseView>;
  open(actor: Actor, input: OpenCaseInput): Promise<{ id: string; linkedChildren: number }>;
  close(actor: Actor, id: string, input: CloseCaseInput): Promise<void>;
}

/** @example const cases = createCasesService(db, clock); await cases.list(actor, { mine: true }); */
export function createCasesService(db: Db, clock: Clock): CasesService {
  const run = scopedWith(db, clock);
  return {
    list: (actor, filter) =>
      run(actor, async (s) => {
        const all = await s.db
          .selectFrom('case_record')
          .select('id')
          .where('partnership_id', '=', actor.partnershipId)
          .execute();
        const facts = await caseFacts(
          s.db,
          actor.partnershipId,
          all.map((r) => r.id),
        );
        const visible = [...facts.values()].filter((f) => can(actor, 'case.read', f)).map((f) => f.id);
        const rows = (await listRows(s, visible)).filter((r) => !filter.mine || r.mine);
        await writeAudit(s.tx, s.now, {
          action: 'case.list',
          subjectType: 'case',
          subjectIds: rows.map((r) => r.id),
          details: { mine: filter.mine, returned: rows.length },
        });
        return rows;
      }),

    get: (actor, id) =>
      run(actor, async (s) => {
        const pid = actor.partnershipId;
        const f = (await caseFacts(s.db, pid, [id])).get(id);
        await requireAllowed(s, s.now, 'case.read', f, 'case', id);
        const [row] = await listRows(s, [id]);
        const c = await s.db
          .selectFrom('case_record')
          .leftJoin('location', 'location.id', 'case_record.location_id')
          .select([
            'case_record.reason',
            'case_record.opened_at',
            'case_record.outcome',
            'case_record.closure_reason',
            'case_record.closed_at',
            'location.id as location_id',
            'location.name as location_name',
            'location.address as location_address',
          ])
          .where('case_record.partnership_id', '=', pid)
          .where('case_record.id', '=', id)
          .executeTakeFirstOrThrow();
        const links = await s.db
          .selectFrom('case_child')
          .innerJoin('person', 'person.id', 'case_child.person_id')
          .select(['person.id', 'person.given_name', 'person.family_name', 'case_child.link'])
          .where('case_child.partnership_id', '=', pid)
          .where('case_child.case_id', '=', id)
          .orderBy('person.family_name')
          .execute();
        const { allowed } = await checkPersonAccess(
          s.tx,
          actor,
          'person.read',
          links.map((l) => l.id),
          s.now,
        );
        const children = links
          .filter((l) => allowed.has(l.id))
          .map((l) => ({ id: l.id, name: personName(l), link: l.link }));
        const agencies = await s.db
          .selectFrom('case_agency')
          .innerJoin('agency', 'agency.id', 'case_agency.agency_id')
          .select('agency.name')
          .where('case_agency.partnership_id', '=', pid)
          .where('case_agency.case_id', '=', id)
          .orderBy('agency.name')
          .execute();
        const actions = await s.db
          .selectFrom('case_action')
          .innerJoin('agency', 'agency.id', 'case_action.owner_agency_id')
          .select(['case_action.id', 'description', 'agency.name as owner_agency', 'due_on', 'status'])
          .where('case_action.partnership_id', '=', pid)
          .where('case_action.case_id', '=', id)
          .orderBy('due_on')
          .execute();
        const decisions = await s.db
          .selectFrom('decision')
          .select(['text', 'recorded_at', 'meeting_id'])
          .where('partnership_id', '=', pid)
          .where('case_id', '=', id)
          .orderBy('recorded_at')
          .execute();
        await writeAudit(s.tx, s.now, {
          action: 'case.read',
          subjectType: 'case',
          subjectIds: [id],
          details: { children: children.length },
        });
        return {
          ...row!,
          reason: c.reason,
          place:
            c.location_id === null
              ? null
              : { id: c.location_id, name: c.location_name ?? c.location_address ?? 'Unnamed place' },
          agencies: agencies.map((a) => a.name),
          children,
          openedAt: c.opened_at,
          outcome: c.outcome,
          closureReason: c.closure_reason,
          closedAt: c.closed_at,
          canManage: f !== undefined && can(actor, 'case.manage', f),
          actions: actions.map((a) => ({
            id: a.id,
            description: a.description,
            ownerAgency: a.owner_agency,
            dueOn: a.due_on,
            status: a.status,
          })),
          decisions: decisions.map((d) => ({
            text: d.text,
            recordedAt: d.recorded_at,
            meetingId: d.meeting_id,
          })),
        };
      }),

    open: async (actor, input) => {
      const parsed = openCaseSchema.safeParse(input);
      if (!parsed.success) throw validationError(issuesFromZod(parsed.error));
      const v = parsed.data;
      return run(actor, async (s) => {
        const pid = actor.partnershipId;
        if (!canDo(s, 'case.open')) {
          await writeAudit(s.tx, s.now, { action: 'case.open', outcome: 'denied' });
          throw notFound('page');
        }
        let children: { id: string; link: CaseChildLink }[] = [];
        let title = v.title;
        if (v.subjectKind === 'child') children = [{ id: v.childId!, link: 'subject' }];
        if (v.subjectKind === 'peer_group') children = v.memberIds.map((id) => ({ id, link: 'member' }));
        const requested = children.map((c) => c.id);
        const { allowed, facts } = await checkPersonAccess(s.tx, actor, 'person.read', requested, s.now);
        const bad = requested.filter((id) => !allowed.has(id) || facts.get(id)?.kind !== 'child');
        if (bad.length > 0) {
          throw validationError([
            {
              path: [v.subjectKind === 'child' ? 'childId' : 'memberIds'],
              code: 'not_found',
              message: 'Select a child from the list',
            },
          ]);
        }
        if (v.subjectKind === 'child') {
          const p = await s.db
            .selectFrom('person')
            .select(['given_name', 'family_name'])
            .where('id', '=', v.childId!)
            .executeTakeFirstOrThrow();
          title = title || personName(p);
        }
        if (v.subjectKind === 'place') {
          const place = await s.db
            .selectFrom('location')
            .select(['name', 'address'])
            .where('partnership_id', '=', pid)
            .where('id', '=', v.locationId!)
            .where('kind', '<>', 'home')
            .executeTakeFirst();
          if (place === undefined) {
            throw validationError([
              { path: ['locationId'], code: 'not_found', message: 'Select a place from the list' },
            ]);
          }
          title = title || place.name || place.address || 'Unnamed place';
          children = (await childrenAtPlace(s.db, pid, v.locationId!)).map((id) => ({
            id,
            link: 'shares_place',
          }));
        }
        const agencyIds = [...new Set([v.leadAgencyId, ...v.agencyIds])];
        const known = await s.db
          .selectFrom('agency')
          .select('id')
          .where('partnership_id', '=', pid)
          .where('id', 'in', agencyIds)
          .execute();
        if (known.length !== agencyIds.length) {
          throw validationError([
            { path: ['leadAgencyId'], code: 'not_found', message: 'Select an agency from the list' },
          ]);
        }
        const id = newId();
        await s.db
          .insertInto('case_record')
          .values({
            id,
            partnership_id: pid,
            subject_kind: v.subjectKind,
            title,
            location_id: v.subjectKind === 'place' ? v.locationId! : null,
            reason: v.reason,
            lead_agency_id: v.leadAgencyId,
            lead_user_id: v.leadUserId ?? null,
            status: 'open',
            review_due_on: v.reviewDueOn,
            opened_at: s.now,
            opened_by: actor.userId,
            outcome: null,
            closure_reason: null,
            closed_at: null,
            closed_by: null,
          })
          .execute();
        if (children.length > 0) {
          await s.db
            .insertInto('case_child')
            .values(
              children.map((c) => ({
                partnership_id: pid,
                case_id: id,
                person_id: c.id,
                link: c.link,
                added_at: s.now,
              })),
            )
            .execute();
        }
        await s.db
          .insertInto('case_agency')
          .values(agencyIds.map((agency_id) => ({ partnership_id: pid, case_id: id, agency_id })))
          .execute();
        await writeAudit(s.tx, s.now, {
          action: 'case.open',
          subjectType: 'case',
          subjectIds: [id, ...children.map((c) => c.id)],
          details: { subjectKind: v.subjectKind, linkedChildren: children.length },
        });
        return { id, linkedChildren: children.length };
      });
    },

    close: async (actor, id, input) => {
      return run(actor, async (s) => {
        const f = (await caseFacts(s.db, actor.partnershipId, [id])).get(id);
        await requireAllowed(s, s.now, 'case.manage', f, 'case', id);
        const parsed = closeCaseSchema.safeParse(input);
        if (!parsed.success) throw validationError(issuesFromZod(parsed.error));
        const updated = await s.db
          .updateTable('case_record')
          .set({
            status: 'closed',
            outcome: parsed.data.outcome,
            closure_reason: parsed.data.closureReason,
            closed_at: s.now,
            closed_by: actor.userId,
          })
          .where('partnership_id', '=', actor.partnershipId)
          .where('id', '=', id)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) {
          throw validationError([
            { path: ['outcome'], code: 'closed', message: 'This case is already closed' },
          ]);
        }
        await writeAudit(s.tx, s.now, {
          action: 'case.close',
          subjectType: 'case',
          subjectIds: [id],
          details: { closureReason: parsed.data.closureReason },
        });
      });
    },
  };
}
