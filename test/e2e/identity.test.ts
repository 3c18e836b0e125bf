import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/index.ts';
import { queueDemoPairs } from '../../src/identity/identity.test-support.ts';
import { capturePage, launchBrowser, screenshot, signInThroughPage } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('identity review in a real browser: queue, pair, link, joined-up chronology, unlink', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer({ env: { SIGHTLINE_DEMO_MODE: 'true' } });
    const partnership = await server.database.db
      .selectFrom('partnership')
      .select('partnership_id')
      .where('code', '=', 'northmoor')
      .executeTakeFirstOrThrow();
    await queueDemoPairs(server.database, partnership.partnership_id);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  async function check(name: string) {
    expect(await capturePage(page, `identity-${name}`), name).toEqual([]);
  }

  const signIn = (email: string) => signInThroughPage(page, server.url, email, DEMO_PASSWORD);

  it('a coordinator links a queued pair, sees the joined-up chronology, then unlinks it', async () => {
    page = await browser.newPage();
    await signIn('coordinator@northmoor.example');
    await page.getByRole('link', { name: 'Identity review' }).click();
    await page.waitForURL('**/identity/reviews');
    expect(await page.getByText('2 pairs waiting').count()).toBe(1);
    await check('queue');

    await page.getByRole('link', { name: /Emilia Hartwell/ }).click();
    await page.waitForURL('**/identity/reviews/*');
    expect(
      await page.getByRole('heading', { name: 'Are these records about the same person?' }).count(),
    ).toBe(1);
    expect(await page.getByRole('cell', { name: 'Same last name' }).count()).toBe(1);
    await check('pair');

    await page.getByRole('button', { name: 'Save decision' }).click();
    expect(await page.getByText('There is a problem').count()).toBe(1);
    await check('pair-error');

    await page.getByLabel('Yes, link them').check();
    await page.getByLabel('Note (optional)').fill('Safe Steps confirmed her date of birth and school.');
    await page.getByRole('button', { name: 'Save decision' }).click();
    await page.waitForURL('**/identity/reviews?done=*');
    expect(await page.getByText('Decision saved').count()).toBe(1);
    expect(await page.getByText('1 pair waiting').count()).toBe(1);
    await check('queue-linked');

    await page.getByRole('link', { name: 'View the decision' }).click();
    expect(await page.getByText('These records were linked.').count()).toBe(1);
    await check('pair-linked');

    await page.getByRole('link', { name: 'Open the joined-up record' }).click();
    await page.waitForURL('**/children/*');
    expect(await page.getByRole('heading', { name: 'Amelia Hartwell' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Records linked to this child' }).count()).toBe(1);
    expect(await page.getByText('Voluntary-sector referral').count()).toBeGreaterThan(0);
    await check('child-linked');

    await page.getByRole('link', { name: 'View or unlink records linked to this child' }).click();
    await page.waitForURL('**/linked');
    await check('linked');

    await page.getByRole('button', { name: 'Unlink these records' }).click();
    expect(await page.getByText('There is a problem').count()).toBe(1);
    await check('linked-error');

    await page
      .getByLabel('Why should these records be unlinked?')
      .fill('Linked to check the journey: not a real decision.');
    await page.getByLabel('Put them back in the review queue').check();
    await page.getByRole('button', { name: 'Unlink these records' }).click();
    await page.waitForURL('**/linked?unlinked=1');
    expect(await page.getByText('Records unlinked').count()).toBe(1);
    await check('unlinked');

    await page
      .getByRole('link', { name: /Back to Amelia Hartwell’s record/ })
      .first()
      .click();
    await page.waitForURL('**/children/*');
    expect(await page.getByText('Voluntary-sector referral').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Records linked to this child' }).count()).toBe(0);
    await check('child-unlinked');
    await page.close();
  });

  it('works without JavaScript: a pair is left to decide later and goes to the end of the queue', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    page = await context.newPage();
    await signIn('coordinator@northmoor.example');
    await page.goto(`${server.url}/identity/reviews`);
    await page.getByRole('link', { name: /Lia Brennan/ }).click();
    await page.getByLabel('Not sure yet: decide later').check();
    await page.getByRole('button', { name: 'Save decision' }).click();
    await page.waitForURL('**/identity/reviews?done=*');
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows.at(-1)).toContain('Lia Brennan');
    expect(rows.at(-1)).toContain('Decide later');
    expect(rows.at(-1)).toContain('Priya Coordinator');
    // axe needs JavaScript to run; the same pages are checked with JavaScript on in the test above.
    await screenshot(page, 'identity-queue-deferred-no-js');
    await context.close();
  });
});
