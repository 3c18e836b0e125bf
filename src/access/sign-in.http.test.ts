import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson } from '../../test/support/factories.ts';
import { createUser } from './accounts/accounts.service.ts';
import { runWithContext } from './context/request-context.ts';
import { currentTotp } from './mfa/totp.ts';
import {
  cookieFrom,
  cookieHeader,
  csrfIn,
  formBody,
  signIn,
  startHarness,
  type Harness,
} from './testing/harness.ts';

const PASSWORD = 'a long passphrase nobody guesses';

async function attempt(h: Harness, email: string, password: string) {
  const page = await h.app.inject({ url: '/sign-in' });
  return h.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...cookieHeader({ sightline_csrf: cookieFrom(page, 'sightline_csrf')! }),
    },
    payload: formBody({ _csrf: csrfIn(page.body), email, password }),
  });
}

const CANARY = 'Quillonfrey';

describe('sign-in with MFA (demo mode off)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ demoMode: false });
    await runWithContext(
      { requestId: 'test', actor: undefined, purpose: 'administration', channel: 'cli' },
      async () => {
        await createUser(h.db.db, h.clock, h.partnershipId, {
          email: 'sw@northmoor.example',
          displayName: 'Test Social Worker',
          agencyCode: 'csc',
          roles: ['coordinator'],
          password: PASSWORD,
        });
        await createUser(h.db.db, h.clock, h.partnershipId, {
          email: 'nosy@northmoor.example',
          displayName: 'Test Nosy',
          agencyCode: 'schools',
          roles: ['practitioner'],
          password: PASSWORD,
        });
      },
    );
    await buildPerson(h.db.db, h.partnershipId, { givenName: 'Ellery', familyName: CANARY });
  });
  afterAll(() => h.close());

  it('refuses demo accounts when demo mode is off', async () => {
    const res = await attempt(h, 'coordinator@northmoor.example', 'northmoor-demo-only');
    expect(res.statusCode).toBe(401);
  });

  it('enrols TOTP at first sign-in, then asks for a code every time; codes cannot be replayed', async () => {
    let secret = '';
    const first = await signIn(h, 'sw@northmoor.example', {
      password: PASSWORD,
      totp: async () => {
        const rows = await h.db.db
          .selectFrom('session')
          .select('pending_totp_secret')
          .where('stage', '=', 'enrol')
          .where('ended_at', 'is', null)
          .execute();
        secret = rows.at(-1)!.pending_totp_secret!;
        return currentTotp(secret, h.clock.now());
      },
    });
    expect((await first.get('/api/v1/people')).statusCode).toBe(200);
    // Same 30-second step: the same code is refused (replay).
    await expect(
      signIn(h, 'sw@northmoor.example', {
        password: PASSWORD,
        totp: () => currentTotp(secret, h.clock.now()),
      }),
    ).rejects.toThrow(/second factor failed with 401/);
    h.clock.advance(30_000);
    const second = await signIn(h, 'sw@northmoor.example', {
      password: PASSWORD,
      totp: () => currentTotp(secret, h.clock.now()),
    });
    expect((await second.get('/api/v1/people')).statusCode).toBe(200);
  });

  it('the password alone does not sign in', async () => {
    const res = await attempt(h, 'sw@northmoor.example', PASSWORD);
    expect(res.headers.location).toBe('/sign-in/code');
    const cookie = cookieFrom(res, 'sightline_session')!;
    const api = await h.app.inject({
      url: '/api/v1/people',
      headers: cookieHeader({ sightline_session: cookie }),
    });
    expect(api.statusCode).toBe(401);
  });

  it('gives the same status and message for a wrong password and an unknown account, then throttles both alike', async () => {
    const known = await attempt(h, 'nosy@northmoor.example', 'wrong password here');
    const unknown = await attempt(h, 'nobody@northmoor.example', 'wrong password here');
    expect(known.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const text = (s: string) =>
      /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(s)?.[1]?.replace(/\s+/g, ' ');
    expect(text(known.body)).toBe(text(unknown.body));
    expect(text(known.body)).toContain('Enter a correct email address and password');
    for (let i = 0; i < 4; i += 1) {
      await attempt(h, 'nosy@northmoor.example', 'wrong password here');
      await attempt(h, 'nobody@northmoor.example', 'wrong password here');
    }
    const knownNow = await attempt(h, 'nosy@northmoor.example', PASSWORD);
    const unknownNow = await attempt(h, 'nobody@northmoor.example', PASSWORD);
    expect(knownNow.statusCode).toBe(429);
    expect(unknownNow.statusCode).toBe(429);
    h.clock.advance(16 * 60_000);
    expect((await attempt(h, 'nosy@northmoor.example', PASSWORD)).statusCode).toBe(303);
  });

  it('rejects short and common passwords when creating a user', async () => {
    const admin = { requestId: 't', actor: undefined, purpose: 'administration', channel: 'cli' as const };
    const make = (password: string) =>
      runWithContext(admin, () =>
        createUser(h.db.db, h.clock, h.partnershipId, {
          email: `p${password.length}@northmoor.example`,
          displayName: 'X',
          agencyCode: 'csc',
          roles: ['auditor'],
          password,
        }),
      );
    await expect(make('short')).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'too_small' })],
    });
    await expect(make('password1234')).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'common' })],
    });
  });

  it('never writes personal data to the logs', async () => {
    await attempt(h, `${CANARY.toLowerCase()}@northmoor.example`, `${CANARY} password`);
    h.clock.advance(30_000);
    const secretRow = await h.db.db
      .selectFrom('user_account')
      .select('totp_secret')
      .where('email', '=', 'sw@northmoor.example')
      .executeTakeFirstOrThrow();
    const sw = await signIn(h, 'sw@northmoor.example', {
      password: PASSWORD,
      totp: () => currentTotp(secretRow.totp_secret!, h.clock.now()),
    });
    const search = await sw.get(`/people?q=${CANARY}`);
    expect(search.body).toContain(CANARY);
    const api = await sw.get(`/api/v1/people?q=${CANARY}`);
    const id = api.json<{ people: { id: string }[] }>().people[0]!.id;
    expect((await sw.get(`/people/${id}`)).body).toContain(CANARY);
    expect((await sw.get(`/api/v1/people/${id}`)).body).toContain(CANARY);
    await sw.get('/people/not-a-uuid');
    await sw.post('/sign-out', {});
    expect(h.logLines.length).toBeGreaterThan(5);
    const leaked = h.logLines.filter(
      (line) => line.toLowerCase().includes(CANARY.toLowerCase()) || line.includes(PASSWORD),
    );
    expect(leaked).toEqual([]);
  });
});
