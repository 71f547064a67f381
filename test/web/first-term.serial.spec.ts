import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { Browser, Page, Request } from 'playwright-core';
import { academicYearOf, addDays } from '#libs/core';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { dobFor, todayInLondon, validUpn } from '../helpers/register.js';
import { weekdayFrom } from '../helpers/plans.js';
import { checkPage, launchChromium, signedInPage, startServedApi } from './browser.js';

// The functions passed to page.evaluate run in the browser; the root tsconfig has no DOM types.
declare const document: { body: { innerText: string } };

/**
 * A new school's first term in a real browser, with no API call outside the app (issue 23): the SENCO sets up
 * the year (terms, a closure, the SEN budget), the intervention catalogue, imports the pupils with a go-live
 * date and then the staff who teach their classes, places a pupil on SEN Support and agrees a plan, sets up a group with a teacher and a
 * timetable and puts the pupil in it; the teacher records a session; the SENCO holds the review, runs the census
 * check and writes the SEN Information Report; the head publishes it. The test calls no API itself; the API
 * requests the pages sent are recorded, and the year's writes are among them.
 * Each new screen is axe-checked and reflowed at 320 px.
 */
jest.setTimeout(240_000);

let api: TestApi;
let browser: Browser;
let base: string;
let fixture: TestSchool;
const today = todayInLondon();
const year = academicYearOf(today);
const tag = randomUUID().slice(0, 6);
const pupil = { upn: validUpn(), first: 'Ruby', last: `First${tag}` };
const classmate = { upn: validUpn(), first: 'Sam', last: `Second${tag}` };
/** Every API request the pages sent, as "METHOD /path". */
const sent: string[] = [];

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  fixture = await createTestSchool(api.dataSource);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const school = () => `${base}/app/s/${fixture.school.id}`;

async function signedIn(email: string): Promise<Page> {
  const page = await signedInPage(browser, base, email);
  page.on('request', (r: Request) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/v1/')) sent.push(`${r.method()} ${url.pathname}`);
  });
  return page;
}

it('a SENCO, a teacher and the head do a new school’s first term in the browser', async () => {
  const senco = await signedIn(fixture.users.senco.email);

  // The school year: one term covering the year, a closure, and the notional SEN budget.
  await senco.goto(`${school()}/interventions`);
  await senco.getByRole('link', { name: 'The school year: terms, closures and the SEN budget' }).click();
  await senco.getByRole('heading', { name: 'The school year' }).waitFor();
  await senco.getByRole('button', { name: 'Add a term' }).click();
  await senco.getByLabel('Name', { exact: true }).fill('Whole year');
  await senco.getByLabel('First day', { exact: true }).fill(`${year}-09-01`);
  await senco.getByLabel('Last day', { exact: true }).fill(`${year + 1}-07-31`);
  await senco.getByRole('button', { name: 'Add a closure' }).click();
  await senco.getByLabel('Kind').selectOption('bank_holiday');
  await senco.getByLabel('First day closed').fill(`${year + 1}-05-04`);
  await senco.getByLabel('Last day closed').fill(`${year + 1}-05-04`);
  await senco.getByRole('button', { name: 'Save the calendar' }).click();
  await senco.getByText(/^Saved\. \d+ planned sessions? changed/).waitFor();
  await senco.getByLabel(/^Budget in pounds/).fill('38500');
  await senco.getByRole('button', { name: 'Save the budget' }).click();
  await senco.getByText('Saved: £38,500.00', { exact: false }).waitFor();

  // The catalogue: the common programmes in one step, and the school's own.
  await senco.goto(`${school()}/interventions`);
  await senco.getByRole('link', { name: 'The intervention catalogue' }).click();
  await senco.getByText('The catalogue is empty', { exact: false }).waitFor();
  await senco.getByRole('button', { name: 'Add the common programmes' }).click();
  await senco.getByText(/^Added /).waitFor();
  const add = senco.getByRole('region', { name: 'Add a programme' });
  await add.getByLabel('Programme name').fill('Reading Fluency');
  await add.getByLabel('Area of need it meets').selectOption('cognition_and_learning');
  await add.getByLabel('How many sessions').fill('5');
  await add.getByLabel('In', { exact: true }).selectOption('week');
  await add.getByLabel('Minutes a session').fill('20');
  await add.getByLabel('Usually delivered by').selectOption('teaching_assistant');
  await add.getByLabel('Staff cost an hour, in pounds (optional)').fill('14.50');
  await add.getByRole('button', { name: 'Add the programme' }).click();
  await senco.getByRole('rowheader', { name: 'Reading Fluency' }).waitFor();
  await checkPage(senco, 'first-term-catalogue');

  // Pupils: a SIMS-style export, with the go-live date; the pupil on SEN Support since before it gets no notice.
  const dmy = (iso: string) => iso.split('-').reverse().join('/');
  const pupilsCsv = [
    'UPN,Legal Surname,Legal Forename,DOB,Year Group,Reg Group,SEN Status,Primary Need,SEN Start Date,Contact 1 Name,Contact 1 Email,Contact 1 Relationship',
    `${pupil.upn},${pupil.last},${pupil.first},${dmy(dobFor('3'))},3,3F,N,,,Nia ${pupil.last},ruby-${tag}@parent.test.invalid,Mother`,
    `${classmate.upn},${classmate.last},${classmate.first},${dmy(dobFor('3'))},3,3F,K,SPLD,01/10/2024,Sol ${classmate.last},sam-${tag}@parent.test.invalid,Father`,
  ].join('\n');
  await senco.goto(`${school()}/import`);
  await senco.getByLabel('CSV file').setInputFiles({ name: 'pupils.csv', mimeType: 'text/csv', buffer: Buffer.from(pupilsCsv) });
  await senco.getByRole('heading', { name: 'Match the columns' }).waitFor();
  await senco.getByLabel('The day your school started using SEN Manager (go-live date)').fill(addDays(today, -7));
  await senco.getByRole('button', { name: 'Check the file' }).click();
  await senco.getByRole('heading', { name: 'What this import would do' }).waitFor();
  await senco.getByText('1 pupil began SEN Support before the go-live date', { exact: false }).waitFor();
  await senco.getByRole('button', { name: /^Import 2 pupils/ }).click();
  await senco.getByRole('heading', { name: 'Import complete' }).waitFor();

  // Staff, after the pupils (their classes must exist): the export names the school's teacher (already here)
  // and a teaching assistant to invite.
  await senco.goto(`${school()}/staff`);
  await senco.getByRole('link', { name: 'Import staff and classes from your MIS' }).click();
  await senco.getByLabel('Format').selectOption('sims');
  const staffCsv = [
    'Legal Surname,Legal Forename,Staff Code,Work Email,Staff Role,Classes Taught',
    `Teacher,Terry,TTE,${fixture.users.teacher.email},Class Teacher,3F`,
    `Assistant,Alex,AAS,alex-${tag}@school.test.invalid,Teaching Assistant,3F`,
  ].join('\n');
  await senco.getByLabel('CSV file').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(staffCsv) });
  await senco.getByRole('button', { name: 'Check the file' }).click();
  await senco.getByRole('region', { name: 'Staff in the file' }).waitFor();
  await senco.getByRole('button', { name: /^Apply: / }).click();
  await senco.getByRole('heading', { name: 'Staff import applied' }).waitFor();

  // The pupil: placed on SEN Support, and a plan written and agreed with the parent.
  await senco.goto(`${school()}/register`);
  await senco.getByLabel('Search by name or UPN').fill(pupil.last);
  await senco.getByLabel('Status').selectOption('N');
  await senco.getByRole('button', { name: 'Apply filters' }).click();
  await senco.getByRole('link', { name: `${pupil.first} ${pupil.last}` }).click();
  await senco.waitForURL(/\/pupils\/[0-9a-f-]{36}$/);
  await senco.getByLabel('Primary need').selectOption('SLCN');
  await senco.getByLabel('Reason').fill('Speech and language screening: expressive language well below age.');
  await senco.getByRole('button', { name: 'Place on SEN Support' }).click();
  await senco.getByRole('cell', { name: 'SEN Support' }).waitFor();
  await senco.getByRole('button', { name: 'Start a plan' }).click();
  await senco.getByRole('heading', { name: 'Support plan' }).waitFor();
  await senco.getByLabel('Review date').fill(weekdayFrom(addDays(today, 56)));
  await senco.getByRole('button', { name: 'Add an area of need' }).click();
  await senco.getByLabel('Area of need 1', { exact: true }).selectOption('communication_and_interaction');
  await senco.getByLabel('What the pupil finds hard (area 1)').fill('Finds it hard to retell a short story in order.');
  await senco.getByRole('button', { name: 'Add a target' }).click();
  await senco.getByLabel('Target 1: what the pupil will be able to do').fill('Retell a five-event story in the right order');
  await senco.getByLabel('How it is measured').fill('Story retell checklist, fortnightly');
  await senco.getByLabel('Where the pupil is now (baseline)').fill('2 of 5 events in order');
  await senco.getByLabel('Success looks like').fill('5 of 5 events in order on two checks running');
  await senco.getByLabel('By', { exact: true }).fill(addDays(today, 49));
  await senco.getByRole('button', { name: 'Add provision' }).click();
  await senco.getByLabel('Provision 1: what will be done').fill('Reading Fluency group');
  await senco.getByLabel('Who delivers it (role)').selectOption('teaching_assistant');
  await senco.getByLabel('Times').fill('5');
  await senco.getByLabel('Minutes each time').fill('20');
  await senco.getByRole('button', { name: 'Add provision' }).click();
  await senco.getByLabel('Provision 2: what will be done').fill('Story maps in class with the class teacher');
  await senco.getByLabel('Who delivers it (role)').nth(1).selectOption('class_teacher');
  await senco.getByLabel('Times').nth(1).fill('3');
  await senco.getByLabel('Minutes each time').nth(1).fill('10');
  await senco.getByLabel('Meeting date').fill(today);
  await senco.getByRole('button', { name: 'Add someone who attended' }).click();
  await senco.getByLabel('Attendee 1: name').fill(`Nia ${pupil.last}`);
  await senco.getByLabel('Attendee 1: role').selectOption('parent');
  await senco.getByLabel('What the parents said').fill('Keen to help; will use the story maps at home.');
  await senco.getByLabel("The pupil's views").fill('I like drawing the story first.');
  await senco.getByLabel('Support at home').fill('Retell a bedtime story using the map, three evenings a week.');
  await senco.getByText(/Draft saved\. No quality flags\./).waitFor();
  await senco.getByRole('button', { name: 'Agree the plan and put it in place' }).click();
  await senco.getByText(/Plan 1: in place/).waitFor();
  const pupilPage = senco.url();

  // A group: the programme from the catalogue, the teacher from the staff directory, a daily timetable.
  await senco.goto(`${school()}/interventions`);
  await senco.getByRole('link', { name: 'Set up an intervention group' }).click();
  await senco.getByRole('heading', { name: 'Set up an intervention group' }).waitFor();
  await checkPage(senco, 'first-term-new-group');
  await senco.getByLabel('Programme', { exact: true }).selectOption({ label: 'Reading Fluency' });
  await senco.getByLabel('Group name').fill('Year 3 story group');
  await senco.getByLabel('First day', { exact: true }).fill(addDays(today, -7));
  await senco.getByLabel('Last day', { exact: true }).fill(addDays(today, 60));
  await senco.getByLabel('Where it meets (optional)').fill('Library');
  // Only staff who have accepted can run a group: the teacher is offered, the invited assistant not yet.
  await senco.getByRole('checkbox', { name: new RegExp(fixture.users.teacher.email.replace(/[.]/g, '\\.')) }).check();
  expect(await senco.getByRole('checkbox', { name: /alex-/ }).count()).toBe(0);
  for (let day = 1; day <= 5; day++) {
    await senco.getByRole('button', { name: 'Add a session in the week' }).click();
    await senco
      .getByLabel('Day', { exact: true })
      .nth(day - 1)
      .selectOption(String(day));
    await senco
      .getByLabel('Minutes', { exact: true })
      .nth(day - 1)
      .fill('20');
  }
  // A mistake first: the page names the field and sends nothing.
  await senco.getByLabel('Minutes', { exact: true }).nth(4).fill('twenty');
  const before = sent.length;
  await senco.getByRole('button', { name: 'Set up the group' }).click();
  await senco.getByText('Minutes must be a whole number, 1 or more').waitFor();
  expect(sent.slice(before).filter((r) => r.startsWith('POST'))).toEqual([]);
  await senco.getByLabel('Minutes', { exact: true }).nth(4).fill('20');
  await senco.getByRole('button', { name: 'Set up the group' }).click();
  await senco.getByRole('heading', { name: 'Year 3 story group' }).waitFor();
  await senco.getByLabel("Pupil's name or UPN").fill(pupil.last);
  await senco.getByRole('button', { name: 'Find', exact: true }).click();
  await senco.getByRole('button', { name: `Add ${pupil.first} ${pupil.last}` }).click();
  await senco.getByRole('link', { name: `${pupil.first} ${pupil.last}` }).waitFor();

  // The teacher records a session of the group they run.
  const teacher = await signedIn(fixture.users.teacher.email);
  await teacher.goto(`${school()}/sessions`);
  await teacher.getByRole('heading', { name: 'My sessions this week' }).waitFor();
  const recordedBefore = await teacher.getByText('Recorded').count();
  await teacher
    .getByRole('button', { name: /^Record Year 3 story group/ })
    .first()
    .click();
  await teacher.getByRole('checkbox', { name: `${pupil.first} ${pupil.last}` }).waitFor();
  await teacher.getByRole('button', { name: 'Save session' }).click();
  await teacher.waitForFunction((n) => document.body.innerText.split('Recorded').length - 1 > n, recordedBefore);

  // The review, held with what happened in front of the SENCO.
  await senco.goto(pupilPage);
  await senco.getByRole('link', { name: 'Hold the review' }).click();
  await senco.getByRole('heading', { name: 'Review meeting' }).waitFor();
  await senco.getByLabel('Attendee 1: name').fill(`Nia ${pupil.last}`);
  await senco.getByRole('radio', { name: 'Partly achieved' }).check();
  await senco.getByLabel('Measured now (target 1)').fill('4 of 5 events in order');
  await senco.getByLabel('What worked').fill('Drawing the story before telling it');
  await senco.getByLabel("The parents' views").fill('She tells us stories at tea now');
  await senco.getByRole('radio', { name: 'Continue SEN Support with a new plan' }).check();
  await senco.getByRole('button', { name: 'Record the review' }).click();
  await senco.getByRole('heading', { name: 'Review recorded' }).waitFor();

  // The census check, from the register.
  await senco.goto(`${school()}/register`);
  await senco.getByRole('link', { name: /^Census check/ }).click();
  await senco.getByRole('region', { name: 'Pupils by SEN provision' }).waitFor();

  // The SEN Information Report: every section written in the editor, then sent to the head.
  await senco.goto(`${school()}/report`);
  await senco.getByRole('heading', { name: /Still to write/ }).waitFor();
  const boxes = senco.locator('textarea');
  for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).fill(`Our practice, section ${i + 1}: specific, current and checked this term.`);
  await senco.getByLabel('Complaints about SEN provision this year').fill('0');
  await senco.getByRole('button', { name: 'Submit to the head' }).click();
  await senco.getByText('Waiting for approval').waitFor();

  const head = await signedIn(fixture.users.head.email);
  await head.goto(`${school()}/report`);
  await head.getByRole('button', { name: 'Approve and publish' }).click();
  await head.getByText('Published', { exact: true }).waitFor();
  await head.getByRole('link', { name: 'Open the public page' }).waitFor();

  // Every change above went through the pages (the test itself calls no API): the writes came from the browser.
  expect(sent).toEqual(
    expect.arrayContaining([
      `PUT /v1/schools/${fixture.school.id}/calendar/${year}`,
      `POST /v1/schools/${fixture.school.id}/interventions/seed`,
      `POST /v1/schools/${fixture.school.id}/intervention-groups`,
      `POST /v1/schools/${fixture.school.id}/sen-reports/${year}/approve`,
    ]),
  );
});
