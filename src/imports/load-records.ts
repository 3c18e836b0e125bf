/**
 * Loads one chunk of validated record rows inside the chunk's transaction: source record (the stable
 * key decides loaded or duplicate), person resolution, typed event with its party, location and objects.
 */
import { sql } from 'kysely';
import type { Tx } from '../platform/database/index.ts';
import { newId } from '../platform/ids/ids.ts';
import type { EventSpec, FeedDefinition, Row } from './feeds/types.ts';
import type { IdentityResolver } from './identity.ts';
import type { RowIssue } from './validate.ts';

export interface ChunkContext {
  readonly partnershipId: string;
  readonly agencyId: string;
  readonly batchId: string;
  /** Set for feeds that mention people. */
  readonly identity?: IdentityResolver;
}

export interface RecordOutcome {
  loaded: number;
  duplicate: number;
  rejected: { line: number; values: Readonly<Record<string, string>>; issues: RowIssue[] }[];
  changed: Set<string>;
}

function normaliseObject(kind: string, value: string): string {
  return kind === 'phone' ? value.replace(/[^\d+]/g, '') : value.replace(/\s/g, '').toUpperCase();
}

async function objectId(
  tx: Tx,
  partnershipId: string,
  o: { kind: string; value: string; description?: string | undefined },
): Promise<string> {
  const r = await sql<{ id: string }>`
    insert into object (id, partnership_id, kind, value, normalised_value, description)
    values (${newId()}, ${partnershipId}, ${o.kind}, ${o.value}, ${normaliseObject(o.kind, o.value)}, ${o.description ?? null})
    on conflict (partnership_id, kind, normalised_value)
      do update set description = coalesce(object.description, excluded.description)
    returning id`.execute(tx);
  return r.rows[0]!.id;
}

async function locationId(
  tx: Tx,
  partnershipId: string,
  l: NonNullable<EventSpec['location']>,
): Promise<string> {
  const found = await sql<{ id: string }>`
    select id from location where partnership_id = ${partnershipId} and kind = ${l.kind}
      and name is not distinct from ${l.name ?? null} and postcode is not distinct from ${l.postcode ?? null}
    order by id limit 1`.execute(tx);
  if (found.rows[0] !== undefined) return found.rows[0].id;
  const id = newId();
  await sql`insert into location (id, partnership_id, kind, name, postcode)
    values (${id}, ${partnershipId}, ${l.kind}, ${l.name ?? null}, ${l.postcode ?? null})`.execute(tx);
  return id;
}

async function eventOf(
  tx: Tx,
  partnershipId: string,
  feed: string,
  key: string,
): Promise<string | undefined> {
  const r = await sql<{ id: string }>`
    select e.id from source_record s join event e on e.source_record_id = s.id
    where s.partnership_id = ${partnershipId} and s.feed = ${feed} and s.external_key = ${key}
    order by e.id limit 1`.execute(tx);
  return r.rows[0]?.id;
}

/**
 * Loads the valid rows of one chunk.
 *
 * @example
 * const outcome = await loadRecords(tx, ctx, feed, rows);
 */
export async function loadRecords(
  tx: Tx,
  ctx: ChunkContext,
  feed: FeedDefinition,
  rows: readonly { line: number; row: Row; values: Readonly<Record<string, string>> }[],
): Promise<RecordOutcome> {
  const out: RecordOutcome = { loaded: 0, duplicate: 0, rejected: [], changed: new Set() };
  for (const { line, row, values } of rows) {
    const key = feed.key(row);
    let attachEvent: string | undefined;
    const target = feed.attachTo?.(row);
    if (target !== undefined) {
      attachEvent = await eventOf(tx, ctx.partnershipId, target.feed, target.key);
      if (attachEvent === undefined) {
        out.rejected.push({
          line,
          values,
          issues: [
            {
              line,
              field: 'record_id',
              problem: `no ${target.feed} record "${target.key}" has been imported`,
              expected: 'the record to be imported (its feed loads before the parties feed)',
            },
          ],
        });
        continue;
      }
    }
    const sourceId = newId();
    const payload = JSON.stringify(row);
    const ins = await sql<{ id: string }>`
      insert into source_record (id, partnership_id, agency_id, feed, external_key, payload, batch_id)
      values (${sourceId}, ${ctx.partnershipId}, ${ctx.agencyId}, ${feed.name}, ${key}, ${payload}::jsonb, ${ctx.batchId})
      on conflict (partnership_id, agency_id, feed, external_key) do nothing returning id`.execute(tx);
    if (ins.rows.length === 0) {
      out.duplicate++;
      continue;
    }
    out.loaded++;
    if (feed.object) await objectId(tx, ctx.partnershipId, feed.object(row));
    const ref = feed.person?.(row);
    let personId: string | undefined;
    if (ref !== undefined) {
      if (ctx.identity === undefined) {
        throw new Error(`feed ${feed.name} mentions people but has no resolver`);
      }
      const res = await ctx.identity.resolve(tx, ref);
      personId = res.personId;
      out.changed.add(personId);
      await sql`update source_record set person_id = ${personId} where id = ${sourceId}`.execute(tx);
      await sql`insert into link_decision (id, partnership_id, source_record_id, person_id, candidate_person_id, decision, score, explanation)
        values (${newId()}, ${ctx.partnershipId}, ${sourceId}, ${personId}, ${res.candidateId ?? null}, ${res.decision}, ${res.score}, ${JSON.stringify(res.explanation)}::jsonb)`.execute(
        tx,
      );
      if (attachEvent !== undefined) {
        await sql`insert into event_party (id, partnership_id, event_id, person_id, role)
          values (${newId()}, ${ctx.partnershipId}, ${attachEvent}, ${personId}, ${ref.role}) on conflict do nothing`.execute(
          tx,
        );
      }
    }
    const spec = feed.event?.(row);
    if (spec !== undefined) {
      const loc = spec.location === undefined ? null : await locationId(tx, ctx.partnershipId, spec.location);
      const eventId = newId();
      await sql`insert into event (id, partnership_id, agency_id, type, occurred_at, occurred_until, location_id, narrative, data, source_record_id)
        values (${eventId}, ${ctx.partnershipId}, ${ctx.agencyId}, ${spec.type}, ${spec.occurredAt}, ${spec.occurredUntil ?? null}, ${loc},
                ${spec.narrative ?? null}, ${JSON.stringify(spec.data)}::jsonb, ${sourceId})`.execute(tx);
      if (personId !== undefined && ref !== undefined) {
        await sql`insert into event_party (id, partnership_id, event_id, person_id, role)
          values (${newId()}, ${ctx.partnershipId}, ${eventId}, ${personId}, ${ref.role}) on conflict do nothing`.execute(
          tx,
        );
      }
      for (const o of spec.objects ?? []) {
        const oid = await objectId(tx, ctx.partnershipId, o);
        await sql`insert into event_object (id, partnership_id, event_id, object_id)
          values (${newId()}, ${ctx.partnershipId}, ${eventId}, ${oid}) on conflict do nothing`.execute(tx);
      }
    }
  }
  return out;
}
