/**
 * Attendance marks from any source format but the CSV hot path (JSON Lines, pasted rows, quarantine
 * resubmissions): the chunk's marks are gathered into week rows, staged, and written by `mergeStaged`
 * (new weeks inserted, existing weeks merged slot by slot), and the pupils given a new mark of absence
 * are recorded as changed, all inside the chunk's transaction.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Tx } from '../platform/database/index.ts';
import type { Row } from './feeds/types.ts';
import type { ChunkContext } from './load-records.ts';
import {
  encodeMarks,
  ensureStage,
  mergeStaged,
  WEEK_COLUMNS,
  WeekChunk,
  weekDayOf,
  type Querier,
} from './attendance-weeks.ts';

/**
 * Writes the chunk's valid marks; returns how many were new (filled an empty session).
 *
 * @example
 * const loaded = await loadAttendance(tx, ctx, rows);
 */
export async function loadAttendance(tx: Tx, ctx: ChunkContext, rows: readonly Row[]): Promise<number> {
  if (rows.length === 0) return 0;
  const chunk = new WeekChunk();
  for (const r of rows) {
    chunk.add(r.upn!, r.urn!, weekDayOf(r.date!), r.session === 'PM' ? 'PM' : 'AM', r.mark!);
  }
  const q: Querier = {
    query: async <R>(text: string, params: readonly unknown[] = []) =>
      (await tx.executeQuery<R>(CompiledQuery.raw(text, [...params]))).rows,
  };
  await ensureStage(q);
  const weeks = chunk.rows;
  await q.query(
    `insert into attendance_stage ${WEEK_COLUMNS}
     select $1::uuid, $2::uuid, t.s, t.u, t.w::date, t.m
     from unnest($3::text[], $4::text[], $5::text[], $6::text[]) as t(s, u, w, m)`,
    [
      ctx.partnershipId,
      ctx.agencyId,
      weeks.map((w) => w.urn),
      weeks.map((w) => w.upn),
      weeks.map((w) => w.week),
      weeks.map((w) => encodeMarks(w.slots)),
    ],
  );
  const written = await mergeStaged(q, ctx.partnershipId, weeks);
  if (written.absent.size > 0) {
    await sql`insert into import_changed_person (batch_id, person_id)
      select distinct ${ctx.batchId}::uuid, pi.person_id from person_identifier pi
      where pi.partnership_id = ${ctx.partnershipId}::uuid and pi.scheme = 'upn'
        and pi.value = any(${[...written.absent]}::text[])
      on conflict do nothing`.execute(tx);
  }
  return written.loaded;
}
