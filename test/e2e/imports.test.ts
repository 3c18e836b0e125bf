import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/index.ts';
import { upn } from '../../src/imports/fixtures.test-support.ts';
import { capturePage, launchBrowser, screenshot, signInThroughPage } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** The completed batch's accounting line (the running page says every row *will be* accounted for). */
const DONE = /Every row is accounted for: \d/;
const HEADER =
  'upn,urn,legal_forename,legal_surname,preferred_forename,date_of_birth,sex,ethnicity,sen_provision,address_line1,town,postcode,entry_date';

const FAMILIES = [
  'Ash',
  'Birch',
  'Cedar',
  'Elm',
  'Hazel',
  'Lime',
  'Oak',
  'Pine',
  'Rowan',
  'Yew',
  'Alder',
  'Beech',
];

/** A school roll of `n` pupils from serial `from`; one in a thousand has a date of birth that does not exist. */
function roll(from: number, n: number, surname: string): Buffer {
  const lines = [HEADER];
  for (let p = from; p < from + n; p++) {
    // Dates of birth, family names and postcodes spread as a real roll's are (a roll where everyone
    // shares them makes every pupil a candidate match for every other).
    const dob =
      p % 1000 === 7
        ? '2012-02-30'
        : `${2010 + (p % 7)}-${String(1 + (p % 12)).padStart(2, '0')}-${String(1 + ((p * 7) % 28)).padStart(2, '0')}`;
    const family = `${surname}${FAMILIES[p % FAMILIES.length]!}`;
    lines.push(
      `${upn(p)},100003,Pupil${p},${family},,${dob},${p % 2 ? 'F' : 'M'},WBRI,N,${p} Mill Road,Northmoor,NM${1 + (p % 9)} ${p % 10}CC,2017-09-04`,
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

describe('uploading an agency file in a real browser: the form, its errors, progress and the summary', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer({ env: { SIGHTLINE_DEMO_MODE: 'true' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  async function check(name: string) {
    expect(await capturePage(page, `imports-${name}`), name).toEqual([]);
  }

  const signIn = (email: string) => signInThroughPage(page, server.url, email, DEMO_PASSWORD);

  it('an administrator uploads a school roll and watches it import to a summary that accounts for every row', async () => {
    page = await browser.newPage();
    await signIn('admin@northmoor.example');
    await page.getByRole('link', { name: 'Imports' }).first().click();
    await page.getByRole('button', { name: 'Upload a file' }).click();
    await page.waitForURL('**/imports/new');
    await check('upload');

    await page.getByRole('button', { name: 'Import the file' }).click();
    expect(await page.getByText('There is a problem').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Select a file to upload' }).count()).toBe(1);
    await check('upload-errors');

    await page.getByLabel('Feed').selectOption('pupil_roll');
    await page.getByLabel('Agency that sent it').selectOption({ label: 'Northmoor Schools' });
    await page.locator('input[type="file"]').setInputFiles({
      name: 'school-roll.csv',
      mimeType: 'text/csv',
      buffer: roll(10_000, 8000, 'Browsertest'),
    });
    // Hold the page's progress polling until the running page has been checked.
    await page.route('**/api/v1/imports/*', (route) => route.abort());
    await page.getByRole('button', { name: 'Import the file' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    const running = (await page.locator('#import-progress .govuk-tag').textContent())?.trim() === 'Running';
    if (running) {
      expect(await page.getByText('Rows read so far').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Refresh' }).count()).toBe(1);
      await check('batch-running');
      // The script shows what the batch's JSON says, in place: answer one poll with known figures.
      const real = await page.request.get(page.url().replace('/imports/', '/api/v1/imports/'));
      const batch = (await real.json()) as {
        progress: { percent: number; text: Record<string, string> };
        rowsIn: number;
        loaded: number;
        quarantined: number;
      };
      batch.progress.percent = 42;
      Object.assign(batch, { rowsIn: 3000, loaded: 2997, quarantined: 3 });
      Object.assign(batch.progress.text, {
        headline: 'The file is being imported.',
        rows: '3,360 rows read',
        rate: '1,120 rows a second',
        left: 'Less than a minute',
        read: '361 KB of 860 KB (42%)',
      });
      await page.unroute('**/api/v1/imports/*');
      await page.route('**/api/v1/imports/*', (route) =>
        route.fulfill({ json: { ...batch, status: 'running' } }),
      );
      await page.getByText('3,360 rows read').waitFor();
      expect(await page.getByText('1,120 rows a second').count()).toBe(1);
      expect(await page.locator('progress').getAttribute('value')).toBe('42');
      // The running counts below follow too.
      await page.locator('[data-count="loaded"]', { hasText: '2,997' }).waitFor();
      expect(await page.locator('[data-count="rowsIn"]').textContent()).toBe('3,000');
      expect(await page.locator('[data-count="quarantined"]').textContent()).toBe('3');
      await check('batch-running-updated');
    }
    await page.unroute('**/api/v1/imports/*');
    await page.getByText(DONE).waitFor({ timeout: 120_000 });
    expect(await page.getByText('8,000 in = 7,992 loaded + 8 quarantined + 0 duplicate').count()).toBe(1);
    expect((await page.locator('#import-progress .govuk-tag').textContent())?.trim()).toBe('Completed');
    await check('batch-completed');
    await page.close();
  });

  it('works without JavaScript: the running page has a Refresh button that leads to the summary', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    page = await context.newPage();
    await signIn('admin@northmoor.example');
    await page.goto(`${server.url}/imports/new`);
    await page.getByLabel('Feed').selectOption('pupil_roll');
    await page.getByLabel('Agency that sent it').selectOption({ label: 'Northmoor Schools' });
    await page.getByLabel('CSV (with a header row)').check();
    await page.locator('input[type="file"]').setInputFiles({
      name: 'second-roll.csv',
      mimeType: 'text/csv',
      buffer: roll(30_000, 5000, 'Nojstest'),
    });
    await page.getByRole('button', { name: 'Import the file' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    // axe needs JavaScript to run; the same pages are checked with JavaScript on in the test above.
    await screenshot(page, 'imports-batch-running-no-js');
    for (let i = 0; i < 240; i++) {
      if ((await page.getByText(DONE).count()) > 0) break;
      await page.waitForTimeout(500);
      await page.getByRole('button', { name: 'Refresh' }).click();
      if (i === 0) await screenshot(page, 'imports-batch-refreshed-no-js');
    }
    expect(await page.getByText('5,000 in = 4,995 loaded + 5 quarantined + 0 duplicate').count()).toBe(1);
    await screenshot(page, 'imports-batch-completed-no-js');
    await context.close();
  });
});
