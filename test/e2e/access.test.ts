import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, currentTotp, runWithContext } from '../../src/access/index.ts';
import { systemClock } from '../../src/platform/clock/clock.ts';
import { axeViolations, launchBrowser, screenshot } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const PASSWORD = 'a long passphrase for the browser test';

describe('access in a real browser (demo mode off: password and TOTP)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let hartwell: string;
  let brennan: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { SIGHTLINE_DEMO_MODE: 'false' } });
    const db = server.database.db;
    const partnership = await db.selectFrom('partnership').select('partnership_id').executeTakeFirstOrThrow();
    await runWithContext(
      { requestId: 'e2e', actor: undefined, purpose: 'administration', channel: 'cli' },
      () =>
        createUser(db, systemClock, partnership.partnership_id, {
          email: 'nurse2@northmoor.example',
          displayName: 'Test Nurse',
          agencyCode: 'nhs',
          roles: ['practitioner'],
          password: PASSWORD,
        }),
    );
    const id = async (family: string) =>
      (await db.selectFrom('person').select('id').where('family_name', '=', family).executeTakeFirstOrThrow())
        .id;
    hartwell = await id('Hartwell');
    brennan = await id('Brennan');
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  async function check(name: string) {
    await screenshot(page, `access-${name}`);
    expect(await axeViolations(page), name).toEqual([]);
  }

  it('signs in with password and TOTP, opens a child, is refused another agency’s child, breaks glass, signs out', async () => {
    await page.goto(`${server.url}/people`);
    expect(page.url()).toContain('/sign-in?next=');
    await check('sign-in');
    await page.getByLabel('Email address').fill('nurse2@northmoor.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/sign-in/enrol');
    await check('enrol');
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
    await page.getByLabel('Security code').fill(await currentTotp(secret, new Date()));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/people');
    await check('people');

    // A second sign-in asks for the code (the enrolled secret).
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signed-out');
    await check('signed-out');
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email address').fill('nurse2@northmoor.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/sign-in/code');
    await check('code');
    // The enrolment code's time step was used; wait for the next step so the code is fresh.
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
    await page.getByLabel('Security code').fill(await currentTotp(secret, new Date()));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/people');

    await page.getByRole('link', { name: 'Hartwell, Amelia' }).click();
    await page.waitForURL(`**/people/${hartwell}`);
    expect(await page.locator('h1').textContent()).toContain('Amelia');
    expect(await page.content()).toContain('Attended the sexual-health clinic.');
    await check('person');

    const refused = await page.goto(`${server.url}/people/${brennan}`);
    expect(refused?.status()).toBe(404);
    await check('not-found');

    await page.getByRole('link', { name: 'Emergency access' }).click();
    await page.waitForURL('**/break-glass');
    await page.getByRole('button', { name: 'Open the record' }).click();
    expect(await page.locator('.govuk-error-summary').isVisible()).toBe(true);
    await check('break-glass-errors');
    await page.getByLabel('Reference').fill(brennan);
    await page
      .getByLabel('Why do you need this record now?')
      .fill('Attended A&E tonight saying she is staying with an older man');
    await page.getByRole('button', { name: 'Open the record' }).click();
    await page.waitForURL(`**/people/${brennan}`);
    expect(await page.content()).toContain('emergency access');
    await check('break-glass-person');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signed-out');
    const after = await page.goto(`${server.url}/people/${hartwell}`);
    expect(after?.url()).toContain('/sign-in');
  });
});
