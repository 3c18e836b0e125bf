import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/index.ts';
import { capturePage, launchBrowser, signInThroughPage } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('practitioner workspace in a real browser: concern, child record, screening', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let osei: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { SIGHTLINE_DEMO_MODE: 'true' } });
    osei = (
      await server.database.db
        .selectFrom('person')
        .select('id')
        .where('family_name', '=', 'Osei')
        .executeTakeFirstOrThrow()
    ).id;
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  async function check(name: string) {
    expect(await capturePage(page, `workspace-a-${name}`), name).toEqual([]);
  }

  const signIn = (email: string) => signInThroughPage(page, server.url, email, DEMO_PASSWORD);

  it('a school DSL raises a concern, revises flagged wording, and sees it sent', async () => {
    await signIn('dsl@northmoor.example');
    await page.getByRole('link', { name: 'Concerns' }).click();
    await page.waitForURL('**/concerns/mine');
    await check('mine-empty');
    await page.getByRole('button', { name: 'Raise a concern' }).click();
    await check('find');
    await page.getByRole('button', { name: 'Search' }).click();
    await check('find-errors');
    await page.getByLabel('First name').fill('Kayden');
    await page.getByLabel('Last name').fill('Osei');
    await page.getByRole('button', { name: 'Search' }).click();
    await check('find-results');
    await page.getByRole('link', { name: /Kayden Osei/ }).click();
    await check('form');
    await page
      .getByLabel('Seen with or talking about older adults not known to the family or carers')
      .check();
    await page.getByLabel('Unexplained gifts, money, phones, clothes or travel').check();
    await page
      .getByLabel('Describe what you saw or were told')
      .fill('He is putting himself at risk by getting into cars with older men after school.');
    await page.getByLabel('Safeguarding of children and individuals at risk').check();
    await page.getByRole('button', { name: 'Send concern to the MASH' }).click();
    await expect.poll(() => page.getByText('Check your wording').count()).toBeGreaterThan(0);
    await check('language-warning');
    await page
      .getByLabel('Describe what you saw or were told')
      .fill('Older men are picking him up in cars after school; he has a new phone he cannot explain.');
    await page.getByRole('button', { name: 'Send concern to the MASH' }).click();
    await page.waitForURL('**/concerns/mine?raised=*');
    expect(await page.getByText('Concern sent to the MASH').count()).toBe(1);
    await check('sent');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signed-out');
  });

  it('a coordinator opens the child record, prints the chronology and screens the child', async () => {
    await signIn('coordinator@northmoor.example');
    await page.goto(`${server.url}/children/${osei}`);
    expect(await page.getByRole('heading', { name: 'Kayden Osei' }).count()).toBe(1);
    await check('child-record');
    await page.getByLabel('Type of event').selectOption('concern');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL('**type=concern*');
    await check('child-record-filtered');
    await page.getByRole('link', { name: 'Print-friendly chronology' }).click();
    await check('child-record-print');
    await page.getByRole('link', { name: 'Back to the child record' }).click();
    await page.getByRole('button', { name: 'Screen this child' }).click();
    await check('screening-form');
    await page
      .getByRole('group', { name: 'Unexplained gifts, money, phones or clothes' })
      .getByLabel('Last 3 months')
      .check();
    await page
      .getByRole('group', { name: 'Picked up or dropped off by unknown adults in cars' })
      .getByLabel('Last 3 months')
      .check();
    await page.getByRole('button', { name: 'Calculate level' }).click();
    expect(await page.getByText(/The tool's level is/).count()).toBe(1);
    await check('screening-calculated');
    await page.getByRole('button', { name: 'Save screening' }).click();
    await page.waitForURL(`**/children/${osei}?screened=1*`);
    expect(await page.getByText(/Screened on/).count()).toBeGreaterThan(0);
    await check('child-record-screened');
    await page.getByRole('link', { name: 'Overdue reviews' }).click();
    await check('overdue');
  });
});
