import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { academicYearOf, createLogger, loadConfig, addDays } from '#libs/core';
import { ALL_FIELDS } from '#libs/reports';
import { TEST_PASSWORD, createTestSchool, createTrustWithLead, type TestSchool } from '#libs/testing';
import { WorkerModule } from '../../apps/worker/worker.module.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { openYear } from '../helpers/interventions.js';
import { issuePlan } from '../helpers/ehc.js';
import { weekdayFrom } from '../helpers/plans.js';
import {
  addFlaggedRegister,
  addPupil,
  bearer,
  daysAgo,
  dobFor,
  flaggedStatusOf,
  flaggedYearOf,
  linkParent,
  setStatus,
  todayInLondon,
  validUpn,
} from '../helpers/register.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { asSchool, until } from '../helpers/wait.js';
import { DESKTOP, PHONE, checkPage, expectNoHorizontalScroll, launchChromium, newContext, screenshot } from './browser.js';
import { freePort } from '../helpers/ports.js';
import { settleOutboxBacklog } from '../helpers/outbox-backlog.js';

// The functions passed to page.evaluate run in the browser; the root tsconfig has no DOM types.
declare const document: { cookie: string; body: { innerText: string } };
declare const localStorage: Record<string, string>;
declare const sessionStorage: Record<string, string>;

/**
 * The web app in a real browser (Debian's Chromium), against the real API, worker, PostgreSQL, Redis and an
 * SMTP server: each role's main journey, one after the other in one school, as the issue describes them. Every
 * main page is screenshotted and checked with axe-core (no serious or critical issue).
 */
jest.setTimeout(180_000);

let api: TestApi;
let base: string;
let smtp: TestSmtp;
let worker: INestApplicationContext;
let browser: Browser;
let fixture: TestSchool;
let trustLead: string;
let senco: string;
const today = todayInLondon();
const year = academicYearOf(today);
const tag = randomUUID().slice(0, 6);
const child = { upn: validUpn(), first: 'Maya', last: `Webb${tag}`, parentEmail: `parent-${tag}@web.test.invalid` };
const other = { upn: validUpn(), first: 'Oscar', last: `Other${tag}`, parentEmail: `other-${tag}@web.test.invalid` };
/** Imported on SEN Support since 2024 (before go-live), and with an EHC plan whose date the file lacks. */
const legacy = [1, 2].map((n) => ({ upn: validUpn(), first: `Lee${n}`, last: `Legacy${n}${tag}`, parentEmail: `legacy${n}-${tag}@web.test.invalid` }));
const ehcPupil = { upn: validUpn(), first: 'Ezra', last: `Plan${tag}`, parentEmail: `ehc-${tag}@web.test.invalid` };
/** Filled in as the journeys go. */
const state: { pupilId?: string; otherPupilId?: string; invitationUrl?: string; parentPassword: string } = { parentPassword: 'a-parent-password-2026' };

async function startWorker(smtpUrl: string): Promise<INestApplicationContext> {
  const config = loadConfig('worker', { ...process.env, OUTBOX_RELAY_INTERVAL_MS: '200', SMTP_URL: smtpUrl, QUEUE_PREFIX: `w${tag}` });
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createLogger('warn', sink)), { logger: false });
  await app.init();
  return app;
}

async function signIn(page: Page, email: string, password = TEST_PASSWORD) {
  await page.goto(`${base}/app/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
}

const ok = (res: { status: number; body: unknown }, expected: number, what: string) => {
  if (res.status !== expected) throw new Error(`${what} failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Record<string, any>;
};

beforeAll(async () => {
  smtp = await startSmtp();
  const port = await freePort();
  base = `http://localhost:${port}`;
  // The links in emails and invitations point at this server.
  api = await startTestApi({ env: { PUBLIC_URL: base } });
  await api.app.listen(port, 'localhost');
  // Earlier suites' unsent events are not this journey's: the worker would send that backlog before its letters.
  await settleOutboxBacklog();
  worker = await startWorker(smtp.url);
  browser = await launchChromium();
  const { trust, lead } = await createTrustWithLead(api.dataSource);
  trustLead = lead.email;
  fixture = await createTestSchool(api.dataSource, { trustId: trust.id });
  senco = (await api.login(fixture.users.senco.email)).accessToken;
});
afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
  await smtp?.close();
});

async function withPage<T>(device: typeof PHONE | typeof DESKTOP, run: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await newContext(browser, device);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    return await run(page, context);
  } catch (error) {
    await screenshot(page, `failure-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
    expect(errors).toEqual([]);
  }
}

describe('the web app', () => {
  it('serves the app with its own content security policy, and keeps the refresh token out of reach of scripts', async () => {
    const res = await fetch(`${base}/app/login`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await res.text()).toContain('<div id="root">');
    await withPage(DESKTOP, async (page, context) => {
      // Keyboard only: the skip link is not on the login page; Tab from the top reaches the email field first.
      await page.goto(`${base}/app/login`);
      // Each page moves focus to its heading once it has rendered (so screen readers announce it).
      await page.waitForFunction("document.activeElement && document.activeElement.tagName === 'H1'");
      await page.keyboard.press('Tab');
      await page.keyboard.type(fixture.users.head.email);
      await page.keyboard.press('Tab');
      await page.keyboard.type(TEST_PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname.startsWith('/app/s/'));
      const cookies = await context.cookies();
      const refresh = cookies.find((c) => c.name === 'sen_refresh')!;
      expect(refresh).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/v1/auth/web' });
      expect(await page.evaluate(() => document.cookie)).not.toContain('sen_refresh');
      expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).toBe('{}{}');
      // A reload keeps the session (the cookie), without the access token ever being stored; two tabs
      // reloading at once take turns to rotate the single-use refresh token, so neither signs the other out.
      const second = await context.newPage();
      await Promise.all([page.reload(), second.goto(page.url())]);
      await page.getByRole('heading', { name: 'School dashboard' }).waitFor();
      await second.getByRole('heading', { name: 'School dashboard' }).waitFor();
      await Promise.all([page.reload(), second.reload()]);
      await page.getByRole('heading', { name: 'School dashboard' }).waitFor();
      await second.getByRole('heading', { name: 'School dashboard' }).waitFor();
      await second.close();
      // Sign out on every device: the cookie session ends, and the app asks for a login again.
      await page.getByText(fixture.users.head.displayName).first().click();
      await page.getByRole('button', { name: 'Sign out on every device' }).click();
      await page.waitForURL(/\/app\/login/);
      await page.goto(`${base}/app`);
      await page.waitForURL(/\/app\/login/);
      await checkPage(page, '00-login');
    });
  });

  it('SENCO: imports a CSV, places a pupil on SEN Support, writes a plan (a vague target is flagged, then fixed) and agrees it', async () => {
    // A SIMS-style export whose headers no built-in layout has, with no EHC plan date column: an E pupil,
    // two pupils on SEN Support since 2024 (their parents were told long ago) and one row with a bad UPN.
    const dmy = (iso: string) => iso.split('-').reverse().join('/');
    const csv = [
      'UPN,Legal Surname,Legal Forename,DOB,Year Group,Reg Group,Looked After,SEN Status,Primary Need,SEN Start Date,Contact 1 Name,Contact 1 Email,Contact 1 Relationship',
      `${child.upn},${child.last},${child.first},${dmy(dobFor('3'))},3,3W,N,N,,,Nadia ${child.last},${child.parentEmail},Mother`,
      `${other.upn},${other.last},${other.first},${dmy(dobFor('4'))},4,4O,N,N,,,Olu ${other.last},${other.parentEmail},Father`,
      ...legacy.map(
        (l, i) =>
          `${l.upn},${l.last},${l.first},${dmy(dobFor('5'))},5,5L,N,K,SPLD,${i === 0 ? '15/03/2024' : '10/09/2024'},"${l.last}, Lee",${l.parentEmail},Mother`,
      ),
      `${ehcPupil.upn},${ehcPupil.last},${ehcPupil.first},${dmy(dobFor('6'))},6,6E,Y,E,ASD,01/02/2025,Eve ${ehcPupil.last},${ehcPupil.parentEmail},Mother`,
      `A801200005001,Wrong,Una,${dmy(dobFor('3'))},3,3W,N,N,,,Una Wrong,una-${tag}@web.test.invalid,Mother`,
    ].join('\n');
    await withPage(DESKTOP, async (page) => {
      await signIn(page, fixture.users.senco.email);
      await page.getByRole('heading', { name: 'SEN register' }).waitFor();
      await checkPage(page, '01-senco-register');
      // Reflow: at 320 px wide nothing scrolls sideways (a wide table scrolls inside its own region).
      await page.setViewportSize({ width: 320, height: 800 });
      await expectNoHorizontalScroll(page);
      await screenshot(page, '01-senco-register-320px');
      await page.setViewportSize(DESKTOP.viewport);

      // MIS import: the page reads the file's own headers and guesses each field's column; the SENCO checks
      // them against a preview, saves the mapping, gives the go-live date, sees the dry run, and commits
      // the valid rows, leaving the bad one out.
      await page.getByRole('link', { name: 'Import' }).click();
      await page.getByLabel('CSV file').setInputFiles({ name: 'pupils.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('heading', { name: 'Match the columns' }).waitFor();
      const column = (label: string) => page.getByLabel(`Column for ${label}`, { exact: true });
      expect(await column('Year group').inputValue()).toBe('Year Group');
      expect(await column('Class or registration group').inputValue()).toBe('Reg Group');
      expect(await column('Looked after').inputValue()).toBe('Looked After');
      expect(await column('contact 1 whole name in one column').inputValue()).toBe('Contact 1 Name');
      expect(await column('EHC plan date').inputValue()).toBe('');
      // The SENCO corrects a guess: the relationship column is chosen by hand (here, the same one again).
      await column('contact 1 relationship').selectOption('Contact 1 Relationship');
      await page
        .getByRole('region', { name: 'The first rows as they would be read' })
        .getByRole('cell', { name: `Nadia ${child.last}` })
        .waitFor();
      await checkPage(page, '02-senco-import-mapping');
      await page.getByLabel('Save these columns as').fill('sims-export');
      await page.getByLabel('The day your school started using SEN Manager (go-live date)').fill(addDays(today, -7));
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByRole('heading', { name: 'What this import would do' }).waitFor();
      await page.getByRole('region', { name: 'Rows of the file' }).getByRole('cell', { name: child.upn }).waitFor();
      await page.getByText('2 pupils began SEN Support before the go-live date').waitFor();
      await page.getByText(/0 formal notices that SEN Support has begun/).waitFor();
      await page.getByText(/EHC plan date is not given/).waitFor();
      await checkPage(page, '02-senco-import-dry-run');
      await page.getByLabel('Import the 5 valid rows and leave out the 1 rejected').check();
      await page.getByRole('button', { name: 'Import 5 pupils' }).click();
      await page.getByRole('heading', { name: 'Import complete' }).waitFor();
      await page.getByText(/^Row 7: UPN/).waitFor();
      // The mapping is saved for next time, and offered under Columns.
      const mappings = ok(await api.http().get(`/v1/schools/${fixture.school.id}/import-mappings`).set(bearer(senco)), 200, 'the mappings') as unknown as {
        name: string;
        contacts: { fullName?: string }[];
      }[];
      expect(mappings.find((m) => m.name === 'sims-export')?.contacts[0]?.fullName).toBe('Contact 1 Name');

      // The register: search finds the new pupil (not yet on the register, so among "not on the register").
      await page.getByRole('link', { name: 'Go to the register' }).click();
      await page.getByLabel('Search by name or UPN').fill(child.last);
      await page.getByLabel('Status').selectOption('N');
      await page.getByLabel('Sort by').selectOption('yearGroup');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      // The view is in the address: a reload (a bookmark, a shared link) shows the same register, form filled in.
      await page.waitForURL(/\/register\?/);
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ q: child.last, status: 'N', sort: 'yearGroup' });
      await page.reload();
      await page.getByRole('link', { name: `${child.first} ${child.last}` }).waitFor();
      expect(await page.getByLabel('Search by name or UPN').inputValue()).toBe(child.last);
      expect(await page.getByLabel('Sort by').inputValue()).toBe('yearGroup');
      await page.getByRole('link', { name: `${child.first} ${child.last}` }).click();
      await page.waitForURL(/\/pupils\/[0-9a-f-]{36}$/);
      state.pupilId = page.url().split('/').pop()!;

      // Placing on SEN Support.
      await page.getByRole('heading', { name: `${child.first} ${child.last}` }).waitFor();
      await page.getByLabel('Primary need').selectOption('SLCN');
      await page.getByLabel('Reason').fill('Speech and language assessment: receptive language well below age.');
      await page.getByRole('button', { name: 'Place on SEN Support' }).click();
      await page.getByRole('cell', { name: 'SEN Support' }).waitFor();
      await checkPage(page, '03-senco-pupil');

      // No surprise letters: once this pupil's notice has reached the parent (so the worker has relayed
      // everything before it), the pupils on SEN Support since 2024 have had nothing sent at all.
      await until(
        "the formal notice to the new pupil's parent",
        async () => smtp.received.length,
        () => smtp.received.some((m) => m.to.includes(child.parentEmail)),
      );
      expect(smtp.received.filter((m) => m.to.some((t) => [...legacy, ehcPupil].some((l) => l.parentEmail === t)))).toEqual([]);
      const onRegister = ok(await api.http().get(`/v1/schools/${fixture.school.id}/register?status=K,E`).set(bearer(senco)), 200, 'the register').items as {
        upn: string;
        pupilId: string;
        status: string;
        parentNotice: string | null;
        ehcPlanDate: string | null;
      }[];
      const imported = onRegister.filter((r) => [...legacy, ehcPupil].some((l) => l.upn === r.upn));
      expect(imported.map((r) => [r.status, r.parentNotice]).sort()).toEqual([
        ['E', null],
        ['K', 'given_outside'],
        ['K', 'given_outside'],
      ]);
      expect(imported.find((r) => r.status === 'E')?.ehcPlanDate).toBeNull();
      const ids = imported.map((r) => r.pupilId);
      const owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
      await owner.connect();
      try {
        const count = async (sql: string) => (await asSchool<{ n: number }>(owner, fixture.school.id, sql, [fixture.school.id, ids]))[0]!.n;
        expect(await count(`select count(*)::int as n from deliveries where school_id = $1 and pupil_id = any($2::uuid[])`)).toBe(0);
        expect(
          await count(
            `select count(*)::int as n from inbox_messages i join deliveries d on d.id = i.delivery_id where i.school_id = $1 and d.pupil_id = any($2::uuid[])`,
          ),
        ).toBe(0);
      } finally {
        await owner.end();
      }
      // A second parent the MIS did not have.
      await page.getByRole('button', { name: 'Add a parent or carer' }).click();
      await page.getByLabel('First name').fill('Dan');
      await page.getByLabel('Last name').fill(child.last);
      await page.getByLabel('Relationship to the pupil').selectOption('father');
      await page.getByLabel('Phone (optional)').fill('01632 960123');
      await page.getByLabel('How they prefer to hear from school').selectOption('phone');
      await checkPage(page, '03-senco-add-contact');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByText(`Dan ${child.last}`, { exact: true }).waitFor();
      // An aunt with neither parental responsibility nor care: no formal notices, no parent portal (s.576).
      await page.getByRole('button', { name: 'Add a parent or carer' }).click();
      await page.getByLabel('First name').fill('Ama');
      await page.getByLabel('Last name').fill(child.last);
      await page.getByLabel('Relationship to the pupil').selectOption('other');
      await page.getByRole('form', { name: 'Add a parent or carer' }).getByLabel('Has parental responsibility').uncheck();
      await page.getByLabel('Email (optional)').fill(`ama.${child.last.toLowerCase()}@example.org`);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const ama = page.getByRole('listitem').filter({ hasText: `Ama ${child.last}` });
      await ama.getByText('neither parental responsibility nor care').waitFor();
      expect(await page.getByRole('button', { name: `Invite Ama ${child.last} to SEN Manager` }).count()).toBe(0);
      // She turns out to look after the child: with care she is a parent in education law, so may be invited.
      await ama.getByText(`Change responsibility and care for Ama ${child.last}`).click();
      await ama.getByLabel('Has care of the pupil').check();
      await checkPage(page, '03-senco-contact-care');
      await ama.getByRole('button', { name: `Save for Ama ${child.last}` }).click();
      await ama.getByText(', has care').waitFor();
      await page.getByRole('button', { name: `Invite Ama ${child.last} to SEN Manager` }).waitFor();
      // A young person's own notice details (their email and consent) are for Year 11 and above, not a primary pupil.
      await expect(page.getByRole('heading', { name: "The pupil's own notices" }).count()).resolves.toBe(0);

      // Writing the plan: the quality check follows the typing.
      await page.getByRole('button', { name: 'Start a plan' }).click();
      await page.getByRole('heading', { name: 'Support plan' }).waitFor();
      await page.getByLabel('Review date').fill(weekdayFrom(addDays(today, 56)));
      await page.getByRole('button', { name: 'Add an area of need' }).click();
      await page.getByLabel('Area of need 1', { exact: true }).selectOption('communication_and_interaction');
      await page.getByLabel('What the pupil finds hard (area 1)').fill('Loses track of spoken instructions with more than one step.');
      await page.getByRole('button', { name: 'Add a target' }).click();
      const target = page.getByLabel('Target 1: what the pupil will be able to do');
      await target.fill('Improve her reading');
      const vague = page.getByText('is worded so that nobody can tell whether it has been met');
      await vague.waitFor();
      await screenshot(page, '04-senco-plan-vague-target-flagged');
      // Fixing it: a measurable target with a measure, baseline, success criterion and date.
      await target.fill('Read a Year 3 passage aloud at 50 words per minute');
      await page.getByLabel('How it is measured').fill('Words read correctly in one minute, timed weekly');
      await page.getByLabel('Where the pupil is now (baseline)').fill('32 words per minute');
      await page.getByLabel('Success looks like').fill('50 words per minute on two weeks running');
      await page.getByLabel('By', { exact: true }).fill(addDays(today, 49));
      await vague.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Add provision' }).click();
      await page.getByLabel('Provision 1: what will be done').fill('Reading fluency small group');
      await page.getByLabel('Who delivers it (role)').selectOption('teaching_assistant');
      await page.getByLabel('Times').fill('3');
      await page.getByLabel('Minutes each time').fill('20');
      await page.getByLabel('Meeting date').fill(today);
      await page.getByRole('button', { name: 'Add someone who attended' }).click();
      await page.getByLabel('Attendee 1: name').fill('Nadia');
      await page.getByLabel('Attendee 1: role').selectOption('parent');
      await page.getByLabel('What the parents said').fill('Happy with the targets; will read with her at home.');
      // The seeds' red flags: no pupil views, no part for the parents at home, support only from a teaching assistant.
      const noViews = page.getByText("The pupil's own views are not recorded");
      await noViews.waitFor();
      await page.getByText("nothing records the class teacher's part").waitFor();
      await page.getByText('The plan does not say how the parents will help at home').waitFor();
      await screenshot(page, '04-senco-plan-seed-red-flags');
      await page.getByLabel("The pupil's views").fill('I like reading to the dog at home; reading out loud in class is scary.');
      await page.getByLabel('Support at home').fill('Read together for ten minutes, five evenings a week.');
      await page.getByRole('button', { name: 'Add provision' }).click();
      await page.getByLabel('Provision 2: what will be done').fill('Daily paired reading in class with the class teacher');
      await page.getByLabel('Who delivers it (role)').nth(1).selectOption('class_teacher');
      await page.getByLabel('Times').nth(1).fill('5');
      await page.getByLabel('Minutes each time').nth(1).fill('10');
      await noViews.waitFor({ state: 'detached' });
      await page.getByText(/Draft saved\. No quality flags\./).waitFor();
      await checkPage(page, '05-senco-plan-editor');
      await page.getByRole('button', { name: 'Agree the plan and put it in place' }).click();
      await page.getByText(/Plan 1: in place/).waitFor();
      await page.getByText('Read a Year 3 passage aloud at 50 words per minute').waitFor();

      // Invite the parent; the link is shown (and would be emailed).
      await page.getByRole('button', { name: `Invite Nadia ${child.last} to SEN Manager` }).click();
      state.invitationUrl = await page.getByLabel(`Invitation link for Nadia ${child.last}`).inputValue();
      expect(state.invitationUrl).toMatch(new RegExp(`^${base}/invitations/accept#token=`));

      // The school-wide red flags.
      await page.getByRole('link', { name: 'Red flags' }).click();
      await page.getByRole('heading', { name: 'Red flags across the school' }).waitFor();
      // No way for parents to reach the SENCO yet (a seed red flag), until the settings give one: its group
      // opens on the pupils it names.
      const unreachableGroup = page.locator('summary', { hasText: 'Parents have no way to contact the SENCO' });
      await unreachableGroup.click();
      const unreachable = page.getByText('The school has no email address or phone number for the SENCO').first();
      await unreachable.waitFor();
      await checkPage(page, '06-senco-red-flags');
      // School settings: who parents' messages name, and how parents reach the SENCO.
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByLabel("SENCO's name").fill('Ms A Example');
      await page.getByLabel("SENCO's email").fill('senco@school.example');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved.').waitFor();
      await checkPage(page, '06-senco-settings');
      await page.getByRole('link', { name: 'Red flags' }).click();
      await page.getByRole('heading', { name: 'Red flags across the school' }).waitFor();
      await page.getByText(/No pupil has a red flag|with red flags/).waitFor();
      await expect(unreachableGroup.count()).resolves.toBe(0);
      await expect(unreachable.count()).resolves.toBe(0);
    });
    const plan = ok(await api.http().get(`/v1/schools/${fixture.school.id}/pupils/${state.pupilId}/plan`).set(bearer(senco)), 200, 'reading the plan');
    expect(plan.current.status).toBe('active');
    expect(plan.current.inForce.flags).toEqual([]);
    const otherRow = ok(
      await api.http().get(`/v1/schools/${fixture.school.id}/register?status=N&q=${other.last}`).set(bearer(senco)),
      200,
      'finding the other pupil',
    );
    state.otherPupilId = otherRow.items[0].pupilId;
  });

  it('SENCO: the red flags of a school of 120 pupils, grouped by flag with counts, opened a page at a time, filtered in the address', async () => {
    // A school of its own, so the other journeys' counts are not disturbed: 120 pupils on the register, no plans.
    const big = await createTestSchool(api.dataSource);
    await addFlaggedRegister(api, big.school.id, 120);
    await withPage(DESKTOP, async (page) => {
      await signIn(page, big.users.senco.email);
      await page.getByRole('link', { name: 'Red flags' }).click();
      await page.getByRole('heading', { name: 'Red flags across the school' }).waitFor();
      await page.getByRole('status').getByText('120 pupils with red flags').waitFor();
      // Grouped by flag: each code with its count, closed until opened, so the page is short.
      const noPlan = page.locator('summary', { hasText: 'No agreed written plan' });
      await noPlan.getByText('120 pupils').waitFor();
      expect(await page.getByRole('link', { name: 'Pupil Flagged0000' }).count()).toBe(0);
      await checkPage(page, '06b-senco-red-flags-by-flag');
      await noPlan.click();
      await page.getByText('Pupils 1 to 50 of 120').waitFor();
      expect(await page.locator('.flag-pupils li h2').count()).toBe(50);
      await page.getByRole('link', { name: 'Pupil Flagged0000' }).waitFor();
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByText('Pupils 51 to 100 of 120').waitFor();
      await page.getByText('Page 2 of 3').waitFor();
      expect(new URL(page.url()).searchParams.get('code')).toBe('no_plan');
      expect(new URL(page.url()).searchParams.get('page')).toBe('2');
      await checkPage(page, '06c-senco-red-flags-group-page-2');

      // Filters are kept in the address: a reload (or a shared link) shows the same list.
      await page.getByLabel('Year group').selectOption('3');
      await page.getByLabel('SEN status').selectOption('K');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const year3K = Array.from({ length: 120 }, (_, i) => i).filter((i) => flaggedYearOf(i) === '3' && flaggedStatusOf(i) === 'K').length;
      await page.getByRole('status').getByText(`${year3K} pupils with red flags`).waitFor();
      await page.getByText(`Pupils 1 to ${year3K} of ${year3K}`).waitFor();
      await page.reload();
      await page.getByRole('status').getByText(`${year3K} pupils with red flags`).waitFor();
      expect(await page.getByLabel('Year group').inputValue()).toBe('3');
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ yearGroup: '3', status: 'K', code: 'no_plan' });

      // By pupil: each pupil with all their flags; a name search narrows it to one.
      await page.getByRole('link', { name: 'By pupil' }).click();
      await page.getByText(`Pupils 1 to ${year3K} of ${year3K}`).waitFor();
      await page.getByLabel('Search by name or UPN').fill('Flagged0008');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByRole('status').getByText('1 pupil with red flags').waitFor();
      await page.getByText('Pupils 1 to 1 of 1').waitFor();
      await page.getByRole('link', { name: 'Pupil Flagged0008' }).waitFor();
      await checkPage(page, '06d-senco-red-flags-by-pupil');
      await page.setViewportSize({ width: 320, height: 800 });
      await expectNoHorizontalScroll(page);
      await page.setViewportSize(DESKTOP.viewport);
    });
  });

  it("SENCO: records a parent's EHC request with its clocks, then a refusal with the parents' right of appeal", async () => {
    // A school of its own, so the other journeys' lists are not disturbed.
    const own = await createTestSchool(api.dataSource);
    const token = (await api.login(own.users.senco.email)).accessToken;
    const pupil = await addPupil(api, token, own.school.id);
    expect((await setStatus(api, token, own.school.id, pupil.id, { status: 'K', startDate: daysAgo(120), primaryNeed: 'SLCN' })).status).toBe(201);
    await withPage(DESKTOP, async (page) => {
      await signIn(page, own.users.senco.email);
      await page.goto(`${base}/app/s/${own.school.id}/pupils/${pupil.id}`);
      await page.getByRole('heading', { name: 'EHC needs-assessment requests' }).waitFor();
      await page.getByLabel('Who asked').selectOption('parent');
      await page.getByLabel('Received by the authority on (leave empty for a draft)').fill(daysAgo(30));
      await page.getByRole('button', { name: 'Record the request' }).click();
      await page.getByRole('link', { name: /The parents asked, received/ }).waitFor();
      await checkPage(page, '06e-senco-pupil-ehc-request');
      // The school's list: each clock with its due date and days left in words, not colour alone.
      await page.getByRole('link', { name: 'EHC requests' }).click();
      await page.getByRole('heading', { name: 'EHC needs-assessment requests', level: 1 }).waitFor();
      await page.getByText('12 days left').first().waitFor();
      await checkPage(page, '06f-senco-ehc-requests');
      // Each row says whose request it is: the pupil's name is the link.
      const row = page.getByRole('row').filter({ hasText: 'The parents asked' });
      expect(((await row.getByRole('link').textContent()) ?? '').trim()).toMatch(/\S+ \S+/);
      await row.getByRole('link').click();
      await page.getByRole('heading', { name: 'Statutory clocks' }).waitFor();
      await page.getByLabel('Outcome', { exact: true }).selectOption('refused_to_assess');
      await page.getByLabel(/^Date/).fill(daysAgo(2));
      await page.getByRole('button', { name: 'Record the outcome' }).click();
      await page.getByRole('heading', { name: "The parents' right of appeal" }).waitFor();
      await page.getByText('Met on', { exact: false }).first().waitFor();
      await checkPage(page, '06g-senco-ehc-request-refused');
    });
  });

  it('teacher: records sessions in a few taps on a 390×844 phone', async () => {
    // The SENCO has set up the year and a reading group the teacher runs (through the API: not this journey).
    const s = `/v1/schools/${fixture.school.id}`;
    for (const y of new Set([academicYearOf(addDays(today, -7)), year]))
      ok(await api.http().put(`${s}/calendar/${y}`).set(bearer(senco)).send(openYear(y)), 200, 'calendar');
    const intervention = ok(
      await api.http().post(`${s}/interventions`).set(bearer(senco)).send({
        name: 'Reading Fluency',
        areaOfNeed: 'cognition_and_learning',
        frequencyCount: 5,
        frequencyPeriod: 'week',
        sessionMinutes: 20,
        deliveringRole: 'teaching_assistant',
      }),
      201,
      'intervention',
    );
    ok(
      await api
        .http()
        .post(`${s}/intervention-groups`)
        .set(bearer(senco))
        .send({
          interventionId: intervention.id,
          name: 'Reading group A',
          startsOn: addDays(today, -7),
          endsOn: addDays(today, 60),
          location: 'Library',
          staffUserIds: [fixture.users.teacher.id],
          schedule: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startTime: '09:00', minutes: 20 })),
          pupils: [{ pupilId: state.pupilId, startsOn: addDays(today, -7) }],
        }),
      201,
      'group',
    );

    await withPage(PHONE, async (page) => {
      await signIn(page, fixture.users.teacher.email);
      await page.getByRole('heading', { name: 'My sessions this week' }).waitFor();
      await expectNoHorizontalScroll(page);
      await checkPage(page, '07-teacher-sessions-phone');
      const before = await page.getByText('Recorded').count();
      // First session: everyone there, the planned minutes; a tap on Record, a tap on Save.
      await page
        .getByRole('button', { name: /^Record Reading group A/ })
        .first()
        .tap();
      await page.getByRole('checkbox', { name: `${child.first} ${child.last}` }).waitFor();
      await screenshot(page, '08-teacher-record-phone');
      await page.getByRole('button', { name: 'Save session' }).tap();
      await page.waitForFunction((n) => document.body.innerText.split('Recorded').length - 1 > n, before);
      // Second: the pupil was absent, with a note.
      const more = page.getByRole('button', { name: /^Record Reading group A/ });
      if ((await more.count()) > 0) {
        await more.first().tap();
        await page.getByRole('checkbox', { name: `${child.first} ${child.last}` }).uncheck();
        await page.getByLabel('Note (optional)').fill('Maya was at a hospital appointment.');
        await page.getByRole('button', { name: 'Save session' }).tap();
        await page.getByText(/0 of 1 present/).waitFor();
      }
      await page
        .getByText(/1 of 1 present/)
        .first()
        .waitFor();
      // Third: it did not happen (the TA was off sick).
      await page
        .getByRole('button', { name: /^Record Reading group A/ })
        .first()
        .tap();
      await page.getByRole('radio', { name: 'No, it was cancelled' }).check();
      await page.getByLabel('Why').selectOption('staff_absence');
      await page.getByRole('button', { name: 'Save session' }).tap();
      await page.getByText('staff absent').waitFor();
      await expectNoHorizontalScroll(page);
      await page.getByRole('link', { name: 'My pupils' }).tap();
      await page.getByRole('heading', { name: 'My pupils with SEN' }).waitFor();
      await checkPage(page, '08-teacher-pupils-phone');
    });
    const mine = ok(
      await api
        .http()
        .get(`${s}/sessions/mine?from=${addDays(today, -14)}&to=${today}`)
        .set(bearer((await api.login(fixture.users.teacher.email)).accessToken)),
      200,
      'sessions',
    );
    const delivered = mine[0].sessions.filter((x: { status: string }) => x.status === 'delivered') as {
      attendance: { present: boolean }[];
      note: string | null;
    }[];
    // Two recorded, unless the group has had only one session due so far (a Monday run with no week before).
    expect(delivered.length).toBeGreaterThanOrEqual(1);
    if (delivered.length > 1) expect(delivered.some((x) => x.attendance[0]?.present === false && x.note === 'Maya was at a hospital appointment.')).toBe(true);
  });

  it('parent: accepts the invitation, reads the plan in plain English and gives views', async () => {
    await withPage(PHONE, async (page) => {
      await page.goto(state.invitationUrl!);
      await page.getByRole('heading', { name: 'Set up your account' }).waitFor();
      await checkPage(page, '09-parent-accept-invitation');
      await page.getByLabel('Your name').fill('Nadia Webb');
      await page.getByLabel('Choose a password').fill(state.parentPassword);
      await page.getByRole('button', { name: 'Accept and sign in' }).click();
      // One child: straight to the list of their children, then the child's page.
      await page.getByRole('link', { name: `${child.first} ${child.last}` }).click();
      await page.getByRole('heading', { name: `${child.first}'s support plan` }).waitFor();
      await page.getByText('Read a Year 3 passage aloud at 50 words per minute').waitFor();
      await page.getByText('We will know it has worked when: 50 words per minute on two weeks running').waitFor();
      await page.getByText('Reading fluency small group: 3 times a week, 20 minutes each time, with a teaching assistant').waitFor();
      await page.getByText(/Next review meeting/).waitFor();
      expect(await page.getByText(other.last).count()).toBe(0);
      await expectNoHorizontalScroll(page);
      await checkPage(page, '10-parent-plan');
      await page.setViewportSize({ width: 320, height: 800 });
      await expectNoHorizontalScroll(page);
      await screenshot(page, '10-parent-plan-320px');
      await page.setViewportSize(PHONE.viewport);
      await page.getByLabel('What is going well, and what is not?').fill('She reads to her brother every evening now and is proud of it.');
      await page.getByRole('button', { name: 'Send my views' }).click();
      await page.getByText('Thank you. The school will read your views before the review meeting.').waitFor();
      await page.getByText(/She reads to her brother every evening/).waitFor();
      const [pack] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the evidence pack (PDF)' }).tap()]);
      expect(
        readFileSync(await pack.path())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');

      // The inbox, and the parent's choice of channels.
      await page.getByRole('link', { name: 'Messages' }).click();
      await page.getByRole('heading', { name: 'Messages' }).waitFor();
      await checkPage(page, '11-parent-inbox');
      await page.getByRole('link', { name: 'Contact choices' }).click();
      await page.getByRole('heading', { name: 'How the school contacts you' }).waitFor();
      await page.getByRole('checkbox', { name: 'By email' }).uncheck();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Your choices are saved.').waitFor();
      await checkPage(page, '11-parent-contact-choices');
    });
  });

  it("parent: the browser session cannot reach another child's pages or data", async () => {
    await withPage(PHONE, async (page) => {
      await signIn(page, child.parentEmail, state.parentPassword);
      // Another child's page: nothing of them shows, in the page or from the API with this session.
      await page.goto(`${base}/app/s/${fixture.school.id}/children/${state.otherPupilId}`);
      await page.getByRole('alert').waitFor();
      expect(await page.content()).not.toContain(other.last);
      const probe = await page.evaluate(
        async ({ schoolId, otherId, childId }) => {
          const csrf = /(?:^|;\s*)sen_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
          const session = (await (await fetch('/v1/auth/web/refresh', { method: 'POST', headers: { 'x-csrf-token': csrf } })).json()) as {
            accessToken: string;
          };
          const get = async (path: string) => {
            const res = await fetch(path, { headers: { authorization: `Bearer ${session.accessToken}` } });
            return { status: res.status, body: await res.text() };
          };
          return {
            own: await get(`/v1/schools/${schoolId}/pupils/${childId}`),
            pupil: await get(`/v1/schools/${schoolId}/pupils/${otherId}`),
            plan: await get(`/v1/schools/${schoolId}/pupils/${otherId}/plan`),
            provision: await get(`/v1/schools/${schoolId}/pupils/${otherId}/provision-map`),
            children: await get(`/v1/schools/${schoolId}/children`),
            register: await get(`/v1/schools/${schoolId}/register`),
            evidence: await get(`/v1/schools/${schoolId}/pupils/${otherId}/evidence-pack`),
          };
        },
        { schoolId: fixture.school.id, otherId: state.otherPupilId!, childId: state.pupilId! },
      );
      expect(probe.own.status).toBe(200);
      expect(probe.pupil.status).toBe(404);
      expect(probe.plan.status).toBe(404);
      expect(probe.provision.status).toBe(404);
      expect(probe.register.status).toBe(403);
      expect(probe.evidence.status).toBe(404);
      expect(probe.children.status).toBe(200);
      for (const res of Object.values(probe)) {
        expect(res.body).not.toContain(other.last);
        expect(res.body).not.toContain(other.upn);
      }
      expect(JSON.parse(probe.children.body).map((c: { id: string }) => c.id)).toEqual([state.pupilId]);
    });
  });

  it('SENCO: holds the review with the parent’s views in front of them', async () => {
    await withPage(DESKTOP, async (page) => {
      await signIn(page, fixture.users.senco.email);
      await page.goto(`${base}/app/s/${fixture.school.id}/pupils/${state.pupilId}`);
      await page.getByRole('link', { name: 'Hold the review' }).click();
      await page.getByRole('heading', { name: 'Review meeting' }).waitFor();
      await page.getByText(/She reads to her brother every evening/).waitFor();
      // Who attended starts as those who agreed the plan (the parent, as a parent); the class teacher came too.
      await expect(page.getByLabel('Attendee 1: role').inputValue()).resolves.toBe('parent');
      await page.getByLabel('Attendee 1: name').fill('Nadia Webb');
      await page.getByRole('button', { name: 'Add someone who attended' }).click();
      await page.getByLabel('Attendee 2: name').fill('Mr T Teacher');
      await page.getByLabel('Attendee 2: role').selectOption('class_teacher');
      await page.getByRole('radio', { name: 'Partly achieved' }).check();
      await page.getByLabel('Measured now (target 1)').fill('44 words per minute');
      await page.getByLabel('What worked').fill('Short daily timed reads');
      await page.getByLabel("The parents' views").fill('Pleased with her confidence');
      // SEN Support (no EHC plan): ending it or asking for an assessment is on offer, an EHC plan's review is not.
      await page.getByRole('radio', { name: 'Ask the local authority for an EHC needs assessment' }).waitFor();
      expect(await page.getByRole('radio', { name: /early review of the EHC plan/ }).count()).toBe(0);
      await page.getByRole('radio', { name: DECISION_CONTINUE }).check();
      await checkPage(page, '12-senco-review');
      await page.getByRole('button', { name: 'Record the review' }).click();
      await page.getByRole('heading', { name: 'Review recorded' }).waitFor();
      await page.getByRole('link', { name: 'Back to the pupil' }).click();
      await page.getByText(/Plan 2: being written/).waitFor();
      await page.getByText('Targets achieved at each review').waitFor();
      // The access log shows the parent's reading of the plan.
      await page.getByRole('region', { name: 'Access log' }).getByText('Nadia Webb').first().waitFor();
      await checkPage(page, '13-senco-pupil-after-review');
      // A subject access copy: made by the worker, downloaded through the session.
      await page.getByRole('button', { name: 'Make a subject access copy' }).click();
      await page.getByText('Ready', { exact: true }).waitFor({ timeout: 60_000 });
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^subject-access-[0-9a-f]{8}\.pdf$/);
      const pdf = readFileSync(await download.path());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // The next plan starts from this one (unmet targets carried forward): agreed at the review meeting.
      await page.getByRole('link', { name: 'Continue writing the plan' }).click();
      await expect(page.getByLabel('Target 1: what the pupil will be able to do').inputValue()).resolves.toBe(
        'Read a Year 3 passage aloud at 50 words per minute',
      );
      await page.getByLabel('Where the pupil is now (baseline)').fill('44 words per minute');
      await page.getByLabel('Meeting date').fill(today);
      await page.getByRole('button', { name: 'Add someone who attended' }).click();
      await page.getByLabel('Attendee 1: name').fill('Nadia Webb');
      await page.getByLabel('Attendee 1: role').selectOption('parent');
      await page.getByLabel('What the parents said').fill('Keep going with the timed reads.');
      await page.getByText(/^Draft saved\./).waitFor();
      await page.getByRole('button', { name: 'Agree the plan and put it in place' }).click();
      await page.getByText(/Plan 2: in place/).waitFor();
      // A pupil whose only parent has no email and no account: the formal notice is a letter to post.
      const s = `/v1/schools/${fixture.school.id}`;
      const letterPupil = ok(
        await api
          .http()
          .post(`${s}/pupils`)
          .set(bearer(senco))
          .send({
            upn: validUpn(),
            legalFirstName: 'Lena',
            legalLastName: `Post${tag}`,
            dateOfBirth: dobFor('2'),
            yearGroup: '2',
            className: '2P',
            fsmEligible: false,
            eal: false,
            lookedAfter: false,
          }),
        201,
        'adding a pupil',
      );
      ok(
        await api
          .http()
          .post(`${s}/pupils/${letterPupil.id}/contacts`)
          .set(bearer(senco))
          .send({ firstName: 'Pat', lastName: `Post${tag}`, relationship: 'father', parentalResponsibility: true, preferredChannel: 'post' }),
        201,
        'adding a contact',
      );
      ok(
        await api
          .http()
          .post(`${s}/pupils/${letterPupil.id}/sen-status`)
          .set(bearer(senco))
          .send({ status: 'K', startDate: addDays(today, -1), primaryNeed: 'SPLD', reason: 'Dyslexia screening' }),
        201,
        'placing on SEN Support',
      );
      await page.getByRole('link', { name: 'Notices' }).click();
      // (Maya's father, added without email, may have letters of his own here too.)
      const lenaLetter = page.getByRole('row', { name: /Formal notice: Lena is receiving SEN Support/ });
      for (let i = 0; i < 60 && (await lenaLetter.count()) === 0; i++) {
        await new Promise((r) => setTimeout(r, 500));
        await page.reload();
        await page.getByRole('heading', { name: 'Messages to act on' }).waitFor();
      }
      await checkPage(page, '13-senco-notices');
      await lenaLetter.getByRole('button', { name: 'Mark as posted' }).click();
      await lenaLetter.waitFor({ state: 'detached' });
      // The register downloads as CSV in the import format.
      await page.getByRole('link', { name: 'Register' }).click();
      const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download this register as CSV' }).click()]);
      expect(readFileSync(await csvDownload.path(), 'utf8')).toContain(child.upn);
      // The census file for a census date: census values only (the API's test checks every value).
      await page.getByLabel('Census date').fill(today);
      const [censusDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the census file (CSV)' }).click()]);
      const census = readFileSync(await censusDownload.path(), 'utf8');
      expect(census.split('\n')[0]!.trim()).toBe('UPN,SENprovision,SENneedType1,SENneedType2');
      expect(census).toContain(child.upn);
      // Lena's EHC plan has been issued: a change of status on her page.
      await page.getByLabel('Search by name or UPN').fill(`Post${tag}`);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByRole('link', { name: `Lena Post${tag}` }).click();
      await page.getByText('Change SEN status').click();
      await page.getByLabel('New status').selectOption('E');
      await expect(page.getByLabel('From').inputValue()).resolves.toBe(today);
      await page.getByLabel('Why', { exact: true }).fill('EHC plan issued by the local authority');
      await checkPage(page, '13-senco-change-status');
      await page.getByRole('button', { name: 'Change the status' }).click();
      await page.getByRole('cell', { name: 'EHC plan', exact: true }).waitFor();
      await page.getByRole('link', { name: 'Interventions' }).click();
      await page.getByRole('cell', { name: 'Reading Fluency' }).waitFor();
      await checkPage(page, '13-senco-interventions');
      // A group: drop Friday from its timetable, add a pupil found by name.
      await page.getByRole('link', { name: 'Reading group A' }).click();
      await page.getByRole('heading', { name: 'Reading group A' }).waitFor();
      await page.getByRole('button', { name: 'Remove session 5' }).click();
      await page.getByRole('button', { name: 'Save the timetable' }).click();
      await page.getByText('Timetable saved.').waitFor();
      await page.getByLabel("Pupil's name or UPN").fill(other.last);
      await page.getByRole('button', { name: 'Find', exact: true }).click();
      await page.getByRole('button', { name: `Add ${other.first} ${other.last}` }).click();
      await page.getByRole('link', { name: `${other.first} ${other.last}` }).waitFor();
      await page.getByText(/^2 delivered, 1 cancelled/).waitFor();
      await checkPage(page, '13-senco-group');
    });
  });

  it('head: sees the dashboard, approves and publishes the SEN Information Report and opens its public page', async () => {
    // The SENCO's editor shows what is still to write; the text itself is written through the API here.
    await withPage(DESKTOP, async (page) => {
      await signIn(page, fixture.users.senco.email);
      await page.getByRole('link', { name: 'SEN report' }).click();
      await page.getByRole('heading', { name: /Still to write/ }).waitFor();
      // The Code of Practice 6.79–6.83 items are asked for with the rest.
      await page.getByRole('heading', { name: 'Our SEN policy' }).waitFor();
      await page.getByRole('listitem').filter({ hasText: 'Named contact for concerns and complaints' }).waitFor();
      await page.getByRole('heading', { name: 'Our contribution to the Local Offer' }).waitFor();
      await checkPage(page, '14-senco-report-editor');
    });
    const s = `/v1/schools/${fixture.school.id}`;
    const texts = Object.fromEntries(ALL_FIELDS.map((f) => [f.key, `Our practice for ${f.key}: specific, current and checked by the SENCO this year.`]));
    ok(await api.http().put(`${s}/sen-reports/${year}`).set(bearer(senco)).send({ texts, complaintsCount: 0 }), 200, 'writing the report');
    ok(await api.http().post(`${s}/sen-reports/${year}/submit`).set(bearer(senco)), 200, 'submitting the report');
    // A pupil who left over a year ago and was never on the SEN register: due under the school's shorter rule.
    const leaver = await addPupil(api, senco, fixture.school.id);
    ok(
      await api
        .http()
        .patch(`${s}/pupils/${leaver.id}`)
        .set(bearer(senco))
        .send({ leavingDate: daysAgo(400) }),
      200,
      'recording a leaver',
    );

    await withPage(DESKTOP, async (page) => {
      await signIn(page, fixture.users.head.email);
      await page.getByRole('heading', { name: 'School dashboard' }).waitFor();
      await page.getByText('Pupils on the register by primary need').waitFor();
      await page.getByText('Sessions delivered against planned, by intervention').waitFor();
      await page.getByText('Pupils on the register over the last year').waitFor();
      await checkPage(page, '14-head-dashboard');
      await page.getByRole('link', { name: 'SEN report' }).click();
      await page.getByText('Waiting for approval').waitFor();
      await checkPage(page, '15-head-report-submitted');
      await page.getByRole('button', { name: 'Approve and publish' }).click();
      await page.getByText('Published', { exact: true }).waitFor();
      // Retention: the head looks for records due for deletion (none in a new school).
      await page.getByRole('link', { name: 'Retention' }).click();
      await page.getByRole('button', { name: 'Check for records due now' }).click();
      await page.getByText(/newly listed/).waitFor();
      // The head sees which rule applied.
      await page.getByRole('cell', { name: /1 year after leaving: never on the SEN register/ }).waitFor();
      await checkPage(page, '15-head-retention');
      await page.getByRole('link', { name: 'SEN report' }).click();
      await page.getByRole('link', { name: 'Open the public page' }).click();
      await page.waitForURL(/\/v1\/public\/sen-information-reports\//);
      await page.getByText(fixture.school.name).first().waitFor();
      await checkPage(page, '16-public-report');
    });
    // The trust lead's roll-up shows the school's report published.
    await withPage(DESKTOP, async (page) => {
      await signIn(page, trustLead);
      await page.getByRole('link', { name: 'Trust', exact: true }).click();
      await page.getByRole('heading', { name: 'Trust overview' }).waitFor();
      await page
        .getByRole('row', { name: new RegExp(fixture.school.name) })
        .getByText('Published')
        .waitFor();
      await checkPage(page, '17-trust-overview');
      // The trust's own ordinarily available provision frameworks: the import page for the trust's schools.
      await page.getByRole('link', { name: "Your trust's ordinarily available provision frameworks" }).click();
      await page.getByRole('heading', { name: 'Ordinarily available provision frameworks' }).waitFor();
      await page.getByText(/for your trust's schools in that authority/).waitFor();
      await checkPage(page, '17b-trust-oap');
    });
  });

  it('SENCO: the EHC plan reviews list and a review page; parent: sees the invitation to their child’s review', async () => {
    const s = `/v1/schools/${fixture.school.id}`;
    const ivy = await addPupil(api, senco, fixture.school.id, { legalFirstName: 'Ivy', legalLastName: `Plan${tag}` });
    await linkParent(api, senco, fixture.school.id, ivy.id, `ivy-parent-${tag}@web.test.invalid`, 'Ivy parent');
    await issuePlan(api, senco, fixture.school.id, ivy.id, daysAgo(60));
    const reviewId = ok(await api.http().get(`${s}/pupils/${ivy.id}/ehc-plan`).set(bearer(senco)), 200, 'reading the plan').reviews[0].id as string;
    ok(
      await api
        .http()
        .patch(`${s}/ehc-reviews/${reviewId}/schedule`)
        .set(bearer(senco))
        .send({ meetingOn: addDays(today, 21), place: 'Library' }),
      200,
      'booking the meeting',
    );
    ok(
      await api
        .http()
        .post(`${s}/ehc-reviews/${reviewId}/invitees`)
        .set(bearer(senco))
        .send({
          invitedOn: today,
          invitees: [
            { role: 'parent', name: 'Ivy parent' },
            { role: 'local_authority', name: 'SEN team', adviceRequested: true },
          ],
        }),
      201,
      'inviting',
    );
    await withPage(DESKTOP, async (page) => {
      await signIn(page, fixture.users.senco.email);
      await page.getByRole('link', { name: 'EHC reviews' }).click();
      await page.getByRole('heading', { name: 'EHC plan reviews' }).waitFor();
      await page
        .getByRole('cell', { name: /Invitations: Sent/ })
        .first()
        .waitFor();
      await checkPage(page, '18-senco-ehc-reviews');
      await page.getByRole('link', { name: `Ivy Plan${tag}` }).click();
      await page.getByRole('heading', { name: 'EHC plan review' }).waitFor();
      await page.getByText(/SEN team \(local_authority\), invited/).waitFor();
      await checkPage(page, '18-senco-ehc-review');
    });
    await withPage(PHONE, async (page) => {
      await signIn(page, `ivy-parent-${tag}@web.test.invalid`);
      await page.goto(`${base}/app/s/${fixture.school.id}/children/${ivy.id}`);
      await page.getByRole('heading', { name: 'Ivy’s EHC plan reviews'.replace('’', "'") }).waitFor();
      await page.getByText(/you were invited/).waitFor();
      await checkPage(page, '18-parent-ehc-reviews');
    });
  });
});

const DECISION_CONTINUE = 'Continue SEN Support with a new plan';
