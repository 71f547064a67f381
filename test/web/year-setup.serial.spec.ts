import type { Browser, Page } from 'playwright-core';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { addPupil } from '../helpers/register.js';
import { checkPage, launchChromium, signedInPage, startServedApi } from './browser.js';

/**
 * Issue 23's new screens in a real browser as the SENCO, each axe-checked and reflowed at 320 px: the school
 * year, the pupil's details, professional reports (recorded by keyboard alone), the census check and the
 * calendar link.
 */
let api: TestApi;
let browser: Browser;
let base: string;
let fixture: TestSchool;
let pupilId: string;

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  fixture = await createTestSchool(api.dataSource);
  const senco = (await api.login(fixture.users.senco.email)).accessToken;
  pupilId = (await addPupil(api, senco, fixture.school.id, { className: '4B' })).id;
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** Presses Tab until the focused element is the one named (a label, or a button's text), as a keyboard user would. */
async function tabTo(page: Page, name: string): Promise<void> {
  const focusedName = async (): Promise<string> => {
    const focused = page.locator(':focus');
    if ((await focused.count()) === 0) return '';
    const id = await focused.getAttribute('id');
    const label = page.locator(`label[for="${id ?? ''}"]`);
    return id && (await label.count()) > 0 ? ((await label.textContent()) ?? '') : ((await focused.textContent()) ?? '');
  };
  for (let i = 0; i < 8 && (await focusedName()) !== name; i++) await page.keyboard.press('Tab');
  expect(await focusedName()).toBe(name);
}

const school = () => `${base}/app/s/${fixture.school.id}`;

it('the SENCO sets up the year from Interventions: a term, a closure and the SEN budget', async () => {
  const page = await signedInPage(browser, base, fixture.users.senco.email);
  await page.goto(`${school()}/interventions`);
  await page.getByRole('link', { name: 'The school year: terms, closures and the SEN budget' }).click();
  await page.getByRole('heading', { name: 'The school year' }).waitFor();
  await page.getByRole('button', { name: 'Add a term' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Autumn');
  await page.getByLabel('First day', { exact: true }).fill('2026-09-03');
  await page.getByLabel('Last day', { exact: true }).fill('2026-12-18');
  await page.getByRole('button', { name: 'Add a closure' }).click();
  await page.getByLabel('Kind').selectOption('half_term');
  await page.getByLabel('First day closed').fill('2026-10-26');
  await page.getByLabel('Last day closed').fill('2026-10-30');
  await page.getByRole('button', { name: 'Save the calendar' }).click();
  await page.getByText(/^Saved\. \d+ planned sessions? changed/).waitFor();
  await page.getByLabel(/^Budget in pounds/).fill('42000');
  await page.getByRole('button', { name: 'Save the budget' }).click();
  await page.getByText('Saved: £42,000.00', { exact: false }).waitFor();
  await checkPage(page, 'school-year');
  await page.reload();
  expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Autumn');
});

it("the SENCO edits a pupil's class and records a professional report by keyboard alone", async () => {
  const page: Page = await signedInPage(browser, base, fixture.users.senco.email);
  await page.goto(`${school()}/pupils/${pupilId}`);
  await page.getByRole('link', { name: 'Edit the pupil’s details' }).click();
  await page.getByRole('button', { name: 'Save the pupil’s details' }).waitFor();
  await checkPage(page, 'pupil-details');
  await page.getByLabel('Class').fill('5C');
  await page.getByRole('button', { name: 'Save the pupil’s details' }).click();
  await page.getByRole('status').getByText('Saved.').waitFor();

  await page.goto(`${school()}/pupils/${pupilId}/professional-reports`);
  await page.getByText('No professional report has been recorded for this pupil.').waitFor();
  await checkPage(page, 'professional-reports');
  // Keyboard alone: the first field focused, then Tab, typing, arrows and Enter. The report's date stays today
  // (a date input's segments take a Tab each, and their order follows the browser's own locale).
  await page.getByLabel('Profession', { exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await tabTo(page, 'Name of the professional');
  await page.keyboard.type('Dr Rao');
  await tabTo(page, 'Organisation (optional)');
  await page.keyboard.type('Speech and language service');
  await tabTo(page, 'What it found');
  await page.keyboard.type('Expressive language below age.');
  await tabTo(page, 'What it recommends (optional)');
  await page.keyboard.type('Two short sessions a week.');
  await tabTo(page, 'Record the report');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Speech and language therapist: Dr Rao, Speech and language service' }).waitFor();
  await page.goto(`${school()}/pupils/${pupilId}/details`);
  await page.getByRole('button', { name: 'Save the pupil’s details' }).waitFor();
  expect(await page.getByLabel('Class').inputValue()).toBe('5C');
});

it('the SENCO opens the census check from the register, and a teacher makes their calendar link', async () => {
  const page = await signedInPage(browser, base, fixture.users.senco.email);
  await page.goto(`${school()}/register`);
  await page.getByRole('link', { name: /^Census check/ }).click();
  await page.getByRole('region', { name: 'Pupils by SEN provision' }).waitFor();
  await checkPage(page, 'census-check');

  const teacher = await signedInPage(browser, base, fixture.users.teacher.email);
  await teacher.goto(`${school()}/sessions`);
  await teacher.getByRole('link', { name: /^Your calendar link/ }).click();
  await teacher.getByRole('button', { name: /^Make my calendar link/ }).click();
  const link = await teacher.getByLabel('Your private calendar link').inputValue();
  expect(link).toMatch(/\/v1\/calendar-feeds\/.+\.ics$/);
  await checkPage(teacher, 'calendar-link');
});

it('a teacher turns email reminders off from the account menu, and the choice is kept', async () => {
  const teacher = await signedInPage(browser, base, fixture.users.teacher.email);
  await teacher.goto(`${school()}/sessions`);
  await teacher.locator('summary', { hasText: 'Test User' }).click();
  await teacher.getByRole('link', { name: 'Notification settings' }).click();
  await teacher.getByRole('heading', { name: 'Your notification settings' }).waitFor();
  const email = teacher.getByRole('checkbox', { name: 'Also send them by email' });
  expect(await email.isChecked()).toBe(true);
  // The inbox is not a choice for staff: no box to untick.
  expect(await teacher.getByRole('checkbox').count()).toBe(1);
  await checkPage(teacher, 'staff-notification-settings');
  await email.uncheck();
  await teacher.getByRole('button', { name: 'Save' }).click();
  await teacher.getByRole('status').getByText('Your choices are saved.').waitFor();
  await teacher.reload();
  await teacher.getByRole('heading', { name: 'Your notification settings' }).waitFor();
  expect(await teacher.getByRole('checkbox', { name: 'Also send them by email' }).isChecked()).toBe(false);
});
