import { TenantTransactions } from '#libs/database';
import { DeliveriesService, NotificationPlanner } from '#libs/notifications';
import { SystemClock, addDays, addMonths, type AppConfig } from '#libs/core';
import { TenancyService } from '#libs/tenancy';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { ehcPlanOf, issuePlan } from './helpers/ehc.js';
import { scanEhcClocks } from './helpers/ehc-requests.js';
import { goodPlan } from './helpers/plans.js';
import { addPupil, bearer, daysAgo, linkParent, setStatus } from './helpers/register.js';

/**
 * A parent's request for an EHC needs assessment over a school year, with the scan's clock moved day by day:
 * recorded, the 6-week decision reminded (once) and recorded, support and plan cycles going on meanwhile, the
 * plan issued at week 19 moving the pupil to E with that date; bad input refused with nothing written; no
 * teacher, parent or other school sees a request.
 */
let api: TestApi;
let a: TestSchool;
let b: TestSchool;
let base: string;
const tokens: Record<string, string> = {};
const D0 = daysAgo(140);
const day = (n: number) => addDays(D0, n);
let pupilId: string;
let requestId: string;

const post = (path: string, token = tokens.senco!) => api.http().post(`${base}/${path}`).set(bearer(token));
const get = (path: string, token = tokens.senco!) => api.http().get(`${base}/${path}`).set(bearer(token));
const tx = () => new TenantTransactions(api.dataSource);
/** Rows of the request tables and the register's history in school A: what a refused write must leave as it was. */
const snapshot = () =>
  tx().run({ schoolIds: [a.school.id], pupilAccess: 'all' }, async (m) => {
    const [row] = await m.query<
      Record<string, number>[]
    >(`select (select count(*) from ehc_requests)::int as requests, (select count(*) from ehc_request_events)::int as events,
      (select count(*) from sen_status_entries)::int as statuses, (select count(*) from audit_events)::int as audits`);
    return row;
  });
const clock = (body: { clocks: { clock: string; state: string }[] }, name: string) => body.clocks.find((c) => c.clock === name);

beforeAll(async () => {
  api = await startTestApi();
  a = await createTestSchool(api.dataSource);
  b = await createTestSchool(api.dataSource);
  base = `/v1/schools/${a.school.id}`;
  for (const role of ['senco', 'head', 'teacher'] as const) tokens[role] = (await api.login(a.users[role].email)).accessToken;
  tokens.otherSenco = (await api.login(b.users.senco.email)).accessToken;
  pupilId = (await addPupil(api, tokens.senco!, a.school.id)).id;
  expect((await setStatus(api, tokens.senco!, a.school.id, pupilId, { status: 'K', startDate: daysAgo(200), primaryNeed: 'SLCN' })).status).toBe(201);
  tokens.parent = await linkParent(api, tokens.senco!, a.school.id, pupilId, `ehc-parent-${Date.now()}@test.invalid`);
  // The teacher teaches the pupil's class: even so, requests are not theirs to see.
  await api
    .http()
    .put(`${base}/staff/${a.users.teacher.id}/classes`)
    .set(bearer(tokens.senco!))
    .send({ classNames: ['4B'] })
    .expect(200);
}, 60_000);
afterAll(() => api.close());

it("records a parent's request with the day the authority received it, and runs the clocks from that day", async () => {
  const res = await post('ehc-requests')
    .send({ pupilId, requestedBy: 'parent', receivedOn: D0, evidencePackOn: D0, authorityReference: 'LA/2026/0042' })
    .expect(201);
  requestId = res.body.id;
  expect(res.body).toMatchObject({ requestedBy: 'parent', receivedOn: D0, state: 'awaiting_decision', evidencePackOn: D0, appealRights: null });
  expect(res.body.clocks.map((c: { clock: string; dueOn: string | null }) => [c.clock, c.dueOn])).toEqual([
    ['assess_decision', day(42)],
    ['issue_decision', day(112)],
    ['final_plan', day(140)],
    ['school_advice', null],
  ]);
  const list = await get('ehc-requests?state=awaiting_decision').expect(200);
  expect(list.body).toMatchObject({ total: 1, offset: 0, limit: 50 });
  expect(list.body.items[0].id).toBe(requestId);
  // The school's list says whose request it is.
  expect(list.body.items[0].pupilName).toMatch(/\S+ \S+/);
  expect((await get(`pupils/${pupilId}/ehc-requests`).expect(200)).body.map((r: { id: string }) => r.id)).toEqual([requestId]);
});

it('leaves the pupil on SEN Support while the request runs, and a plan cycle still starts', async () => {
  const history = (await get(`pupils/${pupilId}/sen-status`).expect(200)).body as { status: string; endDate: string | null }[];
  expect(history.filter((e) => e.endDate === null).map((e) => e.status)).toEqual(['K']);
  await post(`pupils/${pupilId}/plan-cycles`)
    .send(goodPlan(daysAgo(20)))
    .expect(201);
});

it('reminds the SENCO a week before the 6-week decision and on the day, once each, by email and in the inbox', async () => {
  expect(await scanEhcClocks(api, a.school.id, day(34))).toEqual({ reminders: 0 });
  expect(await scanEhcClocks(api, a.school.id, day(35))).toEqual({ reminders: 1 });
  // The daily job run again, or retried, sends nothing twice.
  expect(await scanEhcClocks(api, a.school.id, day(35))).toEqual({ reminders: 0 });
  expect(await scanEhcClocks(api, a.school.id, day(36))).toEqual({ reminders: 0 });
  expect(await scanEhcClocks(api, a.school.id, day(42))).toEqual({ reminders: 1 });
  const t = tx();
  const deliveries = new DeliveriesService(
    t,
    new NotificationPlanner(t, new TenancyService(t), { publicUrl: 'http://localhost:3000' } as AppConfig, new SystemClock()),
    new SystemClock(),
  );
  const events = await t.run({ schoolIds: [a.school.id], pupilAccess: 'all' }, (m) =>
    m.query<{ id: string; payload: Record<string, string> }[]>(
      `select id, payload from outbox_events where school_id = $1 and type = 'ehc_request.clock' order by occurred_at`,
      [a.school.id],
    ),
  );
  expect(events.map((e) => [e.payload.clock, e.payload.kind, e.payload.dueOn])).toEqual([
    ['assess_decision', 'soon', day(42)],
    ['assess_decision', 'today', day(42)],
  ]);
  for (const e of events) await deliveries.fanOut(a.school.id, e.id);
  const sent = await t.run({ schoolIds: [a.school.id], pupilAccess: 'all' }, (m) =>
    m.query<{ recipient_id: string; channel: string; subject: string }[]>(
      `select recipient_id, channel, subject from deliveries where school_id = $1 and kind = 'ehc_request_clock' order by channel, subject`,
      [a.school.id],
    ),
  );
  expect(sent.map((d) => [d.recipient_id, d.channel])).toEqual([
    [a.users.senco.id, 'email'],
    [a.users.senco.id, 'email'],
    [a.users.senco.id, 'in_app'],
    [a.users.senco.id, 'in_app'],
  ]);
  expect(sent[0]!.subject).toContain('assess decision');
});

it('records the decision to assess; the met clock is not reminded again', async () => {
  const res = await post(`ehc-requests/${requestId}/outcomes`)
    .send({ outcome: 'agreed_to_assess', occurredOn: day(40) })
    .expect(200);
  expect(clock(res.body, 'assess_decision')).toMatchObject({ state: 'met', doneOn: day(40) });
  expect(res.body.state).toBe('assessing');
  expect(await scanEhcClocks(api, a.school.id, day(43))).toEqual({ reminders: 0 });
});

it('refuses a decision dated before the receipt, naming occurredOn, and writes nothing', async () => {
  const before = await snapshot();
  const body = expectProblem(await post(`ehc-requests/${requestId}/outcomes`).send({ outcome: 'draft_plan', occurredOn: day(-1) }), 400);
  expect(body.errors).toContainEqual({ field: 'occurredOn', message: expect.stringContaining('before the authority received the request') });
  expect((body.errors as { field: string }[]).every((e) => e.field === 'occurredOn')).toBe(true);
  expect(await snapshot()).toEqual(before);
});

it("runs the school's advice clock from the authority's request for it, and records an exception beside a clock without moving it", async () => {
  await post(`ehc-requests/${requestId}/outcomes`)
    .send({ outcome: 'advice_requested', occurredOn: day(50) })
    .expect(200);
  const sent = await post(`ehc-requests/${requestId}/outcomes`)
    .send({ outcome: 'advice_sent', occurredOn: day(80) })
    .expect(200);
  expect(clock(sent.body, 'school_advice')).toMatchObject({ dueOn: day(92), state: 'met', doneOn: day(80) });
  const ex = await post(`ehc-requests/${requestId}/exceptions`)
    .send({ clock: 'final_plan', kind: 'personal_circumstances', startsOn: day(90), endsOn: day(100), note: 'Family bereavement' })
    .expect(200);
  expect(clock(ex.body, 'final_plan')).toMatchObject({
    dueOn: day(140),
    exceptions: [{ kind: 'personal_circumstances', startsOn: day(90), endsOn: day(100) }],
  });
});

it('issues the plan at week 19: the pupil moves to E with that plan date, and the history appends', async () => {
  await post(`ehc-requests/${requestId}/outcomes`)
    .send({ outcome: 'draft_plan', occurredOn: day(105) })
    .expect(200);
  const issued = await post(`ehc-requests/${requestId}/outcomes`)
    .send({ outcome: 'plan_issued', occurredOn: day(133) })
    .expect(200);
  expect(issued.body.state).toBe('issued');
  expect(clock(issued.body, 'issue_decision')).toMatchObject({ state: 'met', doneOn: day(105) });
  expect(clock(issued.body, 'final_plan')).toMatchObject({ state: 'met', doneOn: day(133) });
  const history = (await get(`pupils/${pupilId}/sen-status`).expect(200)).body as {
    status: string;
    startDate: string;
    endDate: string | null;
    ehcPlanDate: string | null;
  }[];
  expect(history.map((e) => [e.status, e.startDate, e.endDate, e.ehcPlanDate])).toEqual([
    ['K', daysAgo(200), day(133), null],
    ['E', day(133), null, day(133)],
  ]);
});

it("then records the issued plan's outcomes: no second E entry, and the first annual review falls due within 12 months", async () => {
  // The request's outcome moved the register; the plan record (libs/ehc-plans) adds the outcomes each review reviews.
  const recorded = await issuePlan(api, tokens.senco!, a.school.id, pupilId, day(133));
  expect(recorded.created).toBe(true);
  const history = (await get(`pupils/${pupilId}/sen-status`).expect(200)).body as { status: string; ehcPlanDate: string | null }[];
  expect(history.map((e) => [e.status, e.ehcPlanDate])).toEqual([
    ['K', null],
    ['E', day(133)],
  ]);
  const plan = (await ehcPlanOf(api, tokens.senco!, a.school.id, pupilId)).body as { versions: { issuedOn: string }[]; reviews: { dueOn: string }[] };
  expect(plan.versions.map((v) => v.issuedOn)).toEqual([day(133)]);
  expect(plan.reviews.map((r) => r.dueOn)).toEqual([addDays(addMonths(day(133), 12), -1)]);
});

it('refuses an issued plan after a refusal to assess, naming the outcome, writes nothing, and shows the right of appeal', async () => {
  const other = (await addPupil(api, tokens.senco!, a.school.id)).id;
  expect((await setStatus(api, tokens.senco!, a.school.id, other, { status: 'K', startDate: daysAgo(100), primaryNeed: 'SEMH' })).status).toBe(201);
  const made = await post('ehc-requests')
    .send({ pupilId: other, requestedBy: 'school', receivedOn: daysAgo(60) })
    .expect(201);
  const refused = await post(`ehc-requests/${made.body.id}/outcomes`)
    .send({ outcome: 'refused_to_assess', occurredOn: daysAgo(20) })
    .expect(200);
  expect(refused.body.appealRights).toEqual({
    decision: 'refused_to_assess',
    decidedOn: daysAgo(20),
    mediationCertificateOn: null,
    appealBy: expect.any(String),
    appealLodgedOn: null,
  });
  expect(clock(refused.body, 'final_plan')!.state).toBe('not_applicable');
  const before = await snapshot();
  const body = expectProblem(await post(`ehc-requests/${made.body.id}/outcomes`).send({ outcome: 'plan_issued', occurredOn: daysAgo(1) }), 400);
  expect(body.errors).toEqual([{ field: 'outcome', message: expect.stringContaining('refused to assess') }]);
  expect(await snapshot()).toEqual(before);
  // A mistaken refusal is corrected by appending, not deleting: it stays in the history, set aside.
  const refusal = refused.body.events.find((e: { outcome: string }) => e.outcome === 'refused_to_assess');
  const corrected = await post(`ehc-requests/${made.body.id}/corrections`).send({ eventId: refusal.id, note: 'Recorded against the wrong pupil' }).expect(200);
  expect(corrected.body.events.find((e: { id: string }) => e.id === refusal.id).correctedById).toEqual(expect.any(String));
  expect(corrected.body).toMatchObject({ state: 'awaiting_decision', appealRights: null });
});

it("puts each read of a request in the pupil's access log, with the reader's role", async () => {
  const logged = async () =>
    ((await get(`pupils/${pupilId}/access-log?limit=200`, tokens.head).expect(200)).body.items as { resource: string; actorRoles: string[] }[]).filter(
      (e) => e.resource === 'ehc_request',
    );
  const before = (await logged()).length;
  await get(`ehc-requests/${requestId}`).expect(200);
  await get(`pupils/${pupilId}/ehc-requests`, tokens.head).expect(200);
  const after = await logged();
  expect(after.length).toBe(before + 2);
  expect(after.flatMap((e) => e.actorRoles)).toEqual(expect.arrayContaining(['head', 'senco']));
});

it('refuses unknown fields and bad values, naming them', async () => {
  const body = expectProblem(await post('ehc-requests').send({ pupilId, requestedBy: 'grandparent', receivedOn: 'soon', extra: 1 }), 400);
  expect((body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(expect.arrayContaining(['requestedBy', 'receivedOn']));
});

it('lets no teacher or parent see or record a request, and another school sees nothing', async () => {
  for (const role of ['teacher', 'parent'] as const) {
    expect([403, 404]).toContain((await get('ehc-requests', tokens[role])).status);
    expect([403, 404]).toContain((await get(`ehc-requests/${requestId}`, tokens[role])).status);
    expect([403, 404]).toContain((await get(`pupils/${pupilId}/ehc-requests`, tokens[role])).status);
    expect([403, 404]).toContain(
      (await post(`ehc-requests/${requestId}/outcomes`, tokens[role]).send({ outcome: 'withdrawn', occurredOn: daysAgo(1) })).status,
    );
  }
  expect((await get('ehc-requests', tokens.otherSenco)).status).toBe(404);
  const theirs = `/v1/schools/${b.school.id}`;
  expect((await api.http().get(`${theirs}/ehc-requests/${requestId}`).set(bearer(tokens.otherSenco!))).status).toBe(404);
  expect((await api.http().get(`${theirs}/ehc-requests`).set(bearer(tokens.otherSenco!)).expect(200)).body.total).toBe(0);
  expect((await get('ehc-requests', tokens.head)).status).toBe(200);
});
