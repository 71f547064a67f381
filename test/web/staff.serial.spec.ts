import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { addPupil } from '../helpers/register.js';
import { checkPage, launchChromium, signedInPage, startServedApi } from './browser.js';

/** The staff directory and the staff import, in a real browser as the SENCO, axe-checked. */
let api: TestApi;
let browser: Browser;
let base: string;
let fixture: TestSchool;

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  fixture = await createTestSchool(api.dataSource);
  const senco = (await api.login(fixture.users.senco.email)).accessToken;
  for (const className of ['3A', '3B', '4B', '5A']) await addPupil(api, senco, fixture.school.id, { className });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const signedIn = (email: string): Promise<Page> => signedInPage(browser, base, email);

it('the SENCO imports a SIMS staff export from the staff directory: checks it, applies it, and sees the new staff invited', async () => {
  const page = await signedIn(fixture.users.senco.email);
  await page.goto(`${base}/app/s/${fixture.school.id}/staff`);
  await page.getByRole('region', { name: 'Staff', exact: true }).waitFor();
  await checkPage(page, 'staff-directory');

  await page.getByRole('link', { name: 'Import staff and classes from your MIS' }).click();
  await page.getByRole('heading', { name: 'Import staff and classes from your MIS' }).waitFor();
  await checkPage(page, 'staff-import');
  await page.getByLabel('Format').selectOption('sims');
  const sims = readFileSync(new URL('../fixtures/staff-sims.csv', import.meta.url));
  await page.getByLabel('CSV file').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: sims });
  await page.getByRole('button', { name: 'Check the file' }).click();
  const table = page.getByRole('region', { name: 'Staff in the file' });
  await table.waitFor();
  expect(await table.getByRole('row').count()).toBe(5);
  await table.getByText('g.okafor@riverside.sch.uk').waitFor();
  await checkPage(page, 'staff-import-dry-run');

  await page.getByRole('button', { name: 'Apply: 4 to invite, 0 to update' }).click();
  await page.getByRole('heading', { name: 'Staff import applied' }).waitFor();
  await checkPage(page, 'staff-import-applied');

  await page.getByRole('link', { name: 'Go to the staff directory' }).click();
  const staff = page.getByRole('region', { name: 'Staff', exact: true });
  await staff.getByText('t.whitfield@riverside.sch.uk', { exact: true }).waitFor();
  expect(await staff.getByRole('button', { name: /^Re-send the invitation to .*riverside\.sch\.uk$/ }).count()).toBe(4);

  // Withdrawing an invitation takes the person (and the classes waiting for them) off the list.
  await staff.getByRole('button', { name: 'Withdraw the invitation to t.whitfield@riverside.sch.uk' }).click();
  await staff.getByText('t.whitfield@riverside.sch.uk', { exact: true }).waitFor({ state: 'detached' });
  expect(await staff.getByRole('button', { name: /^Re-send the invitation to .*riverside\.sch\.uk$/ }).count()).toBe(3);
  await page.getByRole('status').getByText('The invitation to t.whitfield@riverside.sch.uk is withdrawn', { exact: false }).waitFor();
  await checkPage(page, 'staff-invitation-withdrawn');
});

it('the SENCO saves a mapping for an export with unusual headers, imports through it, edits it and deletes it', async () => {
  const page = await signedIn(fixture.users.senco.email);
  await page.goto(`${base}/app/s/${fixture.school.id}/staff/import`);
  await page.getByRole('heading', { name: 'Import staff and classes from your MIS' }).waitFor();
  await page.getByText('No saved mappings yet.').waitFor();
  const csv = [
    'Payroll No,Staff Name,Staff E-mail,Post Held,Teaching Groups',
    '2001,Uma Unusual,u.unusual@mapped.sch.uk,Class Teacher,"3A, 3B"',
    '2002,Vic Variant,v.variant@mapped.sch.uk,HLTA,4B',
  ].join('\n');
  await page.getByLabel('CSV file').setInputFiles({ name: 'our-mis.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Save a mapping for this file' }).click();
  await page.getByLabel('Name of the mapping').fill('our-mis-staff');
  await page.getByLabel('Column for Email (required)').selectOption('Staff E-mail');
  await page.getByLabel('Column for Role (required)').selectOption('Post Held');
  await page.getByLabel('Column for Whole name in one column').selectOption('Staff Name');
  await page.getByLabel('Column for Classes taught').selectOption('Teaching Groups');
  await checkPage(page, 'staff-mapping-new');
  await page.getByRole('button', { name: 'Save the mapping' }).click();
  const saved = page.getByRole('region', { name: 'Saved staff mappings' });
  await saved.getByRole('rowheader', { name: 'our-mis-staff' }).waitFor();
  // The saved mapping is now the one chosen for the import.
  expect(await page.getByLabel('Format', { exact: true }).locator('option:checked').textContent()).toBe('our-mis-staff (saved)');
  await checkPage(page, 'staff-mapping-saved');

  await page.getByRole('button', { name: 'Check the file' }).click();
  const table = page.getByRole('region', { name: 'Staff in the file' });
  await table.getByText('u.unusual@mapped.sch.uk').waitFor();
  expect(await table.getByRole('row').count()).toBe(3);
  await page.getByRole('button', { name: 'Apply: 2 to invite, 0 to update' }).click();
  await page.getByRole('heading', { name: 'Staff import applied' }).waitFor();

  await saved.getByRole('button', { name: 'Edit our-mis-staff' }).click();
  await page.getByRole('heading', { name: 'Edit the mapping our-mis-staff' }).waitFor();
  await page.getByLabel('Column for Whole name in one column').selectOption('');
  await checkPage(page, 'staff-mapping-edit');
  await page.getByRole('button', { name: 'Save the mapping' }).click();
  // Saved without the name column: the list shows the columns it now reads.
  await saved.getByText('Staff E-mail (email), Post Held (role), Teaching Groups (classes taught)', { exact: true }).waitFor();
  expect(await saved.getByRole('row').count()).toBe(2);

  await saved.getByRole('button', { name: 'Delete our-mis-staff' }).click();
  await page.getByText('No saved mappings yet.').waitFor();
  expect(await page.getByLabel('Format', { exact: true }).inputValue()).toBe('standard');
});
