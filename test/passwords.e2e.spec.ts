import { addMember, createTestSchool, createUser, TEST_PASSWORD, type TestSchool } from '#libs/testing';
import { emailedToken, sendAccountEmails } from './helpers/account-emails.js';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { bearer } from './helpers/register.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

let api: TestApi;
let smtp: TestSmtp;
let fixture: TestSchool;

beforeAll(async () => {
  smtp = await startSmtp();
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
});
afterAll(async () => {
  await api?.close();
  await smtp?.close();
});

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

async function signIn(email: string, userAgent: string, password = TEST_PASSWORD): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await api.http().post('/v1/auth/login').set('user-agent', userAgent).send({ email, password });
  expect(res.status).toBe(200);
  return res.body;
}
const me = (token: string) => api.http().get('/v1/me').set(bearer(token));
const sessionsOf = async (token: string) => {
  const res = await api.http().get('/v1/me/sessions').set(bearer(token));
  expect(res.status).toBe(200);
  return res.body as { id: string; device: string; signedInAt: string; lastUsedAt: string; current: boolean }[];
};
const changePassword = (token: string, body: object) => api.http().post('/v1/me/password').set(bearer(token)).send(body);

describe('your devices', () => {
  it('lists each sign-in with a coarse device label, marks the current one, and revokes one at once', async () => {
    const user = await addMember(api.dataSource, fixture.school.id, 'teacher');
    const laptop = await signIn(user.email, CHROME_WINDOWS);
    const phone = await signIn(user.email, SAFARI_IPHONE);

    const listed = await sessionsOf(laptop.accessToken);
    expect(listed).toHaveLength(2);
    expect(listed.map((s) => [s.device, s.current]).sort()).toEqual([
      ['Chrome on Windows', true],
      ['Safari on iOS', false],
    ]);
    // Never the IP address or the raw user-agent string.
    expect(JSON.stringify(listed)).not.toMatch(/127\.0\.0\.1|::1|Mozilla|AppleWebKit/);

    // A refresh keeps the session (same id, same label) and moves its last use on.
    const phoneEntry = listed.find((s) => !s.current)!;
    const rotated = await api.http().post('/v1/auth/refresh').send({ refreshToken: phone.refreshToken });
    expect(rotated.status).toBe(200);
    const afterRefresh = (await sessionsOf(rotated.body.accessToken)).find((s) => s.id === phoneEntry.id)!;
    expect(afterRefresh).toMatchObject({ device: 'Safari on iOS', current: true, signedInAt: phoneEntry.signedInAt });
    expect(new Date(afterRefresh.lastUsedAt).getTime()).toBeGreaterThanOrEqual(new Date(phoneEntry.lastUsedAt).getTime());

    // Signing the phone out from the laptop ends the phone's access token at once; the laptop carries on.
    expect((await api.http().delete(`/v1/me/sessions/${phoneEntry.id}`).set(bearer(laptop.accessToken))).status).toBe(204);
    expectProblem(await me(rotated.body.accessToken), 401);
    expectProblem(await api.http().post('/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }), 401);
    expect((await me(laptop.accessToken)).status).toBe(200);
    expect((await sessionsOf(laptop.accessToken)).map((s) => s.device)).toEqual(['Chrome on Windows']);
    // Revoking it again: it is gone.
    expectProblem(await api.http().delete(`/v1/me/sessions/${phoneEntry.id}`).set(bearer(laptop.accessToken)), 404);
  });

  it("another user's session id is 404 and that session keeps working", async () => {
    const mine = await signIn((await addMember(api.dataSource, fixture.school.id, 'teacher')).email, CHROME_WINDOWS);
    const theirs = await signIn((await addMember(api.dataSource, fixture.school.id, 'senco')).email, SAFARI_IPHONE);
    const [theirSession] = await sessionsOf(theirs.accessToken);
    expectProblem(await api.http().delete(`/v1/me/sessions/${theirSession!.id}`).set(bearer(mine.accessToken)), 404);
    expect((await me(theirs.accessToken)).status).toBe(200);
    expectProblem(await api.http().delete('/v1/me/sessions/not-a-uuid').set(bearer(mine.accessToken)), 400);
  });
});

describe('change password', () => {
  it('needs the current password, applies the policy, signs out every other session, and is audited', async () => {
    const user = await addMember(api.dataSource, fixture.school.id, 'teacher');
    const here = await signIn(user.email, CHROME_WINDOWS);
    const elsewhere = await signIn(user.email, SAFARI_IPHONE);
    const next = 'a quiet river under seven bridges';

    expect(expectProblem(await changePassword(here.accessToken, { currentPassword: 'not-the-password', newPassword: next }), 401).detail).toMatch(
      /Current password is incorrect/,
    );
    expect(expectProblem(await changePassword(here.accessToken, { currentPassword: TEST_PASSWORD, newPassword: 'password12345678' }), 400).errors).toEqual([
      { field: 'newPassword', message: 'newPassword is too common: it appears in lists of breached passwords' },
    ]);
    // Refused changes change nothing: both sessions still work, the old password still signs in, nobody is told.
    expect((await me(elsewhere.accessToken)).status).toBe(200);
    expect(await sendAccountEmails(api.dataSource, fixture.school.id, smtp.url, { subjectId: user.id })).toBe(0);

    expect((await changePassword(here.accessToken, { currentPassword: TEST_PASSWORD, newPassword: next })).status).toBe(204);
    expectProblem(await me(elsewhere.accessToken), 401);
    expect((await me(here.accessToken)).status).toBe(200);
    expect((await api.http().post('/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD })).status).toBe(401);
    expect((await api.http().post('/v1/auth/login').send({ email: user.email, password: next })).status).toBe(200);

    const senco = (await api.login(fixture.users.senco.email)).accessToken;
    const audit = await api.http().get(`/v1/schools/${fixture.school.id}/audit-events`).set(bearer(senco));
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'password.changed', entityId: user.id })]));
    expect(JSON.stringify(audit.body)).not.toContain(next);

    // The account's address is told (ASVS 6.3.6), with where to ask for a new password and no link that works by itself.
    expect(await sendAccountEmails(api.dataSource, fixture.school.id, smtp.url, { subjectId: user.id })).toBe(1);
    const [notice, ...more] = smtp.received.filter((m) => m.to.includes(user.email));
    expect(more).toHaveLength(0);
    expect(notice!.subject).toBe('Your SEN Manager password was changed');
    expect(notice!.text).toContain(fixture.school.name);
    expect(notice!.text).toContain('http://localhost:3000/app/forgot-password');
    expect(emailedToken(notice!.text)).toBe('');
    expect(notice!.text + notice!.html).not.toContain(next);
  });

  it('a platform admin, in no school, is told by a notice filed under none', async () => {
    const admin = await createUser(api.dataSource, `admin-pw-${Math.random().toString(36).slice(2, 10)}@test.invalid`, { isPlatformAdmin: true });
    const { accessToken } = await api.login(admin.email);
    expect((await changePassword(accessToken, { currentPassword: TEST_PASSWORD, newPassword: 'seven herons over a grey estuary' })).status).toBe(204);
    expect(await sendAccountEmails(api.dataSource, null, smtp.url, { subjectId: admin.id })).toBe(1);
    const [notice] = smtp.received.filter((m) => m.to.includes(admin.email));
    expect(notice!.subject).toBe('Your SEN Manager password was changed');
  });

  it.each([
    ['too short', 'short-one', 'newPassword must be at least 12 characters'],
    ['too long', 'x'.repeat(60) + 'y'.repeat(69), 'newPassword must be at most 128 characters'],
    ['a common password', 'iloveyou1234', 'newPassword is too common: it appears in lists of breached passwords'],
    ['one repeated character', 'aaaaaaaaaaaaaaaa', 'newPassword is too common: it appears in lists of breached passwords'],
    ['mostly the email', '{email}', 'newPassword must not be mostly your email, your name or the school name'],
  ])('refuses %s with a field error', async (_name, candidate, message) => {
    const user = await addMember(api.dataSource, fixture.school.id, 'teacher');
    const { accessToken } = await signIn(user.email, CHROME_WINDOWS);
    const newPassword = candidate.replace('{email}', user.email);
    expect(expectProblem(await changePassword(accessToken, { currentPassword: TEST_PASSWORD, newPassword }), 400).errors).toEqual([
      { field: 'newPassword', message },
    ]);
    expect((await api.http().post('/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD })).status).toBe(200);
  });
});

describe('the policy at invitation accept', () => {
  it('a new account may not choose a common password; a good one joins', async () => {
    const senco = (await api.login(fixture.users.senco.email)).accessToken;
    const email = `policy-${Math.random().toString(36).slice(2, 10)}@test.invalid`;
    const { body } = await api.http().post(`/v1/schools/${fixture.school.id}/invitations`).set(bearer(senco)).send({ email, role: 'teacher' });
    const accept = (password: string) => api.http().post('/v1/auth/invitations/accept').send({ token: body.token, displayName: 'Pat Policy', password });
    expect(expectProblem(await accept('qwertyuiop123'), 400).errors).toEqual([
      { field: 'password', message: 'password is too common: it appears in lists of breached passwords' },
    ]);
    expect(expectProblem(await accept('PatPolicy-PatPolicy'), 400).errors).toEqual([
      { field: 'password', message: 'password must not be mostly your email, your name or the school name' },
    ]);
    expect((await accept('a quiet river under seven bridges')).status).toBe(200);
  });
});
