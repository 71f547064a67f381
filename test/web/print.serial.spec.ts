import type { Browser, Page } from 'playwright-core';
import { createTestSchool, pdfText, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { populatePlan } from '../helpers/plans.js';
import { addPupil, bearer, daysAgo, linkParent, setStatus } from '../helpers/register.js';
import { launchChromium, signedInPage, startServedApi } from './browser.js';

/**
 * Printing (issue 23: parents ask for paper): a plan (the parent's page), a review record (the SENCO's) and the
 * pupil passports (a teacher's), each printed to PDF by Chromium with the print stylesheet and read back with
 * PDF.js: A4 pages, the record's content present, and none of the app around it (navigation, account menu,
 * buttons, forms).
 */
let api: TestApi;
let browser: Browser;
let base: string;
let fixture: TestSchool;
let pupilId: string;
let reviewedCycleId: string;
const parentEmail = `print-parent-${Date.now()}@test.invalid`;
const PASSPORT = 'Sits near the front; give instructions one at a time and check she has started.';

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  fixture = await createTestSchool(api.dataSource);
  const senco = (await api.login(fixture.users.senco.email)).accessToken;
  const s = `/v1/schools/${fixture.school.id}`;
  pupilId = (await addPupil(api, senco, fixture.school.id, { className: '4P', legalFirstName: 'Poppy', legalLastName: 'Printer' })).id;
  expect((await setStatus(api, senco, fixture.school.id, pupilId, { status: 'K', startDate: daysAgo(40), primaryNeed: 'SLCN' })).status).toBe(201);
  ({ reviewedCycleId } = await populatePlan(api, senco, fixture.school.id, pupilId));
  expect((await api.http().patch(`${s}/pupils/${pupilId}`).set(bearer(senco)).send({ passport: PASSPORT })).status).toBe(200);
  expect(
    (
      await api
        .http()
        .put(`${s}/staff/${fixture.users.teacher.id}/classes`)
        .set(bearer(senco))
        .send({ classNames: ['4P'] })
    ).status,
  ).toBe(200);
  await linkParent(api, senco, fixture.school.id, pupilId, parentEmail, 'Pat');
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** The page as Chromium prints it (A4, print media, the page's own @page size), read back as text. */
async function printed(page: Page): Promise<{ text: string; pageSizes: { width: number; height: number }[] }> {
  await page.waitForFunction(
    () =>
      !(globalThis as unknown as { document: { querySelector: (s: string) => { textContent: string } | null } }).document
        .querySelector('[role="status"]')
        ?.textContent.startsWith('Loading'),
  );
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: false });
  return pdfText(pdf);
}

const A4 = { width: 595, height: 842 };
const roundSizes = (sizes: { width: number; height: number }[]) => sizes.map((p) => ({ width: Math.round(p.width), height: Math.round(p.height) }));
/** What the app shows around a page, none of which belongs on paper. */
const CHROME = ['Skip to main content', 'SEN Manager Sign out', 'Sign out on every device', 'Your account', 'Two-factor sign-in'];

it("prints the parent's plan on A4 without the app around it", async () => {
  const page = await signedInPage(browser, base, parentEmail);
  await page.goto(`${base}/app/s/${fixture.school.id}/children/${pupilId}`);
  await page.getByRole('button', { name: 'Print the plan' }).waitFor();
  const { text, pageSizes } = await printed(page);
  expect(new Set(roundSizes(pageSizes).map((s) => JSON.stringify(s)))).toEqual(new Set([JSON.stringify(A4)]));
  expect(text).toContain("Poppy's support plan");
  expect(text).toMatch(/Printed from SEN Manager on \d{1,2} \w+ \d{4}/);
  for (const chrome of [...CHROME, 'Print the plan', 'Contact choices', 'My child'])
    expect({ chrome, found: text.includes(chrome) }).toEqual({ chrome, found: false });
});

it('prints a review record with its outcomes and views', async () => {
  const page = await signedInPage(browser, base, fixture.users.senco.email);
  await page.goto(`${base}/app/s/${fixture.school.id}/pupils/${pupilId}`);
  await page.getByRole('link', { name: /^Review of plan 1/ }).click();
  await page.getByRole('heading', { name: "Review of Poppy Printer's plan" }).waitFor();
  const { text, pageSizes } = await printed(page);
  expect(roundSizes(pageSizes)[0]).toEqual(A4);
  for (const part of ['Partly achieved: measured 6 of 10', 'Visual prompts', 'Long sessions', 'Pleased', 'I like the pictures', 'Parent A']) {
    expect({ part, found: text.includes(part) }).toEqual({ part, found: true });
  }
  for (const chrome of [...CHROME, 'Print the review record', 'Back to the pupil', 'Red flags', 'Register']) {
    expect({ chrome, found: text.includes(chrome) }).toEqual({ chrome, found: false });
  }
  expect(reviewedCycleId).toBe(page.url().split('/').pop());
});

it("prints a teacher's pupil passports", async () => {
  const page = await signedInPage(browser, base, fixture.users.teacher.email);
  await page.goto(`${base}/app/s/${fixture.school.id}/pupils`);
  await page.getByText(PASSPORT).waitFor();
  const { text, pageSizes } = await printed(page);
  expect(roundSizes(pageSizes)[0]).toEqual(A4);
  expect(text).toContain(PASSPORT);
  expect(text).toContain('Poppy');
  for (const chrome of [...CHROME, 'Print the pupil passports', 'My sessions', 'Inbox'])
    expect({ chrome, found: text.includes(chrome) }).toEqual({ chrome, found: false });
});
