import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { TEST_PASSWORD, addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { bearer } from '../helpers/register.js';
import { freePort } from '../helpers/ports.js';
import { DESKTOP, checkPage, launchChromium, newContext, screenshot } from './browser.js';

/**
 * Issue 21, the staff directory in a real browser: the SENCO filters the list, changes a teacher's role,
 * re-sends an invitation and marks a leaver; each step is checked against the API and with axe.
 */
jest.setTimeout(180_000);

let api: TestApi;
let browser: Browser;
let fixture: TestSchool;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  api = await startTestApi({ env: { PUBLIC_URL: base } });
  await api.app.listen(port, 'localhost');
  browser = await launchChromium();
  fixture = await createTestSchool(api.dataSource);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

it('the SENCO manages the staff: filters, a role change, a re-sent invitation and a leaver', async () => {
  const schoolId = fixture.school.id;
  const token = (await api.login(fixture.users.senco.email)).accessToken;
  const member = await addMember(api.dataSource, schoolId, 'teacher');
  const invited = await api.http().post(`/v1/schools/${schoolId}/invitations`).set(bearer(token)).send({ email: 'web-invitee@test.invalid', role: 'teacher' });
  expect(invited.status).toBe(201);

  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${base}/app/login`);
    await page.getByLabel('Email address').fill(fixture.users.senco.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { name: 'Staff' }).waitFor();
    await page.getByRole('row', { name: new RegExp(member.email) }).waitFor();
    await checkPage(page, 'staff-directory');

    await page.getByLabel('Status').selectOption('invited');
    await page.getByRole('button', { name: 'Re-send the invitation to web-invitee@test.invalid' }).click();
    await page.getByText('A new invitation is on its way').waitFor();
    await page.getByLabel('Status').selectOption('');

    await page.getByLabel(`Role for ${member.displayName}`).selectOption('senco');
    await page.getByText(/is now: SENCO/).waitFor();
    await page.getByLabel('Role').first().selectOption('senco');
    await page.getByRole('row', { name: new RegExp(member.email) }).waitFor();

    await page.getByRole('button', { name: `Mark ${member.displayName} as a leaver` }).click();
    await page.getByRole('alertdialog').waitFor();
    await checkPage(page, 'staff-directory-leaver', { reflow: false });
    await page.getByRole('button', { name: 'Yes, mark as a leaver' }).click();
    await page.getByText(/is marked as a leaver/).waitFor();
  } catch (error) {
    await screenshot(page, 'failure-staff-directory').catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
  expect(errors).toEqual([]);
  const after = await api.http().get(`/v1/schools/${schoolId}/staff-directory`).set(bearer(token));
  const rows = after.body.staff as { userId: string | null; email: string; status: string; roles: string[] }[];
  expect(rows.find((s) => s.userId === member.id)).toMatchObject({ status: 'left', roles: ['senco'] });
  expect(rows.filter((s) => s.email === 'web-invitee@test.invalid')).toEqual([expect.objectContaining({ status: 'invited' })]);
});
