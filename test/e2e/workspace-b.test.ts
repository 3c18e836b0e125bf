import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, screenshot } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('practitioner workspace B in a real browser: case, MACE meeting, actions, support plan', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let hartwell: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { SIGHTLINE_DEMO_MODE: 'true' } });
    hartwell = (
      await server.database.db
        .selectFrom('person')
        .select('id')
        .where('family_name', '=', 'Hartwell')
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
    await screenshot(page, `workspace-b-${name}`);
    expect(await axeViolations(page), name).toEqual([]);
  }
  async function date(name: string, value: string) {
    const [y, m, d] = value.split('-');
    await page.locator(`#${name}-day`).fill(String(Number(d)));
    await page.locator(`#${name}-month`).fill(String(Number(m)));
    await page.locator(`#${name}-year`).fill(y!);
  }
  const submit = (name: string) => page.getByRole('button', { name, exact: true }).click();

  it('opens a case, holds a MACE meeting with restricted minutes, escalates an overdue action and records a support plan', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email address').fill('coordinator@northmoor.example');
    await page.getByLabel('Password').fill('northmoor-demo-only');
    await submit('Continue');
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));

    // Open a case from the child's page link.
    await page.goto(`${server.url}/cases/new?child=${hartwell}`);
    await check('case-new');
    await submit('Open case');
    await page.waitForSelector('.govuk-error-summary');
    await check('case-new-errors');
    await page
      .getByLabel('Why is the case being opened?')
      .fill('Missing from placement twice and found in a car with an older adult.');
    await page.getByLabel('Lead agency').selectOption({ label: "Northmoor Children's Services" });
    await page.getByLabel('Northmoor Police').check();
    await page.getByLabel('Northmoor Hospitals NHS Trust').check();
    await date('reviewDueOn', iso(10));
    await submit('Open case');
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toContain('Amelia Hartwell');
    await check('case');
    await page.goto(`${server.url}/cases?view=all`);
    await check('case-list');

    // Schedule a MACE meeting: the case is suggested for the agenda.
    await page.goto(`${server.url}/meetings/new`);
    expect(await page.locator('#agenda').isChecked()).toBe(true);
    await check('meeting-new');
    await page.getByLabel('MACE (multi-agency child exploitation)').check();
    await page.getByLabel('Title').fill('Northmoor MACE');
    await date('heldOn', iso(-5));
    for (const a of ['Northmoor Police', 'Northmoor Hospitals NHS Trust', "Northmoor Children's Services"]) {
      await page.getByLabel(a).check();
    }
    await submit('Schedule meeting');
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    const meetingUrl = page.url();
    await check('meeting');

    await page.getByRole('button', { name: 'Record attendance' }).click();
    await check('meeting-attendance');
    for (const r of await page.getByLabel('Attended', { exact: true }).all()) await r.check();
    await submit('Save attendance');

    await page.goto(`${meetingUrl}/minutes`);
    await check('meeting-minutes');
    await page.getByLabel('Heading').fill('Police update');
    await page.getByLabel('Minutes').fill('Disruption planned at the address in NM4.');
    await page.getByLabel('Only the agencies I name (restricted)').check();
    await page
      .getByRole('group', { name: 'Which agencies may see this section?' })
      .getByLabel('Northmoor Police')
      .check();
    await submit('Save section');

    await page.goto(`${meetingUrl}/decisions`);
    await check('meeting-decisions');
    await page.getByLabel('Decision').fill('Continue the case; refer to the specialist CSE worker.');
    await submit('Save decision');

    await page.goto(`${meetingUrl}/actions`);
    await check('meeting-actions');
    await page.getByLabel('What needs to be done?').fill('Disruption visit to the address in NM4');
    await page.getByLabel('Agency that owns the action').selectOption({ label: 'Northmoor Police' });
    await page.getByLabel('Person who owns the action').fill('DS Rao');
    await date('dueOn', iso(-2));
    await submit('Save action');
    await page.waitForURL(/#actions$/);
    expect(await page.getByText('Visible only to:').textContent()).toContain('Northmoor Police');
    await check('meeting-complete');

    // The overdue action escalates.
    await page.goto(`${server.url}/actions`);
    await check('actions-overdue');
    await submit('Escalate overdue actions now');
    await page.waitForURL('**/actions');
    expect(await page.locator('main').textContent()).toContain('Escalated');
    await check('actions-escalated');

    // A support plan, led by what the child wants.
    await page.goto(`${server.url}/support/${hartwell}`);
    await check('support-empty');
    await page.getByRole('button', { name: 'Start a support plan' }).click();
    await check('support-plan-form');
    await page.getByLabel('What I want').fill('I want to stay at my placement and go back to college.');
    await page
      .getByLabel('Safety plan')
      .fill('Call Jo (key worker) or the placement; taxi home is paid for.');
    await page.getByLabel('Key worker', { exact: true }).fill('Jo Reyes');
    await page.getByLabel("Key worker's agency").selectOption({ label: 'Safe Steps (voluntary sector)' });
    await page.getByLabel('Review every (months)').fill('3');
    await date('nextReviewOn', iso(20));
    await submit('Save support plan');
    await page.waitForURL(/\/support\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Add a service' }).click();
    await check('support-service-form');
    await page.getByLabel('Independent sexual violence adviser (ISVA)').check();
    await page.getByLabel('Who provides it').fill('Northmoor ISVA service');
    await page.getByLabel('Active').check();
    await submit('Save service');
    await page.getByRole('button', { name: 'Record contact or a review' }).click();
    await check('support-contact-form');
    await page.getByLabel('Contact with the young person').check();
    await date('occurredOn', iso(-1));
    await page.getByLabel('Engaged', { exact: true }).check();
    await page.getByLabel('Note').fill('Met at college; talked about the court date.');
    await submit('Save');
    await page.waitForURL(/\/support\/[0-9a-f-]{36}$/);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text.indexOf('What I want')).toBeLessThan(text.indexOf('Safety plan'));
    await check('support-plan');
    await page.goto(`${server.url}/support`);
    await check('support-reviews');
  });
});
