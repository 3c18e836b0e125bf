import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPartnership, buildPerson } from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import type { IdentifierScheme } from '../platform/database/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { IdentityResolver } from './identity.ts';

type Ref = Parameters<IdentityResolver['resolve']>[1];

let t: TestDatabase;
let pid: string;
let amelia: string;
let leah: string;

/** A sink that records what the resolver would write. */
function sink() {
  const created: string[] = [];
  const identifiers: [string, string, string][] = [];
  return {
    created,
    identifiers,
    person: (row: { id: string }) => void created.push(row.id),
    identifier: (personId: string, scheme: string, value: string) =>
      void identifiers.push([personId, scheme, value]),
    address: () => undefined,
    contact: () => undefined,
  };
}

const ref = (identifiers: Ref['identifiers']): Ref => ({
  kind: 'child',
  givenName: 'Amelia',
  familyName: 'Hartwell',
  dateOfBirth: '2011-03-14',
  identifiers,
  role: 'subject',
});

async function identifier(personId: string, scheme: IdentifierScheme, value: string): Promise<void> {
  await t.db
    .insertInto('person_identifier')
    .values({
      id: newId(),
      partnership_id: pid,
      person_id: personId,
      scheme,
      value,
      valid_from: null,
      valid_to: null,
      source_record_id: null,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestDatabase();
  pid = await buildPartnership(t.db);
  amelia = await buildPerson(t.db, pid, { kind: 'child' });
  leah = await buildPerson(t.db, pid, { kind: 'child' });
  await identifier(amelia, 'nhs_number', '9434765919');
  await identifier(leah, 'upn', 'A990123400099');
});
afterAll(() => t.dispose());

describe('IdentityResolver: a record whose identifiers belong to two people', () => {
  it('links it to neither automatically, queues it for review, and gives nobody the other child’s identifier', async () => {
    const resolver = await IdentityResolver.open(t.db, pid);
    const s = sink();
    const r = resolver.resolve(s, ref({ nhs_number: '9434765919', upn: 'A990123400099' }));
    expect(r.decision).toBe('review');
    expect(r.candidateId).toBe(amelia);
    expect(s.created).toEqual([r.personId]);
    expect(r.explanation).toEqual({
      rule: 'conflicting_identifiers',
      conflict: [
        { scheme: 'nhs_number', personId: amelia },
        { scheme: 'upn', personId: leah },
      ],
    });
    expect(s.identifiers).toEqual([]);
    // A later record with Leah's UPN alone still goes to Leah.
    expect(resolver.resolve(sink(), ref({ upn: 'A990123400099' })).personId).toBe(leah);
  });

  it('still links a record whose identifiers agree, adding the identifiers nobody holds', async () => {
    const resolver = await IdentityResolver.open(t.db, pid);
    const s = sink();
    const r = resolver.resolve(s, ref({ nhs_number: '9434765919', la_id: 'LA-77' }));
    expect(r).toMatchObject({ decision: 'auto', personId: amelia });
    expect(s.identifiers).toEqual([
      [amelia, 'nhs_number', '9434765919'],
      [amelia, 'la_id', 'LA-77'],
    ]);
  });
});
