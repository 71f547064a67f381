import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD, createTestSchool, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { totpCode } from '../helpers/two-factor.js';
import { DESKTOP, checkPage, launchChromium, newContext, screenshot, startServedApi } from './browser.js';

/**
 * Two-factor sign-in through the web app's own screens, in Chromium: a SENCO sets up an authenticator app on
 * the "Two-factor sign-in" page and signs in with the second step; the head requires two-factor for heads,
 * resets the SENCO, and is sent to set up an app at their own next sign-in. Each screen is axe-checked.
 */
jest.setTimeout(240_000);

let api: TestApi;
let browser: Browser;
let fixture: TestSchool;
let base: string;

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  fixture = await createTestSchool(api.dataSource);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** A fresh browser: the password step, then `run` on whatever comes next. */
async function signIn(email: string, run: (page: Page) => Promise<void>) {
  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${base}/app/login`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await run(page);
  } catch (error) {
    await screenshot(page, `failure-two-factor-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
    expect(errors).toEqual([]);
  }
}

let secret = '';

it('a SENCO sets up an authenticator app and gets recovery codes', async () => {
  await signIn(fixture.users.senco.email, async (page) => {
    await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
    await page.goto(`${base}/app/two-factor`);
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getByRole('link', { name: 'Open in an authenticator app' }).getAttribute('href')).toMatch(/^otpauth:\/\/totp\//);
    await checkPage(page, 'two-factor-enrol');
    await page.getByLabel('Code from your authenticator app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByText('Recovery codes left: 10').waitFor();
    await expect(page.getByTestId('recovery-codes').locator('li').count()).resolves.toBe(10);
    await checkPage(page, 'two-factor-on');
  });
});

it('the SENCO signs in with the second step', async () => {
  await signIn(fixture.users.senco.email, async (page) => {
    await page.getByLabel('Code from your authenticator app').waitFor();
    await checkPage(page, 'two-factor-second-step');
    await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, 1));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
  });
});

it('the head requires two-factor for heads, resets the SENCO, and sets up their own app at the next sign-in', async () => {
  await signIn(fixture.users.head.email, async (page) => {
    await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
    await page.getByRole('link', { name: 'Two-factor', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Heads' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByLabel('Their email address').fill(fixture.users.senco.email);
    await page.getByRole('button', { name: 'Reset two-factor sign-in' }).click();
    await page.getByText('Reset. It is recorded in the audit log.').waitFor();
    await checkPage(page, 'two-factor-policy');
  });
  await signIn(fixture.users.head.email, async (page) => {
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const key = (await page.getByTestId('totp-secret').textContent()) ?? '';
    await checkPage(page, 'two-factor-enrol-at-sign-in');
    await page.getByLabel('Code from your authenticator app').fill(totpCode(key));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
  });
  // The SENCO's app was reset: the password alone signs them in again.
  await signIn(fixture.users.senco.email, (page) => page.waitForURL((url) => url.pathname.startsWith('/app/s/')));
});
