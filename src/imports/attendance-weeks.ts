/**
 * Attendance register rows (migration 0013): one row per pupil, school and week, the week's fourteen
 * sessions (Monday AM … Sunday PM) as a 28-character string of two-character slots (the DfE code padded
 * with a space; two spaces for no mark). A mark's stable key is still pupil, school, date and session:
 * a mark whose slot is already filled is a duplicate, the first mark stays (as ON CONFLICT DO NOTHING
 * did for one row per mark), and only marks that fill an empty slot count as loaded.
 *
 * Both load paths gather a chunk's marks into week rows here, then write them: the CSV hot path with a
 * COPY straight into the table when none of its weeks exists yet, and otherwise (either path) through
 * the temporary `attendance_stage`: new weeks inserted, existing weeks merged slot by slot under a row
 * lock, so a re-import, an overlapping file or a daily file that adds Tuesday to Monday's week all count
 * exactly what they add.
 */

/** Sessions a week holds (Monday AM … Sunday PM). */
export const SLOTS = 14;
const EMPTY = '  ';
/** An empty week. */
export const NO_MARKS = EMPTY.repeat(SLOTS);

/** Codes that mean the pupil was present (not a change worth telling the early-warning engine). */
export const PRESENT: ReadonlySet<string> = new Set(['/', '\\', 'L']);

/** Where a date falls: its week's Monday (ISO date) and its day in the week (Monday 0 … Sunday 6). */
export interface WeekDay {
  readonly week: string;
  readonly day: number;
}

/**
 * The Monday of an ISO date's week and the date's day in it.
 *
 * @example
 * weekDayOf('2024-09-04'); // { week: '2024-09-02', day: 2 }
 */
export function weekDayOf(isoDate: string): WeekDay {
  const t = Date.UTC(
    Number(isoDate.slice(0, 4)),
    Number(isoDate.slice(5, 7)) - 1,
    Number(isoDate.slice(8, 10)),
  );
  const day = (new Date(t).getUTCDay() + 6) % 7;
  return { week: new Date(t - day * 86_400_000).toISOString().slice(0, 10), day };
}

/**
 * The date and session of a slot of a week.
 *
 * @example
 * sessionOf('2024-09-02', 3); // { date: '2024-09-03', session: 'PM' }
 */
export function sessionOf(week: string, slot: number): { date: string; session: 'AM' | 'PM' } {
  const t = Date.UTC(Number(week.slice(0, 4)), Number(week.slice(5, 7)) - 1, Number(week.slice(8, 10)));
  return {
    date: new Date(t + Math.floor(slot / 2) * 86_400_000).toISOString().slice(0, 10),
    session: slot % 2 === 0 ? 'AM' : 'PM',
  };
}

/**
 * The marks of a week string, slot by slot ('' for no mark).
 *
 * @example
 * decodeMarks('/ N ' + '  '.repeat(12)).slice(0, 3); // ['/', 'N', '']
 */
export function decodeMarks(marks: string): string[] {
  const out = new Array<string>(SLOTS);
  for (let i = 0; i < SLOTS; i++) {
    const a = marks[2 * i] ?? ' ';
    const b = marks[2 * i + 1] ?? ' ';
    out[i] = a === ' ' ? '' : b === ' ' ? a : a + b;
  }
  return out;
}

/** A week's marks as stored: slot codes padded to two characters, '' slots as two spaces. */
export function encodeMarks(slots: readonly string[]): string {
  let s = '';
  for (let i = 0; i < SLOTS; i++) {
    const c = slots[i] ?? '';
    s += c.length === 0 ? EMPTY : c.length === 1 ? `${c} ` : c;
  }
  return s;
}

/** One pupil's week at one school, as a chunk gathers it. */
export interface WeekRow {
  readonly upn: string;
  readonly urn: string;
  readonly week: string;
  /** Slot codes, '' where the chunk has no mark. */
  readonly slots: string[];
}

/**
 * Adds the marks of a staged week to an existing one: empty slots take the new mark, filled slots keep
 * theirs. Returns the merged week, how many slots it filled, and whether any of them is an absence.
 *
 * @example
 * mergeMarks('/ ' + '  '.repeat(13), 'N N ' + '  '.repeat(12)); // { marks: '/ N ' + …, filled: 1, absence: true }
 */
export function mergeMarks(
  existing: string,
  incoming: string,
): { marks: string; filled: number; absence: boolean } {
  let marks = '';
  let filled = 0;
  let absence = false;
  for (let i = 0; i < 2 * SLOTS; i += 2) {
    const old = existing.slice(i, i + 2);
    const add = incoming.slice(i, i + 2);
    if (old === EMPTY && add !== EMPTY) {
      marks += add;
      filled++;
      if (!PRESENT.has(add.trimEnd())) absence = true;
    } else marks += old;
  }
  return { marks, filled, absence };
}

/** Whether a week row holds a mark of absence (any code but present or late). */
export function hasAbsence(slots: readonly string[]): boolean {
  for (const c of slots) if (c !== '' && !PRESENT.has(c)) return true;
  return false;
}

/** Counts a week's filled slots. */
export function filledSlots(slots: readonly string[]): number {
  let n = 0;
  for (const c of slots) if (c !== '') n++;
  return n;
}

/**
 * The marks of one chunk gathered into week rows. `add` answers whether the mark filled its slot
 * (false: the chunk already had a mark for that pupil, school, date and session, a duplicate).
 */
export class WeekChunk {
  private readonly byUpn = new Map<string, WeekRow[]>();
  private last: WeekRow | undefined;
  /** Week rows in the order first seen. */
  readonly rows: WeekRow[] = [];
  /** Marks that filled a slot. */
  marks = 0;

  /** The chunk's row for this pupil, school and week, if it has one. */
  find(upn: string, urn: string, week: string): WeekRow | undefined {
    const l = this.last;
    if (l !== undefined && l.upn === upn && l.week === week && l.urn === urn) return l;
    const list = this.byUpn.get(upn);
    if (list === undefined) return undefined;
    for (const r of list) {
      if (r.week === week && r.urn === urn) {
        this.last = r;
        return r;
      }
    }
    return undefined;
  }

  /**
   * Records a mark. Pass strings the chunk may keep (not slices of a large decoded buffer).
   *
   * @example
   * new WeekChunk().add('A123…', '100001', { week: '2024-09-02', day: 0 }, 'AM', '/'); // true
   */
  add(upn: string, urn: string, at: WeekDay, session: 'AM' | 'PM', code: string): boolean {
    return this.put(this.find(upn, urn, at.week), upn, urn, at, session, code);
  }

  /**
   * `add` for a caller that has just looked the week row up with `find` (the hot path looks once).
   */
  put(
    found: WeekRow | undefined,
    upn: string,
    urn: string,
    at: WeekDay,
    session: 'AM' | 'PM',
    code: string,
  ): boolean {
    let r = found;
    if (r === undefined) {
      r = { upn, urn, week: at.week, slots: new Array<string>(SLOTS).fill('') };
      this.rows.push(r);
      const list = this.byUpn.get(upn);
      if (list === undefined) this.byUpn.set(upn, [r]);
      else list.push(r);
      this.last = r;
    }
    const slot = at.day * 2 + (session === 'PM' ? 1 : 0);
    if (r.slots[slot] !== '') return false;
    r.slots[slot] = code;
    this.marks++;
    return true;
  }
}

/** What a chunk's week rows added to the database. */
export interface WeeksWritten {
  /** Marks that filled an empty slot. */
  readonly loaded: number;
  /** Pupils (UPNs) given a new mark of absence. */
  readonly absent: ReadonlySet<string>;
}

/** A statement runner: the bulk connection's, or a Kysely transaction's. */
export interface Querier {
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

/** The register table's columns, in the order both load paths write them. */
export const WEEK_COLUMNS = '(partnership_id, agency_id, school_urn, upn, week_start, marks)';

/** Creates the transaction's staging table (emptied at commit) if this session has none yet. */
export async function ensureStage(q: Querier): Promise<void> {
  await q.query(
    'create temp table if not exists attendance_stage (like attendance_week) on commit delete rows',
  );
}

/**
 * Writes the week rows already in `attendance_stage`: weeks the register lacks are inserted whole,
 * weeks it has are merged under a row lock (empty slots take the new marks). The stage holds each
 * pupil, school and week once.
 *
 * @example
 * await ensureStage(q); await q.query('insert into attendance_stage …'); const w = await mergeStaged(q, partnershipId, rows);
 */
export async function mergeStaged(
  q: Querier,
  partnershipId: string,
  rows: readonly WeekRow[],
): Promise<WeeksWritten> {
  const byKey = new Map<string, WeekRow>();
  for (const r of rows) byKey.set(`${r.upn}\t${r.urn}\t${r.week}`, r);
  let loaded = 0;
  const absent = new Set<string>();
  // Inserted weeks leave the stage, so what it holds after is exactly the weeks that were there before.
  const inserted = await q.query<{ upn: string; urn: string; week: string }>(
    `with ins as (
       insert into attendance_week ${WEEK_COLUMNS} select ${WEEK_COLUMNS.slice(1, -1)} from attendance_stage
       on conflict do nothing returning partnership_id, upn, school_urn, week_start)
     delete from attendance_stage s using ins
     where s.partnership_id = ins.partnership_id and s.upn = ins.upn and s.school_urn = ins.school_urn
       and s.week_start = ins.week_start
     returning s.upn, s.school_urn as urn, to_char(s.week_start, 'YYYY-MM-DD') as week`,
  );
  for (const k of inserted) {
    const r = byKey.get(`${k.upn}\t${k.urn}\t${k.week}`);
    if (r === undefined) continue;
    loaded += filledSlots(r.slots);
    if (hasAbsence(r.slots)) absent.add(r.upn);
  }
  if (inserted.length === rows.length) return { loaded, absent };
  const existing = await q.query<{ upn: string; urn: string; week: string; old: string; add: string }>(
    `select w.upn, w.school_urn as urn, to_char(w.week_start, 'YYYY-MM-DD') as week, w.marks as old, s.marks as add
     from attendance_stage s
     join attendance_week w on w.partnership_id = s.partnership_id and w.upn = s.upn
       and w.school_urn = s.school_urn and w.week_start = s.week_start
     for update of w`,
  );
  const upn: string[] = [];
  const urn: string[] = [];
  const week: string[] = [];
  const marks: string[] = [];
  for (const e of existing) {
    const m = mergeMarks(e.old, e.add);
    if (m.filled === 0) continue;
    loaded += m.filled;
    if (m.absence) absent.add(e.upn);
    upn.push(e.upn);
    urn.push(e.urn);
    week.push(e.week);
    marks.push(m.marks);
  }
  if (upn.length > 0) {
    await q.query(
      `update attendance_week w set marks = t.m
       from unnest($2::text[], $3::text[], $4::date[], $5::text[]) as t(u, s, wk, m)
       where w.partnership_id = $1 and w.upn = t.u and w.school_urn = t.s and w.week_start = t.wk`,
      [partnershipId, upn, urn, week, marks],
    );
  }
  return { loaded, absent };
}
