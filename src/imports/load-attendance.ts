/**
 * Bulk load of attendance marks: one multi-row INSERT … SELECT FROM unnest(arrays) per chunk, with the
 * stable key (pupil, date, session) deciding loaded or duplicate, and the people with a new absence mark
 * recorded as changed, all in one round trip inside the chunk's transaction.
 */
import { sql } from 'kysely';
import type { Tx } from '../platform/database/index.ts';
import type { Row } from './feeds/types.ts';
import type { ChunkContext } from './load-records.ts';

/** Codes that mean the pupil was present (not a change worth telling the early-warning engine). */
const PRESENT = ['/', '\\', 'L'];

/**
 * Inserts the chunk's valid marks; returns how many were new.
 *
 * @example
 * const loaded = await loadAttendance(tx, ctx, rows);
 */
export async function loadAttendance(tx: Tx, ctx: ChunkContext, rows: readonly Row[]): Promise<number> {
  if (rows.length === 0) return 0;
  const n = rows.length;
  const upn = new Array<string>(n);
  const date = new Array<string>(n);
  const session = new Array<string>(n);
  const code = new Array<string>(n);
  const urn = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    upn[i] = r.upn!;
    date[i] = r.date!;
    session[i] = r.session!;
    code[i] = r.mark!;
    urn[i] = r.urn!;
  }
  const result = await sql<{ n: number }>`
    with ins as (
      insert into attendance_mark (partnership_id, upn, mark_date, session, code, school_urn, agency_id)
      select ${ctx.partnershipId}::uuid, t.u, t.d::date, t.s, t.c, t.urn, ${ctx.agencyId}::uuid
      from unnest(${upn}::text[], ${date}::text[], ${session}::text[], ${code}::text[], ${urn}::text[]) as t(u, d, s, c, urn)
      on conflict do nothing
      returning upn, code
    ), changed as (
      insert into import_changed_person (batch_id, person_id)
      select distinct ${ctx.batchId}::uuid, pi.person_id
      from person_identifier pi
      join (select distinct upn from ins where code <> all(${PRESENT}::text[])) a on a.upn = pi.value
      where pi.partnership_id = ${ctx.partnershipId}::uuid and pi.scheme = 'upn'
      on conflict do nothing
    )
    select count(*)::int as n from ins`.execute(tx);
  return result.rows[0]?.n ?? 0;
}
