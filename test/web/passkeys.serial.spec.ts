import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD, addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { DESKTOP, checkPage, launchChromium, newContext, screenshot, startServedApi } from './browser.js';

/**
 * Passkeys through the web app in Chromium with a virtual authenticator (the DevTools protocol's WebAuthn
 * domain: a platform authenticator with resident keys and user verification, as a laptop's fingerprint
 * reader is): a teacher adds a passkey on "Your account", signs out, and signs in with the passkey alone.
 * The app is served on http://localhost:<port>, a secure context, so the RP ID is 'localhost'.
 */
jest.setTimeout(240_000);

let api: TestApi;
let browser: Browser;
let base: string;
let fixture: TestSchool;

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  fixture = await createTestSchool(api.dataSource);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function withAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
}

it('a teacher adds a passkey on the account page, signs out, and signs in with the passkey alone', async () => {
  const teacher = await addMember(api.dataSource, fixture.school.id, 'teacher');
  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await withAuthenticator(page);
    await page.goto(`${base}/app/login`);
    await page.getByLabel('Email address').fill(teacher.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));

    // "Your account", from the account menu: no passkeys yet; add one, named.
    await page.getByText(teacher.displayName).first().click();
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.getByRole('heading', { name: 'Passkeys' }).waitFor();
    await page.getByText('You have no passkeys yet.').waitFor();
    await page.getByLabel('Name for the new passkey').fill('Classroom laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey “Classroom laptop” added').waitFor();
    const list = page.getByRole('region', { name: 'Your passkeys' });
    await list.getByRole('cell', { name: 'Classroom laptop', exact: true }).waitFor();
    await list.getByRole('cell', { name: 'Not used yet' }).waitFor();
    await checkPage(page, 'account-passkeys');

    // Signed out: the login page offers the passkey; no email or password is typed.
    // The account menu may still be open from going to Your account.
    const signOut = page.getByRole('button', { name: 'Sign out', exact: true });
    if (!(await signOut.isVisible())) await page.getByText(teacher.displayName).first().click();
    await signOut.click();
    await page.waitForURL(/\/app\/login/);
    await page.getByRole('heading', { name: 'Sign in with a passkey' }).waitFor();
    await checkPage(page, 'login-passkey');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));

    // The passkey now shows when it was last used; removing it empties the list.
    await page.goto(`${base}/app/account`);
    const after = page.getByRole('region', { name: 'Your passkeys' });
    await after.getByRole('cell', { name: 'Classroom laptop', exact: true }).waitFor();
    expect(await after.getByRole('cell', { name: 'Not used yet' }).count()).toBe(0);
    await after.getByRole('button', { name: 'Remove passkey Classroom laptop' }).click();
    await page.getByText('You have no passkeys yet.').waitFor();
    const rows = await api.dataSource.query<{ n: string }[]>('select count(*) as n from user_passkeys where user_id = $1', [teacher.id]);
    expect(rows[0]?.n).toBe('0');
  } catch (error) {
    await screenshot(page, 'failure-passkeys').catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
  expect(errors).toEqual([]);
});
