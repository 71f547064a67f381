import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { createTestSchool, createTrustWithLead, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { checkPage, launchChromium, signedInPage, startServedApi } from './browser.js';

/**
 * The trust lead's "Trust sign-in" page in a real browser: the trust's identity provider and the roles that
 * must use two-factor across the trust; then the head of a school of the trust sees the trust's requirement
 * fixed on the school's Two-factor page. Each page is axe-checked.
 */
jest.setTimeout(180_000);

let api: TestApi;
let base: string;
let browser: Browser;
let fixture: TestSchool;
let leadEmail: string;

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  const { trust, lead } = await createTrustWithLead(api.dataSource);
  leadEmail = lead.email;
  fixture = await createTestSchool(api.dataSource, { trustId: trust.id });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

it('the trust lead sets the trust single sign-on and two-factor policy', async () => {
  const page = await signedInPage(browser, base, leadEmail);
  try {
    await page.getByRole('link', { name: 'Trust sign-in' }).first().click();
    await page.getByRole('heading', { name: 'Trust sign-in' }).waitFor();
    await page.getByText(`${base}/v1/auth/sso/callback`).waitFor();
    await checkPage(page, 'trust-settings');
    await page.getByLabel('Issuer URL').fill('http://127.0.0.1:9/trust-idp');
    await page.getByLabel('Client ID').fill('trust-client');
    await page.getByLabel('Client secret').fill('a-trust-secret-for-the-browser-test');
    await page.getByLabel('Allowed email domains').fill('trust.invalid');
    await page.getByLabel("Staff of the trust's schools may sign in with their trust account").check();
    await page.getByRole('button', { name: 'Save single sign-on settings' }).click();
    await page.getByText('Single sign-on settings saved.').waitFor();
    await page.getByRole('checkbox', { name: 'SENCOs' }).check();
    await page.getByRole('button', { name: 'Save two-factor policy' }).click();
    await page.getByText('Two-factor policy saved.').waitFor();
    await checkPage(page, 'trust-settings-saved');
  } finally {
    await page.context().close();
  }
});

it("the head sees the trust's requirement fixed on the school's two-factor page", async () => {
  const page = await signedInPage(browser, base, fixture.users.head.email);
  try {
    await page.getByRole('link', { name: 'Two-factor' }).first().click();
    await page.getByRole('heading', { name: 'Two-factor sign-in', exact: true }).waitFor();
    const sencos = page.getByRole('checkbox', { name: 'SENCOs' });
    await expect(sencos.isChecked()).resolves.toBe(true);
    await expect(sencos.isDisabled()).resolves.toBe(true);
    await page.getByText('(required by your trust)').waitFor();
    await checkPage(page, 'two-factor-policy-trust');
  } finally {
    await page.context().close();
  }
});
