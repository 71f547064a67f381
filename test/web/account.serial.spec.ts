import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD, addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { DESKTOP, checkPage, launchChromium, newContext, startServedApi } from './browser.js';

/** "Your account": change password and "Your devices", in a real browser, axe-checked. */
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

async function signedIn(email: string): Promise<Page> {
  const page = await (await newContext(browser, DESKTOP)).newPage();
  await page.goto(`${base}/app/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
  return page;
}

it('a teacher sees their devices, signs one out, and changes their password', async () => {
  const user = await addMember(api.dataSource, fixture.school.id, 'teacher');
  const other = await signedIn(user.email);
  const page = await signedIn(user.email);

  // From the account menu.
  await page.getByText(user.displayName).first().click();
  await page.getByRole('link', { name: 'Your account' }).click();
  await page.getByRole('heading', { name: 'Your devices' }).waitFor();
  const devices = page.getByRole('region', { name: 'Devices signed in to your account' });
  await devices.getByText('(this device)').waitFor();
  expect(await devices.getByRole('row').count()).toBe(3);
  await checkPage(page, 'account-devices');

  // Signing the other browser out: it is asked to sign in again on its next request.
  await devices.getByRole('button', { name: /^Sign out/ }).click();
  await devices.getByRole('button', { name: /^Sign out/ }).waitFor({ state: 'detached' });
  await other.reload();
  await other.waitForURL(/\/app\/login/);

  // A common password is refused with the rule named; a good one is accepted.
  await page.getByLabel('Current password').fill(TEST_PASSWORD);
  await page.getByLabel('New password').fill('password12345678');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('newPassword is too common').first().waitFor();
  await checkPage(page, 'account-password-refused');
  await page.getByLabel('New password').fill('a quiet river under seven bridges');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Your password has been changed').waitFor();
  expect((await api.http().post('/v1/auth/login').send({ email: user.email, password: 'a quiet river under seven bridges' })).status).toBe(200);
});
