/**
 * The suggested agenda for a MACE or strategy meeting: open cases due for review by the meeting date,
 * children with a high level of concern, adults of concern seen with children, and places where children
 * keep being found. Only what the person scheduling may see is suggested.
 *
 * High concern comes from the early-warning alerts (open alerts in the band named "high") when that table
 * exists, otherwise from screenings at level "high" when that table exists, otherwise from cases only.
 */
import { sql } from 'kysely';
import { can, checkPersonAccess } from '../access/index.ts';
import { caseFacts } from './cases.access.ts';
import { personName } from './lookups.ts';
import type { AgendaKind } from './cases.tables.ts';
import type { CaseScope } from './scoped.ts';

export interface AgendaSuggestion {
  key: string;
  kind: AgendaKind;
  id: string;
  label: string;
  reason: string;
}

export type ConcernSource = 'alerts' | 'screenings' | 'cases_only';

const LOOKBACK_DAYS = 180;
/** Cases whose review falls due within this many days are suggested. */
export const AGENDA_HORIZON_DAYS = 60;

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const longDate = (iso: string) => LONG_DATE.format(new Date(`${iso}T12:00:00Z`));

async function hasColumns(s: CaseScope, table: string, columns: string[]): Promise<boolean> {
  const rows = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(s.tx);
  const present = new Set(rows.rows.map((r) => r.column_name));
  return columns.every((c) => present.has(c));
}

/** Where "high concern" comes from in this database. @example await concernSource(scope); */
export async function concernSource(s: CaseScope): Promise<ConcernSource> {
  if (await hasColumns(s, 'alert', ['person_id', 'band', 'status', 'partnership_id'])) return 'alerts';
  if (await hasColumns(s, 'screening', ['person_id', 'level', 'partnership_id'])) return 'screenings';
  return 'cases_only';
}

async function highConcernChildren(s: CaseScope, source: ConcernSource): Promise<string[]> {
  const pid = s.actor.partnershipId;
  if (source === 'alerts') {
    const r = await sql<{ person_id: string }>`
      select distinct person_id from alert
      where partnership_id = ${pid} and band = 'high' and status in ('new', 'acknowledged')`.execute(s.tx);
    return r.rows.map((x) => x.person_id);
  }
  if (source === 'screenings') {
    const r = await sql<{ person_id: string }>`
      select distinct person_id from screening where partnership_id = ${pid} and level = 'high'`.execute(
      s.tx,
    );
    return r.rows.map((x) => x.person_id);
  }
  return [];
}

/**
 * Builds the agenda suggestions (the same on the form and when it is submitted).
 *
 * @example
 * const { items, source } = await suggestAgenda(scope);
 */
export async function suggestAgenda(
  s: CaseScope,
): Promise<{ items: AgendaSuggestion[]; source: ConcernSource }> {
  const horizon = new Date(s.now.getTime() + AGENDA_HORIZON_DAYS * 86_400_000).toISOString().slice(0, 10);
  const pid = s.actor.partnershipId;
  const since = new Date(s.now.getTime() - LOOKBACK_DAYS * 86_400_000);
  const items: AgendaSuggestion[] = [];

  const due = await s.db
    .selectFrom('case_record')
    .select(['id', 'title', 'review_due_on'])
    .where('partnership_id', '=', pid)
    .where('status', '=', 'open')
    .where('review_due_on', '<=', horizon)
    .orderBy('review_due_on')
    .execute();
  const facts = await caseFacts(
    s.db,
    pid,
    due.map((d) => d.id),
  );
  for (const c of due) {
    const f = facts.get(c.id);
    if (f === undefined || !can(s.actor, 'case.read', f)) continue;
    items.push({
      key: `case:${c.id}`,
      kind: 'case',
      id: c.id,
      label: c.title,
      reason: `Review due ${c.review_due_on === null ? '' : longDate(c.review_due_on)}`,
    });
  }

  const source = await concernSource(s);
  const high = await highConcernChildren(s, source);
  const adults = await s.db
    .selectFrom('event_party as a')
    .innerJoin('event_party as c', 'c.event_id', 'a.event_id')
    .innerJoin('person as adult', 'adult.id', 'a.person_id')
    .innerJoin('person as child', 'child.id', 'c.person_id')
    .innerJoin('event', 'event.id', 'a.event_id')
    .select(['adult.id'])
    .select((eb) => eb.fn.count<number>('c.person_id').distinct().as('children'))
    .where('a.partnership_id', '=', pid)
    .where('adult.kind', '=', 'adult_of_concern')
    .where('child.kind', '=', 'child')
    .where('a.role', 'in', ['suspect', 'associate'])
    .where('event.occurred_at', '>=', since)
    .groupBy('adult.id')
    .execute();
  const people = [...high, ...adults.map((a) => a.id)];
  const { allowed } = await checkPersonAccess(s.tx, s.actor, 'person.read', people, s.now);
  const names = new Map(
    (people.length === 0
      ? []
      : await s.db
          .selectFrom('person')
          .select(['id', 'given_name', 'family_name'])
          .where('id', 'in', people)
          .execute()
    ).map((p) => [p.id, personName(p)]),
  );
  for (const id of high) {
    if (!allowed.has(id)) continue;
    const reason = source === 'alerts' ? 'High early-warning alert' : 'Screened at high level of concern';
    items.push({ key: `child:${id}`, kind: 'child', id, label: names.get(id) ?? 'Child', reason });
  }
  for (const a of adults) {
    if (!allowed.has(a.id)) continue;
    const n = Number(a.children);
    items.push({
      key: `adult:${a.id}`,
      kind: 'adult',
      id: a.id,
      label: names.get(a.id) ?? 'Adult',
      reason: `Seen with ${n} ${n === 1 ? 'child' : 'children'} in the last ${LOOKBACK_DAYS} days`,
    });
  }

  const places = await s.db
    .selectFrom('event')
    .innerJoin('event_party', 'event_party.event_id', 'event.id')
    .innerJoin('person', 'person.id', 'event_party.person_id')
    .innerJoin('location', 'location.id', 'event.location_id')
    .select(['location.id', 'location.name', 'location.address'])
    .select((eb) => eb.fn.count<number>('person.id').distinct().as('children'))
    .where('event.partnership_id', '=', pid)
    .where('person.kind', '=', 'child')
    .where('location.kind', '<>', 'home')
    .where('event.occurred_at', '>=', since)
    .groupBy(['location.id', 'location.name', 'location.address'])
    .having((eb) => eb.fn.count('person.id').distinct(), '>=', 2)
    .execute();
  for (const p of places) {
    items.push({
      key: `place:${p.id}`,
      kind: 'place',
      id: p.id,
      label: p.name ?? p.address ?? 'Unnamed place',
      reason: `${Number(p.children)} children linked to events here in the last ${LOOKBACK_DAYS} days`,
    });
  }
  return { items, source };
}
