/**
 * Multi-agency meetings (MACE / strategy): schedule with an agenda, record attendance by agency, minutes
 * section by section (a restricted section is visible only to the agencies named for it, enforced by the
 * policy's `minutes.read` rule), decisions and actions. Everything is audited in the same transaction.
 */
import type { ZodError } from 'zod';
import { can, writeAudit, type Actor } from '../access/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/database/index.ts';
import { issuesFromZod, notFound, validationError } from '../platform/errors/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { suggestAgenda } from './agenda.ts';
import { canDo, caseFacts, meetingFacts, requireAllowed } from './cases.access.ts';
import {
  attendanceSchema,
  decisionSchema,
  minuteSectionSchema,
  newActionSchema,
  scheduleMeetingSchema,
  type AttendanceInput,
  type DecisionInput,
  type MinuteSectionInput,
  type NewActionInput,
  type ScheduleMeetingInput,
} from './cases.schema.ts';
import { readMeeting, type MeetingView } from './meeting.read.ts';
import { scopedWith, type CaseScope } from './scoped.ts';

export type { MeetingView };

export interface MeetingListRow {
  id: string;
  kind: 'mace' | 'strategy';
  title: string;
  heldOn: string;
}

export interface MeetingsService {
  list(actor: Actor): Promise<MeetingListRow[]>;
  get(actor: Actor, id: string): Promise<MeetingView>;
  schedule(actor: Actor, input: ScheduleMeetingInput): Promise<{ id: string }>;
  recordAttendance(actor: Actor, id: string, input: AttendanceInput): Promise<void>;
  addMinutes(actor: Actor, id: string, input: MinuteSectionInput): Promise<{ id: string }>;
  addDecision(actor: Actor, id: string, input: DecisionInput): Promise<{ id: string }>;
  addAction(actor: Actor, id: string, input: NewActionInput): Promise<{ id: string }>;
  /** Checks the actor may manage the meeting (404 otherwise), for showing a form. */
  requireManage(actor: Actor, id: string): Promise<MeetingView>;
}

function parse<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError };
  },
  input: unknown,
): T {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(issuesFromZod(r.error));
  return r.data;
}

async function requireManageIn(s: CaseScope, id: string): Promise<void> {
  const f = (await meetingFacts(s.db, s.actor.partnershipId, [id])).get(id);
  await requireAllowed(s, s.now, 'meeting.manage', f, 'meeting', id);
}

async function checkCase(s: CaseScope, caseId: string | undefined): Promise<void> {
  if (caseId === undefined) return;
  const f = (await caseFacts(s.db, s.actor.partnershipId, [caseId])).get(caseId);
  if (f === undefined || !can(s.actor, 'case.read', f)) {
    throw validationError([{ path: ['caseId'], code: 'not_found', message: 'Select a case from the list' }]);
  }
}

async function checkAgencies(s: CaseScope, ids: string[], path: string): Promise<void> {
  if (ids.length === 0) return;
  const known = await s.db
    .selectFrom('agency')
    .select('id')
    .where('partnership_id', '=', s.actor.partnershipId)
    .where('id', 'in', ids)
    .execute();
  if (known.length !== new Set(ids).size) {
    throw validationError([{ path: [path], code: 'not_found', message: 'Select agencies from the list' }]);
  }
}

/** @example const meetings = createMeetingsService(db, clock); await meetings.list(actor); */
export function createMeetingsService(db: Db, clock: Clock): MeetingsService {
  const run = scopedWith(db, clock);
  return {
    list: (actor) =>
      run(actor, async (s) => {
        const rows = await s.db
          .selectFrom('meeting')
          .select(['id', 'kind', 'title', 'held_on'])
          .where('partnership_id', '=', actor.partnershipId)
          .orderBy('held_on', 'desc')
          .execute();
        const facts = await meetingFacts(
          s.db,
          actor.partnershipId,
          rows.map((r) => r.id),
        );
        const visible = rows.filter((r) => {
          const f = facts.get(r.id);
          return f !== undefined && can(actor, 'meeting.read', f);
        });
        await writeAudit(s.tx, s.now, {
          action: 'meeting.list',
          subjectType: 'meeting',
          subjectIds: visible.map((r) => r.id),
        });
        return visible.map((r) => ({ id: r.id, kind: r.kind, title: r.title, heldOn: r.held_on }));
      }),

    get: (actor, id) =>
      run(actor, async (s) => {
        const f = (await meetingFacts(s.db, actor.partnershipId, [id])).get(id);
        await requireAllowed(s, s.now, 'meeting.read', f, 'meeting', id);
        const view = await readMeeting(s, id);
        await writeAudit(s.tx, s.now, {
          action: 'meeting.read',
          subjectType: 'meeting',
          subjectIds: [id],
          details: {
            minuteSections: view.minutes.map((m) => m.id),
            restrictedShown: view.minutes.filter((m) => m.restricted).length,
          },
        });
        return view;
      }),

    requireManage: (actor, id) =>
      run(actor, async (s) => {
        await requireManageIn(s, id);
        return readMeeting(s, id);
      }),

    schedule: async (actor, input) => {
      const v = parse(scheduleMeetingSchema, input);
      return run(actor, async (s) => {
        const pid = actor.partnershipId;
        if (!canDo(s, 'meeting.schedule')) {
          await writeAudit(s.tx, s.now, { action: 'meeting.schedule', outcome: 'denied' });
          throw notFound('page');
        }
        await checkAgencies(s, v.agencyIds, 'agencyIds');
        const suggestions = new Map((await suggestAgenda(s)).items.map((i) => [i.key, i]));
        const chosen = v.agenda.map((k) => suggestions.get(k));
        if (chosen.some((c) => c === undefined)) {
          throw validationError([
            { path: ['agenda'], code: 'not_found', message: 'Choose agenda items from the list' },
          ]);
        }
        const id = newId();
        await s.db
          .insertInto('meeting')
          .values({
            id,
            partnership_id: pid,
            kind: v.kind,
            title: v.title,
            held_on: v.heldOn,
            chair_user_id: actor.userId,
            created_at: s.now,
            created_by: actor.userId,
          })
          .execute();
        await s.db
          .insertInto('meeting_attendance')
          .values(
            [...new Set(v.agencyIds)].map((agency_id) => ({
              partnership_id: pid,
              meeting_id: id,
              agency_id,
              attended: null,
              attendee_names: null,
            })),
          )
          .execute();
        let position = 0;
        for (const item of chosen) {
          if (item === undefined) continue;
          position += 1;
          await s.db
            .insertInto('meeting_item')
            .values({
              id: newId(),
              partnership_id: pid,
              meeting_id: id,
              position,
              kind: item.kind,
              case_id: item.kind === 'case' ? item.id : null,
              person_id: item.kind === 'child' || item.kind === 'adult' ? item.id : null,
              location_id: item.kind === 'place' ? item.id : null,
              reason: item.reason,
            })
            .execute();
        }
        await writeAudit(s.tx, s.now, {
          action: 'meeting.schedule',
          subjectType: 'meeting',
          subjectIds: [id],
          details: { kind: v.kind, agendaItems: position },
        });
        return { id };
      });
    },

    recordAttendance: (actor, id, input) =>
      run(actor, async (s) => {
        await requireManageIn(s, id);
        const v = parse(attendanceSchema, input);
        const invited = await s.db
          .selectFrom('meeting_attendance')
          .select('agency_id')
          .where('partnership_id', '=', actor.partnershipId)
          .where('meeting_id', '=', id)
          .execute();
        for (const { agency_id } of invited) {
          const answer = v.attended[agency_id];
          await s.db
            .updateTable('meeting_attendance')
            .set({
              attended: answer === undefined ? null : answer === 'yes',
              attendee_names: answer === 'yes' ? (v.names[agency_id] ?? '') || null : null,
            })
            .where('partnership_id', '=', actor.partnershipId)
            .where('meeting_id', '=', id)
            .where('agency_id', '=', agency_id)
            .execute();
        }
        await writeAudit(s.tx, s.now, {
          action: 'meeting.attendance',
          subjectType: 'meeting',
          subjectIds: [id],
        });
      }),

    addMinutes: (actor, id, input) =>
      run(actor, async (s) => {
        await requireManageIn(s, id);
        const v = parse(minuteSectionSchema, input);
        await checkAgencies(s, v.allowedAgencyIds, 'allowedAgencyIds');
        const sectionId = newId();
        const pid = actor.partnershipId;
        await s.db
          .insertInto('minute_section')
          .values({
            id: sectionId,
            partnership_id: pid,
            meeting_id: id,
            heading: v.heading,
            body: v.body,
            restricted: v.restricted,
            recorded_at: s.now,
            recorded_by: actor.userId,
            recorded_by_agency_id: actor.agencyId,
          })
          .execute();
        if (v.restricted) {
          // The recording agency always keeps sight of what it wrote.
          const allowed = [...new Set([actor.agencyId, ...v.allowedAgencyIds])];
          await s.db
            .insertInto('minute_section_agency')
            .values(allowed.map((agency_id) => ({ partnership_id: pid, section_id: sectionId, agency_id })))
            .execute();
        }
        await writeAudit(s.tx, s.now, {
          action: 'meeting.minutes',
          subjectType: 'minute_section',
          subjectIds: [id, sectionId],
          details: { restricted: v.restricted },
        });
        return { id: sectionId };
      }),

    addDecision: (actor, id, input) =>
      run(actor, async (s) => {
        await requireManageIn(s, id);
        const v = parse(decisionSchema, input);
        await checkCase(s, v.caseId);
        const decisionId = newId();
        await s.db
          .insertInto('decision')
          .values({
            id: decisionId,
            partnership_id: actor.partnershipId,
            meeting_id: id,
            case_id: v.caseId ?? null,
            text: v.text,
            recorded_at: s.now,
            recorded_by: actor.userId,
          })
          .execute();
        await writeAudit(s.tx, s.now, {
          action: 'meeting.decision',
          subjectType: 'decision',
          subjectIds: [id, decisionId],
        });
        return { id: decisionId };
      }),

    addAction: (actor, id, input) =>
      run(actor, async (s) => {
        await requireManageIn(s, id);
        const v = parse(newActionSchema, input);
        await checkCase(s, v.caseId);
        await checkAgencies(s, [v.ownerAgencyId], 'ownerAgencyId');
        const actionId = newId();
        await s.db
          .insertInto('case_action')
          .values({
            id: actionId,
            partnership_id: actor.partnershipId,
            meeting_id: id,
            case_id: v.caseId ?? null,
            description: v.description,
            owner_agency_id: v.ownerAgencyId,
            owner_name: v.ownerName,
            due_on: v.dueOn,
            status: 'open',
            escalated_at: null,
            escalated_to_user_id: null,
            created_at: s.now,
            created_by: actor.userId,
            completed_at: null,
          })
          .execute();
        await writeAudit(s.tx, s.now, {
          action: 'action.create',
          subjectType: 'action',
          subjectIds: [id, actionId],
        });
        return { id: actionId };
      }),
  };
}
