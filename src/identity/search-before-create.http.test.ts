import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCount, signIn, startHarness, type Client, type Harness } from '../access/testing/harness.ts';

// Raising a concern searches before it creates, with the linkage engine's incremental matcher: a child
// whose name is misspelt is still found, and a likely match the raiser may not see still stops a
// duplicate being created (the name search alone, which matches the start of names, misses both).
describe('search before create in "raise a concern" uses the incremental matcher', () => {
  let h: Harness;
  let dsl: Client;
  const people = async () =>
    Number(
      (
        await h.db.db
          .selectFrom('person')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    h = await startHarness();
    dsl = await signIn(h, 'dsl@northmoor.example');
  });
  afterAll(() => h.close());

  it('finds a child the school may see under a misspelt first name', async () => {
    const audits = await auditCount(h, 'person.match');
    const res = await dsl.get(
      '/concerns/new?givenName=Kaiden&familyName=Osei&dob-day=2&dob-month=11&dob-year=2010',
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Kayden Osei');
    expect(res.body).not.toContain('No record was found for this child');
    expect(await auditCount(h, 'person.match')).toBe(audits + 1);
  });

  it('says a record may exist elsewhere for a likely match out of scope, and will not create a duplicate', async () => {
    const search = await dsl.get(
      '/concerns/new?givenName=Emilia&familyName=Hartwell&dob-day=14&dob-month=3&dob-year=2011',
    );
    expect(search.body).toContain('A record may exist elsewhere: contact the MASH');
    expect(search.body).not.toContain('Amelia');
    expect(search.body).not.toContain('Raise a concern about a child who is not listed');
    const before = await people();
    const res = await dsl.post('/concerns', {
      givenName: 'Emilia',
      familyName: 'Hartwell',
      'dob-day': '14',
      'dob-month': '3',
      'dob-year': '2011',
      indicators: 'missing',
      narrative: 'Missing from school on Tuesday afternoon; collected by an adult the school does not know.',
      lawfulBasis: 'safeguarding',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('A record may exist elsewhere: contact the MASH');
    expect(await people()).toBe(before);
  });

  it('finds a child created after the matcher was built', async () => {
    const created = await dsl.post('/concerns', {
      givenName: 'Orla',
      familyName: 'Pennyworth',
      'dob-day': '9',
      'dob-month': '9',
      'dob-year': '2012',
      indicators: 'missing',
      narrative: 'Missing from school three afternoons this week; collected by an unknown adult.',
      lawfulBasis: 'safeguarding',
    });
    expect(created.statusCode).toBe(303);
    const res = await dsl.get(
      '/concerns/new?givenName=Orlagh&familyName=Pennyworth&dob-day=9&dob-month=9&dob-year=2012',
    );
    expect(res.body).toContain('Orla Pennyworth');
  });
});
