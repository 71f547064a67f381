import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { Clock, createLogger, loadConfig } from '#libs/core';
import { AnnualReviewScan } from '#libs/ehc-plans';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { NotificationsProcessor } from '../apps/worker/notifications.processor.js';
import { WorkerModule } from '../apps/worker/worker.module.js';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { ehcPlanOf, issuePlan } from './helpers/ehc.js';
import { addPupil, bearer, linkParent } from './helpers/register.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { asSchool, until } from './helpers/wait.js';
import { settleOutboxBacklog } from './helpers/outbox-backlog.js';

/**
 * An EHC plan's annual review over a school year, with the clock moved: the plan recorded (the pupil moves to E),
 * the review scheduled, invitations and circulated advice reaching the parents over SMTP at least two weeks
 * before the meeting, the meeting, a missed report deadline escalated to the head, the report, the decision;
 * a Year 6 pupil's phase-transfer deadline; a Year 9 review without its preparing-for-adulthood section.
 */
jest.setTimeout(120_000);

/**
 * The school's "today" for the API and the worker. Sign-in sessions are checked against the database's own
 * time, so accounts sign in (and accept invitations) with the clock at the real time.
 */
class TestClock extends Clock {
  at = new Date();
  now(): Date {
    return this.at;
  }
  set(day: string): void {
    this.at = new Date(`${day}T09:00:00Z`);
  }
  async real<T>(fn: () => Promise<T>): Promise<T> {
    const saved = this.at;
    this.at = new Date();
    try {
      return await fn();
    } finally {
      this.at = saved;
    }
  }
}

const clock = new TestClock();
let api: TestApi;
let smtp: TestSmtp;
let worker: INestApplicationContext;
let owner: pg.Client;
let s: TestSchool;
let base: string;
let domain: string;
const tokens: Record<string, string> = {};

// A parent's invitation to an account is emailed too (an account email, account-emails.e2e's to test): not counted here.
const mailTo = (who: string) => smtp.received.filter((m) => m.to.includes(`${who}@${domain}`) && !m.subject.endsWith('invites you to SEN Manager'));
const deliveriesOf = (kind: string) =>
  asSchool<{ recipient_type: string; channel: string; status: string; address: string | null }>(
    owner,
    s.school.id,
    `select recipient_type, channel, status, address from deliveries where school_id = $1 and kind = $2 order by created_at`,
    [s.school.id, kind],
  );
/** Every row the review workflow can write, for proving that a refused request wrote nothing. */
const snapshot = async () =>
  (
    await asSchool<Record<string, unknown>>(
      owner,
      s.school.id,
      `select (select count(*)::int from ehc_plans) as plans, (select count(*)::int from ehc_review_invitees) as invitees,
          (select count(*)::int from outbox_events where school_id = $1) as events, (select count(*)::int from audit_events where school_id = $1) as audit,
          (select json_agg(r order by r.id) from ehc_reviews r) as reviews`,
      [s.school.id],
    )
  )[0];

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await owner.connect();
  // Suites before this one left events nobody relayed (they ran without a worker): they are not this test's.
  await settleOutboxBacklog();
  smtp = await startSmtp();
  api = await startTestApi({ clock });
  const config = loadConfig('worker', { ...process.env, OUTBOX_RELAY_INTERVAL_MS: '100', SMTP_URL: smtp.url, QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}` });
  worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createLogger('error'), clock), { logger: false });
  await worker.init();

  s = await createTestSchool(api.dataSource);
  base = `/v1/schools/${s.school.id}`;
  domain = `${randomUUID().slice(0, 8)}.test.invalid`;
  for (const role of ['senco', 'head', 'teacher'] as const) tokens[role] = (await api.login(s.users[role].email)).accessToken;
  // The SENCO's and head's reminders by email go to this school's own domain.
  await owner.query(`update users set email = $2 where id = $1`, [s.users.senco.id, `senco@${domain}`]);
  await owner.query(`update users set email = $2 where id = $1`, [s.users.head.id, `head@${domain}`]);
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
  await smtp?.close();
  await owner?.end();
});

describe('an EHC plan and its annual review over a school year', () => {
  let pupilId: string;
  let otherPupilId: string;
  let reviewId: string;

  it('records the issued plan, moving the pupil to E on the register with the plan date; recording it again changes nothing', async () => {
    clock.set('2026-09-07');
    pupilId = (await addPupil(api, tokens.senco!, s.school.id, { legalFirstName: 'Rowan', yearGroup: '4' })).id;
    otherPupilId = (await addPupil(api, tokens.senco!, s.school.id, { legalFirstName: 'Other', yearGroup: '4' })).id;
    tokens.mum = await clock.real(() => linkParent(api, tokens.senco!, s.school.id, pupilId, `mum@${domain}`, 'Mum'));
    const first = await issuePlan(api, tokens.senco!, s.school.id, pupilId, '2026-09-01');
    expect(first.created).toBe(true);
    const again = await issuePlan(api, tokens.senco!, s.school.id, pupilId, '2026-09-01');
    expect(again).toMatchObject({ created: false, plan: { id: first.plan.id, version: 1 } });
    const status = await asSchool<{ status: string; ehc_plan_date: string }>(
      owner,
      s.school.id,
      `select status, ehc_plan_date::text from sen_status_entries where pupil_id = $1 order by start_date`,
      [pupilId],
    );
    expect(status).toEqual([{ status: 'E', ehc_plan_date: '2026-09-01' }]);
    const record = await ehcPlanOf(api, tokens.senco!, s.school.id, pupilId);
    expect(record.status).toBe(200);
    expect(record.body.reviews).toHaveLength(1);
    expect(record.body.reviews[0]).toMatchObject({ kind: 'annual', status: 'due', dueOn: '2027-08-31', holdBy: '2027-08-31', transferDeadline: null });
    reviewId = record.body.reviews[0].id;
  });

  it('refuses a meeting before the plan was issued, naming the field, and writes nothing', async () => {
    const before = await snapshot();
    const res = await api.http().patch(`${base}/ehc-reviews/${reviewId}/schedule`).set(bearer(tokens.senco!)).send({ meetingOn: '2026-08-20' });
    expect(expectProblem(res, 400).errors).toEqual([expect.objectContaining({ field: 'meetingOn' })]);
    expect(await snapshot()).toEqual(before);
  });

  it('schedules the meeting and sends the parents their invitation over SMTP at least two weeks before it', async () => {
    clock.set('2027-02-01');
    const scheduled = await api
      .http()
      .patch(`${base}/ehc-reviews/${reviewId}/schedule`)
      .set(bearer(tokens.senco!))
      .send({ meetingOn: '2027-03-10', place: 'School meeting room' });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', meetingOn: '2027-03-10' });
    const invited = await api
      .http()
      .post(`${base}/ehc-reviews/${reviewId}/invitees`)
      .set(bearer(tokens.senco!))
      .send({
        invitedOn: '2027-02-01',
        invitees: [
          { role: 'parent', name: 'Mum' },
          { role: 'local_authority', name: 'Example County SEN team', adviceRequested: true },
          { role: 'health', name: 'Speech and language therapy service', adviceRequested: true },
        ],
      });
    expect(invited.status).toBe(201);
    expect(invited.body.invitees.map((i: { late: boolean }) => i.late)).toEqual([false, false, false]);
    const [mail] = await until(
      'the invitation email',
      async () => mailTo('mum'),
      (m) => m.length >= 1,
    );
    expect(mail!.subject).toMatch(/^Invitation: review of .*EHC plan on 10 March 2027/);
    expect(mail!.text.replace(/\s+/g, ' ')).toContain('at least two weeks before the meeting');
    const sent = await until(
      'the invitation deliveries',
      () => deliveriesOf('ehc_review_invitation'),
      (d) => d.length === 2 && d.every((x) => x.status === 'sent'),
    );
    expect(sent.map((d) => d.channel).sort()).toEqual(['email', 'in_app']);
  });

  it('records advice as it arrives and circulates it to the parents more than two weeks before the meeting', async () => {
    clock.set('2027-02-20');
    const review = (await api.http().get(`${base}/ehc-reviews/${reviewId}`).set(bearer(tokens.senco!))).body;
    const la = review.invitees.find((i: { role: string }) => i.role === 'local_authority');
    const advice = await api
      .http()
      .patch(`${base}/ehc-reviews/${reviewId}/invitees/${la.id}/advice`)
      .set(bearer(tokens.senco!))
      .send({ receivedOn: '2027-02-15', summary: 'Provision in section F is being delivered in full.' });
    expect(advice.status).toBe(200);
    expect(advice.body).toMatchObject({ adviceRequestedOn: '2027-02-01', adviceReceivedOn: '2027-02-15' });
    const circulated = await api.http().post(`${base}/ehc-reviews/${reviewId}/circulation`).set(bearer(tokens.senco!)).send({ circulatedOn: '2027-02-20' });
    expect(circulated.status).toBe(200);
    expect(circulated.body).toMatchObject({ adviceCirculatedOn: '2027-02-20', adviceCirculatedLate: false });
    const mails = await until(
      'the advice email',
      async () => mailTo('mum'),
      (m) => m.length >= 2,
    );
    const adviceMail = mails.find((m) => m.subject.startsWith('Advice for the review'))!;
    expect(adviceMail.text.replace(/\s+/g, ' ')).toContain('Example County SEN team: Provision in section F is being delivered in full.');
  });

  it('refuses an invitation less than two weeks before the meeting unless recorded anyway, then flags it', async () => {
    clock.set('2027-02-28');
    const before = await snapshot();
    const late = { invitedOn: '2027-02-28', invitees: [{ role: 'social_care', name: 'Children’s services' }] };
    const refused = await api.http().post(`${base}/ehc-reviews/${reviewId}/invitees`).set(bearer(tokens.senco!)).send(late);
    expect(expectProblem(refused, 400).errors).toEqual([expect.objectContaining({ field: 'invitedOn', message: expect.stringContaining('two weeks') })]);
    expect(await snapshot()).toEqual(before);
    const recorded = await api
      .http()
      .post(`${base}/ehc-reviews/${reviewId}/invitees`)
      .set(bearer(tokens.senco!))
      .send({ ...late, recordLate: true });
    expect(recorded.status).toBe(201);
    expect(recorded.body.invitees.find((i: { role: string }) => i.role === 'social_care')).toMatchObject({ late: true });
  });

  it('refuses an invitation after the meeting, a meeting before the plan, a report or a decision before the meeting, writing nothing', async () => {
    clock.set('2027-03-12');
    const before = await snapshot();
    const after = await api
      .http()
      .post(`${base}/ehc-reviews/${reviewId}/invitees`)
      .set(bearer(tokens.senco!))
      .send({ invitedOn: '2027-03-11', recordLate: true, invitees: [{ role: 'other', name: 'Class teacher' }] });
    expect(expectProblem(after, 400).errors).toEqual([expect.objectContaining({ field: 'invitedOn', message: expect.stringContaining('after the meeting') })]);
    const meeting = await api
      .http()
      .post(`${base}/ehc-reviews/${reviewId}/meeting`)
      .set(bearer(tokens.senco!))
      .send({
        heldOn: '2026-08-30',
        pupilViews: 'Likes group work',
        parentViews: 'Pleased',
        progress: [
          { outcome: 0, progress: 'Met' },
          { outcome: 1, progress: 'Partly' },
        ],
        recommendation: 'maintain',
      });
    expect(expectProblem(meeting, 400).errors).toEqual([
      expect.objectContaining({ field: 'heldOn', message: expect.stringContaining('before the EHC plan was issued') }),
    ]);
    const report = await api.http().post(`${base}/ehc-reviews/${reviewId}/report`).set(bearer(tokens.senco!)).send({ sentOn: '2027-03-11' });
    expect(expectProblem(report, 400).errors).toEqual([expect.objectContaining({ field: 'sentOn' })]);
    const decision = await api
      .http()
      .post(`${base}/ehc-reviews/${reviewId}/decision`)
      .set(bearer(tokens.senco!))
      .send({ decision: 'maintain', decidedOn: '2027-03-11' });
    expect(expectProblem(decision, 400).errors).toEqual([expect.objectContaining({ field: 'decidedOn' })]);
    expect(await snapshot()).toEqual(before);
  });

  it('holds the meeting with views, progress against every outcome and the recommendation; the next review is due within 12 months', async () => {
    const held = await api
      .http()
      .post(`${base}/ehc-reviews/${reviewId}/meeting`)
      .set(bearer(tokens.senco!))
      .send({
        heldOn: '2027-03-10',
        pupilViews: 'Likes group work',
        parentViews: 'Pleased with reading',
        recommendation: 'amend',
        proposedChanges: 'Update section F: weekly speech and language therapy.',
        progress: [
          { outcome: 0, progress: 'Takes turns in a group of four' },
          { outcome: 1, progress: 'Reads short texts with help' },
        ],
      });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'held', heldOn: '2027-03-10', recommendation: 'amend' });
    const next = (await ehcPlanOf(api, tokens.senco!, s.school.id, pupilId)).body.reviews.find((r: { status: string }) => r.status === 'due');
    expect(next).toMatchObject({ kind: 'annual', holdBy: '2028-03-09' });
  });

  it('reminds the SENCO before the report deadline, escalates to the head when it is missed, once however often the scan runs', async () => {
    const scan = worker.get(AnnualReviewScan);
    expect(await scan.scanSchool(s.school.id, '2027-03-18')).toEqual({ reminders: 1, missed: 0 });
    await until(
      'the SENCO reminder',
      async () => mailTo('senco'),
      (m) => m.some((x) => x.subject.startsWith('EHC review deadline coming')),
    );
    expect(mailTo('head')).toEqual([]);
    // The worker's own daily job runs the same scan (one call in the review scan).
    await worker.get(NotificationsProcessor).scanNow('2027-03-25');
    const missed = await until(
      'the head told of the missed report',
      async () => mailTo('head'),
      (m) => m.length >= 1,
    );
    expect(missed[0]!.subject).toMatch(/^Missed EHC review deadline: .* \(24 March 2027\)/);
    expect(missed[0]!.text.replace(/\s+/g, ' ')).toContain('the written report of the review must be sent by 24 March 2027');
    expect(await scan.scanSchool(s.school.id, '2027-03-25')).toEqual({ reminders: 0, missed: 0 });
    const rows = await asSchool<{ n: number }>(
      owner,
      s.school.id,
      `select count(*)::int as n from ehc_review_reminders where review_id = $1 and kind = 'report_due'`,
      [reviewId],
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('sends the parents the written report after the meeting, and records the authority’s decision to amend as a new plan version', async () => {
    clock.set('2027-03-26');
    const sent = await api.http().post(`${base}/ehc-reviews/${reviewId}/report`).set(bearer(tokens.senco!)).send({ sentOn: '2027-03-26' });
    expect(sent.status).toBe(200);
    const mails = await until(
      'the report email',
      async () => mailTo('mum'),
      (m) => m.some((x) => x.subject.startsWith('Report of the review')),
    );
    const report = mails.find((x) => x.subject.startsWith('Report of the review'))!;
    expect(report.text.replace(/\s+/g, ' ')).toContain('within four weeks of the meeting');
    clock.set('2027-04-02');
    const decided = await api
      .http()
      .post(`${base}/ehc-reviews/${reviewId}/decision`)
      .set(bearer(tokens.senco!))
      .send({ decision: 'amend', decidedOn: '2027-03-31', proposedAmendedOn: '2027-03-31' });
    expect(decided.status).toBe(200);
    const record = (await ehcPlanOf(api, tokens.senco!, s.school.id, pupilId)).body;
    expect(record.versions.map((v: { version: number; proposedAmendedOn: string | null }) => [v.version, v.proposedAmendedOn])).toEqual([
      [2, '2027-03-31'],
      [1, null],
    ]);
  });

  it('shows a parent their own child’s invitations, advice and report, and not another child’s', async () => {
    const own = await ehcPlanOf(api, tokens.mum!, s.school.id, pupilId);
    expect(own.status).toBe(200);
    const held = own.body.reviews.find((r: { id: string }) => r.id === reviewId);
    expect(held).toMatchObject({ reportSentOn: '2027-03-26', adviceCirculatedOn: '2027-02-20' });
    expect(held.invitees.length).toBeGreaterThan(0);
    expectProblem(await ehcPlanOf(api, tokens.mum!, s.school.id, otherPupilId), 404);
    expect((await ehcPlanOf(api, tokens.teacher!, s.school.id, pupilId)).status).toBe(403);
    expect((await api.http().post(`${base}/ehc-reviews/${reviewId}/report`).set(bearer(tokens.mum!)).send({ sentOn: '2027-03-26' })).status).toBe(403);
  });
});

describe('phase transfers and preparing for adulthood', () => {
  it('flags a Year 6 pupil’s phase-transfer review by 15 February', async () => {
    clock.set('2026-09-07');
    const pupilId = (await addPupil(api, tokens.senco!, s.school.id, { legalFirstName: 'Sam', yearGroup: '6' })).id;
    await issuePlan(api, tokens.senco!, s.school.id, pupilId, '2026-06-01');
    const list = await api.http().get(`${base}/ehc-reviews?limit=50`).set(bearer(tokens.senco!));
    expect(list.status).toBe(200);
    const row = list.body.items.find((r: { pupilId: string }) => r.pupilId === pupilId);
    expect(row).toMatchObject({ transferDeadline: '2027-02-15', holdBy: '2027-02-15', status: 'due' });
    await worker.get(AnnualReviewScan).scanSchool(s.school.id, '2027-02-08');
    const events = await asSchool<{ kind: string; stage: string }>(
      owner,
      s.school.id,
      `select payload->>'kind' as kind, payload->>'stage' as stage from outbox_events where type = 'ehc_review.deadline' and subject_id = $1 order by 1`,
      [pupilId],
    );
    expect(events).toEqual([
      { kind: 'meeting_due', stage: 'due' },
      { kind: 'phase_transfer', stage: 'due' },
    ]);
  });

  it('will not complete a Year 9 review without its preparing-for-adulthood section', async () => {
    clock.set('2026-09-07');
    const pupilId = (await addPupil(api, tokens.senco!, s.school.id, { legalFirstName: 'Kai', yearGroup: '9' })).id;
    await issuePlan(api, tokens.senco!, s.school.id, pupilId, '2026-09-01');
    const reviewId = (await ehcPlanOf(api, tokens.senco!, s.school.id, pupilId)).body.reviews[0].id as string;
    clock.set('2026-10-05');
    const meeting = {
      heldOn: '2026-10-05',
      pupilViews: 'Wants to work with animals',
      parentViews: 'Supportive',
      recommendation: 'maintain',
      progress: [
        { outcome: 0, progress: 'Good' },
        { outcome: 1, progress: 'Steady' },
      ],
    };
    const before = await snapshot();
    const refused = await api.http().post(`${base}/ehc-reviews/${reviewId}/meeting`).set(bearer(tokens.senco!)).send(meeting);
    expect(expectProblem(refused, 400).errors).toEqual([expect.objectContaining({ field: 'preparingForAdulthood' })]);
    expect(await snapshot()).toEqual(before);
    const pfa = {
      employment: 'Work experience at a farm',
      independentLiving: 'Travel training',
      communityParticipation: 'Youth club',
      health: 'Annual health check',
    };
    const held = await api
      .http()
      .post(`${base}/ehc-reviews/${reviewId}/meeting`)
      .set(bearer(tokens.senco!))
      .send({ ...meeting, preparingForAdulthood: pfa });
    expect(held.status).toBe(200);
    expect(held.body.preparingForAdulthood).toEqual(pfa);
  });
});
