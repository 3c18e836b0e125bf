import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/index.ts';
import { seedNetwork, type SeededNetwork } from '../../src/network/testing/seed-network.ts';
import { capturePage, launchBrowser, screenshot } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('recording intelligence in a real browser (police analyst)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let seeded: SeededNetwork;

  beforeAll(async () => {
    server = await startTestServer({ env: { SIGHTLINE_DEMO_MODE: 'true' } });
    const police = await server.database.db
      .selectFrom('agency')
      .select(['id', 'partnership_id'])
      .where('kind', '=', 'police')
      .executeTakeFirstOrThrow();
    // Two groups: Dean Ashby's (vehicle QX10 ABC) and another with vehicle QX11 ABC.
    seeded = await seedNetwork(server.database.db, police.partnership_id, police.id, { groups: 2 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email address').fill('analyst@northmoor.example');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }, 120_000);
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  async function check(p: Page, name: string) {
    expect(await capturePage(p, `intelligence-${name}`), name).toEqual([]);
  }

  it('records a graded item linked to a person and a vehicle, lists it and draws it on the link chart', async () => {
    await page.getByRole('link', { name: 'Intelligence', exact: true }).click();
    await page.waitForURL('**/intelligence');
    await page.getByRole('button', { name: 'Record intelligence' }).click();
    await page.waitForURL('**/intelligence/new');
    await check(page, 'new');

    // Nothing answered: the GOV.UK error summary, linked to each field.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.title()).toMatch(/^Error: Record intelligence/);
    await page.getByRole('link', { name: 'Select how reliable the source is' }).click();
    expect(await page.evaluate('document.activeElement?.id')).toBe('sourceEvaluation');
    await check(page, 'new-errors');

    await page
      .getByLabel('What is the intelligence?')
      .fill(
        'The informant says an adult in a silver hatchback, QX11 ABC, waits outside the park on Friday nights and offers children lifts. Seen with Dean Ashby.',
      );
    await page.getByLabel('Type of source').fill('Member of the public');
    await page.getByLabel('Source reference').fill('SRC-5102');
    await page.getByRole('radio', { name: '2: Untested' }).check();
    await page.getByRole('radio', { name: 'A: Known directly to the source' }).check();
    await page.getByRole('radio', { name: 'P: Lawful sharing permitted' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: /Link the intelligence/ }).waitFor();

    // Links chosen by search, never by pasting ids.
    await page.getByLabel(/Search for a person/).fill('Ashby');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: 'Link Dean Ashby' }).click();
    await page.getByRole('button', { name: 'Remove Dean Ashby' }).waitFor();
    await page.getByLabel(/Search for a person/).fill('qx11');
    await page.getByLabel(/Search for a person/).press('Enter'); // Enter searches
    await page.getByRole('button', { name: 'Link Vehicle QX11 ABC' }).waitFor();
    await check(page, 'links-search');
    await page.getByRole('button', { name: 'Link Vehicle QX11 ABC' }).click();
    await page.getByRole('button', { name: 'Remove Vehicle QX11 ABC' }).waitFor();
    const result = page.getByRole('table', { name: /Records matching/ }).getByRole('row');
    expect(await result.filter({ hasText: 'Vehicle QX11 ABC' }).filter({ hasText: 'Linked' }).count()).toBe(
      1,
    );
    await check(page, 'links-chosen');

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check the intelligence before you save it' }).waitFor();
    const shareable = await page.locator('#shareable-version').innerText();
    expect(shareable).toBe('[sentence removed] Seen with Dean Ashby.');
    await check(page, 'check');

    await page.getByRole('button', { name: 'Save intelligence' }).click();
    await page.waitForURL('**/intelligence?recorded=*');
    await page.getByRole('heading', { name: 'Intelligence recorded, graded 2A P (3x5x2)' }).waitFor();
    expect(await page.getByRole('cell', { name: /silver hatchback, QX11 ABC/ }).count()).toBe(1);
    await check(page, 'list');

    await page.getByRole('link', { name: 'View the intelligence' }).click();
    await page.waitForURL('**/intelligence/*');
    expect(await page.getByRole('link', { name: 'Vehicle QX11 ABC' }).count()).toBe(1);
    expect(await page.getByText('[sentence removed] Seen with Dean Ashby.').count()).toBe(1);
    await check(page, 'item');

    // On Dean Ashby's link chart, the other group's vehicle is now one link away, with the item as evidence.
    await page.getByRole('link', { name: 'Dean Ashby' }).click();
    await page.waitForURL('**/network/chart?*');
    await page.waitForSelector('#link-chart[data-nodes]');
    const nodes = page.getByRole('table', { name: 'People, objects and places' });
    expect(await nodes.getByRole('link', { name: 'QX11 ABC' }).count()).toBe(1);
    const links = page.getByRole('table', { name: 'Links and their evidence' });
    const row = links
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'QX11 ABC', exact: true }) })
      .filter({ has: page.getByRole('cell', { name: 'Dean Ashby', exact: true }) });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toMatch(/intelligence on \d{4}-\d{2}-\d{2}/);
    await check(page, 'chart');
    expect(seeded.groups).toHaveLength(2);
  }, 120_000);

  it('works without JavaScript: every step is a server-rendered form', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      storageState: await page.context().storageState(),
      viewport: { width: 1200, height: 900 },
    });
    const p = await context.newPage();
    await p.goto(`${server.url}/intelligence/new`);
    await p.getByLabel('What is the intelligence?').fill('Vehicle QX10 ABC seen outside the hotel at night.');
    await p.getByLabel('Type of source').fill('Patrol officer');
    await p.getByLabel('Source reference').fill('PATROL-88');
    await p.getByRole('radio', { name: '1: Reliable' }).check();
    await p.getByRole('radio', { name: 'A: Known directly to the source' }).check();
    await p.getByRole('radio', { name: 'C: Lawful sharing permitted with conditions' }).check();
    await p.getByRole('button', { name: 'Continue' }).click();
    await p.getByRole('link', { name: 'Enter the handling conditions for handling code C' }).waitFor();
    await screenshot(p, 'intelligence-no-js-errors');
    await p.getByLabel(/Handling conditions/).fill('Not to be shared before the operation ends');
    await p.getByRole('button', { name: 'Continue' }).click();
    await p.getByLabel(/Search for a person/).fill('Moorside');
    await p.getByRole('button', { name: 'Search', exact: true }).click();
    await p.getByRole('button', { name: /Link Moorside Hotel 1/ }).click();
    await p.getByRole('button', { name: 'Continue' }).click();
    await p.getByRole('heading', { name: 'Check the intelligence before you save it' }).waitFor();
    expect(await p.locator('#shareable-version').innerText()).toContain(
      'Partners will not see this intelligence',
    );
    await screenshot(p, 'intelligence-no-js-check');
    await p.getByRole('button', { name: 'Save intelligence' }).click();
    await p.getByRole('heading', { name: 'Intelligence recorded, graded 1A C (3x5x2)' }).waitFor();
    await context.close();
  }, 60_000);
});
