import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { ACCOUNT_EMAIL_KINDS } from '#libs/auth';
import { academicYearOf, createLogger, loadConfig, addDays } from '#libs/core';
import { TEST_PASSWORD, addMember, createTestSchool, createUser, type TestSchool } from '#libs/testing';
import { NotificationsProcessor } from '../apps/worker/notifications.processor.js';
import { WorkerModule } from '../apps/worker/worker.module.js';
import { binaryBody, expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { openYear } from './helpers/interventions.js';
import { goodPlan } from './helpers/plans.js';
import { addPupil, bearer, daysAgo, dobFor, setStatus, todayInLondon, validUpn } from './helpers/register.js';
import { pdfText } from '#libs/testing';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { asSchool, until } from './helpers/wait.js';
import { settleOutboxBacklog } from './helpers/outbox-backlog.js';

/**
 * Notifications end to end: the API writes events in its transactions, the worker (in this process) relays
 * them through real Redis, fans them out and sends them over SMTP to a server this test runs. Each school in
 * this file has its own email domain, so only its messages are counted.
 */
jest.setTimeout(60_000);

let api: TestApi;
let smtp: TestSmtp;
let worker: INestApplicationContext;
let owner: pg.Client;

/** Fast timings, so retries and sweeps happen within a test. */
const FAST = {
  OUTBOX_RELAY_INTERVAL_MS: '100',
  NOTIFY_SWEEP_INTERVAL_MS: '1000',
  NOTIFY_STALE_AFTER_MS: '3000',
  NOTIFY_LEASE_MS: '3000',
  NOTIFY_ATTEMPTS: '3',
  NOTIFY_BACKOFF_MS: '200',
};

/** Every line the worker logged: the test checks no email address or name reaches the logs. */
const workerLogs: string[] = [];

async function startWorker(smtpUrl: string, prefix: string): Promise<INestApplicationContext> {
  const config = loadConfig('worker', { ...process.env, ...FAST, SMTP_URL: smtpUrl, QUEUE_PREFIX: prefix });
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      workerLogs.push(chunk.toString());
      callback();
    },
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createLogger('info', sink)), { logger: false });
  await app.init();
  return app;
}

/** Deliveries of one school, read directly (the test's own view, under that school's RLS setting). */
async function deliveriesOf(schoolId: string) {
  await owner.query('begin');
  await owner.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, [`{${schoolId}}`]);
  const { rows } = await owner.query(
    // Account emails (a parent's invitation to an account) are theirs to test (account-emails.e2e), not this file's.
    `select kind, channel, status, recipient_type, address, attempts, possible_duplicate, message_id from deliveries
      where school_id = $1 and kind <> all($2) order by created_at`,
    [schoolId, [...ACCOUNT_EMAIL_KINDS]],
  );
  await owner.query('commit');
  return rows as {
    kind: string;
    channel: string;
    status: string;
    recipient_type: string;
    address: string | null;
    attempts: number;
    possible_duplicate: boolean;
    message_id: string | null;
  }[];
}
const open = (rows: { status: string }[]) => rows.filter((r) => ['queued', 'sending', 'retrying'].includes(r.status)).length;

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await owner.connect();
  // Suites before this one left events nobody relayed (they ran without a worker): they are not this test's.
  await settleOutboxBacklog();
  smtp = await startSmtp();
  api = await startTestApi();
  worker = await startWorker(smtp.url, `t${randomUUID().slice(0, 8)}`);
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
  await smtp?.close();
  await owner?.end();
});

describe('the formal notice, plan and review messages', () => {
  let s: TestSchool;
  let base: string;
  let domain: string;
  const tokens: Record<string, string> = {};
  let pupilId: string;
  let mumContact: string;
  // Mum's invitation to an account is emailed too (an account email): these tests count the letters about Isla.
  const isInvitation = (m: { subject: string }) => m.subject.endsWith('invites you to SEN Manager');
  const mail = () => smtp.received.filter((m) => m.to.some((t) => t.endsWith(`@${domain}`)) && !isInvitation(m));

  beforeAll(async () => {
    s = await createTestSchool(api.dataSource);
    base = `/v1/schools/${s.school.id}`;
    domain = `${randomUUID().slice(0, 8)}.test.invalid`;
    for (const role of ['senco', 'head', 'teacher'] as const) tokens[role] = (await api.login(s.users[role].email)).accessToken;
    await api
      .http()
      .patch(`${base}/settings`)
      .set(bearer(tokens.senco!))
      .send({
        sencoName: 'Mrs Ada Example',
        sencoEmail: `senco@${domain}`,
        sencoPhone: '0117 496 0000',
        sendiassName: 'Example SENDIASS',
        sendiassPhone: '0117 496 0999',
        sendiassUrl: 'https://sendiass.example.org',
        emailSignature: 'Mrs Ada Example, SENCO',
      })
      .expect(200);
    pupilId = (await addPupil(api, tokens.senco!, s.school.id, { legalFirstName: 'Isla', className: '4B' })).id;
    const contact = async (first: string, email: string | null, pr: boolean, relationship: string) => {
      const res = await api
        .http()
        .post(`${base}/pupils/${pupilId}/contacts`)
        .set(bearer(tokens.senco!))
        .send({
          firstName: first,
          lastName: 'Family',
          ...(email ? { email } : { phone: '07700 900123' }),
          preferredChannel: email ? 'email' : 'phone',
          relationship,
          parentalResponsibility: pr,
        });
      expect(res.status).toBe(201);
      return res.body.contactId as string;
    };
    mumContact = await contact('Mum', `mum@${domain}`, true, 'mother');
    await contact('Dad', `dad@${domain}`, true, 'father');
    await contact('Gran', `gran@${domain}`, false, 'grandparent');
    await contact('Carer', null, true, 'carer');
    // Mum has an account, so she also has an inbox.
    const invite = await api.http().post(`${base}/contacts/${mumContact}/invitation`).set(bearer(tokens.senco!));
    expect((await api.http().post('/v1/auth/invitations/accept').send({ token: invite.body.token, displayName: 'Mum', password: TEST_PASSWORD })).status).toBe(
      200,
    );
    tokens.mum = (await api.login(`mum@${domain}`)).accessToken;
    await api
      .http()
      .put(`${base}/staff/${s.users.teacher.id}/classes`)
      .set(bearer(tokens.senco!))
      .send({ classNames: ['4B'] })
      .expect(200);
  });

  it('placing a pupil on SEN Support sends one formal notice to each parent with parental responsibility, and none to others', async () => {
    expect(
      (await setStatus(api, tokens.senco!, s.school.id, pupilId, { status: 'K', startDate: daysAgo(1), primaryNeed: 'SLCN', secondaryNeed: 'SEMH' })).status,
    ).toBe(201);
    const rows = await until(
      'the notice deliveries',
      () => deliveriesOf(s.school.id),
      (r) => r.length > 0 && open(r) === 0,
    );
    expect(rows.map((r) => [r.kind, r.channel, r.address, r.status]).sort()).toEqual([
      ['sen_support_started', 'email', `dad@${domain}`, 'sent'],
      ['sen_support_started', 'email', `mum@${domain}`, 'sent'],
      ['sen_support_started', 'in_app', null, 'sent'],
      ['sen_support_started', 'post', null, 'needs_action'],
    ]);
    const received = await smtp.waitFor(0);
    const notices = received.filter((m) => m.to.some((t) => t.endsWith(`@${domain}`)) && !isInvitation(m));
    expect(notices.map((m) => m.to[0]).sort()).toEqual([`dad@${domain}`, `mum@${domain}`]);
    for (const m of notices) {
      const text = m.text.replace(/\s+/g, ' ');
      expect(m.subject).toMatch(/^Formal notice: Isla is receiving SEN Support at /);
      expect(text).toContain('Mrs Ada Example');
      expect(text).toContain('Example SENDIASS');
      // Needs in plain words, never the census code or its diagnosis-like label.
      expect(text).toContain('talking, understanding others and getting on with people');
      expect(text).not.toContain('Speech, Language and Communication Needs');
      expect(text).toMatch(/cannot be switched off/);
      expect(m.html).toContain('<h1');
      expect(m.messageId).toMatch(/^<[0-9a-f-]{36}@sen-manager\.local>$/);
    }
    // The carer has neither email nor account: the SENCO is told to post it.
    const attention = await api.http().get(`${base}/deliveries`).set(bearer(tokens.senco!));
    expect(attention.body.items.map((d: { channel: string; status: string }) => [d.channel, d.status])).toEqual([['post', 'needs_action']]);
    expect(attention.body).toMatchObject({ total: 1, offset: 0, limit: 50 });
    // Not every parent has the notice yet, so the register still says pending; posting it completes it.
    const row = async () =>
      (await api.http().get(`${base}/register?status=K`).set(bearer(tokens.senco!))).body.items.find((r: { pupilId: string }) => r.pupilId === pupilId);
    expect((await row()).parentNotice).toBe('pending');
    await api.http().post(`${base}/deliveries/${attention.body.items[0].id}/posted`).set(bearer(tokens.senco!)).expect(200);
    expect((await row()).parentNotice).toBe('sent');
  });

  it('the parent finds the notice in their inbox, and only their own messages', async () => {
    const inbox = await api.http().get(`${base}/inbox`).set(bearer(tokens.mum!));
    expect(inbox.body).toHaveLength(1);
    expect(inbox.body[0].subject).toMatch(/^Formal notice/);
    expect((await api.http().get(`${base}/inbox/unread-count`).set(bearer(tokens.mum!))).body).toEqual({ unread: 1 });
    await api.http().post(`${base}/inbox/${inbox.body[0].id}/read`).set(bearer(tokens.mum!)).expect(200);
    expect((await api.http().get(`${base}/inbox/unread-count`).set(bearer(tokens.mum!))).body).toEqual({ unread: 0 });
    // Another parent at the school, and the SENCO, see none of it; the message id names nothing for them.
    const other = await addMember(api.dataSource, s.school.id, 'parent');
    const otherToken = (await api.login(other.email)).accessToken;
    expect((await api.http().get(`${base}/inbox`).set(bearer(otherToken))).body).toEqual([]);
    expect((await api.http().get(`${base}/inbox`).set(bearer(tokens.senco!))).body).toEqual([]);
    expect((await api.http().post(`${base}/inbox/${inbox.body[0].id}/read`).set(bearer(otherToken))).status).toBe(404);
  });

  it('a parent who turns email off still gets in-app messages; the formal notice ignores the choice', async () => {
    const prefs = await api.http().put(`${base}/notification-preferences`).set(bearer(tokens.mum!)).send({ email: false });
    expect(prefs.body).toEqual({ email: false, inApp: true, statutoryAlwaysSent: true });
    const before = mail().length;
    const start = todayInLondon();
    const cycle = (
      await api
        .http()
        .post(`${base}/pupils/${pupilId}/plan-cycles`)
        .set(bearer(tokens.senco!))
        .send(goodPlan(start, { reviewDate: reviewDate() }))
    ).body;
    await api.http().post(`${base}/plan-cycles/${cycle.id}/agree`).set(bearer(tokens.senco!)).expect(200);
    await api.http().post(`${base}/plan-cycles/${cycle.id}/activate`).set(bearer(tokens.senco!)).expect(200);
    await until(
      'the plan-agreed deliveries',
      () => deliveriesOf(s.school.id),
      (r) => r.some((d) => d.kind === 'plan_agreed') && open(r) === 0,
    );
    const agreed = (await deliveriesOf(s.school.id)).filter((d) => d.kind === 'plan_agreed');
    expect(agreed.map((d) => [d.channel, d.address]).sort()).toEqual([
      ['email', `dad@${domain}`],
      ['in_app', null],
    ]);
    await smtp.waitFor(0);
    expect(
      mail()
        .slice(before)
        .map((m) => m.to[0]),
    ).toEqual([`dad@${domain}`]);
    expect((await api.http().get(`${base}/inbox/unread-count`).set(bearer(tokens.mum!))).body).toEqual({ unread: 1 });
  });

  /** A Friday five to ten weeks ahead, so its lead days fall on weekdays. */
  function reviewDate(): string {
    let d = addDays(todayInLondon(), 35);
    while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 5) d = addDays(d, 1);
    return d;
  }

  it('review reminders go at the lead times, once each, never on a closed day; overdue reviews go to the SENCO, then the head', async () => {
    const due = reviewDate();
    const closedDay = addDays(due, -3); // a Tuesday
    for (const year of new Set([academicYearOf(todayInLondon()), academicYearOf(due)])) {
      const cal = openYear(year);
      await api
        .http()
        .put(`${base}/calendar/${year}`)
        .set(bearer(tokens.senco!))
        .send({ ...cal, closures: academicYearOf(closedDay) === year ? [{ kind: 'inset', name: 'INSET', startsOn: closedDay, endsOn: closedDay }] : [] })
        .expect(200);
    }
    const processor = worker.get(NotificationsProcessor);
    const reminders = async () => (await deliveriesOf(s.school.id)).filter((d) => d.kind === 'review_due');
    const settle = () =>
      until(
        'deliveries to settle',
        () => deliveriesOf(s.school.id),
        (r) => open(r) === 0,
      );

    await processor.scanNow(addDays(due, -15));
    await new Promise((r) => setTimeout(r, 1000));
    await settle();
    expect(await reminders()).toEqual([]);

    await processor.scanNow(addDays(due, -14));
    await until('the 14-day reminders', reminders, (r) => r.length > 0 && open(r) === 0);
    // Dad by email, Mum in the app (email off), the class teacher by email and in the app.
    const first = await reminders();
    expect(first.map((d) => [d.recipient_type, d.channel]).sort()).toEqual([
      ['contact', 'email'],
      ['contact', 'in_app'],
      ['user', 'email'],
      ['user', 'in_app'],
    ]);

    // Running the day's scan again raises nothing new.
    await processor.scanNow(addDays(due, -14));
    await new Promise((r) => setTimeout(r, 1000));
    await settle();
    expect(await reminders()).toHaveLength(4);

    // The 3-day reminder would fall on an INSET day: nothing then, and it goes the next school day.
    await processor.scanNow(closedDay);
    await new Promise((r) => setTimeout(r, 1000));
    await settle();
    expect(await reminders()).toHaveLength(4);
    await processor.scanNow(addDays(due, -2));
    await until('the second reminders', reminders, (r) => r.length === 8 && open(r) === 0);
    const dadReminders = mail().filter((m) => m.to[0] === `dad@${domain}` && /review/i.test(m.subject));
    expect(dadReminders).toHaveLength(2);
    expect(dadReminders[1]!.text).toMatch(/in 2 days/);

    // Overdue: the SENCO on the next school day (a Monday), again a week later, and the head too once it is
    // two weeks late.
    const overdue = async () => (await deliveriesOf(s.school.id)).filter((d) => d.kind === 'review_overdue');
    await processor.scanNow(addDays(due, 3));
    await until('the overdue notice', overdue, (r) => r.length === 2 && open(r) === 0);
    await processor.scanNow(addDays(due, 4));
    await new Promise((r) => setTimeout(r, 800));
    expect(await overdue()).toHaveLength(2);
    // The head has turned email off for reminders: the escalation reaches their inbox only.
    const headPrefs = await api.http().put(`${base}/notification-preferences`).set(bearer(tokens.head!)).send({ email: false });
    expect(headPrefs.body).toEqual({ email: false, inApp: true, statutoryAlwaysSent: true });
    await processor.scanNow(addDays(due, 17));
    await until('the escalated notice', overdue, (r) => r.length === 5 && open(r) === 0);
    await smtp.waitFor(0);
    const to = (email: string) => smtp.received.filter((m) => m.to[0] === email && /overdue/i.test(m.subject));
    expect(to(s.users.senco.email)).toHaveLength(2);
    expect(to(s.users.head.email)).toHaveLength(0);
    // The SENCO twice on both channels, the head once in the app.
    expect((await overdue()).map((d) => d.channel).sort()).toEqual(['email', 'email', 'in_app', 'in_app', 'in_app']);
    const headInbox = await api.http().get(`${base}/inbox`).set(bearer(tokens.head!));
    expect(headInbox.body.filter((m: { subject: string }) => /overdue/i.test(m.subject))).toHaveLength(1);
  });

  it('after a review the parents get a summary of what was agreed; the delivery log shows every message', async () => {
    const plan = (await api.http().get(`${base}/pupils/${pupilId}/plan`).set(bearer(tokens.senco!))).body.current;
    const target = plan.inForce.targets[0];
    const res = await api
      .http()
      .post(`${base}/plan-cycles/${plan.id}/review`)
      .set(bearer(tokens.senco!))
      .send({
        heldOn: todayInLondon(),
        attendees: [{ name: 'Dad', role: 'parent' }],
        outcomes: [{ targetId: target.id, outcome: 'partly_achieved', measuredValue: '6 of 10' }],
        whatWorked: 'Picture prompts',
        decision: 'continue',
      });
    expect(res.status).toBe(201);
    await until(
      'the summary',
      () => deliveriesOf(s.school.id),
      (r) => r.some((d) => d.kind === 'review_summary') && open(r) === 0,
    );
    await smtp.waitFor(0);
    const summary = mail().find((m) => m.to[0] === `dad@${domain}` && m.text.includes('6 of 10'));
    expect(summary?.text).toContain('Partly achieved');
    const log = await api.http().get(`${base}/pupils/${pupilId}/deliveries`).set(bearer(tokens.senco!));
    expect(new Set(log.body.map((d: { kind: string }) => d.kind))).toEqual(
      new Set(['sen_support_started', 'plan_agreed', 'review_due', 'review_overdue', 'review_summary']),
    );
    expect(log.body.every((d: { status: string }) => d.status === 'sent')).toBe(true);
  });

  it('a temporary SMTP failure is retried; a permanent refusal is marked bounced and listed for the SENCO', async () => {
    const retried = (await addPupil(api, tokens.senco!, s.school.id, { className: '4B' })).id;
    await api
      .http()
      .post(`${base}/pupils/${retried}/contacts`)
      .set(bearer(tokens.senco!))
      .send({ firstName: 'Temp', lastName: 'Fail', email: `temp@${domain}`, preferredChannel: 'email', relationship: 'mother', parentalResponsibility: true })
      .expect(201);
    smtp.failNext(1, 451, `temp@${domain}`);
    await setStatus(api, tokens.senco!, s.school.id, retried, { status: 'K', startDate: daysAgo(1), primaryNeed: 'MLD' });
    const ok = await until(
      'the retried notice',
      async () => (await deliveriesOf(s.school.id)).filter((d) => d.address === `temp@${domain}`),
      (r) => r.length === 1 && r[0]!.status === 'sent',
    );
    expect(ok[0]!.attempts).toBe(2);

    const bounced = (await addPupil(api, tokens.senco!, s.school.id, { className: '4B' })).id;
    await api
      .http()
      .post(`${base}/pupils/${bounced}/contacts`)
      .set(bearer(tokens.senco!))
      .send({ firstName: 'Perm', lastName: 'Fail', email: `nobody@${domain}`, preferredChannel: 'email', relationship: 'mother', parentalResponsibility: true })
      .expect(201);
    smtp.failNext(1, 550, `nobody@${domain}`);
    await setStatus(api, tokens.senco!, s.school.id, bounced, { status: 'K', startDate: daysAgo(1), primaryNeed: 'MLD' });
    await until(
      'the bounce',
      async () => (await deliveriesOf(s.school.id)).filter((d) => d.address === `nobody@${domain}`),
      (r) => r.length === 1 && r[0]!.status === 'bounced',
    );
    const listed = await api.http().get(`${base}/deliveries?status=bounced`).set(bearer(tokens.senco!));
    expect(listed.body.items.map((d: { address: string }) => d.address)).toEqual([`nobody@${domain}`]);
    expect(listed.body.items[0].lastError).toMatch(/^550/);
    // The failures were logged, by code: no address, no name.
    const logs = workerLogs.join('');
    expect(logs).toMatch(/Notification job failed/);
    expect(logs).not.toContain(domain);
    expect(logs).not.toMatch(/Isla|Family/);
  });

  it('staff see only their own school’s delivery log; teachers and parents none', async () => {
    const other = await createTestSchool(api.dataSource);
    const otherSenco = (await api.login(other.users.senco.email)).accessToken;
    expect((await api.http().get(`${base}/pupils/${pupilId}/deliveries`).set(bearer(otherSenco))).status).toBe(404);
    expect((await api.http().get(`/v1/schools/${other.school.id}/deliveries`).set(bearer(otherSenco))).body).toEqual({
      total: 0,
      offset: 0,
      limit: 50,
      items: [],
    });
    expect((await api.http().get(`/v1/schools/${other.school.id}/pupils/${pupilId}/deliveries`).set(bearer(otherSenco))).status).toBe(404);
    expect((await api.http().get(`${base}/pupils/${pupilId}/deliveries`).set(bearer(tokens.teacher!))).status).toBe(403);
    expect((await api.http().get(`${base}/deliveries`).set(bearer(tokens.mum!))).status).toBe(403);
    expectProblem(await api.http().get(`${base}/deliveries?status=lost`).set(bearer(tokens.senco!)), 400);
    expectProblem(await api.http().get(`${base}/deliveries?limit=500`).set(bearer(tokens.senco!)), 400);
  });
});

describe('who receives the statutory letters, and what they say', () => {
  let s: TestSchool;
  let base: string;
  let domain: string;
  let senco: string;
  const mail = (to: string) => smtp.received.filter((m) => m.to[0] === `${to}@${domain}`);
  const addContact = async (pupilId: string, first: string, link: { relationship: string; parentalResponsibility: boolean; hasCare?: boolean }) => {
    const res = await api
      .http()
      .post(`${base}/pupils/${pupilId}/contacts`)
      .set(bearer(senco))
      .send({ firstName: first, lastName: 'Kin', email: `${first.toLowerCase()}@${domain}`, preferredChannel: 'email', ...link });
    expect(res.status).toBe(201);
    return res.body as { contactId: string; hasCare: boolean };
  };
  /** The addresses one kind of letter about one pupil went to, once every delivery is final. */
  const sentTo = async (pupilId: string, kind: string) => {
    const log = await until(
      kind,
      async () =>
        (await api.http().get(`${base}/pupils/${pupilId}/deliveries`).set(bearer(senco))).body as {
          kind: string;
          status: string;
          address: string | null;
          recipientType: string;
        }[],
      (r) => r.some((d) => d.kind === kind) && r.every((d) => !['queued', 'sending', 'retrying'].includes(d.status)),
    );
    return log
      .filter((d) => d.kind === kind)
      .map((d) => `${d.recipientType}:${d.address}`)
      .sort();
  };

  beforeAll(async () => {
    s = await createTestSchool(api.dataSource);
    base = `/v1/schools/${s.school.id}`;
    domain = `${randomUUID().slice(0, 8)}.test.invalid`;
    senco = (await api.login(s.users.senco.email)).accessToken;
    await api.http().patch(`${base}/settings`).set(bearer(senco)).send({ sendiassName: 'Example SENDIASS', sendiassPhone: '0117 496 0999' }).expect(200);
  });

  it('the notice goes to each parent in the s.576 sense: a foster carer with care, not a relative with neither', async () => {
    const pupilId = (await addPupil(api, senco, s.school.id, { legalFirstName: 'Noor' })).id;
    await addContact(pupilId, 'Mum', { relationship: 'mother', parentalResponsibility: true });
    const foster = await addContact(pupilId, 'Foster', { relationship: 'foster_carer', parentalResponsibility: false, hasCare: true });
    expect(foster.hasCare).toBe(true);
    const aunt = await addContact(pupilId, 'Aunt', { relationship: 'other', parentalResponsibility: false });
    expect(aunt.hasCare).toBe(false);
    expect((await setStatus(api, senco, s.school.id, pupilId, { status: 'K', startDate: daysAgo(1), primaryNeed: 'SEMH' })).status).toBe(201);
    expect(await sentTo(pupilId, 'sen_support_started')).toEqual([`contact:foster@${domain}`, `contact:mum@${domain}`]);
    await smtp.waitFor(0);
    const notice = mail('foster')[0]!.text.replace(/\s+/g, ' ');
    expect(notice).toContain("You do not need the school's agreement (Children and Families Act 2014, section 36).");
    expect(notice).toContain('There is no minimum number of Assess, Plan, Do, Review cycles');
    expect(notice).toContain('feelings, behaviour and wellbeing');
    expect(notice).not.toMatch(/\bSEMH\b/);
    expect(mail('aunt')).toEqual([]);

    // The aunt has neither parental responsibility nor care: no parent portal for her (issue 17).
    const refused = await api.http().post(`${base}/contacts/${aunt.contactId}/invitation`).set(bearer(senco));
    expectProblem(refused, 422);
    expect(JSON.stringify(refused.body.errors)).toMatch(/contactId.*neither parental responsibility nor care/);
    expect((await api.http().post(`${base}/contacts/${foster.contactId}/invitation`).set(bearer(senco))).status).toBe(201);
    // Once the school records that she has care, she is a parent too.
    await api.http().patch(`${base}/pupils/${pupilId}/contacts/${aunt.contactId}`).set(bearer(senco)).send({ hasCare: true }).expect(204);
    expect((await api.http().post(`${base}/contacts/${aunt.contactId}/invitation`).set(bearer(senco))).status).toBe(201);
    const contacts = (await api.http().get(`${base}/pupils/${pupilId}/contacts`).set(bearer(senco))).body as { firstName: string; hasCare: boolean }[];
    expect(contacts.map((c) => [c.firstName, c.hasCare])).toEqual([
      ['Mum', false],
      ['Foster', true],
      ['Aunt', true],
    ]);

    // Ending SEN Support by a status change sends its own letter to the same people.
    expect(
      (await setStatus(api, senco, s.school.id, pupilId, { status: 'N', startDate: todayInLondon(), reason: 'Progress is now in line with peers' })).status,
    ).toBe(201);
    expect(await sentTo(pupilId, 'sen_support_ended')).toEqual([`contact:aunt@${domain}`, `contact:foster@${domain}`, `contact:mum@${domain}`]);
    await smtp.waitFor(0);
    const ended = mail('mum')
      .find((m) => /no longer on SEN Support/.test(m.subject))!
      .text.replace(/\s+/g, ' ');
    expect(ended).toContain("The school's reason: Progress is now in line with peers");
    expect(ended).toContain('You have the right to disagree with this decision.');
    expect(ended).toContain('Example SENDIASS');
    expect(ended).toContain('(Children and Families Act 2014, section 36)');
  });

  it('a sixth-former gets the notice themself; their parents only when the young person agrees or lacks capacity', async () => {
    const place = async (first: string, informed: string | null) => {
      const pupilId = (await addPupil(api, senco, s.school.id, { legalFirstName: first, yearGroup: '12' })).id;
      await api
        .http()
        .patch(`${base}/pupils/${pupilId}`)
        .set(bearer(senco))
        .send({ email: `${first.toLowerCase()}@${domain}`, youngPersonParentsInformed: informed })
        .expect(200);
      await addContact(pupilId, `${first}Parent`, { relationship: 'mother', parentalResponsibility: true });
      const detail = (await api.http().get(`${base}/pupils/${pupilId}`).set(bearer(senco))).body;
      expect(detail.notices).toEqual({ youngPerson: true, email: `${first.toLowerCase()}@${domain}`, youngPersonParentsInformed: informed });
      expect((await setStatus(api, senco, s.school.id, pupilId, { status: 'K', startDate: daysAgo(1), primaryNeed: 'SPLD' })).status).toBe(201);
      return sentTo(pupilId, 'sen_support_started');
    };
    expect(await place('Ola', null)).toEqual([`pupil:ola@${domain}`]);
    expect(await place('Ben', 'agrees')).toEqual([`contact:benparent@${domain}`, `pupil:ben@${domain}`]);
    expect(await place('Cat', 'lacks_capacity')).toEqual([`contact:catparent@${domain}`, `pupil:cat@${domain}`]);
    // A Year 10 pupil is of compulsory school age: the parents are told, whatever is recorded.
    const younger = (await addPupil(api, senco, s.school.id, { legalFirstName: 'Dev', yearGroup: '10' })).id;
    await api
      .http()
      .patch(`${base}/pupils/${younger}`)
      .set(bearer(senco))
      .send({ email: `dev@${domain}` })
      .expect(200);
    await addContact(younger, 'DevParent', { relationship: 'father', parentalResponsibility: true });
    expect((await api.http().get(`${base}/pupils/${younger}`).set(bearer(senco))).body.notices.youngPerson).toBe(false);
    await setStatus(api, senco, s.school.id, younger, { status: 'K', startDate: daysAgo(1), primaryNeed: 'SPLD' });
    expect(await sentTo(younger, 'sen_support_started')).toEqual([`contact:devparent@${domain}`]);
    expectProblem(await api.http().patch(`${base}/pupils/${younger}`).set(bearer(senco)).send({ youngPersonParentsInformed: 'maybe' }), 400);
  });

  /** A pupil with an active plan, on the given status; returns the pupil and the cycle to review. */
  async function withActivePlan(first: string, status: { status: string; primaryNeed: string; ehcPlanDate?: string }) {
    const pupilId = (await addPupil(api, senco, s.school.id, { legalFirstName: first })).id;
    await addContact(pupilId, `${first}Mum`, { relationship: 'mother', parentalResponsibility: true });
    await addContact(pupilId, `${first}Foster`, { relationship: 'foster_carer', parentalResponsibility: false, hasCare: true });
    expect((await setStatus(api, senco, s.school.id, pupilId, { startDate: daysAgo(30), ...status })).status).toBe(201);
    const start = daysAgo(20);
    const cycle = (await api.http().post(`${base}/pupils/${pupilId}/plan-cycles`).set(bearer(senco)).send(goodPlan(start))).body;
    await api.http().post(`${base}/plan-cycles/${cycle.id}/agree`).set(bearer(senco)).expect(200);
    await api.http().post(`${base}/plan-cycles/${cycle.id}/activate`).set(bearer(senco)).expect(200);
    const plan = (await api.http().get(`${base}/pupils/${pupilId}/plan`).set(bearer(senco))).body.current;
    const review = (decision: string) =>
      api
        .http()
        .post(`${base}/plan-cycles/${plan.id}/review`)
        .set(bearer(senco))
        .send({
          heldOn: todayInLondon(),
          attendees: [{ name: 'Mum', role: 'parent' }],
          outcomes: plan.inForce.targets.map((t: { id: string }) => ({ targetId: t.id, outcome: 'not_achieved', measuredValue: null })),
          decision,
        });
    return { pupilId, review };
  }
  const summaryTo = (who: string) =>
    mail(who)
      .filter((m) => /^What was agreed/.test(m.subject))
      .map((m) => m.text.replace(/\s+/g, ' '));

  it('a review that escalates tells every parent the 6, 16 and 20 weeks and the Tribunal appeal', async () => {
    const { pupilId, review } = await withActivePlan('Esc', { status: 'K', primaryNeed: 'MLD' });
    expect((await review('escalate')).status).toBe(201);
    expect(await sentTo(pupilId, 'review_summary')).toEqual([`contact:escfoster@${domain}`, `contact:escmum@${domain}`]);
    await smtp.waitFor(0);
    const text = summaryTo('escfoster')[0]!;
    for (const fact of [
      'Within 6 weeks',
      'Within 16 weeks',
      'Within 20 weeks',
      'appeal to the SEND Tribunal',
      'within 2 months of the date of the decision letter',
      'consider mediation',
      'Example SENDIASS',
    ]) {
      expect({ fact, found: text.includes(fact) }).toEqual({ fact, found: true });
    }
  });

  it('ending SEN Support at a review sends the end-of-support letter once, within the review letter', async () => {
    const { pupilId, review } = await withActivePlan('End', { status: 'K', primaryNeed: 'MLD' });
    expect((await review('end_support')).status).toBe(201);
    expect(await sentTo(pupilId, 'review_summary')).toEqual([`contact:endfoster@${domain}`, `contact:endmum@${domain}`]);
    await smtp.waitFor(0);
    const text = summaryTo('endmum')[0]!;
    expect(text).toContain('is no longer on SEN Support');
    expect(text).toContain('You have the right to disagree with this decision.');
    expect(text).toContain('(Children and Families Act 2014, section 36)');
    const kinds = ((await api.http().get(`${base}/pupils/${pupilId}/deliveries`).set(bearer(senco))).body as { kind: string }[]).map((d) => d.kind);
    expect(kinds).not.toContain('sen_support_ended');
  });

  it('a pupil with an EHC plan cannot be escalated: an early review or a re-assessment request, each with its letter', async () => {
    const { pupilId, review } = await withActivePlan('Ehc', { status: 'E', primaryNeed: 'ASD', ehcPlanDate: daysAgo(40) });
    const refused = await review('escalate');
    expectProblem(refused, 422);
    expect(refused.body.errors).toEqual([
      { field: 'decision', message: 'escalate is not available for a pupil with an EHC plan; choose continue, early_review, reassessment_request' },
    ]);
    expectProblem(await review('end_support'), 422);
    expect((await review('reassessment_request')).status).toBe(201);
    expect(await sentTo(pupilId, 'review_summary')).toEqual([`contact:ehcfoster@${domain}`, `contact:ehcmum@${domain}`]);
    await smtp.waitFor(0);
    const text = summaryTo('ehcmum')[0]!;
    expect(text).toContain('Decision: Ask for a re-assessment of the EHC needs.');
    expect(text).toContain('(Children and Families Act 2014, section 44)');
    expect(text).toContain('If the local authority decides not to re-assess, you can appeal to the SEND Tribunal');

    const early = await withActivePlan('Erl', { status: 'E', primaryNeed: 'ASD', ehcPlanDate: daysAgo(40) });
    expect((await early.review('early_review')).status).toBe(201);
    await sentTo(early.pupilId, 'review_summary');
    await smtp.waitFor(0);
    expect(summaryTo('erlmum')[0]).toContain('Decision: Ask for an early review of the EHC plan.');
    // Without an EHC plan, neither exists.
    const k = await withActivePlan('Kay', { status: 'K', primaryNeed: 'MLD' });
    const notE = await k.review('early_review');
    expectProblem(notE, 422);
    expect(notE.body.errors[0].field).toBe('decision');
  });
});

describe('background work that is not a notification', () => {
  it('a report asked for as a PDF is rendered by the worker; the status can be polled, then the file downloaded', async () => {
    const s = await createTestSchool(api.dataSource);
    const base = `/v1/schools/${s.school.id}`;
    const senco = (await api.login(s.users.senco.email)).accessToken;
    const year = academicYearOf(todayInLondon());
    await api
      .http()
      .put(`${base}/sen-reports/${year}`)
      .set(bearer(senco))
      .send({ texts: { item1: 'We provide for all four broad areas of need, named here.' } })
      .expect(200);
    const asked = await api.http().post(`${base}/sen-reports/${year}/renders`).set(bearer(senco)).send({ format: 'pdf' });
    expect(asked.status).toBe(202);
    expect(asked.body.status).toBe('queued');
    expect((await api.http().get(`${base}/report-renders/${asked.body.id}/file`).set(bearer(senco))).status).toBe(409);
    const done = await until(
      'the render',
      async () => (await api.http().get(`${base}/report-renders/${asked.body.id}`).set(bearer(senco))).body,
      (r) => r.status !== 'queued',
    );
    expect(done).toMatchObject({ status: 'done', bytes: expect.any(Number), renderMs: expect.any(Number) });
    const file = await api.http().get(`${base}/report-renders/${asked.body.id}/file`).set(bearer(senco)).buffer(true).parse(binaryBody);
    expect(file.headers['content-type']).toBe('application/pdf');
    const { text } = await pdfText(file.body as Buffer);
    expect(text).toContain('We provide for all four broad areas of need, named here.');
    expect(text).toContain('The kinds of special educational needs');
  });

  it("an account email to someone in no school (a platform admin's reset) goes through the worker once, filed under no school", async () => {
    const admin = await createUser(api.dataSource, `worker-admin-${randomUUID().slice(0, 8)}@test.invalid`, { isPlatformAdmin: true });
    expect((await api.http().post('/v1/auth/password-reset').send({ email: admin.email })).status).toBe(202);
    const mail = await until(
      'the reset email',
      async () => smtp.received.filter((m) => m.to.includes(admin.email)),
      (mails) => mails.length > 0,
    );
    expect(mail[0]!.subject).toBe('Reset your SEN Manager password');
    const relayView = async () => {
      await owner.query('begin');
      await owner.query(`select set_config('app.outbox_relay', 'on', true)`);
      const { rows } = await owner.query(
        `select d.status, d.secret_sealed, e.completed_at is not null as complete
           from platform_deliveries d join platform_outbox_events e on e.id = d.event_id where d.recipient_id = $1`,
        [admin.id],
      );
      await owner.query('commit');
      return rows as { status: string; complete: boolean }[];
    };
    // The event is complete once its one delivery is final, so neither the relay nor the sweep picks it up again.
    const rows = await until('the delivery marked sent', relayView, (r) => r.length === 1 && r[0]!.complete);
    expect(rows).toEqual([{ status: 'sent', secret_sealed: null, complete: true }]);
    // Filed under no school: no school's tables hold it.
    await owner.query('begin');
    await owner.query(`select set_config('app.outbox_relay', 'on', true)`);
    const { rows: inSchools } = await owner.query(`select count(*)::int as n from deliveries where recipient_id = $1`, [admin.id]);
    await owner.query('commit');
    expect(inSchools).toEqual([{ n: 0 }]);
    expect(smtp.received.filter((m) => m.to.includes(admin.email))).toHaveLength(1);
  });
});

describe('formal notices given outside SEN Manager (issue 17: no surprise letters)', () => {
  it('support begun before go-live, or already told by hand, sends nothing: no event, delivery, email or inbox message', async () => {
    const s = await createTestSchool(api.dataSource);
    const base = `/v1/schools/${s.school.id}`;
    const domain = `${randomUUID().slice(0, 8)}.test.invalid`;
    const senco = (await api.login(s.users.senco.email)).accessToken;
    const header =
      'UPN,Legal Forename,Legal Surname,Date of Birth,Year Group,SEN Status,Primary Need,SEN Start Date,Contact 1 Forename,Contact 1 Surname,Contact 1 Relationship,Contact 1 Email';
    const row = (upn: string, last: string, start: string) =>
      `${upn},Kim,${last},${dobFor('4')},4,K,SLCN,${start},Pat,${last},Mother,${last.toLowerCase()}@${domain}`;
    const [before, after] = [validUpn(), validUpn()];
    const csv = [header, row(before, 'Before', daysAgo(400)), row(after, 'After', daysAgo(2))].join('\n');
    const upload = (path: string) => api.http().post(`${base}${path}`).set(bearer(senco)).set('content-type', 'text/csv').send(csv);
    const dry = await upload(`/imports?goLive=${daysAgo(14)}`);
    expect(dry.body.notices).toMatchObject({ toSend: 1, parents: 1, givenOutside: 1 });
    expect((await upload(`/imports/${dry.body.importId}/commit?goLive=${daysAgo(14)}`)).status).toBe(200);

    // By hand: a pupil whose parents the SENCO says were already told.
    const told = await addPupil(api, senco, s.school.id);
    const byHand = await setStatus(api, senco, s.school.id, told.id, { status: 'K', startDate: daysAgo(90), primaryNeed: 'MLD', parentsAlreadyNotified: true });
    expect(byHand.body.parentNotice).toBe('given_outside');

    // The control pupil's notice goes out; by then the worker has relayed everything this school wrote.
    await until(
      'the control notice',
      () => deliveriesOf(s.school.id),
      (r) => r.length > 0 && open(r) === 0,
    );
    expect(smtp.received.filter((m) => m.to.some((t) => t.endsWith(`@${domain}`))).map((m) => m.to[0])).toEqual([`after@${domain}`]);
    const register = (await api.http().get(`${base}/register?status=K`).set(bearer(senco))).body.items as {
      upn: string;
      pupilId: string;
      parentNotice: string;
    }[];
    const outside = register.filter((r) => r.upn === before || r.pupilId === told.id);
    expect(outside.map((r) => r.parentNotice)).toEqual(['given_outside', 'given_outside']);
    const ids = outside.map((r) => r.pupilId);
    const count = async (sql: string) => (await asSchool<{ n: number }>(owner, s.school.id, sql, [s.school.id, ids]))[0]!.n;
    expect(await count(`select count(*)::int as n from outbox_events where school_id = $1 and subject_id = any($2::uuid[])`)).toBe(0);
    expect(await count(`select count(*)::int as n from deliveries where school_id = $1 and pupil_id = any($2::uuid[])`)).toBe(0);
    expect(
      await count(
        `select count(*)::int as n from inbox_messages i join deliveries d on d.id = i.delivery_id where i.school_id = $1 and d.pupil_id = any($2::uuid[])`,
      ),
    ).toBe(0);
  });
});
