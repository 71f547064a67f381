import { TenantTransactions } from '#libs/database';
import { createTestSchool, createUser, TEST_PASSWORD, type TestSchool } from '#libs/testing';
import { emailedToken, sendAccountEmails } from './helpers/account-emails.js';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer, linkParent } from './helpers/register.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

/** Invitations are emailed through the outbox, exactly once, and their emailed links work. */
let api: TestApi;
let smtp: TestSmtp;
let fixture: TestSchool;
let senco: string;

beforeAll(async () => {
  smtp = await startSmtp();
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
  senco = (await api.login(fixture.users.senco.email)).accessToken;
});
afterAll(async () => {
  await api?.close();
  await smtp?.close();
});

const base = () => `/v1/schools/${fixture.school.id}`;
const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
const send = (options?: { finalAttempt?: boolean }) => sendAccountEmails(api.dataSource, fixture.school.id, smtp.url, options);
const uniqueEmail = (role: string) => `${role}-${Math.random().toString(36).slice(2, 10)}@test.invalid`;
const accept = (token: string, password = 'a long enough passphrase for tests') =>
  api.http().post('/v1/auth/invitations/accept').send({ token, displayName: 'Invited Person', password });
const verifiedAt = async (email: string) =>
  (await api.dataSource.query<{ email_verified_at: Date | null }[]>(`select email_verified_at from users where email = $1`, [email]))[0]?.email_verified_at;

it('a staff invitation is emailed once; its link signs the new teacher in and verifies the address', async () => {
  const email = uniqueEmail('teacher');
  const created = await api.http().post(`${base()}/invitations`).set(bearer(senco)).send({ email, role: 'teacher' });
  expect(created.status).toBe(201);
  // Still handed to the inviter, as before.
  expect(created.body.acceptUrl).toContain(created.body.token);

  expect(await send()).toBe(1);
  expect(await send()).toBe(0);
  const mails = mailsTo(email);
  expect(mails).toHaveLength(1);
  expect(mails[0]!.subject).toBe(`${fixture.school.name} invites you to SEN Manager`);
  expect(mails[0]!.text).toContain('as a member of staff');
  const token = emailedToken(mails[0]!.text);
  expect(token).toBe(created.body.token);

  const joined = await accept(token);
  expect(joined.status).toBe(200);
  expect((await api.http().get(`${base()}`).set(bearer(joined.body.accessToken))).status).toBe(200);
  expect(await verifiedAt(email)).not.toBeNull();

  // The delivery log shows the message without a usable link.
  const [row] = await new TenantTransactions(api.dataSource).run({ schoolIds: [fixture.school.id], pupilAccess: 'all' }, (m) =>
    m.query<{ body_text: string; secret_sealed: string | null; recipient_type: string }[]>(
      `select body_text, secret_sealed, recipient_type from deliveries where kind = 'invitation' and address = $1`,
      [email],
    ),
  );
  expect(row).toMatchObject({ secret_sealed: null, recipient_type: 'invitee' });
  expect(row!.body_text).not.toContain(token);
  expect(api.logs.join('')).not.toContain(token);
});

it("a parent's invitation is emailed once, even when the first attempt fails and the job is retried", async () => {
  const email = uniqueEmail('parent');
  const pupil = await addPupil(api, senco, fixture.school.id);
  const contact = await api
    .http()
    .post(`${base()}/pupils/${pupil.id}/contacts`)
    .set(bearer(senco))
    .send({ firstName: 'Pat', lastName: 'Parent', email, preferredChannel: 'email', relationship: 'mother', parentalResponsibility: true });
  expect(contact.status).toBe(201);
  expect((await api.http().post(`${base()}/contacts/${contact.body.contactId}/invitation`).set(bearer(senco))).status).toBe(201);

  // The mail server refuses the first attempt for now: the delivery waits to be retried, nothing arrived.
  smtp.failNext(1, 451);
  expect(await send({ finalAttempt: false })).toBe(0);
  expect(mailsTo(email)).toHaveLength(0);
  // The retry sends it; a further run (a second worker, the sweep) sends nothing more.
  expect(await send()).toBe(1);
  expect(await send()).toBe(0);
  const mails = mailsTo(email);
  expect(mails).toHaveLength(1);
  expect(mails[0]!.text).toContain('as a parent or carer');

  const joined = await accept(emailedToken(mails[0]!.text));
  expect(joined.status).toBe(200);
  const children = await api.http().get(`${base()}/children`).set(bearer(joined.body.accessToken));
  expect(children.status).toBe(200);
  expect(JSON.stringify(children.body)).toContain(pupil.id);
  expect(await verifiedAt(email)).not.toBeNull();
});

it('an existing account with two-factor accepting an invitation is asked for its second factor, not signed in', async () => {
  const admin = await createUser(api.dataSource, uniqueEmail('admin'), { isPlatformAdmin: true });
  const created = await api.http().post(`${base()}/invitations`).set(bearer(senco)).send({ email: admin.email, role: 'teacher' });
  expect(created.status).toBe(201);
  const joined = await accept(created.body.token, TEST_PASSWORD);
  expect(joined.status).toBe(200);
  expect(joined.body).toMatchObject({ secondFactorRequired: true, challengeToken: expect.any(String) });
  expect(joined.body.accessToken).toBeUndefined();
  expect(joined.body.refreshToken).toBeUndefined();
  const web = await api.http().post('/v1/auth/web/invitations/accept').send({ token: created.body.token, displayName: 'x', password: TEST_PASSWORD });
  // Spent by the first accept: no session either way.
  expect(web.status).toBe(401);
});

it('a parent changes their email address through a link sent to the new one; the old one is told; staff may not', async () => {
  const pupil = await addPupil(api, senco, fixture.school.id);
  const oldEmail = uniqueEmail('parent-old');
  const newEmail = uniqueEmail('parent-new');
  const parent = await linkParent(api, senco, fixture.school.id, pupil.id, oldEmail);
  // linkParent accepted its invitation at once: a link already used is not emailed.
  expect(await send()).toBe(0);
  const change = (body: object, token = parent) => api.http().put('/v1/me/email').set(bearer(token)).send(body);

  expectProblem(await change({ newEmail, currentPassword: 'not the password' }), 401);
  expectProblem(await change({ newEmail: 'nope', currentPassword: TEST_PASSWORD }), 400);
  const asked = await change({ newEmail, currentPassword: TEST_PASSWORD });
  expect(asked.status).toBe(202);
  // Nothing changes until the link is used.
  expect((await api.http().post('/v1/auth/login').send({ email: oldEmail, password: TEST_PASSWORD })).status).toBe(200);

  expect(await send()).toBe(1);
  const [mail] = mailsTo(newEmail);
  expect(mail!.subject).toBe('Confirm your new email address');
  const token = emailedToken(mail!.text);
  const confirm = () => api.http().post('/v1/auth/email-change/confirm').send({ token });
  expect((await confirm()).status).toBe(204);
  expectProblem(await confirm(), 400);

  expect((await api.http().post('/v1/auth/login').send({ email: newEmail, password: TEST_PASSWORD })).status).toBe(200);
  expectProblem(await api.http().post('/v1/auth/login').send({ email: oldEmail, password: TEST_PASSWORD }), 401);
  expect(await verifiedAt(newEmail)).not.toBeNull();
  expect(await send()).toBe(1);
  const notices = mailsTo(oldEmail).filter((m) => m.subject === 'Your SEN Manager email address was changed');
  expect(notices).toHaveLength(1);
  expect(notices[0]!.text).not.toContain(newEmail);
  expect(api.logs.join('')).not.toContain(newEmail);

  const teacher = (await api.login(fixture.users.teacher.email)).accessToken;
  expectProblem(await change({ newEmail: uniqueEmail('teacher-new'), currentPassword: TEST_PASSWORD }, teacher), 403);
});
