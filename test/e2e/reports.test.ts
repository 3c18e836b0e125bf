import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/index.ts';
import {
  axeViolations,
  launchBrowser,
  screenshot,
  SCREENSHOT_DIR,
  signInThroughPage,
} from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('partnership reporting in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer({
      env: { SIGHTLINE_PSEUDONYM_KEY: 'e2e-pseudonym-key-0123456789abcdef0123' },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  async function signIn(email: string): Promise<void> {
    page = await browser.newPage();
    await signInThroughPage(page, server.url, email, DEMO_PASSWORD);
  }

  /** Every chart is an image with a non-empty title and description, and has its data table. */
  async function chartsHaveTextAlternatives(): Promise<number> {
    const charts = page.locator('svg[role="img"]');
    const n = await charts.count();
    for (let i = 0; i < n; i += 1) {
      const chart = charts.nth(i);
      const ids = (await chart.getAttribute('aria-labelledby'))!.split(' ');
      expect(ids).toHaveLength(2);
      for (const id of ids) {
        expect((await page.locator(`[id="${id}"]`).textContent())!.trim().length).toBeGreaterThan(3);
      }
      const figure = page.locator('figure').filter({ has: page.locator(`[id="${ids[0]}"]`) });
      await expect(figure.locator('table').count()).resolves.toBe(1);
    }
    return n;
  }

  async function check(name: string): Promise<void> {
    await screenshot(page, `reports-${name}`);
    expect(await axeViolations(page), name).toEqual([]);
  }

  it('a partnership analyst opens the dashboard, the return and data quality; charts have text alternatives; axe finds nothing', async () => {
    await signIn('board@northmoor.example');
    await page.goto(`${server.url}/reports/dashboard`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Partnership dashboard',
    );
    expect(await chartsHaveTextAlternatives()).toBeGreaterThan(3);
    await check('dashboard');
    await page
      .locator('figure')
      .first()
      .screenshot({ path: join(SCREENSHOT_DIR, 'reports-dashboard-figure.png') });

    await page.goto(`${server.url}/reports/return`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'CSE partnership return',
    );
    expect(await chartsHaveTextAlternatives()).toBeGreaterThan(8);
    await page.getByText('Data table: Victims by sex').click();
    await expect(page.getByRole('table', { name: 'Victims by sex' }).isVisible()).resolves.toBe(true);
    await check('return');
    // Close-ups at full resolution, to look at a bar chart with its open data table, and a line chart.
    await page
      .locator('figure')
      .first()
      .screenshot({ path: join(SCREENSHOT_DIR, 'reports-return-figure.png') });
    const csv = await page.request.get(
      `${server.url}${await page.getByRole('link', { name: 'CSV of the CSE return' }).getAttribute('href')}`,
    );
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('CSE partnership return');

    await page.goto(`${server.url}/reports/data-quality`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Data quality');
    await chartsHaveTextAlternatives();
    await check('data-quality');

    await page.getByLabel('From (YYYY-MM-DD)').fill('2020-01-01');
    await page.getByRole('button', { name: 'Show period' }).click();
    await page.waitForURL('**/reports/data-quality?from=2020-01-01*');
    await check('data-quality-period');
    await page.close();
  });

  it("an agency's data-protection lead sees only its own records to fix", async () => {
    await signIn('dplead@northmoor.example');
    await page.goto(`${server.url}/reports/data-quality`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      "Your agency's records to fix",
    );
    expect(await page.locator('svg[role="img"]').count()).toBe(0);
    await check('records-to-fix');
    const dashboard = await page.goto(`${server.url}/reports/dashboard`);
    expect(dashboard!.status()).toBe(404);
    await page.close();
  });
});
