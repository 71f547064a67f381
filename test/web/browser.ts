import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import playwright from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { freePort } from '../helpers/ports.js';
import { totpCode } from '../helpers/two-factor.js';
import { TEST_PASSWORD } from '#libs/testing';

// The functions passed to page.evaluate run in the browser; the root tsconfig has no DOM types.
declare const document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelector(s: string): { textContent: string | null } | null };

/**
 * Debian's Chromium, driven by playwright-core (its own browser download cannot work here). scripts/test.mjs
 * installs Chromium when it is missing and passes its path in CHROMIUM_PATH.
 */
export async function launchChromium(): Promise<Browser> {
  return playwright.chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;
export const DESKTOP = { viewport: { width: 1280, height: 900 } } as const;

export async function newContext(browser: Browser, device: typeof PHONE | typeof DESKTOP = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({ ...device, locale: 'en-GB', timezoneId: 'Europe/London' });
  // Generous: CI machines are small and the worker shares them.
  context.setDefaultTimeout(30_000);
  return context;
}

/** Screenshots of each main page, for people to look at: <TEST_DATA_DIR>/screenshots (gitignored). */
const shotDir = join(process.env.TEST_DATA_DIR || '.data/test', 'screenshots');
mkdirSync(shotDir, { recursive: true });
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shotDir, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * axe-core's WCAG 2.0–2.2 A and AA rules on the page as it is now. axe is evaluated through the DevTools
 * protocol, which the page's content security policy does not apply to, so the policy stays on under test.
 * Returns the serious and critical violations, described for a readable failure.
 */
export async function axeSerious(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }).then((r) => r.violations)`,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`)
          .join(' | ')}`,
    );
}

/**
 * Each main page: wait until it has loaded, save a screenshot, check it with axe, and check that at 320 px
 * wide it reflows without scrolling sideways (WCAG 1.4.10; a wide table scrolls inside its own region).
 */
export async function checkPage(page: Page, name: string, options: { reflow?: boolean } = {}): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[role="status"]')?.textContent?.startsWith('Loading'));
  await screenshot(page, name);
  expect({ page: name, violations: await axeSerious(page) }).toEqual({ page: name, violations: [] });
  if (options.reflow === false) return;
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize(size);
  expect({ page: name, overflowAt320px: overflow }).toEqual({ page: name, overflowAt320px: 0 });
}

/** The page never scrolls sideways at this width (WCAG 1.4.10 reflow). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The API serving the web app on a free port, PUBLIC_URL set to it, for a browser to drive. */
export async function startServedApi(): Promise<{ api: TestApi; base: string }> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const api = await startTestApi({ env: { PUBLIC_URL: base } });
  await api.app.listen(port, 'localhost');
  return { api, base };
}

/** A fresh desktop browser signed in with the test password, on the user's first school page. */
export async function signedInPage(browser: Browser, base: string, email: string): Promise<Page> {
  const page = await (await newContext(browser, DESKTOP)).newPage();
  await page.goto(`${base}/app/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
  return page;
}

/**
 * A platform admin's first sign-in on `page`: the password, then the authenticator app every platform admin must
 * set up, answered with a code from the key the page shows.
 */
export async function signInAsNewAdmin(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/app/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const key = (await page.getByTestId('totp-secret').textContent()) ?? '';
  await page.getByLabel('Code from your authenticator app').fill(totpCode(key));
  await page.getByRole('button', { name: 'Continue' }).click();
}
