import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { academicYearOf } from '#libs/core';
import { TEST_PASSWORD, createTestSchool, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { fullPlan } from '../helpers/plans.js';
import { addPupil, bearer, daysAgo, setStatus, todayInLondon } from '../helpers/register.js';
import { DESKTOP, checkPage, launchChromium, newContext, screenshot, startServedApi } from './browser.js';

/**
 * Issue 17, in a real browser: each editor of stored content, opened on what the API holds, saves it back
 * unchanged, and an edit of one field changes that field and nothing else. What is stored is read through the
 * API before and after. The plan editor starts from a plan with every part filled in (two areas of need,
 * attainment, home support, provision with every field, three attendees).
 */
jest.setTimeout(180_000);

let api: TestApi;
let browser: Browser;
let fixture: TestSchool;
let base: string;
let token: string;
let cycleId: string;
let editorPath: string;

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  fixture = await createTestSchool(api.dataSource);
  token = (await api.login(fixture.users.senco.email)).accessToken;
  const schoolId = fixture.school.id;
  const pupilId = (await addPupil(api, token, schoolId, { legalLastName: 'Roundtrip' })).id;
  expect((await setStatus(api, token, schoolId, pupilId, { status: 'K', startDate: daysAgo(30), primaryNeed: 'SLCN' })).status).toBe(201);
  const started = await api
    .http()
    .post(`/v1/schools/${schoolId}/pupils/${pupilId}/plan-cycles`)
    .set(bearer(token))
    .send(fullPlan(daysAgo(5)));
  expect(started.status).toBe(201);
  cycleId = started.body.id;
  editorPath = `/app/s/${schoolId}/pupils/${pupilId}/plan/${cycleId}`;
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const storedDraft = async () => {
  const res = await api.http().get(`/v1/schools/${fixture.school.id}/plan-cycles/${cycleId}`).set(bearer(token));
  expect(res.status).toBe(200);
  return res.body.pending as Record<string, any>;
};

/** Signs the SENCO in and opens a page of the app. */
async function asSenco(path: string, run: (page: Page) => Promise<void>) {
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
    await page.goto(`${base}${path}`);
    await run(page);
  } catch (error) {
    await screenshot(page, `failure-editors-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
    expect(errors).toEqual([]);
  }
}

async function openEditor(run: (page: Page) => Promise<void>) {
  await asSenco(editorPath, async (page) => {
    await page.getByRole('heading', { name: 'Support plan' }).waitFor();
    await page.getByLabel('Strengths').waitFor();
    await run(page);
  });
}

/** Runs an edit and waits for the autosave it causes to come back. */
async function saved(page: Page, edit: () => Promise<void>) {
  const put = page.waitForResponse((r) => r.url().endsWith(`/plan-cycles/${cycleId}/draft`) && r.request().method() === 'PUT');
  await edit();
  expect((await put).status()).toBe(200);
  await page.getByText(/^Draft saved\./).waitFor();
}

describe('the plan editor keeps every part of a plan', () => {
  it('shows every part of the plan, and saving it unchanged leaves the stored draft exactly as it was', async () => {
    const before = await storedDraft();
    expect(before.needs).toHaveLength(2);
    await openEditor(async (page) => {
      // Every part is on screen, not only the first need or the parent.
      await expect(page.getByLabel('Area of need 2', { exact: true }).inputValue()).resolves.toBe('social_emotional_mental_health');
      await expect(page.getByLabel('Current attainment').inputValue()).resolves.toBe(before.attainment);
      await expect(page.getByLabel('Support at home').inputValue()).resolves.toBe(before.homeSupport);
      await expect(page.getByLabel('Attendee 2: role').inputValue()).resolves.toBe('class_teacher');
      await expect(page.getByLabel('Attendee 3: name').inputValue()).resolves.toBe('Ms S Enco');
      // The line with a named deliverer, a group size and its own end date, wherever the plan lists it.
      const line = before.provisions.findIndex((x: { deliveredBy: string | null }) => x.deliveredBy === 'Mr M Health');
      expect(line).toBeGreaterThanOrEqual(0);
      const provision = page.getByRole('group', { name: `Provision ${line + 1}`, exact: true });
      await expect(provision.getByLabel('Delivered by (name)').inputValue()).resolves.toBe('Mr M Health');
      await expect(provision.getByLabel('Group size (pupils)').inputValue()).resolves.toBe(String(before.provisions[line].groupSize));
      await expect(provision.getByLabel('Ends').inputValue()).resolves.toBe(before.provisions[line].endsOn);
      await checkPage(page, '20-senco-plan-editor-full');
      // A change typed and taken back: the autosave sends the plan as it was.
      const strengths = page.getByLabel('Strengths');
      await saved(page, async () => {
        await strengths.fill(`${before.strengths} and more`);
        await strengths.fill(before.strengths);
      });
    });
    expect(await storedDraft()).toEqual(before);
  });

  it('typing into Strengths changes the strengths and nothing else', async () => {
    const before = await storedDraft();
    await openEditor(async (page) => {
      await saved(page, () => page.getByLabel('Strengths').fill('Loves drawing. Kind'));
    });
    const after = await storedDraft();
    expect(after.strengths).toBe('Loves drawing. Kind');
    const { strengths: _s, updatedAt: _u, ...rest } = after;
    const { strengths: _s0, updatedAt: _u0, ...restBefore } = before;
    // Same version, same targets and provision (ids included), same needs, attendees and dates.
    expect(rest).toEqual(restBefore);
  });
});

describe('the school settings and the SEN Information Report editor keep what they do not change', () => {
  const school = async () => (await api.http().get(`/v1/schools/${fixture.school.id}`).set(bearer(token)).expect(200)).body;
  const year = academicYearOf(todayInLondon());
  const report = async () => (await api.http().get(`/v1/schools/${fixture.school.id}/sen-reports/${year}`).set(bearer(token)).expect(200)).body;

  it('settings: saved unchanged, nothing changes; the SENCO name edited, only it changes', async () => {
    await api
      .http()
      .patch(`/v1/schools/${fixture.school.id}/settings`)
      .set(bearer(token))
      .send({
        sencoName: 'Ms A Example',
        sencoEmail: 'senco@school.test.invalid',
        sendiassUrl: 'https://sendiass.example',
        reminderLeadDays: [14, 3],
        overdueRepeatDays: 5,
      })
      .expect(200);
    const before = await school();
    await asSenco(`/app/s/${fixture.school.id}/settings`, async (page) => {
      await page.getByLabel("SENCO's name").waitFor();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved.').waitFor();
      expect(await school()).toEqual(before);
      await page.getByLabel("SENCO's name").fill('Mr B Example');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved.').waitFor();
    });
    expect(await school()).toEqual({ ...before, sencoName: 'Mr B Example' });
  });

  it('report: saved unchanged, nothing changes; one item edited, only it changes, the complaints count kept', async () => {
    await api.http().put(`/v1/schools/${fixture.school.id}/sen-reports/${year}`).set(bearer(token)).send({ texts: {}, complaintsCount: 2 }).expect(200);
    const first = (await report()).sections[0].fields[0];
    await api
      .http()
      .put(`/v1/schools/${fixture.school.id}/sen-reports/${year}`)
      .set(bearer(token))
      .send({ texts: { [first.key]: 'Written through the API.' } })
      .expect(200);
    const before = await report();
    await asSenco(`/app/s/${fixture.school.id}/report`, async (page) => {
      const field = page.getByLabel(first.label, { exact: true });
      await expect(field.inputValue()).resolves.toBe('Written through the API.');
      await expect(page.getByLabel('Complaints about SEN provision this year').inputValue()).resolves.toBe('2');
      await checkPage(page, '21-senco-report-editor');
      const saved = () => page.waitForResponse((r) => r.url().includes('/sen-reports/') && r.request().method() === 'PUT');
      let put = saved();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      expect((await put).status()).toBe(200);
      expect(await report()).toEqual(before);
      put = saved();
      await field.fill('Written in the editor.');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      expect((await put).status()).toBe(200);
    });
    const after = await report();
    expect(after.sections[0].fields[0].text).toBe('Written in the editor.');
    const withoutFirst = (r: Record<string, any>) => ({
      ...r,
      missing: undefined,
      sections: r.sections.map((sec: Record<string, any>, i: number) => (i === 0 ? { ...sec, fields: sec.fields.slice(1) } : sec)),
    });
    expect(withoutFirst(after)).toEqual(withoutFirst(before));
    expect(after.complaintsCount).toBe(2);
  });
});

describe("the pupil page's contact and notice forms keep what they do not change", () => {
  let pupilPath: string;
  let pupilUrl: string;
  let contactName: string;

  beforeAll(async () => {
    const schoolId = fixture.school.id;
    // A sixth-former: the young person's own notice details are shown from Year 11.
    const pupilId = (await addPupil(api, token, schoolId, { legalLastName: 'Contacts', yearGroup: '12', className: '12A' })).id;
    pupilUrl = `/v1/schools/${schoolId}/pupils/${pupilId}`;
    pupilPath = `/app/s/${schoolId}/pupils/${pupilId}`;
    const added = await api.http().post(`${pupilUrl}/contacts`).set(bearer(token)).send({
      firstName: 'Ruth',
      lastName: 'Keeper',
      email: 'ruth.keeper@test.invalid',
      phone: '07700 900123',
      preferredChannel: 'email',
      relationship: 'grandparent',
      parentalResponsibility: false,
      hasCare: false,
    });
    expect(added.status).toBe(201);
    contactName = 'Ruth Keeper';
    const notices = await api.http().patch(pupilUrl).set(bearer(token)).send({ email: 'pupil.own@test.invalid', youngPersonParentsInformed: 'agrees' });
    expect(notices.status).toBe(200);
  });

  /** The pupil as the API holds it, without the one column every write moves. */
  const stored = async () => {
    const res = await api.http().get(pupilUrl).set(bearer(token));
    expect(res.status).toBe(200);
    const { updatedAt: _moved, ...rest } = res.body as Record<string, unknown>;
    return rest;
  };
  const savedBy = async (page: Page, method: string, path: string, click: () => Promise<void>) => {
    const response = page.waitForResponse((r) => r.url().endsWith(path) && r.request().method() === method);
    await click();
    expect((await response).status()).toBeLessThan(300);
  };

  it("a young person's notice details: saved unchanged, nothing changes; the consent changed, only it changes", async () => {
    const before = await stored();
    await asSenco(pupilPath, async (page) => {
      const save = page.getByRole('button', { name: "Save the pupil's notice details" });
      await save.waitFor();
      await expect(page.getByLabel("The pupil's own email").inputValue()).resolves.toBe('pupil.own@test.invalid');
      await savedBy(page, 'PATCH', pupilUrl, () => save.click());
      expect(await stored()).toEqual(before);
      await page.getByLabel("Send the young person's notices to their parents too?").selectOption('lacks_capacity');
      await savedBy(page, 'PATCH', pupilUrl, () => save.click());
    });
    const after = await stored();
    expect((after.notices as Record<string, unknown>).youngPersonParentsInformed).toBe('lacks_capacity');
    expect({ ...after, notices: { ...(after.notices as object), youngPersonParentsInformed: 'agrees' } }).toEqual(before);
  });

  it("a contact's responsibility and care: saved unchanged, nothing changes; care ticked, only it changes", async () => {
    const before = await stored();
    const contacts = before.contacts as Record<string, unknown>[];
    expect(contacts).toHaveLength(1);
    const linkPath = `${pupilUrl}/contacts/${contacts[0]!.contactId as string}`;
    await asSenco(pupilPath, async (page) => {
      await page.getByText(`Change responsibility and care for ${contactName}`).click();
      const save = page.getByRole('button', { name: `Save for ${contactName}` });
      await savedBy(page, 'PATCH', linkPath, () => save.click());
      expect(await stored()).toEqual(before);
      // The page reloads the pupil after a save; open the form again if that closed it.
      const details = page.locator('details', { hasText: `Change responsibility and care for ${contactName}` });
      if (!(await details.evaluate((d) => (d as unknown as { open: boolean }).open)))
        await page.getByText(`Change responsibility and care for ${contactName}`).click();
      await details.getByLabel('Has care of the pupil').check();
      await savedBy(page, 'PATCH', linkPath, () => details.getByRole('button', { name: `Save for ${contactName}` }).click());
    });
    const after = await stored();
    expect((after.contacts as Record<string, unknown>[])[0]!.hasCare).toBe(true);
    expect({ ...after, contacts: [{ ...(after.contacts as Record<string, unknown>[])[0], hasCare: false }] }).toEqual(before);
  });
});

describe("a leaver's SEN record for the next school", () => {
  it('downloads the transfer record and records the day it was sent, changing nothing else about the pupil', async () => {
    const schoolId = fixture.school.id;
    const pupilId = (await addPupil(api, token, schoolId, { legalLastName: 'Leaving' })).id;
    const pupilUrl = `/v1/schools/${schoolId}/pupils/${pupilId}`;
    expect((await setStatus(api, token, schoolId, pupilId, { status: 'K', startDate: daysAgo(20), primaryNeed: 'SPLD' })).status).toBe(201);
    expect(
      (
        await api
          .http()
          .patch(pupilUrl)
          .set(bearer(token))
          .send({ leavingDate: daysAgo(3) })
      ).status,
    ).toBe(200);
    const read = async () => {
      const res = await api.http().get(pupilUrl).set(bearer(token));
      expect(res.status).toBe(200);
      const { updatedAt: _moved, ...rest } = res.body as Record<string, unknown>;
      return rest;
    };
    const before = await read();
    expect(before.recordSentOn).toBeNull();
    const sentOn = daysAgo(1);
    await asSenco(`/app/s/${schoolId}/pupils/${pupilId}`, async (page) => {
      await page.getByRole('heading', { name: 'The SEN record for the next school' }).waitFor();
      const pdf = page.waitForResponse((r) => r.url().includes(`/pupils/${pupilId}/transfer-record?`) && r.request().method() === 'GET');
      await page.getByRole('button', { name: 'Download the SEN record for the next school (PDF)' }).click();
      const response = await pdf;
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toMatch(/application\/pdf/);
      await page.getByLabel('Date the record was sent').fill(sentOn);
      const saved = page.waitForResponse((r) => r.url().endsWith(`/pupils/${pupilId}/transfer-record/sent`) && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Record that it was sent' }).click();
      expect((await saved).status()).toBe(200);
      await page.getByText(/The SEN record was sent to the next school on/).waitFor();
      await checkPage(page, '22-senco-leaver-transfer-record');
    });
    expect(await read()).toEqual({ ...before, recordSentOn: sentOn });
  });
});
