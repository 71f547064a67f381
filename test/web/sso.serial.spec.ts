import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { TEST_PASSWORD, createTestSchool, createUser, unusedUrn, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { freePort } from '../helpers/ports.js';
import { DESKTOP, checkPage, launchChromium, newContext, screenshot, signInAsNewAdmin, startServedApi } from './browser.js';

/**
 * Single sign-on in a real browser: the head sets it up on the Single sign-on page, a teacher signs in with
 * "Sign in with your school account" through a real OpenID provider (oidc-provider's login form), and a
 * person the school does not know comes back to the login page with one message. The platform admin creates a
 * trust and a school and sees each school's status. Each page is axe-checked.
 */
jest.setTimeout(180_000);

let api: TestApi;
let op: TestProvider;
let base: string;
let browser: Browser;
let fixture: TestSchool;

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  op = await startTestProvider(await freePort(), `${base}/v1/auth/sso/callback`);
  browser = await launchChromium();
  fixture = await createTestSchool(api.dataSource);
  op.accounts.set('teacher', { email: fixture.users.teacher.email, emailVerified: true });
  op.accounts.set('stranger', { email: 'stranger@test.invalid', emailVerified: true });
});
afterAll(async () => {
  await browser?.close();
  await op?.close();
  await api?.close();
});

async function withPage(run: (page: Page, context: BrowserContext) => Promise<void>): Promise<void> {
  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  try {
    await run(page, context);
  } catch (error) {
    await screenshot(page, `failure-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

/** From the login page through the provider's own sign-in form, as `accountId`. */
async function signInWithSchoolAccount(page: Page, email: string, accountId: string): Promise<void> {
  await page.goto(`${base}/app/login`);
  await page.getByLabel('Your school email').fill(email);
  await page.getByRole('button', { name: 'Continue with school account' }).click();
  // Every test school's staff have test.invalid addresses, and earlier suites set up single sign-on for that
  // domain in schools of their own: then the page asks which school, as it would a supply teacher with two.
  const ours = page.getByRole('link', { name: `Sign in to ${fixture.school.name}` });
  const atProvider = page.waitForURL((url) => url.origin === op.issuer).then(() => true);
  const asked = ours.waitFor().then(() => false);
  // The one that loses the race may still fail later (its page closes): that is not this test's failure.
  atProvider.catch(() => undefined);
  asked.catch(() => undefined);
  if (!(await Promise.race([atProvider, asked]))) {
    await ours.click();
    await page.waitForURL((url) => url.origin === op.issuer);
  }
  await page.locator('input[name="login"]').fill(accountId);
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();
}

it('the head sets up single sign-on', async () => {
  await withPage(async (page) => {
    await page.goto(`${base}/app/login`);
    await page.getByLabel('Email address').fill(fixture.users.head.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
    await page.getByRole('link', { name: 'Single sign-on' }).first().click();
    await page.getByRole('heading', { name: 'Single sign-on' }).waitFor();
    await page.getByText(`${base}/v1/auth/sso/callback`).waitFor();
    await checkPage(page, 'sso-settings');
    await page.getByLabel('Issuer URL').fill(op.issuer);
    await page.getByLabel('Client ID').fill(op.clientId);
    await page.getByLabel('Client secret').fill(op.clientSecret);
    await page.getByLabel('Allowed email domains').fill('test.invalid');
    await page.getByLabel('Staff may sign in with their school account').check();
    await page.getByRole('button', { name: 'Save single sign-on settings' }).click();
    await page.getByText('Single sign-on settings saved.').waitFor();
    await checkPage(page, 'sso-settings-saved');
  });
});

it('a teacher signs in with their school account and lands in the app', async () => {
  await withPage(async (page) => {
    await page.goto(`${base}/app/login`);
    await checkPage(page, 'login-with-sso');
    await signInWithSchoolAccount(page, fixture.users.teacher.email, 'teacher');
    await page.waitForURL((url) => url.origin === base && url.pathname.startsWith('/app/s/'));
    expect(new URL(page.url()).pathname).toContain(fixture.school.id);
  });
});

it('someone the school does not know is sent back to the login page with one message', async () => {
  await withPage(async (page) => {
    await signInWithSchoolAccount(page, 'stranger@test.invalid', 'stranger');
    await page.waitForURL((url) => url.origin === base && url.pathname === '/app/login');
    await page.getByText('We could not sign you in with your school account').waitFor();
    await checkPage(page, 'login-sso-refused');
  });
});

it('the platform admin creates a trust and a school in it, sees how far each school is set up, and invites a trust lead', async () => {
  const admin = await createUser(api.dataSource, `admin-${randomUUID().slice(0, 8)}@test.invalid`, { isPlatformAdmin: true });
  const trust = `Trust ${randomUUID().slice(0, 6)}`;
  const school = `Brookside ${randomUUID().slice(0, 6)}`;
  await withPage(async (page) => {
    // A platform admin always has a second factor: the first sign-in sets up an authenticator app.
    await signInAsNewAdmin(page, base, admin.email);
    await page.getByRole('link', { name: 'Platform administration' }).click();
    await page.getByRole('heading', { name: 'Platform administration' }).waitFor();
    await page.getByRole('cell', { name: fixture.school.name }).waitFor();
    await checkPage(page, 'platform-admin');
    await page.getByLabel('Trust name').fill(trust);
    await page.getByRole('button', { name: 'Create trust' }).click();
    await page.getByText('Trust created.').waitFor();
    await page.getByLabel('URN').fill(await unusedUrn(api.dataSource));
    await page.getByLabel('School name').fill(school);
    await page.getByLabel('Local authority number').fill('801');
    await page.getByLabel('Local authority', { exact: true }).fill('Bristol');
    await page.getByLabel('Trust', { exact: true }).selectOption({ label: trust });
    await page.getByRole('button', { name: 'Create school' }).click();
    await page.getByText('School created.').waitFor();
    const row = page.getByRole('row').filter({ hasText: school });
    await row.getByText('Needs a SENCO and head').waitFor();
    await expect(page.getByRole('row').filter({ hasText: fixture.school.name }).getByText('Set up').count()).resolves.toBe(1);
    // The admins' own trail names what was just created.
    const activity = page.getByRole('region', { name: 'Admin activity' });
    await activity.getByRole('row').filter({ hasText: 'School created' }).filter({ hasText: school }).waitFor();
    await activity.getByRole('row').filter({ hasText: 'Trust created' }).filter({ hasText: trust }).waitFor();
    await checkPage(page, 'platform-admin-created');
    // Appointing the trust's lead: the invitation is emailed (the link never shows here) and can be withdrawn.
    const lead = `lead-${randomUUID().slice(0, 8)}@test.invalid`;
    await page.getByLabel('Trust to manage').selectOption({ label: trust });
    await page.getByText('This trust has no lead yet.').waitFor();
    await page.getByLabel('Invite a trust lead').fill(lead);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation emailed to ${lead}.`).waitFor();
    const invitations = page.getByRole('region', { name: 'Invitations to lead the trust' });
    await invitations.getByRole('row').filter({ hasText: lead }).getByText('Waiting').waitFor();
    await checkPage(page, 'platform-admin-trust-leads');
    await page.getByRole('button', { name: `Withdraw the invitation to ${lead}` }).click();
    await invitations.getByRole('row').filter({ hasText: lead }).getByText('Withdrawn').waitFor();
    await activity.getByRole('row').filter({ hasText: 'Trust lead invitation withdrawn' }).first().waitFor();
  });
});
