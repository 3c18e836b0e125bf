import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPartnership } from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { IdentityResolver } from '../imports/index.ts';
import { newId } from '../platform/ids/ids.ts';

type Ref = Parameters<IdentityResolver['resolve']>[1];

let t: TestDatabase;
let partnershipId: string;
let jayden: string;
let jaydon: string;

/** A sink that records the people the resolver would create. */
function sink() {
  const created: string[] = [];
  return {
    created,
    person: (row: { id: string }) => void created.push(row.id),
    identifier: () => undefined,
    address: () => undefined,
    contact: () => undefined,
  };
}

const ref = (details: Partial<Ref>): Ref => ({ kind: 'child', identifiers: {}, role: 'subject', ...details });

// Two different boys with nearly the same name, born the same day, in the same postcode sector: the
// engine alone scores a record of either as a near-certain match for both.
const JAYDON = ref({
  givenName: 'Jaydon',
  familyName: 'Smith',
  dateOfBirth: '2011-03-04',
  sex: 'M',
  addressLine1: '9 Oak Road',
  postcode: 'NM1 1AB',
});
// Spelt half-way between the two, with no address: as likely to be one boy as the other.
const BETWEEN = ref({ givenName: 'Jaydan', familyName: 'Smith', dateOfBirth: '2011-03-04', sex: 'M' });

async function person(given: string, line1: string, postcode: string, upn?: string): Promise<string> {
  const id = newId();
  await t.db
    .insertInto('person')
    .values({
      id,
      partnership_id: partnershipId,
      kind: 'child',
      given_name: given,
      middle_names: null,
      family_name: 'Smith',
      date_of_birth: '2011-03-04',
      sex: 'male',
      ethnicity_dfe: null,
      ethnicity_police_self_defined: null,
      ethnicity_police_officer_defined: null,
      nationality: null,
      disability: null,
      special_educational_needs: null,
      merged_into: null,
    })
    .execute();
  await t.db
    .insertInto('person_address')
    .values({
      id: newId(),
      partnership_id: partnershipId,
      person_id: id,
      location_id: null,
      line1,
      line2: null,
      town: null,
      postcode,
      valid_from: null,
      valid_to: null,
      source_record_id: null,
    })
    .execute();
  if (upn !== undefined) {
    await t.db
      .insertInto('person_identifier')
      .values({
        id: newId(),
        partnership_id: partnershipId,
        person_id: id,
        scheme: 'upn',
        value: upn,
        valid_from: null,
        valid_to: null,
        source_record_id: null,
      })
      .execute();
  }
  return id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  partnershipId = await buildPartnership(t.db);
  jayden = await person('Jayden', '1 Elm Road', 'NM1 1AA');
  jaydon = await person('Jaydon', '9 Oak Road', 'NM1 1AB', 'A990123400099');
});
afterAll(() => t.dispose());

describe('IdentityResolver and do-not-match pairs', () => {
  it('without a do-not-match, links a record that looks like both boys to the closer one', async () => {
    const resolver = await IdentityResolver.open(t.db, partnershipId);
    const s = sink();
    const r = resolver.resolve(s, BETWEEN);
    expect(r.decision).toBe('auto');
    expect([jayden, jaydon]).toContain(r.personId);
    expect(s.created).toEqual([]);
  });

  it('once they are recorded as different people, never links such a record to either automatically', async () => {
    const [a, b] = [jayden, jaydon].sort();
    await t.db
      .withTables<{
        identity_do_not_match: {
          partnership_id: string;
          person_a: string;
          person_b: string;
          decided_at: Date;
        };
      }>()
      .insertInto('identity_do_not_match')
      .values({ partnership_id: partnershipId, person_a: a!, person_b: b!, decided_at: new Date() })
      .execute();
    const resolver = await IdentityResolver.open(t.db, partnershipId);
    const s = sink();
    const r = resolver.resolve(s, BETWEEN);
    expect(r.decision).toBe('review');
    expect(s.created).toEqual([r.personId]);
    expect([jayden, jaydon]).toContain(r.candidateId);
    const apart = (r.explanation as { recordedApart?: { personId: string } }).recordedApart;
    expect(apart?.personId).toBe(r.candidateId === jayden ? jaydon : jayden);
  });

  it('still links a record that is clearly one of the two, and never queues it against the other', async () => {
    const resolver = await IdentityResolver.open(t.db, partnershipId);
    const s = sink();
    const r = resolver.resolve(s, JAYDON);
    expect(r).toMatchObject({ decision: 'auto', personId: jaydon, candidateId: undefined });
    expect(s.created).toEqual([]);
  });

  it('resolves records of a merged person to the person it was merged into', async () => {
    const other = await person('Jaydon', '9 Oak Road', 'NM1 1AB', 'A990123400100');
    await t.db.updateTable('person').set({ merged_into: jaydon }).where('id', '=', other).execute();
    const resolver = await IdentityResolver.open(t.db, partnershipId);
    const s = sink();
    const byUpn = resolver.resolve(s, ref({ identifiers: { upn: 'A990123400100' } }));
    expect(byUpn).toMatchObject({ decision: 'auto', personId: jaydon });
    const found = resolver.candidates(JAYDON);
    expect(found.map((c) => c.personId)).not.toContain(other);
    expect(found[0]!.personId).toBe(jaydon);
  });
});
