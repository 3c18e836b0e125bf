import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, screenshot } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('start page in a real browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('renders the start page with GOV.UK styles, runs its scripts, and axe finds no violations', async () => {
    const page = await browser.newPage();
    const cspErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') cspErrors.push(message.text());
    });
    await page.goto(server.url);
    await expect(page.locator('h1').textContent()).resolves.toContain(
      'Protecting children from sexual exploitation',
    );
    // GOV.UK Frontend's stylesheet applied (the heading uses its font size) and our module script ran.
    const fontSize = String(await page.evaluate("getComputedStyle(document.querySelector('h1')).fontSize"));
    expect(Number.parseFloat(fontSize)).toBeGreaterThanOrEqual(32);
    await expect(page.locator('body').getAttribute('class')).resolves.toContain('js-enabled');
    await screenshot(page, 'start-page');
    expect(await axeViolations(page)).toEqual([]);
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  // axe itself needs JavaScript, so this check is about the page still working and looking right.
  it('works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url);
    await expect(page.locator('a.govuk-button--start').isVisible()).resolves.toBe(true);
    await expect(page.locator('body').getAttribute('class')).resolves.not.toContain('js-enabled');
    await expect(page.locator('a.govuk-button--start').getAttribute('href')).resolves.toMatch(/^\//);
    await screenshot(page, 'start-page-no-js');
    await context.close();
  });
});
