import { addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';
import { bearer } from './helpers/register.js';

/**
 * A member of staff's own channels (README.md, Notifications): email for reminders is theirs to turn off,
 * the inbox always has them, and the choice is per person and per school. The planner's use of it (the head's
 * escalated overdue review reaching only their inbox) is in notifications.serial.
 */
let api: TestApi;
let s: TestSchool;
let other: TestSchool;
const tokens: Record<string, string> = {};
const prefs = (school: TestSchool) => `/v1/schools/${school.school.id}/notification-preferences`;

beforeAll(async () => {
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  other = await createTestSchool(api.dataSource);
  tokens.teacher = (await api.login(s.users.teacher.email)).accessToken;
  tokens.colleague = (await api.login((await addMember(api.dataSource, s.school.id, 'teacher')).email)).accessToken;
  tokens.head = (await api.login(s.users.head.email)).accessToken;
  tokens.otherTeacher = (await api.login(other.users.teacher.email)).accessToken;
});
afterAll(() => api.close());

it('a teacher starts with email on, turns it off, and keeps the inbox; a colleague and another school are untouched', async () => {
  expect((await api.http().get(prefs(s)).set(bearer(tokens.teacher!))).body).toEqual({ email: true, inApp: true, statutoryAlwaysSent: true });
  const off = await api.http().put(prefs(s)).set(bearer(tokens.teacher!)).send({ email: false });
  expect(off.status).toBe(200);
  expect(off.body).toEqual({ email: false, inApp: true, statutoryAlwaysSent: true });
  expect((await api.http().get(prefs(s)).set(bearer(tokens.teacher!))).body.email).toBe(false);
  expect((await api.http().get(prefs(s)).set(bearer(tokens.colleague!))).body.email).toBe(true);
  expect((await api.http().get(prefs(s)).set(bearer(tokens.head!))).body.email).toBe(true);
  expect((await api.http().get(prefs(other)).set(bearer(tokens.otherTeacher!))).body.email).toBe(true);
  // Saved again unchanged, and then back on.
  expect((await api.http().put(prefs(s)).set(bearer(tokens.teacher!)).send({ email: false })).body.email).toBe(false);
  expect((await api.http().put(prefs(s)).set(bearer(tokens.teacher!)).send({ email: true })).body.email).toBe(true);
});

it('refuses turning the inbox off, naming the field, and changes nothing', async () => {
  await api.http().put(prefs(s)).set(bearer(tokens.colleague!)).send({ email: false }).expect(200);
  const refused = await api.http().put(prefs(s)).set(bearer(tokens.colleague!)).send({ email: true, inApp: false });
  expect(refused.status).toBe(400);
  expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'inApp' })]);
  expect((await api.http().get(prefs(s)).set(bearer(tokens.colleague!))).body).toEqual({ email: false, inApp: true, statutoryAlwaysSent: true });
});

it("another school's staff cannot reach this school's settings: the school is not theirs to name", async () => {
  expect((await api.http().get(prefs(s)).set(bearer(tokens.otherTeacher!))).status).toBe(404);
  expect((await api.http().put(prefs(s)).set(bearer(tokens.otherTeacher!)).send({ email: false })).status).toBe(404);
});
