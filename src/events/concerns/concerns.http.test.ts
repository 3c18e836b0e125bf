import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditCount,
  personId,
  signIn,
  startHarness,
  type Client,
  type Harness,
} from '../../access/testing/harness.ts';
import { fingerprint } from './concerns.service.ts';

describe('raise a concern: /concerns/new, POST /concerns, /concerns/mine', () => {
  let h: Harness;
  let dsl: Client;
  let board: Client;
  let osei: string;
  let hartwell: string;
  const concerns = async () =>
    Number(
      (
        await h.db.db
          .selectFrom('concern')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    h = await startHarness();
    [dsl, board] = await Promise.all([
      signIn(h, 'dsl@northmoor.example'),
      signIn(h, 'board@northmoor.example'),
    ]);
    osei = await personId(h, 'Osei');
    hartwell = await personId(h, 'Hartwell');
  });
  afterAll(() => h.close());

  it('sends a visitor who is not signed in to sign in, and refuses a form without its CSRF token', async () => {
    const page = await h.app.inject({ url: '/concerns/new' });
    expect(page.statusCode).toBe(303);
    const post = await h.app.inject({ method: 'POST', url: '/concerns', payload: { narrative: 'x' } });
    expect(post.statusCode).toBe(403);
  });

  it('answers 404 to a role that may not raise concerns, and for a child outside the scope', async () => {
    expect((await board.get('/concerns/new')).statusCode).toBe(404);
    expect((await dsl.get(`/concerns/new?personId=${hartwell}`)).statusCode).toBe(404);
    const post = await dsl.post('/concerns', {
      personId: hartwell,
      narrative: 'Seen with older men.',
      lawfulBasis: 'safeguarding',
    });
    expect(post.statusCode).toBe(404);
  });

  it('answers 400 with the GOV.UK error summary when the description and lawful basis are missing', async () => {
    const res = await dsl.post('/concerns', { personId: osei, narrative: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Describe what you saw or were told');
    expect(res.body).toContain('Select the lawful basis for sharing this information');
  });

  it('says a record may exist elsewhere rather than offering to create a duplicate', async () => {
    const res = await dsl.get('/concerns/new?givenName=Amelia&familyName=Hartwell');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('A record may exist elsewhere: contact the MASH');
    expect(res.body).not.toContain('Raise a concern about a child who is not listed');
  });

  it('warns about victim-blaming wording with suggestions, saves nothing, then accepts the revision', async () => {
    const before = await concerns();
    const flagged = 'She is putting herself at risk by going to parties with older men.';
    const warned = await dsl.post('/concerns', {
      personId: osei,
      indicators: ['older_adults', 'places'],
      narrative: flagged,
      lawfulBasis: 'safeguarding',
    });
    expect(warned.statusCode).toBe(200);
    expect(warned.body).toContain('Check your wording');
    expect(warned.body).toContain('putting herself at risk');
    expect(warned.body).toContain('You could write');
    expect(await concerns()).toBe(before);

    const audits = await auditCount(h, 'concern.raise');
    const revised = await dsl.post('/concerns', {
      personId: osei,
      indicators: ['older_adults', 'places'],
      narrative: 'Adults are taking her to parties where she is given alcohol.',
      lawfulBasis: 'safeguarding',
    });
    expect(revised.statusCode).toBe(303);
    expect(await concerns()).toBe(before + 1);
    expect(await auditCount(h, 'concern.raise')).toBe(audits + 1);

    const kept = await dsl.post('/concerns', {
      personId: osei,
      narrative: flagged,
      lawfulBasis: 'statutory_duty',
      keepWording: 'yes',
      checkedWording: fingerprint(flagged),
    });
    expect(kept.statusCode).toBe(303);
  });

  it('creates a new child when nobody matches, and the raiser sees what happened next', async () => {
    const search = await dsl.get(
      '/concerns/new?givenName=Nova&familyName=Quillfeather&dob-day=4&dob-month=5&dob-year=2013',
    );
    expect(search.body).toContain('No record was found for this child');
    expect(search.body).toContain('Raise a concern about a child who is not listed');
    const res = await dsl.post('/concerns', {
      givenName: 'Nova',
      familyName: 'Quillfeather',
      'dob-day': '4',
      'dob-month': '5',
      'dob-year': '2013',
      indicators: 'missing',
      narrative: 'Missing from school three afternoons this week; collected by an unknown adult.',
      lawfulBasis: 'safeguarding',
    });
    expect(res.statusCode).toBe(303);
    const created = await h.db.db
      .selectFrom('person')
      .select(['id', 'kind', 'date_of_birth'])
      .where('family_name', '=', 'Quillfeather')
      .execute();
    expect(created).toHaveLength(1);
    expect(created[0]!.kind).toBe('child');
    const mine = await dsl.get(String(res.headers.location));
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Concern sent to the MASH');
    expect(mine.body).toContain('Nova Quillfeather');
    expect(mine.body).toContain('Received: waiting for the MASH to review it');
    // The raiser's agency is now involved, so the child record opens for them.
    expect((await dsl.get(`/children/${created[0]!.id}`)).statusCode).toBe(200);
  });
});
