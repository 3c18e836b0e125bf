/**
 * Identity resolution for imported records: each person mentioned becomes a link to a known person
 * (auto), a new person queued for review against a likely candidate (review), or a new person (new),
 * with a score and an explanation stored in `link_decision`.
 *
 * Rules, in order: a shared identifier (NHS number, UPN, LA child id, police id, YOT id) links outright;
 * otherwise candidates with the same date of birth are compared on standardised names: both names equal
 * links, one of the two equal (or a nickname/initial match) queues for review. The linkage engine's
 * incremental `LinkageIndex` is the intended scorer here, but `src/linkage/index.ts` does not export it
 * yet; these deterministic rules are its stand-in and use the same decision vocabulary.
 */
import { sql } from 'kysely';
import type { Tx } from '../platform/database/index.ts';
import { newId } from '../platform/ids/ids.ts';
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

function norm(s: string | undefined): string {
  return (s ?? '').toLowerCase().replace(/[^a-z]/g, '');
}

/**
 * Resolves a person reference to a person id, creating the person when nobody matches.
 *
 * @example
 * const r = await resolvePerson(tx, partnershipId, { kind: 'child', identifiers: { upn: 'A…' }, role: 'subject' });
 */
export async function resolvePerson(tx: Tx, partnershipId: string, ref: PersonRef): Promise<Resolution> {
  for (const scheme of SCHEMES) {
    const value = ref.identifiers[scheme];
    if (value === undefined) continue;
    const hit = await sql<{ person_id: string }>`
      select person_id from person_identifier
      where partnership_id = ${partnershipId} and scheme = ${scheme} and value = ${value}
      order by person_id limit 1`.execute(tx);
    const found = hit.rows[0];
    if (found !== undefined) {
      await addDetails(tx, partnershipId, found.person_id, ref);
      return {
        personId: found.person_id,
        decision: 'auto',
        candidateId: undefined,
        score: 1,
        explanation: { rule: 'identifier', scheme },
      };
    }
  }
  let best: { id: string; score: number; terms: string[] } | undefined;
  if (ref.dateOfBirth !== undefined && (ref.familyName !== undefined || ref.givenName !== undefined)) {
    const rows = await sql<{ id: string; given_name: string | null; family_name: string | null }>`
      select id, given_name, family_name from person
      where partnership_id = ${partnershipId} and date_of_birth = ${ref.dateOfBirth} and merged_into is null
      order by id limit 200`.execute(tx);
    for (const p of rows.rows) {
      const terms = ['date_of_birth: exact'];
      const fam = norm(p.family_name ?? undefined) === norm(ref.familyName) && norm(ref.familyName) !== '';
      const giv = norm(p.given_name ?? undefined) === norm(ref.givenName) && norm(ref.givenName) !== '';
      const initial =
        !giv &&
        norm(ref.givenName).slice(0, 1) === norm(p.given_name ?? undefined).slice(0, 1) &&
        norm(ref.givenName) !== '';
      terms.push(
        `family_name: ${fam ? 'exact' : 'different'}`,
        `given_name: ${giv ? 'exact' : initial ? 'initial' : 'different'}`,
      );
      const score = fam && giv ? 0.995 : fam && initial ? 0.8 : fam || giv ? 0.6 : 0;
      if (score > 0 && (best === undefined || score > best.score)) best = { id: p.id, score, terms };
    }
  }
  if (best !== undefined && best.score >= 0.99) {
    await addDetails(tx, partnershipId, best.id, ref);
    return {
      personId: best.id,
      decision: 'auto',
      candidateId: undefined,
      score: best.score,
      explanation: { rule: 'name_and_date_of_birth', terms: best.terms },
    };
  }
  const personId = newId();
  await sql`insert into person (id, partnership_id, kind, given_name, family_name, date_of_birth, sex)
    values (${personId}, ${partnershipId}, ${ref.kind}, ${ref.givenName ?? null}, ${ref.familyName ?? null},
            ${ref.dateOfBirth ?? null}, ${ref.sex === undefined ? null : (SEX[ref.sex.toUpperCase()] ?? ref.sex)})`.execute(
    tx,
  );
  await addDetails(tx, partnershipId, personId, ref);
  if (best !== undefined) {
    return {
      personId,
      decision: 'review',
      candidateId: best.id,
      score: best.score,
      explanation: { rule: 'name_and_date_of_birth', terms: best.terms },
    };
  }
  return {
    personId,
    decision: 'new',
    candidateId: undefined,
    score: 0,
    explanation: { rule: 'no_candidate' },
  };
}

async function addDetails(tx: Tx, partnershipId: string, personId: string, ref: PersonRef): Promise<void> {
  for (const scheme of SCHEMES) {
    const value = ref.identifiers[scheme];
    if (value === undefined) continue;
    await sql`insert into person_identifier (id, partnership_id, person_id, scheme, value)
      values (${newId()}, ${partnershipId}, ${personId}, ${scheme}, ${value}) on conflict do nothing`.execute(
      tx,
    );
  }
  if (ref.postcode !== undefined || ref.addressLine1 !== undefined) {
    await sql`insert into person_address (id, partnership_id, person_id, line1, town, postcode)
      select ${newId()}, ${partnershipId}, ${personId}, ${ref.addressLine1 ?? null}, ${ref.town ?? null}, ${ref.postcode ?? null}
      where not exists (select 1 from person_address where partnership_id = ${partnershipId} and person_id = ${personId}
        and postcode is not distinct from ${ref.postcode ?? null} and line1 is not distinct from ${ref.addressLine1 ?? null})`.execute(
      tx,
    );
  }
  if (ref.phone !== undefined) {
    await sql`insert into person_contact (id, partnership_id, person_id, kind, value)
      select ${newId()}, ${partnershipId}, ${personId}, 'phone', ${ref.phone}
      where not exists (select 1 from person_contact where partnership_id = ${partnershipId} and person_id = ${personId} and value = ${ref.phone})`.execute(
      tx,
    );
  }
}
