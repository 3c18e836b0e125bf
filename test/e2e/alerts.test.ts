// Early warning in a real browser. Two agency files are imported through the real pipeline and the
// alerts appear with nobody running a command; a coordinator works the inbox (priority order, the facts
// behind an alert, acknowledge, snooze and dismiss with reasons, the error summary when a reason is
// missing), reads the rules' record and the fairness monitor; a school DSL sees only the alert routed
// to them as lead professional. Every page is screenshotted and checked with axe.
import { Writable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCaseTables } from '../../src/cases/index.ts';
import { DEMO_PASSWORD, loadDemoPartnership } from '../../src/demo/index.ts';
import { importFile } from '../../src/imports/index.ts';
import { withAlertTables } from '../../src/indicators/index.ts';
import { tempDir, writeFeed } from '../../src/imports/fixtures.test-support.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import type { App } from '../../src/platform/http/app.ts';
import { newId } from '../../src/platform/ids/ids.ts';
import { createLogger } from '../../src/platform/logging/logger.ts';
import { buildApp } from '../../src/server.ts';
import { capturePage, launchBrowser, signInThroughPage } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

// Demo NHS numbers (invented): Amelia Hartwell and Kayden Osei; two children new to the partnership.
const HARTWELL = '9434765919';
const OSEI = '9434765870';
const ED = [
  'attendance_id,site,arrived_at,nhs_number,forename,surname,date_of_birth,sex,address_line1,postcode,phone,reason,accompanied_by',
  `ED-E2E-1,Northmoor General Hospital,2026-10-25T01:00,${HARTWELL},Amelia,Hartwell,2011-03-14,F,,NM4 7QT,,intoxication,unknown_adult`,
  `ED-E2E-2,Northmoor General Hospital,2026-10-10T23:30,${OSEI},Kayden,Osei,2010-11-02,M,,NM2 3LP,,intoxication,friend`,
  `ED-E2E-5,Northmoor General Hospital,2026-10-18T22:15,${OSEI},Kayden,Osei,2010-11-02,M,,NM2 3LP,,self_harm,parent`,
  'ED-E2E-3,Northmoor General Hospital,2026-09-10T01:00,,Rowan,Fairbrook,2014-03-01,F,1 Mill Lane,NM1 1AA,,intoxication,unknown_adult',
  'ED-E2E-4,Northmoor General Hospital,2026-09-28T02:00,,Kit,Ashby,2013-12-02,F,4 Quay Street,NM3 7JD,,assault,unknown_adult',
];
const SH = [
  'attendance_id,clinic,attended_at,nhs_number,forename,surname,date_of_birth,sex,postcode,phone,attendance_type',
  `SH-E2E-1,Young People's Clinic,2026-10-01T15:00,${OSEI},Kayden,Osei,2010-11-02,M,NM2 3LP,,sti_test`,
  `SH-E2E-2,Young People's Clinic,2026-10-22T15:00,${OSEI},Kayden,Osei,2010-11-02,M,NM2 3LP,,sti_test`,
  "SH-E2E-3,Young People's Clinic,2026-10-01T15:00,,Rowan,Fairbrook,2014-03-01,F,NM1 1AA,,sti_test",
  "SH-E2E-4,Young People's Clinic,2026-10-20T15:00,,Rowan,Fairbrook,2014-03-01,F,NM1 1AA,,sti_test",
  "SH-E2E-5,Young People's Clinic,2026-10-05T15:00,,Kit,Ashby,2013-12-02,F,NM3 7JD,,pregnancy",
  "SH-E2E-6,Young People's Clinic,2026-10-26T15:00,,Kit,Ashby,2013-12-02,F,NM3 7JD,,sti_test",
];

describe('early warning in a real browser: inbox, evidence, lifecycle, rules and fairness', () => {
  let database: TestDatabase;
  let app: App;
  let url: string;
  let browser: Browser;
  let page: Page;
  let hartwell: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const demo = await loadDemoPartnership(database.db);
    const personId = async (familyName: string) =>
      (
        await database.db
          .selectFrom('person')
          .select('id')
          .where('family_name', '=', familyName)
          .executeTakeFirstOrThrow()
      ).id;
    // Kayden Osei has an open case led by the school's DSL: his alerts go to her as lead professional.
    const osei = await personId('Osei');
    hartwell = await personId('Hartwell');
    const dsl = await database.db
      .selectFrom('user_account')
      .select(['id', 'agency_id'])
      .where('email', '=', 'dsl@northmoor.example')
      .executeTakeFirstOrThrow();
    const caseId = newId();
    const at = new Date('2026-10-15T10:00:00Z');
    const cdb = withCaseTables(database.db);
    await cdb
      .insertInto('case_record')
      .values({
        id: caseId,
        partnership_id: demo.partnershipId,
        subject_kind: 'child',
        title: 'Kayden Osei',
        reason: 'Collected from school by an older male not known to the school.',
        lead_agency_id: dsl.agency_id,
        lead_user_id: dsl.id,
        location_id: null,
        status: 'open',
        review_due_on: null,
        opened_at: at,
        opened_by: null,
        outcome: null,
        closure_reason: null,
        closed_at: null,
        closed_by: null,
      })
      .execute();
    await cdb
      .insertInto('case_child')
      .values({
        partnership_id: demo.partnershipId,
        case_id: caseId,
        person_id: osei,
        link: 'subject',
        added_at: at,
      })
      .execute();

    app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', SIGHTLINE_DEMO_MODE: 'true' }),
      database,
      logger: createLogger({
        level: 'info',
        destination: new Writable({
          write(chunk: Buffer, _enc, done) {
            logLines.push(chunk.toString());
            done();
          },
        }),
      }),
      clock: fixedClock('2026-11-02T09:00:00.000Z'),
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });

    // The health trust's files arrive: alerts follow from the import itself.
    const dir = tempDir();
    for (const [feed, name, lines] of [
      ['ed_attendances', 'ed', ED],
      ['sexual_health', 'sh', SH],
    ] as const) {
      const s = await importFile(database, {
        partnershipId: demo.partnershipId,
        feed,
        file: writeFeed(dir, `health/${name}`, lines),
      });
      expect(s.quarantined).toBe(0);
    }
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
    await database.dispose();
  });

  async function check(name: string) {
    expect(await capturePage(page, `alerts-${name}`), name).toEqual([]);
  }
  const signIn = (email: string) => signInThroughPage(page, url, email, DEMO_PASSWORD);
  const headings = () => page.locator('main h2.govuk-heading-m a').allTextContents();
  const openAlertFor = async (name: string) => {
    await page.getByRole('link', { name, exact: true }).click();
    await page.waitForURL(/\/alerts\/[0-9a-f-]{36}$/);
  };

  it('raised the alerts from the import, logging counts only', () => {
    const text = logLines.join('');
    expect(text).toContain('early warning evaluated after import');
    expect(text).not.toMatch(/Hartwell|Osei|Fairbrook|Ashby|9434765/);
  });

  it('a coordinator works the inbox, most urgent first, with the facts behind each alert', async () => {
    await signIn('coordinator@northmoor.example');
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.waitForURL('**/alerts');
    const order = await headings();
    expect(order[0]).toBe('Amelia Hartwell');
    expect([...order].sort()).toEqual(['Amelia Hartwell', 'Kayden Osei', 'Kit Ashby', 'Rowan Fairbrook']);
    await check('inbox');

    // The facts that fired it, then acknowledge.
    await openAlertFor('Amelia Hartwell');
    expect(await page.getByRole('heading', { name: 'Why this alert was raised' }).count()).toBe(1);
    const records = page.getByRole('table', { name: 'Records behind this alert' });
    expect(await records.getByText('Reported missing').count()).toBeGreaterThan(0);
    expect(await records.getByText('Found in the company of an adult').count()).toBe(1);
    expect(await records.getByText('Emergency department attendance').count()).toBe(1);
    await check('alert');
    await page.getByRole('button', { name: 'Acknowledge: I am looking at this' }).click();
    await page.waitForURL(/\/alerts\/[0-9a-f-]{36}$/);
    expect(await page.locator('.govuk-summary-list').getByText('Acknowledged').count()).toBe(1);
    await check('acknowledged');

    // Snooze one with a reason and a date: it leaves the inbox until then.
    await page.getByRole('link', { name: 'Back to alerts' }).click();
    await openAlertFor('Rowan Fairbrook');
    await page.getByLabel('Snooze: why wait?').fill('A strategy meeting is booked for next week.');
    await page.getByLabel('Day').fill('16');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2026');
    await check('snooze-filled');
    await page.getByRole('button', { name: 'Snooze alert' }).click();
    await page.waitForURL('**/alerts');
    expect(await headings()).not.toContain('Rowan Fairbrook');
    await check('inbox-after-snooze');

    // Dismiss one: without a reason the error summary says what to do; with one it closes.
    await openAlertFor('Kit Ashby');
    await page.getByRole('button', { name: 'Dismiss alert' }).click();
    await page.waitForSelector('.govuk-error-summary');
    expect(
      await page.locator('.govuk-error-summary').getByText('Enter why you are dismissing this alert').count(),
    ).toBe(1);
    expect(await page.title()).toMatch(/^Error: /);
    await check('dismiss-error');
    await page.locator('.govuk-error-summary a').click();
    await page
      .getByLabel('Dismiss: why is no action needed?')
      .fill('Known to the team; a support plan is in place.');
    await page.getByRole('button', { name: 'Dismiss alert' }).click();
    await page.waitForURL('**/alerts');
    expect(await headings()).toEqual(['Amelia Hartwell', 'Kayden Osei']);
    await check('inbox-after-dismiss');

    // The rules' live record and the fairness monitor.
    await page.getByRole('link', { name: 'How alerts are raised: the rules and their record' }).click();
    await page.waitForURL('**/alerts/rules');
    expect(await page.getByRole('heading', { name: 'Early-warning rules' }).count()).toBe(1);
    await check('rules');
    await page.getByRole('link', { name: 'Alert rates by group' }).click();
    await page.waitForURL('**/alerts/fairness');
    await check('fairness');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signed-out');
  });

  it('a practitioner sees only the alert routed to them', async () => {
    await signIn('dsl@northmoor.example');
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.waitForURL('**/alerts');
    expect(await headings()).toEqual(['Kayden Osei']);
    expect(await page.getByText('Sent to the lead professional').count()).toBe(1);
    await check('practitioner-inbox');
    await openAlertFor('Kayden Osei');
    // Health records stay with health: counted, not described.
    expect(await page.getByText(/records are held by another agency and not shown to you/).count()).toBe(1);
    expect(await page.getByText(/reasons rest on records held by another agency/).count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toMatch(/sexual|self-harm|Emergency/i);
    // With every reason withheld she may acknowledge or act on it, not dismiss or snooze it.
    expect(await page.getByText(/so you cannot dismiss or snooze it/).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Dismiss alert' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Acknowledge: I am looking at this' }).count()).toBe(1);
    await check('practitioner-alert');
    // Another child's alert, sent to the MASH, is not found for her.
    const mash = await withAlertTables(database.db)
      .selectFrom('alert')
      .select('id')
      .where('person_id', '=', hartwell)
      .executeTakeFirstOrThrow();
    await page.goto(`${url}/alerts/${mash.id}`);
    expect(await page.getByRole('heading', { name: 'Page not found' }).count()).toBe(1);
    await check('practitioner-alert-not-found');
    await page.goto(`${url}/alerts/rules`);
    expect(await page.getByRole('heading', { name: 'Page not found' }).count()).toBe(1);
    await check('practitioner-rules-not-found');
  });
});
