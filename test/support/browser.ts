/**
 * Real-browser tests drive Debian's Chromium through playwright-core (no browser download). Screenshots go
 * to test-results/ (git-ignored) so a person can look at every page a test visited.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Debian's Chromium (CHROMIUM_PATH overrides /usr/bin/chromium). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** Saves a full-page screenshot named after the step. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Runs axe against WCAG 2.x A and AA (including 2.2) and returns the violations. */
export async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/**
 * Waits for the web fonts (so the screenshot shows the text), saves a full-page screenshot named `name`
 * and returns axe's violations for the page.
 *
 * @example
 * expect(await capturePage(page, 'imports-upload'), 'upload').toEqual([]);
 */
export async function capturePage(page: Page, name: string) {
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { fonts: { status: string } } }).document.fonts.status ===
      'loaded',
  );
  await screenshot(page, name);
  return axeViolations(page);
}

/**
 * Signs in through the sign-in page (demo mode: no second factor) and waits to leave it.
 *
 * @example
 * await signInThroughPage(page, server.url, 'dsl@northmoor.example', DEMO_PASSWORD);
 */
export async function signInThroughPage(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
