import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD, addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { emailedToken, sendAccountEmails } from '../helpers/account-emails.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { DESKTOP, checkPage, launchChromium, newContext, startServedApi, signedInPage } from './browser.js';

/** "Your account": change password and "Your devices", in a real browser, axe-checked. */
let api: TestApi;
let browser: Browser;
let base: string;
let fixture: TestSchool;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  fixture = await createTestSchool(api.dataSource);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await smtp?.close();
});

const signedIn = (email: string): Promise<Page> => signedInPage(browser, base, email);

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
  // Their address is told of the change (ASVS 6.3.6).
  expect(await sendAccountEmails(api.dataSource, fixture.school.id, smtp.url, { subjectId: user.id })).toBe(1);
  expect(smtp.received.filter((m) => m.to.includes(user.email)).map((m) => m.subject)).toEqual(['Your SEN Manager password was changed']);
});

it('a teacher who forgot their password asks for a link, opens it from the email and sets a new one', async () => {
  const user = await addMember(api.dataSource, fixture.school.id, 'teacher');
  const page = await (await newContext(browser, DESKTOP)).newPage();
  await page.goto(`${base}/app/login`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
  await checkPage(page, 'password-reset-request');
  await page.getByLabel('Email address').fill(user.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.getByText('If that address has an account').waitFor();
  await checkPage(page, 'password-reset-requested');

  expect(await sendAccountEmails(api.dataSource, fixture.school.id, smtp.url)).toBe(1);
  const mail = smtp.received.find((m) => m.to.includes(user.email));
  const token = emailedToken(mail!.text);
  await page.goto(`${base}/app/reset-password#token=${token}`);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await checkPage(page, 'password-reset-form');
  await page.getByLabel('New password').fill('password12345678');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await page.getByText('newPassword is too common').first().waitFor();
  await checkPage(page, 'password-reset-refused');
  await page.getByLabel('New password').fill('seven otters paddle past the old mill');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await page.getByText('Your password has been changed').waitFor();
  expect(page.url()).not.toContain(token);
  await checkPage(page, 'password-reset-done');
  expect(await sendAccountEmails(api.dataSource, fixture.school.id, smtp.url, { subjectId: user.id })).toBe(1);
  expect(smtp.received.filter((m) => m.to.includes(user.email)).at(-1)?.subject).toBe('Your SEN Manager password was reset');

  await page.getByRole('link', { name: 'Sign in with your new password' }).click();
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill('seven otters paddle past the old mill');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
});

it('a parent changes their email address: the link from the new address confirms it', async () => {
  const parent = await addMember(api.dataSource, fixture.school.id, 'parent');
  const newEmail = `moved-${parent.id.slice(0, 8)}@test.invalid`;
  const page = await signedIn(parent.email);
  await page.getByText(parent.displayName).first().click();
  await page.getByRole('link', { name: 'Your account' }).click();
  await page.getByRole('heading', { name: 'Change your email address' }).waitFor();
  await page.getByLabel('New email address').fill(newEmail);
  await page.getByLabel('Your password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Send a link to the new address' }).click();
  await page.getByText('We have emailed a link to the new address').waitFor();
  await checkPage(page, 'account-email-change-sent');

  expect(await sendAccountEmails(api.dataSource, fixture.school.id, smtp.url)).toBe(1);
  const mail = smtp.received.find((m) => m.to.includes(newEmail));
  await page.goto(`${base}/app/confirm-email#token=${emailedToken(mail!.text)}`);
  await page.getByRole('heading', { name: 'Confirm your new email address' }).waitFor();
  await checkPage(page, 'account-email-confirm');
  await page.getByRole('button', { name: 'Use this email address' }).click();
  await page.getByText('Your email address has been changed').waitFor();
  await checkPage(page, 'account-email-confirmed');
  expect((await api.http().post('/v1/auth/login').send({ email: newEmail, password: TEST_PASSWORD })).status).toBe(200);
});
