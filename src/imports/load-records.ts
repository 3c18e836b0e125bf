/**
 * Loads one chunk of validated record rows inside the chunk's transaction: source record (the stable
 * key decides loaded or duplicate), person resolution, typed event with its party, location and objects.
 * Set-based: a handful of statements per chunk (target events, source records, objects, locations, then
 * one insert per table through ChunkWrites), not several per row.
 */
import { sql } from 'kysely';
import type { Tx } from '../platform/database/index.ts';
import { newId } from '../platform/ids/ids.ts';
import type { EventSpec, FeedDefinition, Row } from './feeds/types.ts';
import { ChunkWrites } from './chunk-writes.ts';
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

type ObjectSpec = { kind: string; value: string; description?: string | undefined };
type LocationSpec = NonNullable<EventSpec['location']>;
const recordset = (rows: readonly object[]) => sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)`;
const objectKey = (o: ObjectSpec): string => `${o.kind}\u0000${normaliseObject(o.kind, o.value)}`;
const locationKey = (l: LocationSpec): string => JSON.stringify([l.kind, l.name ?? null, l.postcode ?? null]);

/** Upserts the chunk's objects in one statement; the first description given is kept. */
async function objectIds(
  tx: Tx,
  partnershipId: string,
  objects: readonly ObjectSpec[],
): Promise<Map<string, string>> {
  const unique = new Map<
    string,
    { kind: string; value: string; normalised: string; description: string | null }
  >();
  for (const o of objects) {
    const k = objectKey(o);
    const seen = unique.get(k);
    if (seen === undefined) {
      unique.set(k, {
        kind: o.kind,
        value: o.value,
        normalised: normaliseObject(o.kind, o.value),
        description: o.description ?? null,
      });
    } else seen.description ??= o.description ?? null;
  }
  const out = new Map<string, string>();
  if (unique.size === 0) return out;
  const r = await sql<{ id: string; kind: string; normalised_value: string }>`
    insert into object (id, partnership_id, kind, value, normalised_value, description)
    select gen_random_uuid(), ${partnershipId}::uuid, t.kind, t.value, t.normalised, t.description
    from ${recordset([...unique.values()])} as t(kind text, value text, normalised text, description text)
    on conflict (partnership_id, kind, normalised_value)
      do update set description = coalesce(object.description, excluded.description)
    returning id, kind, normalised_value`.execute(tx);
  for (const row of r.rows) out.set(`${row.kind}\u0000${row.normalised_value}`, row.id);
  return out;
}

/** Finds or creates the chunk's locations: one select, one insert. */
async function locationIds(
  tx: Tx,
  partnershipId: string,
  locations: readonly LocationSpec[],
): Promise<Map<string, string>> {
  const unique = new Map<string, { kind: string; name: string | null; postcode: string | null }>();
  for (const l of locations) {
    unique.set(locationKey(l), { kind: l.kind, name: l.name ?? null, postcode: l.postcode ?? null });
  }
  const out = new Map<string, string>();
  if (unique.size === 0) return out;
  const found = await sql<{ id: string; kind: string; name: string | null; postcode: string | null }>`
    select distinct on (t.kind, t.name, t.postcode) l.id, t.kind, t.name, t.postcode
    from ${recordset([...unique.values()])} as t(kind text, name text, postcode text)
    join location l on l.partnership_id = ${partnershipId} and l.kind = t.kind
      and l.name is not distinct from t.name and l.postcode is not distinct from t.postcode
    order by t.kind, t.name, t.postcode, l.id`.execute(tx);
  for (const f of found.rows) out.set(JSON.stringify([f.kind, f.name, f.postcode]), f.id);
  const missing = [...unique.entries()]
    .filter(([k]) => !out.has(k))
    .map(([k, l]) => ({ id: newId(), key: k, ...l }));
  if (missing.length > 0) {
    await sql`insert into location (id, partnership_id, kind, name, postcode)
      select t.id, ${partnershipId}::uuid, t.kind, t.name, t.postcode
      from ${recordset(missing)} as t(id uuid, kind text, name text, postcode text)`.execute(tx);
    for (const m of missing) out.set(m.key, m.id);
  }
  return out;
}

/** The event each target record (feed, external key) produced, in one query. */
async function targetEvents(
  tx: Tx,
  partnershipId: string,
  targets: readonly { feed: string; key: string }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (targets.length === 0) return out;
  const r = await sql<{ feed: string; external_key: string; id: string }>`
    select distinct on (s.feed, s.external_key) s.feed, s.external_key, e.id
    from ${recordset(targets)} as t(feed text, key text)
    join source_record s on s.partnership_id = ${partnershipId} and s.feed = t.feed and s.external_key = t.key
    join event e on e.source_record_id = s.id
    order by s.feed, s.external_key, e.id`.execute(tx);
  for (const row of r.rows) out.set(`${row.feed}\u0000${row.external_key}`, row.id);
  return out;
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
  const targets = rows.map(({ row }) => feed.attachTo?.(row));
  const events = await targetEvents(
    tx,
    ctx.partnershipId,
    targets.filter((t) => t !== undefined),
  );
  const candidates: { row: Row; sourceId: string; key: string; attachEvent: string | undefined }[] = [];
  rows.forEach(({ line, row, values }, i) => {
    const target = targets[i];
    const attachEvent = target === undefined ? undefined : events.get(`${target.feed}\u0000${target.key}`);
    if (target !== undefined && attachEvent === undefined) {
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
      return;
    }
    candidates.push({ row, sourceId: newId(), key: feed.key(row), attachEvent });
  });
  if (candidates.length === 0) return out;
  // One insert decides loaded or duplicate for every row (the first of equal keys in the chunk wins).
  const inserted = await sql<{ id: string }>`
    insert into source_record (id, partnership_id, agency_id, feed, external_key, payload, batch_id)
    select t.id, ${ctx.partnershipId}::uuid, ${ctx.agencyId}::uuid, ${feed.name}, t.key, t.payload, ${ctx.batchId}::uuid
    from ${recordset(candidates.map((c) => ({ id: c.sourceId, key: c.key, payload: c.row })))} as t(id uuid, key text, payload jsonb)
    on conflict (partnership_id, agency_id, feed, external_key) do nothing returning id`.execute(tx);
  const loadedIds = new Set(inserted.rows.map((r) => r.id));
  const loaded = candidates
    .filter((c) => loadedIds.has(c.sourceId))
    .map((c) => ({ ...c, spec: feed.event?.(c.row) }));
  out.loaded = loaded.length;
  out.duplicate = candidates.length - loaded.length;
  const objects = await objectIds(tx, ctx.partnershipId, [
    ...loaded.flatMap((c) => (feed.object ? [feed.object(c.row)] : [])),
    ...loaded.flatMap((c) => c.spec?.objects ?? []),
  ]);
  const locations = await locationIds(
    tx,
    ctx.partnershipId,
    loaded.flatMap((c) => (c.spec?.location === undefined ? [] : [c.spec.location])),
  );
  const writes = new ChunkWrites(ctx.partnershipId, ctx.agencyId);
  for (const { row, sourceId, attachEvent, spec } of loaded) {
    const ref = feed.person?.(row);
    let personId: string | undefined;
    if (ref !== undefined) {
      if (ctx.identity === undefined) {
        throw new Error(`feed ${feed.name} mentions people but has no resolver`);
      }
      const res = ctx.identity.resolve(writes, ref);
      personId = res.personId;
      out.changed.add(personId);
      writes.sourcePerson(sourceId, personId);
      writes.decision({
        source_record_id: sourceId,
        person_id: personId,
        candidate_person_id: res.candidateId ?? null,
        decision: res.decision,
        score: res.score,
        explanation: res.explanation,
      });
      if (attachEvent !== undefined) writes.party(attachEvent, personId, ref.role);
    }
    if (spec !== undefined) {
      const eventId = newId();
      writes.event({
        id: eventId,
        type: spec.type,
        occurred_at: spec.occurredAt,
        occurred_until: spec.occurredUntil ?? null,
        location_id: spec.location === undefined ? null : (locations.get(locationKey(spec.location)) ?? null),
        narrative: spec.narrative ?? null,
        data: spec.data,
        source_record_id: sourceId,
      });
      if (personId !== undefined && ref !== undefined) writes.party(eventId, personId, ref.role);
      for (const o of spec.objects ?? []) {
        const oid = objects.get(objectKey(o));
        if (oid !== undefined) writes.eventObject(eventId, oid);
      }
    }
  }
  await writes.flush(tx);
  return out;
}
