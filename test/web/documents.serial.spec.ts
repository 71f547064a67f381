import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { EICAR, PDF, scanUploads } from '../helpers/documents.js';
import { addPupil, bearer, linkParent } from '../helpers/register.js';
import { checkPage, launchChromium, screenshot, signedInPage, startServedApi } from './browser.js';

/**
 * Documents in a real browser (docs/web.md, Documents): the SENCO uploads with progress, sees the virus check in
 * words, downloads, marks confidential and shares with parents; an infected file is blocked with no download;
 * a teacher sees what is not confidential; a parent sees what was shared and sends their own evidence. Each
 * page is checked with axe. The worker's scan is run in process (scanUploads) against the harness's clamd.
 */
jest.setTimeout(180_000);

let api: TestApi;
let base: string;
let browser: Browser;
let school: TestSchool;
let pupilId: string;
const tag = randomUUID().slice(0, 6);
const parentEmail = `doc-parent-${tag}@web.test.invalid`;

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  school = await createTestSchool(api.dataSource);
  const senco = (await api.login(school.users.senco.email)).accessToken;
  pupilId = (await addPupil(api, senco, school.school.id, { legalFirstName: 'Nia', legalLastName: `Docs${tag}`, className: '4B' })).id;
  await api
    .http()
    .put(`/v1/schools/${school.school.id}/staff/${school.users.teacher.id}/classes`)
    .set(bearer(senco))
    .send({ classNames: ['4B'] })
    .expect(200);
  await linkParent(api, senco, school.school.id, pupilId, parentEmail);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function as(email: string, run: (page: Page) => Promise<void>): Promise<void> {
  const page = await signedInPage(browser, base, email);
  try {
    await run(page);
  } catch (error) {
    await screenshot(page, `failure-documents-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`).catch(() => undefined);
    throw error;
  } finally {
    await page.context().close();
  }
}

const pupilUrl = () => `${base}/app/s/${school.school.id}/pupils/${pupilId}`;
const row = (page: Page, filename: string) => page.getByRole('row').filter({ hasText: filename });

it('the SENCO uploads a report, sees it checked, downloads it, and shares it with parents', async () => {
  await as(school.users.senco.email, async (page) => {
    await page.goto(pupilUrl());
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    await page.getByText('No documents on the record yet.').waitFor();
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'ep-report.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('ep-report.pdf is uploaded.').waitFor();
    await row(page, 'ep-report.pdf').getByText('Being checked for viruses').waitFor();
    expect(await scanUploads(api.dataSource, school.school.id)).toEqual(['clean']);
    // The list asks again while a file waits: no reload needed.
    await row(page, 'ep-report.pdf').getByText('Ready').waitFor();
    await checkPage(page, 'documents-senco');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download ep-report.pdf' }).click()]);
    expect(Buffer.compare(await readFile(await download.path()), PDF)).toBe(0);
    await page.getByRole('button', { name: 'Share with parents ep-report.pdf' }).click();
    await row(page, 'ep-report.pdf').getByText('Staff and parents').waitFor();
  });
});

it('an infected file is blocked with no download; a confidential one is marked for the SENCO and head', async () => {
  await as(school.users.senco.email, async (page) => {
    await page.goto(pupilUrl());
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(EICAR) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('notes.txt is uploaded.').waitFor();
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'safeguarding.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByLabel('Confidential (safeguarding or health): the SENCO and head only').check();
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('safeguarding.pdf is uploaded.').waitFor();
    expect((await scanUploads(api.dataSource, school.school.id)).sort()).toEqual(['clean', 'infected']);
    await row(page, 'notes.txt').getByText('Blocked: a virus was found').waitFor();
    expect(await page.getByRole('button', { name: 'Download notes.txt' }).count()).toBe(0);
    await row(page, 'safeguarding.pdf').getByText('Confidential: SENCO and head').waitFor();

    // An empty file is refused, and the summary names it.
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'empty.pdf' }).waitFor();
    await checkPage(page, 'documents-blocked');
  });
});

it('a teacher of the class sees the documents but not the confidential one, and cannot change them', async () => {
  await as(school.users.teacher.email, async (page) => {
    await page.goto(pupilUrl());
    await row(page, 'ep-report.pdf').waitFor();
    expect(await row(page, 'safeguarding.pdf').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Mark confidential|Delete/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Upload', exact: true }).count()).toBe(0);
    await checkPage(page, 'documents-teacher');
  });
});

it('a parent sees the shared report, not the rest, and sends their own evidence with progress', async () => {
  await as(parentEmail, async (page) => {
    await page.goto(`${base}/app/s/${school.school.id}/children/${pupilId}`);
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    await row(page, 'ep-report.pdf').waitFor();
    expect(await row(page, 'safeguarding.pdf').count()).toBe(0);
    expect(await row(page, 'notes.txt').count()).toBe(0);
    // The upload is held back for a moment, so the progress bar is there to be seen.
    await page.route('**/documents', async (route) => {
      if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'private-assessment.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('progressbar', { name: /Uploading private-assessment\.pdf/ }).waitFor();
    await page.getByText('private-assessment.pdf is uploaded.').waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);
    await row(page, 'private-assessment.pdf').getByText('Being checked for viruses').waitFor();
    await checkPage(page, 'documents-parent');
  });
  await as(school.users.senco.email, async (page) => {
    await page.goto(pupilUrl());
    await row(page, 'private-assessment.pdf').getByText('from parent').waitFor();
  });
});
