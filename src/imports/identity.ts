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
 */
import { sql } from 'kysely';
import {
  generateRecords,
  LinkageIndex,
  linkRecords,
  type LinkageModel,
  type LinkRecord,
} from '../linkage/index.ts';
import type { Db } from '../platform/database/index.ts';
import { newId } from '../platform/ids/ids.ts';
import type { PersonSink } from './chunk-writes.ts';
import { SEX } from './codes.ts';
import type { PersonRef } from './feeds/types.ts';

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
    const people = await sql<{
      id: string;
      given_name: string | null;
      family_name: string | null;
      date_of_birth: string | null;
      sex: string | null;
      line1: string | null;
      postcode: string | null;
      ids: Record<string, string> | null;
      aliases: { g: string | null; f: string | null }[] | null;
    }>`
      select p.id, p.given_name, p.family_name, p.date_of_birth, p.sex,
        (select a.line1 from person_address a where a.person_id = p.id order by a.id limit 1) as line1,
        (select a.postcode from person_address a where a.person_id = p.id order by a.id limit 1) as postcode,
        (select jsonb_object_agg(i.scheme, i.value) from person_identifier i where i.person_id = p.id) as ids,
        (select jsonb_agg(jsonb_build_object('g', al.given_name, 'f', al.family_name) order by al.id)
           from person_alias al where al.person_id = p.id) as aliases
      from person p where p.partnership_id = ${partnershipId} and p.merged_into is null
      order by p.created_at, p.id`.execute(db);
    const byIdentifier = new Map<string, string>();
    for (const p of people.rows) {
      const base: LinkRecord = {
        id: p.id,
        ...(p.given_name !== null ? { givenName: p.given_name } : {}),
        ...(p.family_name !== null ? { familyName: p.family_name } : {}),
        ...(p.date_of_birth !== null ? { dateOfBirth: p.date_of_birth } : {}),
        ...(p.sex !== null ? { sex: p.sex } : {}),
        ...(p.line1 !== null ? { address: p.line1 } : {}),
        ...(p.postcode !== null ? { postcode: p.postcode } : {}),
        identifiers: p.ids ?? {},
      };
      index.add(base);
      for (const a of p.aliases ?? []) {
        index.add({
          ...base,
          ...(a.g !== null ? { givenName: a.g } : {}),
          ...(a.f !== null ? { familyName: a.f } : {}),
        });
      }
      for (const [scheme, value] of Object.entries(p.ids ?? {})) {
        if (!byIdentifier.has(`${scheme}\u0000${value}`)) byIdentifier.set(`${scheme}\u0000${value}`, p.id);
      }
    }
    return new IdentityResolver(partnershipId, index, byIdentifier);
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

  /**
   * Resolves a person reference to a person id, creating the person when nobody matches.
   *
   * @example
   * const r = identity.resolve(writes, { kind: 'child', identifiers: { upn: 'A…' }, role: 'subject' });
   */
  resolve(sink: PersonSink, ref: PersonRef): Resolution {
    for (const scheme of SCHEMES) {
      const value = ref.identifiers[scheme];
      const found = value === undefined ? undefined : this.byIdentifier.get(`${scheme}\u0000${value}`);
      if (found !== undefined) {
        addDetails(sink, found, ref);
        this.remember(found, ref);
        return {
          personId: found,
          decision: 'auto',
          candidateId: undefined,
          score: 1,
          explanation: { rule: 'identifier', scheme },
        };
      }
    }
    const described =
      ref.givenName !== undefined || ref.familyName !== undefined || ref.dateOfBirth !== undefined;
    const best = described
      ? this.index.match(linkRecordOf('incoming', ref), { limit: 1, explain: true }).candidates[0]
      : undefined;
    const explanation = {
      rule: 'linkage',
      ...(best?.explanation !== undefined ? { engine: best.explanation } : {}),
    };
    if (best !== undefined && best.decision === 'link') {
      addDetails(sink, best.id, ref);
      this.remember(best.id, ref);
      return {
        personId: best.id,
        decision: 'auto',
        candidateId: undefined,
        score: best.matchProbability,
        explanation,
      };
    }
    const personId = newId();
    sink.person({
      id: personId,
      kind: ref.kind,
      given_name: ref.givenName ?? null,
      family_name: ref.familyName ?? null,
      date_of_birth: ref.dateOfBirth ?? null,
      sex: ref.sex === undefined ? null : (SEX[ref.sex.toUpperCase()] ?? ref.sex),
    });
    addDetails(sink, personId, ref);
    this.remember(personId, ref);
    if (best !== undefined && best.decision === 'review') {
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

function addDetails(sink: PersonSink, personId: string, ref: PersonRef): void {
  for (const scheme of SCHEMES) {
    const value = ref.identifiers[scheme];
    if (value !== undefined) sink.identifier(personId, scheme, value);
  }
  if (ref.postcode !== undefined || ref.addressLine1 !== undefined) {
    sink.address(personId, ref.addressLine1 ?? null, ref.town ?? null, ref.postcode ?? null);
  }
  if (ref.phone !== undefined) sink.contact(personId, ref.phone);
}
