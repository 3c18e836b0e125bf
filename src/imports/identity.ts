/**
 * Identity resolution for imported records with the linkage engine's incremental matcher
 * (`LinkageIndex`): each person mentioned is linked to a known person (auto), created and queued for
 * review against a likely candidate (review), or created (new), with the match probability and the
 * engine's explanation stored in `link_decision`.
 *
 * A shared strong identifier (NHS number, UPN, LA child id, police id, YOT id) links outright before the
 * engine is asked. The index is built at batch start from the partnership's people (names, aliases,
 * date of birth, sex, first address, identifiers) and every new or linked record is added to it, so
 * later rows in the same batch resolve against earlier ones. The model is a reference model trained once
 * per process on the engine's seeded synthetic records, and the index starts from an empty table with
 * every person added, so a resumed batch scores exactly as one clean run would.
 *
 * Reviewers' decisions (src/identity/) are honoured: a person merged into another (`merged_into`) is
 * indexed, with its identifiers, under the person it was merged into, so a record that looks like either
 * lands on the joined-up record; and two people recorded as not the same person (do-not-match) are never
 * joined on the engine's say-so: a record that looks like both goes automatically to one of them only
 * when it is clearly that one rather than the other; otherwise it is created and queued for a person to
 * decide, naming the other.
 */
import { sql } from 'kysely';
import {
  generateRecords,
  LinkageIndex,
  linkRecords,
  type LinkageModel,
  type LinkRecord,
  weightToProbability,
} from '../linkage/index.ts';
import type { Db } from '../platform/database/index.ts';
import { newId } from '../platform/ids/ids.ts';
import type { PersonSink } from './chunk-writes.ts';
import { SEX } from './codes.ts';
import type { PersonRef } from './feeds/types.ts';

/** One person who may be the one described, for search-before-create. */
export interface PossibleMatch {
  readonly personId: string;
  readonly probability: number;
  /** The engine's match weight (log2 odds): it still separates candidates when probabilities round to 1. */
  readonly weight: number;
}

interface PersonIndexRow {
  id: string;
  root: string;
  created_at: Date | string;
  given_name: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  sex: string | null;
  line1: string | null;
  postcode: string | null;
  ids: Record<string, string> | null;
  aliases: { g: string | null; f: string | null }[] | null;
}

/** Window re-read by catchUp: rows committed late by a long transaction still carry an earlier time. */
const CATCH_UP_MARGIN_MS = 10 * 60 * 1000;

export interface Resolution {
  readonly personId: string;
  readonly decision: 'auto' | 'review' | 'new';
  readonly candidateId: string | undefined;
  readonly score: number;
  readonly explanation: Record<string, unknown>;
}

const SCHEMES = ['nhs_number', 'upn', 'la_id', 'police_id', 'yot_id'] as const;

let reference: Promise<LinkageModel> | undefined;
/** The reference model (seeded, so every process scores alike). */
function referenceModel(): Promise<LinkageModel> {
  reference ??= linkRecords(generateRecords({ people: 2000, seed: 1 }), { workers: 0, seed: 1 }).then(
    (r) => r.model,
  );
  return reference;
}

function linkRecordOf(id: string, ref: PersonRef): LinkRecord {
  const identifiers: Record<string, string> = {};
  for (const s of SCHEMES) if (ref.identifiers[s] !== undefined) identifiers[s] = ref.identifiers[s];
  return {
    id,
    ...(ref.givenName !== undefined ? { givenName: ref.givenName } : {}),
    ...(ref.familyName !== undefined ? { familyName: ref.familyName } : {}),
    ...(ref.dateOfBirth !== undefined ? { dateOfBirth: ref.dateOfBirth } : {}),
    ...(ref.sex !== undefined ? { sex: SEX[ref.sex.toUpperCase()] ?? ref.sex } : {}),
    ...(ref.addressLine1 !== undefined ? { address: ref.addressLine1 } : {}),
    ...(ref.postcode !== undefined ? { postcode: ref.postcode } : {}),
    ...(ref.phone !== undefined ? { phone: ref.phone } : {}),
    identifiers,
  };
}

/** Resolves the people of one or more batches against everyone known in a partnership. */
export class IdentityResolver {
  /** Person ids already in the index, and the newest creation time among them (ms). */
  private readonly known = new Set<string>();
  private newest = 0;
  /** People recorded as not the same person (do-not-match), both ways round. */
  private readonly apart = new Map<string, Set<string>>();

  private constructor(
    private readonly partnershipId: string,
    private readonly index: LinkageIndex,
    private readonly byIdentifier: Map<string, string>,
  ) {}

  /**
   * Builds the resolver from the partnership's people.
   *
   * @example
   * const identity = await IdentityResolver.open(handle.db, partnershipId);
   */
  static async open(db: Db, partnershipId: string): Promise<IdentityResolver> {
    const model = await referenceModel();
    const empty = await linkRecords([], { workers: 0, model });
    const index = new LinkageIndex(empty.table, model, empty.thresholds, empty.tf);
    const resolver = new IdentityResolver(partnershipId, index, new Map());
    resolver.addPeople(await loadPeople(db, partnershipId, undefined));
    const apart = await sql<{ a: string; b: string }>`
      select coalesce(pa.merged_into, pa.id) as a, coalesce(pb.merged_into, pb.id) as b
      from identity_do_not_match d
      join person pa on pa.id = d.person_a
      join person pb on pb.id = d.person_b
      where d.partnership_id = ${partnershipId}`.execute(db);
    for (const r of apart.rows) resolver.recordApart(r.a, r.b);
    return resolver;
  }

  private addPeople(rows: readonly PersonIndexRow[]): void {
    for (const p of rows) {
      if (this.known.has(p.id)) continue;
      this.known.add(p.id);
      const t = new Date(p.created_at).getTime();
      if (t > this.newest) this.newest = t;
      const base: LinkRecord = {
        id: p.root,
        ...(p.given_name !== null ? { givenName: p.given_name } : {}),
        ...(p.family_name !== null ? { familyName: p.family_name } : {}),
        ...(p.date_of_birth !== null ? { dateOfBirth: p.date_of_birth } : {}),
        ...(p.sex !== null ? { sex: p.sex } : {}),
        ...(p.line1 !== null ? { address: p.line1 } : {}),
        ...(p.postcode !== null ? { postcode: p.postcode } : {}),
        identifiers: p.ids ?? {},
      };
      this.index.add(base);
      for (const a of p.aliases ?? []) {
        this.index.add({
          ...base,
          ...(a.g !== null ? { givenName: a.g } : {}),
          ...(a.f !== null ? { familyName: a.f } : {}),
        });
      }
      for (const [scheme, value] of Object.entries(p.ids ?? {})) {
        const key = `${scheme}\u0000${value}`;
        if (!this.byIdentifier.has(key)) this.byIdentifier.set(key, p.root);
      }
    }
  }

  /** Notes that two people were recorded as not the same person. */
  private recordApart(a: string, b: string): void {
    if (a === b) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = this.apart.get(x) ?? new Set<string>();
      set.add(y);
      this.apart.set(x, set);
    }
  }

  /**
   * Adds the people created since the index was built (or last caught up), so a long-lived resolver used
   * for search-before-create sees new records. Details added later to people already indexed are not
   * picked up: rebuild with `open` for those.
   *
   * @example
   * const added = await resolver.catchUp(db);
   */
  async catchUp(db: Db): Promise<number> {
    const since = new Date(Math.max(0, this.newest - CATCH_UP_MARGIN_MS));
    const recent = await sql<{ id: string }>`select id from person
      where partnership_id = ${this.partnershipId} and created_at >= ${since}`.execute(db);
    const unknown = recent.rows.map((r) => r.id).filter((id) => !this.known.has(id));
    if (unknown.length === 0) return 0;
    const before = this.known.size;
    for (let i = 0; i < unknown.length; i += 5000) {
      this.addPeople(await loadPeople(db, this.partnershipId, unknown.slice(i, i + 5000)));
    }
    return this.known.size - before;
  }

  /**
   * The people who may be the one described, best first, one entry per person (a person merged into
   * another is reported as the one it was merged into). Reads only: nothing is created or remembered.
   *
   * @example
   * resolver.candidates({ kind: 'child', givenName: 'Amelia', familyName: 'Hartwell', identifiers: {}, role: 'subject' });
   */
  candidates(ref: PersonRef, options: { limit?: number; minProbability?: number } = {}): PossibleMatch[] {
    const limit = options.limit ?? 10;
    const found = this.index.match(linkRecordOf('incoming', ref), {
      limit: limit * 4,
      minProbability: options.minProbability ?? 0.01,
    }).candidates;
    const out: PossibleMatch[] = [];
    const seen = new Set<string>();
    for (const c of found) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push({ personId: c.id, probability: c.matchProbability, weight: c.matchWeight });
      if (out.length === limit) break;
    }
    return out;
  }

  /** Notes a person (new or linked) so later records in the batch resolve against it. */
  private remember(personId: string, ref: PersonRef): void {
    this.index.add(linkRecordOf(personId, ref));
    for (const s of SCHEMES) {
      const v = ref.identifiers[s];
      if (v !== undefined && !this.byIdentifier.has(`${s}\u0000${v}`)) {
        this.byIdentifier.set(`${s}\u0000${v}`, personId);
      }
    }
  }

  private createPerson(sink: PersonSink, ref: PersonRef, skipSchemes: ReadonlySet<string>): string {
    const personId = newId();
    sink.person({
      id: personId,
      kind: ref.kind,
      given_name: ref.givenName ?? null,
      family_name: ref.familyName ?? null,
      date_of_birth: ref.dateOfBirth ?? null,
      sex: ref.sex === undefined ? null : (SEX[ref.sex.toUpperCase()] ?? ref.sex),
    });
    addDetails(sink, personId, ref, skipSchemes);
    this.known.add(personId);
    this.remember(personId, ref);
    return personId;
  }

  /**
   * Resolves a person reference to a person id, creating the person when nobody matches.
   *
   * @example
   * const r = identity.resolve(writes, { kind: 'child', identifiers: { upn: 'A…' }, role: 'subject' });
   */
  resolve(sink: PersonSink, ref: PersonRef): Resolution {
    const held: { scheme: (typeof SCHEMES)[number]; personId: string }[] = [];
    for (const scheme of SCHEMES) {
      const value = ref.identifiers[scheme];
      const found = value === undefined ? undefined : this.byIdentifier.get(`${scheme}\u0000${value}`);
      if (found !== undefined) held.push({ scheme, personId: found });
    }
    const first = held[0];
    const other = held.find((h) => h.personId !== first?.personId);
    if (first !== undefined && other === undefined) {
      addDetails(sink, first.personId, ref, new Set());
      this.remember(first.personId, ref);
      return {
        personId: first.personId,
        decision: 'auto',
        candidateId: undefined,
        score: 1,
        explanation: { rule: 'identifier', scheme: first.scheme },
      };
    }
    if (first !== undefined && other !== undefined) {
      // The record's identifiers belong to two different people (a keying error, or two children's
      // records mixed up): it is linked to neither automatically, and neither person takes the other's
      // identifier. A reviewer decides, with both named on the pair page.
      const personId = this.createPerson(sink, ref, new Set(held.map((h) => h.scheme)));
      return {
        personId,
        decision: 'review',
        candidateId: first.personId,
        score: 1,
        explanation: {
          rule: 'conflicting_identifiers',
          conflict: held.map((h) => ({ scheme: h.scheme, personId: h.personId })),
        },
      };
    }
    const described =
      ref.givenName !== undefined || ref.familyName !== undefined || ref.dateOfBirth !== undefined;
    // With do-not-match pairs on record, look past the best candidate for someone recorded apart from it.
    const found = described
      ? this.index.match(linkRecordOf('incoming', ref), {
          limit: this.apart.size > 0 ? 8 : 1,
          explain: true,
        }).candidates
      : [];
    const best = found[0];
    const apartFromBest = best === undefined ? undefined : this.apart.get(best.id);
    const lookalike =
      best === undefined || best.decision === 'new' || apartFromBest === undefined
        ? undefined
        : found.find((c) => c.decision !== 'new' && apartFromBest.has(c.id));
    // Between two people recorded apart, the record goes automatically to the closer one only when it is
    // clearly that one rather than the other (the auto-link threshold, applied between the two).
    const clearlyBest =
      best !== undefined &&
      (lookalike === undefined ||
        weightToProbability(best.matchWeight - lookalike.matchWeight) >= this.index.thresholds.autoLink);
    const explanation = {
      rule: 'linkage',
      ...(best?.explanation !== undefined ? { engine: best.explanation } : {}),
      ...(lookalike !== undefined
        ? { recordedApart: { personId: lookalike.id, probability: lookalike.matchProbability } }
        : {}),
    };
    if (best !== undefined && best.decision === 'link' && clearlyBest) {
      addDetails(sink, best.id, ref, new Set());
      this.remember(best.id, ref);
      return {
        personId: best.id,
        decision: 'auto',
        candidateId: undefined,
        score: best.matchProbability,
        explanation,
      };
    }
    const personId = this.createPerson(sink, ref, new Set());
    if (best !== undefined && best.decision !== 'new') {
      return {
        personId,
        decision: 'review',
        candidateId: best.id,
        score: best.matchProbability,
        explanation,
      };
    }
    return {
      personId,
      decision: 'new',
      candidateId: undefined,
      score: best?.matchProbability ?? 0,
      explanation,
    };
  }
}

/** The partnership's people (all of them, or the ones named), each under its survivor. */
async function loadPeople(
  db: Db,
  partnershipId: string,
  only: readonly string[] | undefined,
): Promise<PersonIndexRow[]> {
  const people = await sql<PersonIndexRow>`
    select p.id, coalesce(p.merged_into, p.id) as root, p.created_at,
      p.given_name, p.family_name, p.date_of_birth, p.sex,
      (select a.line1 from person_address a where a.person_id = p.id order by a.id limit 1) as line1,
      (select a.postcode from person_address a where a.person_id = p.id order by a.id limit 1) as postcode,
      (select jsonb_object_agg(i.scheme, i.value) from person_identifier i where i.person_id = p.id) as ids,
      (select jsonb_agg(jsonb_build_object('g', al.given_name, 'f', al.family_name) order by al.id)
         from person_alias al where al.person_id = p.id) as aliases
    from person p where p.partnership_id = ${partnershipId}
      ${only === undefined ? sql`` : sql`and p.id in (${sql.join(only)})`}
    order by p.merged_into is not null, p.created_at, p.id`.execute(db);
  return people.rows;
}

/** Adds the record's identifiers (except those of `skipSchemes`, held by someone else), address and phone. */
function addDetails(
  sink: PersonSink,
  personId: string,
  ref: PersonRef,
  skipSchemes: ReadonlySet<string>,
): void {
  for (const scheme of SCHEMES) {
    const value = ref.identifiers[scheme];
    if (value !== undefined && !skipSchemes.has(scheme)) sink.identifier(personId, scheme, value);
  }
  if (ref.postcode !== undefined || ref.addressLine1 !== undefined) {
    sink.address(personId, ref.addressLine1 ?? null, ref.town ?? null, ref.postcode ?? null);
  }
  if (ref.phone !== undefined) sink.contact(personId, ref.phone);
}
