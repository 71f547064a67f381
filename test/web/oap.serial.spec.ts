import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { TenantTransactions } from '#libs/database';
import { createTestSchool, createUser, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { addPupil, daysAgo, linkParent, setStatus } from '../helpers/register.js';
import { checkPage, launchChromium, newContext, signedInPage, signInAsNewAdmin, startServedApi } from './browser.js';

/**
 * The per-pupil ordinarily available provision page in a real browser (docs/web.md): the SENCO sees the gaps
 * against the LA's framework and records an adjustment in class, which evidences one; the parent reads the
 * same comparison in plain words; the platform admin checks a framework file and imports it. Each page is axe-checked.
 */
jest.setTimeout(180_000);

let api: TestApi;
let base: string;
let browser: Browser;
let fixture: TestSchool;
let pupilId: string;
let parentEmail: string;

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  fixture = await createTestSchool(api.dataSource);
  // A school in its own LA, with a framework for it.
  await new TenantTransactions(api.dataSource).run({ schoolIds: [], platformAdmin: true }, async (m) => {
    await m.query(`update schools set la_code = '873' where id = $1`, [fixture.school.id]);
    const [f] = await m.query<{ id: string }[]>(
      `insert into oap_frameworks (la_code, name, version, effective_from, source_citation, scale)
       values ('873', 'Browser test OAP', 1, '2024-09-01', 'Test Council, OAP, 2024', '{}') returning id`,
    );
    await m.query(
      `insert into oap_expectations (framework_id, position, code, area_of_need, text, evidence_kind, intervention_kind, frequency_count, frequency_period)
       values ($1, 0, 'SEMH-1', 'social_emotional_mental_health', 'A named adult checks in each morning.', 'adjustment', null, null, null),
              ($1, 1, 'SEMH-2', 'social_emotional_mental_health', 'Weekly emotional literacy sessions.', 'intervention', 'ELSA', 1, 'week')`,
      [f!.id],
    );
  });
  const senco = (await api.login(fixture.users.senco.email)).accessToken;
  pupilId = (await addPupil(api, senco, fixture.school.id)).id;
  expect((await setStatus(api, senco, fixture.school.id, pupilId, { status: 'K', startDate: daysAgo(20), primaryNeed: 'SEMH' })).status).toBe(201);
  parentEmail = `oap-web-parent-${Date.now()}@test.invalid`;
  await linkParent(api, senco, fixture.school.id, pupilId, parentEmail);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

it('the SENCO sees the gaps and records an adjustment in class, which evidences one', async () => {
  const page = await signedInPage(browser, base, fixture.users.senco.email);
  try {
    // From the pupil's page, as a SENCO finds it.
    await page.goto(`${base}/app/s/${fixture.school.id}/pupils/${pupilId}`);
    await page.getByRole('link', { name: /^Ordinarily available provision/ }).click();
    await page.getByRole('heading', { name: 'Ordinarily available provision' }).waitFor();
    await page.getByText('0 evidenced, 2 not evidenced, 0 not applicable.').waitFor();
    await checkPage(page, 'oap-senco');
    await page.getByLabel('Expectation it meets').selectOption('SEMH-1');
    await page.getByLabel('What the class teacher does differently').fill('Met at the classroom door by the TA each morning');
    await page.getByRole('button', { name: 'Record adjustment' }).click();
    await page.getByText('1 evidenced, 1 not evidenced, 0 not applicable.').waitFor();
    await page.getByText('Adjustment in class: Met at the classroom door by the TA each morning').waitFor();
    await checkPage(page, 'oap-senco-recorded');
  } finally {
    await page.context().close();
  }
});

it("the SENCO keeps the school's own offer: a refused row shows its error beside the field, then it saves and joins the comparison", async () => {
  const page = await signedInPage(browser, base, fixture.users.senco.email);
  try {
    await page.goto(`${base}/app/s/${fixture.school.id}/pupils/${pupilId}/oap`);
    await page.getByRole('link', { name: 'The school’s own offer' }).click();
    await page.getByRole('heading', { name: 'The school’s own offer' }).waitFor();
    await page.getByText('The school has added nothing of its own yet.').waitFor();
    await checkPage(page, 'oap-offer-empty');
    await page.getByRole('button', { name: 'Add an expectation' }).click();
    const row = page.getByRole('group', { name: 'Expectation 1' });
    // A code the authority's framework uses: the API refuses it, and the error shows beside the field.
    await row.getByLabel('Code').fill('SEMH-1');
    await row.getByLabel('Area of need').selectOption('social_emotional_mental_health');
    await row.getByLabel('What the school provides').fill('A calm corner in every classroom.');
    await page.getByRole('button', { name: 'Save the school’s offer' }).click();
    await page
      .getByRole('alert')
      .getByText(/row 1: code/)
      .waitFor();
    await row.getByText("is a code of the local authority's framework").waitFor();
    await checkPage(page, 'oap-offer-refused');
    // Corrected by keyboard alone, and saved.
    await row.getByLabel('Code').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('OWN-1');
    await page.getByRole('button', { name: 'Save the school’s offer' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page.reload();
    await expect(page.getByRole('group', { name: 'Expectation 1' }).getByLabel('Code').inputValue()).resolves.toBe('OWN-1');
    // The pupil's comparison now lists it, marked as the school's own.
    await page.goto(`${base}/app/s/${fixture.school.id}/pupils/${pupilId}/oap`);
    await page.getByRole('row').filter({ hasText: 'A calm corner in every classroom.' }).getByText('The school’s own offer').waitFor();
    await checkPage(page, 'oap-with-own-offer');
  } finally {
    await page.context().close();
  }
});

it('the parent reads the same comparison in plain words', async () => {
  const page = await signedInPage(browser, base, parentEmail);
  try {
    await page.goto(`${base}/app/s/${fixture.school.id}/children/${pupilId}`);
    await page.getByRole('link', { name: 'What the council expects every school to provide, and what the school has done' }).click();
    await page.getByRole('heading', { name: 'Ordinarily available provision' }).waitFor();
    await page.getByText('Provided: in class, the school records "Met at the classroom door by the TA each morning".').waitFor();
    await page.getByText('The school has not recorded providing this for your child, as often as the council expects.').waitFor();
    await expect(page.getByRole('button', { name: 'Record adjustment' }).count()).resolves.toBe(0);
    await checkPage(page, 'oap-parent');
  } finally {
    await page.context().close();
  }
});

it('the platform admin checks an example framework file, then imports it', async () => {
  const kent = await createTestSchool(api.dataSource);
  await new TenantTransactions(api.dataSource).run({ schoolIds: [], platformAdmin: true }, (m) =>
    m.query(`update schools set la_code = '886' where id = $1`, [kent.school.id]),
  );
  const admin = await createUser(api.dataSource, `admin-oap-${randomUUID().slice(0, 8)}@test.invalid`, { isPlatformAdmin: true });
  const page = await (await newContext(browser)).newPage();
  try {
    // A platform admin always has a second factor: the first sign-in sets up an authenticator app.
    await signInAsNewAdmin(page, base, admin.email);
    await page.getByRole('link', { name: 'Platform administration' }).click();
    await page.getByRole('link', { name: "Import an authority's framework" }).click();
    await page.getByRole('heading', { name: 'Ordinarily available provision frameworks' }).waitFor();
    await checkPage(page, 'oap-admin');
    await page.getByLabel('Framework file (JSON or CSV)').setInputFiles(fileURLToPath(new URL('../../data/oap/kent-886.json', import.meta.url)));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'Ready to import' }).waitFor();
    await page.getByText(/version 1, LA 886, in effect from 2018-09-01: 15 expectations/).waitFor();
    await page.getByRole('button', { name: 'Import this framework' }).click();
    await page.getByRole('heading', { name: 'Imported' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Kent: what mainstream schools provide ordinarily' }).waitFor();
    await checkPage(page, 'oap-admin-imported');

    // A CSV holds only the expectations: the framework's own fields are typed on the page.
    const csv = path.join(mkdtempSync(path.join(tmpdir(), 'oap-csv-')), 'kent-update.csv');
    writeFileSync(csv, 'code,area_of_need,expectation,evidence\nK-NEW-1,cognition_and_learning,Tasks broken into steps on a checklist,adjustment\n');
    await page.getByLabel('Framework file (JSON or CSV)').setInputFiles(csv);
    await page.getByLabel('Local authority number').fill('886');
    await page.getByLabel('Name of the framework').fill('Kent: an update typed in');
    await page.getByLabel('Version').fill('2');
    await page.getByLabel('In effect from').fill('2025-09-01');
    await page.getByLabel('Source', { exact: true }).fill('Browser test, written for the tests');
    await checkPage(page, 'oap-admin-csv');
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByText(/version 2, LA 886, in effect from 2025-09-01: 1 expectations/).waitFor();
    await page.getByRole('button', { name: 'Import this framework' }).click();
    await page.getByRole('row').filter({ hasText: 'Kent: an update typed in' }).waitFor();
  } finally {
    await page.context().close();
  }
});
