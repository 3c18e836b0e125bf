/**
 * Reads one meeting as the actor may see it: agenda items they may see (others left out), attendance,
 * minute sections allowed by the policy's `minutes.read` rule (restricted sections only for the agencies
 * named), decisions and actions.
 */
import { can, checkPersonAccess } from '../access/index.ts';
import { caseFacts, meetingFacts } from './cases.access.ts';
import { personName } from './lookups.ts';
import type { AgendaKind } from './cases.tables.ts';
import type { CaseScope } from './scoped.ts';

export interface MeetingView {
  id: string;
  kind: 'mace' | 'strategy';
  title: string;
  heldOn: string;
  canManage: boolean;
  attendance: { agencyId: string; agency: string; attended: boolean | null; names: string | null }[];
  agenda: { kind: AgendaKind; id: string; label: string; reason: string; href: string | null }[];
  minutes: {
    id: string;
    heading: string;
    body: string;
    restricted: boolean;
    visibleTo: string[];
    recordedAt: Date;
    recordedBy: string;
  }[];
  decisions: { id: string; text: string; caseTitle: string | null; recordedAt: Date }[];
  actions: {
    id: string;
    description: string;
    ownerAgency: string;
    ownerName: string;
    dueOn: string;
    status: string;
    escalated: boolean;
  }[];
  cases: { value: string; text: string }[];
}

/** @example const view = await readMeeting(scope, id); // after the meeting.read check */
export async function readMeeting(s: CaseScope, id: string): Promise<MeetingView> {
  const pid = s.actor.partnershipId;
  const m = await s.db
    .selectFrom('meeting')
    .selectAll()
    .where('partnership_id', '=', pid)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const facts = (await meetingFacts(s.db, pid, [id])).get(id);
  const attendance = await s.db
    .selectFrom('meeting_attendance')
    .innerJoin('agency', 'agency.id', 'meeting_attendance.agency_id')
    .select(['agency.id', 'agency.name', 'attended', 'attendee_names'])
    .where('meeting_attendance.partnership_id', '=', pid)
    .where('meeting_id', '=', id)
    .orderBy('agency.name')
    .execute();
  const agencyName = new Map(
    (await s.db.selectFrom('agency').select(['id', 'name']).where('partnership_id', '=', pid).execute()).map(
      (a) => [a.id, a.name],
    ),
  );

  const items = await s.db
    .selectFrom('meeting_item')
    .leftJoin('case_record', 'case_record.id', 'meeting_item.case_id')
    .leftJoin('person', 'person.id', 'meeting_item.person_id')
    .leftJoin('location', 'location.id', 'meeting_item.location_id')
    .select([
      'meeting_item.kind',
      'meeting_item.reason',
      'meeting_item.case_id',
      'meeting_item.person_id',
      'meeting_item.location_id',
      'case_record.title',
      'person.given_name',
      'person.family_name',
      'location.name as place',
    ])
    .where('meeting_item.partnership_id', '=', pid)
    .where('meeting_item.meeting_id', '=', id)
    .orderBy('position')
    .execute();
  const caseIds = items.flatMap((i) => (i.case_id === null ? [] : [i.case_id]));
  const cf = await caseFacts(s.db, pid, caseIds);
  const personIds = items.flatMap((i) => (i.person_id === null ? [] : [i.person_id]));
  const { allowed } = await checkPersonAccess(s.tx, s.actor, 'person.read', personIds, s.now);
  const agenda: MeetingView['agenda'] = [];
  for (const i of items) {
    if (i.case_id !== null) {
      const f = cf.get(i.case_id);
      if (f === undefined || !can(s.actor, 'case.read', f)) continue;
      agenda.push({
        kind: i.kind,
        id: i.case_id,
        label: i.title ?? 'Case',
        reason: i.reason,
        href: `/cases/${i.case_id}`,
      });
    } else if (i.person_id !== null) {
      if (!allowed.has(i.person_id)) continue;
      agenda.push({
        kind: i.kind,
        id: i.person_id,
        label: personName(i),
        reason: i.reason,
        href: `/people/${i.person_id}`,
      });
    } else if (i.location_id !== null) {
      agenda.push({
        kind: i.kind,
        id: i.location_id,
        label: i.place ?? 'Place',
        reason: i.reason,
        href: null,
      });
    }
  }

  const sections = await s.db
    .selectFrom('minute_section')
    .innerJoin('agency', 'agency.id', 'minute_section.recorded_by_agency_id')
    .select(['minute_section.id', 'heading', 'body', 'restricted', 'recorded_at', 'agency.name as agency'])
    .where('minute_section.partnership_id', '=', pid)
    .where('meeting_id', '=', id)
    .orderBy('recorded_at')
    .execute();
  const sectionAgencies =
    sections.length === 0
      ? []
      : await s.db
          .selectFrom('minute_section_agency')
          .select(['section_id', 'agency_id'])
          .where('partnership_id', '=', pid)
          .where(
            'section_id',
            'in',
            sections.map((x) => x.id),
          )
          .execute();
  const minutes: MeetingView['minutes'] = [];
  for (const sec of sections) {
    const allowedAgencyIds = sectionAgencies.filter((a) => a.section_id === sec.id).map((a) => a.agency_id);
    const visible = can(s.actor, 'minutes.read', {
      type: 'minute_section',
      id: sec.id,
      partnershipId: pid,
      restricted: sec.restricted,
      allowedAgencyIds,
    });
    if (!visible) continue;
    minutes.push({
      id: sec.id,
      heading: sec.heading,
      body: sec.body,
      restricted: sec.restricted,
      visibleTo: allowedAgencyIds.map((a) => agencyName.get(a) ?? 'Unknown agency').sort(),
      recordedAt: sec.recorded_at,
      recordedBy: sec.agency,
    });
  }

  const decisions = await s.db
    .selectFrom('decision')
    .leftJoin('case_record', 'case_record.id', 'decision.case_id')
    .select(['decision.id', 'decision.text', 'decision.case_id', 'case_record.title', 'decision.recorded_at'])
    .where('decision.partnership_id', '=', pid)
    .where('decision.meeting_id', '=', id)
    .orderBy('decision.recorded_at')
    .execute();
  const actions = await s.db
    .selectFrom('case_action')
    .select(['id', 'description', 'owner_agency_id', 'owner_name', 'due_on', 'status', 'escalated_at'])
    .where('partnership_id', '=', pid)
    .where('meeting_id', '=', id)
    .orderBy('due_on')
    .execute();
  const openCases = await s.db
    .selectFrom('case_record')
    .select(['id', 'title'])
    .where('partnership_id', '=', pid)
    .where('status', '=', 'open')
    .orderBy('title')
    .execute();
  const openFacts = await caseFacts(
    s.db,
    pid,
    openCases.map((c) => c.id),
  );
  return {
    id,
    kind: m.kind,
    title: m.title,
    heldOn: m.held_on,
    canManage: facts !== undefined && can(s.actor, 'meeting.manage', facts),
    attendance: attendance.map((a) => ({
      agencyId: a.id,
      agency: a.name,
      attended: a.attended,
      names: a.attendee_names,
    })),
    agenda,
    minutes,
    decisions: decisions.map((d) => {
      const f = d.case_id === null ? undefined : (cf.get(d.case_id) ?? openFacts.get(d.case_id));
      const showCase = f !== undefined && can(s.actor, 'case.read', f);
      return { id: d.id, text: d.text, caseTitle: showCase ? d.title : null, recordedAt: d.recorded_at };
    }),
    actions: actions.map((a) => ({
      id: a.id,
      description: a.description,
      ownerAgency: agencyName.get(a.owner_agency_id) ?? 'Unknown agency',
      ownerName: a.owner_name,
      dueOn: a.due_on,
      status: a.status,
      escalated: a.escalated_at !== null,
    })),
    cases: openCases
      .filter((c) => {
        const f = openFacts.get(c.id);
        return f !== undefined && can(s.actor, 'case.read', f);
      })
      .map((c) => ({ value: c.id, text: c.title })),
  };
}
