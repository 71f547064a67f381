import { addDays } from '#libs/core';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer, daysAgo, todayInLondon } from './helpers/register.js';

/** Referrals to outside services: recorded on the pupil, overdue ones in the SENCO's list until seen. */
let api: TestApi;
let a: TestSchool;
let base: string;
let pupilId: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestApi();
  a = await createTestSchool(api.dataSource);
  base = `/v1/schools/${a.school.id}`;
  for (const role of ['senco', 'head', 'teacher'] as const) tokens[role] = (await api.login(a.users[role].email)).accessToken;
  pupilId = (await addPupil(api, tokens.senco!, a.school.id, { legalFirstName: 'Kit' })).id;
}, 60_000);
afterAll(() => api.close());

const refer = (body: object, token = tokens.senco!) => api.http().post(`${base}/pupils/${pupilId}/referrals`).set(bearer(token)).send(body);
const overdue = async () =>
  (await api.http().get(`${base}/referrals/overdue`).set(bearer(tokens.senco!)).expect(200)).body as { id: string; firstName: string }[];

it('records a referral with its expected wait; one past it and not seen is overdue in the SENCO list until seen', async () => {
  const waiting = await refer({ serviceName: 'Northshire CAMHS', serviceKind: 'camhs', referredOn: daysAgo(70), expectedWaitWeeks: 8 }).expect(201);
  expect(waiting.body).toMatchObject({ status: 'waiting', expectedBy: addDays(daysAgo(70), 56), overdue: true });
  const recent = await refer({ serviceName: 'Community paediatrics', serviceKind: 'paediatrician', referredOn: daysAgo(7), expectedWaitWeeks: 18 }).expect(201);
  expect(recent.body.overdue).toBe(false);

  const list = await overdue();
  expect(list.map((r) => r.id)).toEqual([waiting.body.id]);
  expect(list[0]!.firstName).toBe('Kit');

  const onPupil = await api.http().get(`${base}/pupils/${pupilId}/referrals`).set(bearer(tokens.senco!)).expect(200);
  expect(onPupil.body.map((r: { id: string }) => r.id)).toEqual([recent.body.id, waiting.body.id]);
  const log = await api.http().get(`${base}/pupils/${pupilId}/access-log`).set(bearer(tokens.senco!)).expect(200);
  expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ resource: 'referrals', actorUserId: a.users.senco.id })]));

  const seen = await api
    .http()
    .patch(`${base}/referrals/${waiting.body.id}`)
    .set(bearer(tokens.senco!))
    .send({ status: 'seen', seenOn: daysAgo(1), outcome: 'Assessed; anxiety-based school avoidance; strategies sent.' })
    .expect(200);
  expect(seen.body).toMatchObject({ status: 'seen', seenOn: daysAgo(1), overdue: false });
  expect(await overdue()).toEqual([]);
});

it('refuses bad input naming the field, and staff who do not run referrals', async () => {
  const future = expectProblem(
    await refer({ serviceName: 'SALT', serviceKind: 'speech_and_language_therapist', referredOn: addDays(todayInLondon(), 3), expectedWaitWeeks: 4 }),
    400,
  );
  expect(future.errors).toEqual([expect.objectContaining({ field: 'referredOn' })]);
  const kind = expectProblem(await refer({ serviceName: 'SALT', serviceKind: 'wizard', referredOn: daysAgo(1), expectedWaitWeeks: 4 }), 400);
  expect(kind.errors).toEqual([expect.objectContaining({ field: 'serviceKind' })]);
  const made = await refer({ serviceName: 'SALT', serviceKind: 'speech_and_language_therapist', referredOn: daysAgo(1), expectedWaitWeeks: 4 }).expect(201);
  const noDay = expectProblem(await api.http().patch(`${base}/referrals/${made.body.id}`).set(bearer(tokens.senco!)).send({ status: 'seen' }), 400);
  expect(noDay.errors).toEqual([expect.objectContaining({ field: 'seenOn' })]);
  expectProblem(await refer({ serviceName: 'SALT', serviceKind: 'other', referredOn: daysAgo(1), expectedWaitWeeks: 4 }, tokens.teacher), 403);
});
