/**
 * Loads a partnership's records into the engine's input: child profiles (date of birth, looked-after,
 * learning disability — never ethnicity, religion or nationality), agency events with their
 * qualifiers, concerns, school attendance marks, and association facts (a child found in the company of
 * an adult of concern). String ids are kept so evidence can be shown and checked against access later.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/database/index.ts';
import { screeningEvents } from './optional-tables.ts';
import type { ImportReadTables } from './tables.ts';
import { isEventType } from '../../events/index.ts';
import { fromDay, toDay } from '../engine/dates.ts';
import { decodeMarks } from '../../imports/index.ts';
import type { AssociationFact, ChildProfile, IndicatorEvent } from '../engine/types.ts';

/** Engine input for some or all of a partnership's children (serialisable: it may go to a worker). */
export interface EngineInput {
  readonly children: ChildProfile[];
  readonly events: IndicatorEvent[];
  readonly facts: AssociationFact[];
}

const LEARNING = /learning|intellectual|autis|sen\b/i;
const ED_QUALIFIERS = new Set(['intoxication', 'assault', 'self_harm', 'overdose']);

/**
 * The qualifier the engine understands for an event's structured data.
 *
 * @example
 * qualifierOf('crime', { cse_flag: true }); // 'cse_flag'
 */
export function qualifierOf(type: string, data: Record<string, unknown>): string | undefined {
  const text = (k: string): string => (typeof data[k] === 'string' ? data[k].toLowerCase() : '');
  switch (type) {
    case 'ed_attendance':
      return ED_QUALIFIERS.has(text('reason')) ? text('reason') : 'other';
    case 'sexual_health_attendance': {
      const r = text('reason');
      return ['sti', 'pregnancy', 'contraception'].find((q) => r.includes(q)) ?? 'other';
    }
    case 'crime':
      return data.cse_flag === true ? 'cse_flag' : undefined;
    case 'referral':
    case 'assessment': {
      const factors = Array.isArray(data.factors) ? data.factors : [];
      return factors.some((f) => typeof f === 'string' && f.toUpperCase().startsWith('11A'))
        ? 'cse_factor'
        : undefined;
    }
    case 'missing_from_care':
      return text('missing') === 'a' ? 'away' : 'missing';
    case 'screening':
      return ['low', 'medium', 'high'].includes(text('level')) ? text('level') : undefined;
    default:
      return undefined;
  }
}

const isoDay = (d: Date | string): number =>
  toDay(typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/**
 * Loads engine input for a partnership, or only for `personIds` (incremental re-evaluation).
 *
 * @example
 * const input = await loadEngineInput(db, partnershipId);
 */
export async function loadEngineInput(
  db: Kysely<Database>,
  partnershipId: string,
  personIds?: readonly string[],
): Promise<EngineInput> {
  if (personIds !== undefined && personIds.length === 0) return { children: [], events: [], facts: [] };
  let pq = db
    .selectFrom('person')
    .select(['id', 'date_of_birth', 'looked_after', 'disability', 'special_educational_needs'])
    .where('partnership_id', '=', partnershipId)
    .where('kind', '=', 'child')
    .where('merged_into', 'is', null);
  // A record since merged into a child stands for that child.
  if (personIds !== undefined) {
    pq = pq.where((eb) =>
      eb.or([
        eb('id', 'in', personIds),
        eb(
          'id',
          'in',
          eb
            .selectFrom('person as m')
            .select(sql<string>`m.merged_into`.as('merged_into'))
            .where('m.partnership_id', '=', partnershipId)
            .where('m.id', 'in', personIds)
            .where('m.merged_into', 'is not', null),
        ),
      ]),
    );
  }
  const persons = await pq.orderBy('id').execute();
  const ids = persons.map((p) => p.id);
  if (ids.length === 0) return { children: [], events: [], facts: [] };
  const children: ChildProfile[] = persons.map((p) => ({
    id: p.id,
    ...(p.date_of_birth === null ? {} : { birthDay: isoDay(p.date_of_birth) }),
    ...(p.looked_after ? { lookedAfter: [{ from: -100_000 }] } : {}),
    learningDisability: LEARNING.test(`${p.disability ?? ''} ${p.special_educational_needs ?? ''}`),
  }));
  const idSet = new Set(ids);
  // People merged into these children after identity review: their records are the child's.
  let mq = db
    .selectFrom('person')
    .select(['id', 'merged_into'])
    .where('partnership_id', '=', partnershipId)
    .where('merged_into', 'is not', null);
  if (personIds !== undefined) mq = mq.where('merged_into', 'in', ids);
  const rootOf = new Map<string, string>();
  for (const m of await mq.execute()) if (m.merged_into !== null) rootOf.set(m.id, m.merged_into);
  /** The child a record counts for (itself, or the child it was merged into), if it is being loaded. */
  const childOf = (personId: string): string | undefined => {
    const root = rootOf.get(personId) ?? personId;
    return idSet.has(root) ? root : undefined;
  };
  // A full load filters by partnership only (no parameter list of every child); a subset by id.
  const only = personIds === undefined ? undefined : [...ids, ...rootOf.keys()];
  const events: IndicatorEvent[] = [];
  const facts: AssociationFact[] = [];
  // A merged pair can both be parties to one event (or share a school): count it once for the child.
  const seen = new Set<string>();
  const once = (id: string, childId: string): boolean => {
    const key = `${childId}|${id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };

  const rows = await db
    .selectFrom('event as e')
    .innerJoin('event_party as p', 'p.event_id', 'e.id')
    .select(['e.id', 'e.type', 'e.occurred_at', 'e.data', 'p.person_id'])
    .where('e.partnership_id', '=', partnershipId)
    .where('p.role', 'in', ['subject', 'victim'])
    .$if(only !== undefined, (q) => q.where('p.person_id', 'in', only!))
    .orderBy('e.id')
    .execute();
  for (const r of rows) {
    const childId = childOf(r.person_id);
    if (childId === undefined || !once(r.id, childId)) continue;
    if (!isEventType(r.type) || r.type === 'attendance_session') continue;
    const qualifier = qualifierOf(r.type, r.data);
    events.push({
      id: r.id,
      childId,
      type: r.type,
      day: isoDay(r.occurred_at),
      ...(qualifier === undefined ? {} : { qualifier }),
    });
  }

  // Found in the company of an adult of concern: an association fact for the child.
  const company = await db
    .selectFrom('event as e')
    .innerJoin('event_party as c', 'c.event_id', 'e.id')
    .innerJoin('event_party as a', 'a.event_id', 'e.id')
    .innerJoin('person as ap', 'ap.id', 'a.person_id')
    .select(['e.id', 'e.occurred_at', 'c.person_id'])
    .where('e.partnership_id', '=', partnershipId)
    .where('e.type', 'in', ['found_in_company', 'police_incident', 'vehicle_sighting'])
    .where('c.role', 'in', ['subject', 'victim'])
    .$if(only !== undefined, (q) => q.where('c.person_id', 'in', only!))
    .where((eb) => eb.or([eb('ap.kind', '=', 'adult_of_concern'), eb('a.role', '=', 'suspect')]))
    .whereRef('a.person_id', '<>', 'c.person_id')
    .distinct()
    .orderBy('e.id')
    .execute();
  for (const r of company) {
    const childId = childOf(r.person_id);
    if (childId === undefined || !once(`association:${r.id}`, childId)) continue;
    facts.push({
      id: `association:${r.id}`,
      childId,
      kind: 'adult_of_concern',
      day: isoDay(r.occurred_at),
    });
  }

  const concerns = await db
    .selectFrom('concern')
    .select(['id', 'person_id', 'raised_at'])
    .where('partnership_id', '=', partnershipId)
    .$if(only !== undefined, (q) => q.where('person_id', 'in', only!))
    .orderBy('id')
    .execute();
  for (const c of concerns) {
    const childId = c.person_id === null ? undefined : childOf(c.person_id);
    if (childId === undefined) continue;
    events.push({ id: `concern:${c.id}`, childId, type: 'concern', day: isoDay(c.raised_at) });
  }

  for (const e of await screeningEvents(db, partnershipId, only)) {
    const childId = childOf(e.childId);
    if (childId !== undefined && once(e.id, childId)) events.push({ ...e, childId });
  }

  // Attendance is stored a week to a row (imports' register rows); each marked session is an event.
  const weeks = await db
    .withTables<ImportReadTables>()
    .selectFrom('attendance_week as w')
    .innerJoin('person_identifier as i', (j) =>
      j
        .onRef('i.value', '=', 'w.upn')
        .onRef('i.partnership_id', '=', 'w.partnership_id')
        .on('i.scheme', '=', 'upn'),
    )
    .select(['i.person_id', sql<string>`to_char(w.week_start, 'YYYY-MM-DD')`.as('week'), 'w.marks'])
    .where('w.partnership_id', '=', partnershipId)
    .$if(only !== undefined, (q) => q.where('i.person_id', 'in', only!))
    .orderBy('i.person_id')
    .orderBy('w.week_start')
    .orderBy('w.school_urn')
    .execute();
  for (const w of weeks) {
    const childId = childOf(w.person_id);
    if (childId === undefined) continue;
    const monday = toDay(w.week);
    const codes = decodeMarks(w.marks);
    for (let slot = 0; slot < codes.length; slot++) {
      const code = codes[slot]!;
      if (code === '') continue;
      const day = monday + (slot >> 1);
      const id = `attendance:${fromDay(day)}:${slot % 2 === 0 ? 'AM' : 'PM'}`;
      if (!once(id, childId)) continue;
      events.push({ id, childId, type: 'attendance_session', day, attendanceCode: code });
    }
  }
  return { children, events, facts };
}
