import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD, createTestSchool, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { PDF, scanUploads, uploadDocument } from '../helpers/documents.js';
import { addPupil, daysAgo, setStatus } from '../helpers/register.js';
import { codeIn, linkTokenIn, sendShareEmails } from '../helpers/sharing.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { DESKTOP, checkPage, launchChromium, newContext, screenshot, startServedApi } from './browser.js';

/**
 * Sharing with a professional and referrals in a real browser: the SENCO shares from the pupil page, the
 * professional opens the emailed link, enters the emailed code, reads the record, downloads the shared document
 * and sends a report back; the
 * SENCO sees the view, accepts the report, revokes the link, and records a referral that shows as overdue on the
 * red flags page. Each screen is checked with axe.
 */
jest.setTimeout(180_000);

let api: TestApi;
let base: string;
let smtp: TestSmtp;
let browser: Browser;
let school: TestSchool;
let pupilId: string;
const tag = randomUUID().slice(0, 6);
const professional = `ep-${tag}@web.test.invalid`;

beforeAll(async () => {
  smtp = await startSmtp();
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  school = await createTestSchool(api.dataSource);
  const senco = (await api.login(school.users.senco.email)).accessToken;
  pupilId = (await addPupil(api, senco, school.school.id, { legalFirstName: 'Ines', legalLastName: `Share${tag}`, yearGroup: '5' })).id;
  expect((await setStatus(api, senco, school.school.id, pupilId, { status: 'K', startDate: daysAgo(100), primaryNeed: 'SLCN' })).status).toBe(201);
  expect((await uploadDocument(api, senco, school.school.id, pupilId, PDF, 'speech-assessment.pdf')).status).toBe(201);
  expect(await scanUploads(api.dataSource, school.school.id)).toEqual(['clean']);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await smtp?.close();
});

async function withPage(run: (page: Page) => Promise<void>): Promise<void> {
  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  try {
    await run(page);
  } catch (error) {
    await screenshot(page, `failure-sharing-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

async function signInAsSenco(page: Page): Promise<void> {
  await page.goto(`${base}/app/login`);
  await page.getByLabel('Email address').fill(school.users.senco.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
}

const pupilUrl = () => `${base}/app/s/${school.school.id}/pupils/${pupilId}`;
let link = '';

it('the SENCO records consent and shares the pupil summary with an educational psychologist', async () => {
  await withPage(async (page) => {
    await signInAsSenco(page);
    await page.goto(pupilUrl());
    await page.getByRole('heading', { name: 'Shared with professionals' }).waitFor();
    await page.getByText('Not shared with anyone.').waitFor();
    await page.getByRole('button', { name: 'Share with a professional' }).click();
    await page.getByLabel('Name of the person who gave consent').fill('Mo Share');
    await page.getByLabel('What the sharing is for').fill('Educational psychology assessment');
    await page.getByLabel("Professional's name").fill('Dr Ada Psych');
    await page.getByLabel("Professional's email").fill(professional);
    await page.getByLabel('Days the link works (1 to 30)').fill('14');
    await page.getByLabel('Document: speech-assessment.pdf').check();
    await checkPage(page, 'sharing-form');
    await page.getByRole('button', { name: 'Share and email the link' }).click();
    await page.getByRole('button', { name: 'Revoke the link to Dr Ada Psych' }).waitFor();
    await page.getByText('Not opened yet').waitFor();
  });
  expect(await sendShareEmails(api.dataSource, school.school.id, smtp.url)).toBe(1);
  const mail = smtp.received.find((m) => m.to.includes(professional));
  link = `/shared/${linkTokenIn(mail!.text)}`;
  expect(mail!.text).toContain(`${base}${link}`);
});

it('the professional opens the link, enters the emailed code, reads the record and sends a report back', async () => {
  await withPage(async (page) => {
    await page.goto(`${base}${link}`);
    await page.getByRole('heading', { name: `Information shared by ${school.school.name}` }).waitFor();
    await checkPage(page, 'shared-code');
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByRole('status').filter({ hasText: 'a code is on its way' }).waitFor();
    expect(await sendShareEmails(api.dataSource, school.school.id, smtp.url)).toBe(1);
    const code = codeIn(smtp.received.filter((m) => m.to.includes(professional)).at(-1)!.text);
    await page.getByLabel('One-time code').fill(code);
    await page.getByRole('button', { name: 'Show the information' }).click();
    await page.getByRole('heading', { name: `Ines Share${tag}` }).waitFor();
    await checkPage(page, 'shared-record');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download speech-assessment.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('speech-assessment.pdf');
    expect(Buffer.compare(await readFile(await download.path()), PDF)).toBe(0);
    await page.getByLabel('Summary of your findings').fill('Working memory is a relative weakness.');
    await page.getByRole('button', { name: 'Send the report to the school' }).click();
    await page.getByText('your report has been sent').waitFor();
    await page.getByLabel('Attach the file of your report (optional)').setInputFiles({ name: 'ep-report.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Send the file' }).click();
    await page.getByText('ep-report.pdf has been sent with your report.').waitFor();
    await checkPage(page, 'shared-report-file');
  });
});

it('the SENCO sees the view, accepts the report, revokes the link, and chases an overdue referral', async () => {
  await withPage(async (page) => {
    await signInAsSenco(page);
    await page.goto(pupilUrl());
    await page
      .getByText(/viewed on/)
      .first()
      .waitFor();
    await page
      .getByText(/downloaded a document on/)
      .first()
      .waitFor();
    await page.getByText('Working memory is a relative weakness.').waitFor();
    await page.getByText('A file came with it').waitFor();
    await checkPage(page, 'sharing-pupil');
    await page.getByRole('button', { name: 'Accept into professional reports' }).click();
    await page.getByText('Working memory is a relative weakness.').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Revoke the link to Dr Ada Psych' }).click();
    await page.getByText('revoked', { exact: true }).waitFor();

    await page.getByLabel('Service', { exact: true }).fill('Northshire CAMHS');
    await page.getByLabel('Date referred').fill(daysAgo(120));
    await page.getByLabel('Expected wait in weeks').fill('8');
    await page.getByRole('button', { name: 'Record the referral' }).click();
    await page.getByText('Overdue', { exact: true }).waitFor();
    await checkPage(page, 'referrals-pupil');

    await page.goto(`${base}/app/s/${school.school.id}/flags`);
    await page.getByRole('heading', { name: 'Overdue referrals' }).waitFor();
    await page.getByRole('link', { name: `Ines Share${tag}` }).waitFor();
    await checkPage(page, 'referrals-overdue');
  });
  // The revoked link shows nothing.
  const res = await api.http().get(`/v1${link}`);
  expect(res.status).toBe(404);
});
