import { TenantTransactions } from '#libs/database';
import { addMember, createTestSchool, createUser, TEST_PASSWORD, type TestSchool } from '#libs/testing';
import { emailedToken, sendAccountEmails } from './helpers/account-emails.js';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { bearer } from './helpers/register.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

/** Forgotten passwords (docs/security.md, "Passwords and sessions"): the emailed link, once, in time, for the account's owner only. */
let api: TestApi;
let smtp: TestSmtp;
let fixture: TestSchool;

const NEW_PASSWORD = 'a lighthouse keeps its lamp lit all night';

beforeAll(async () => {
  smtp = await startSmtp();
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
});
afterAll(async () => {
  await api?.close();
  await smtp?.close();
});

const ask = (email: string) => api.http().post('/v1/auth/password-reset').send({ email });
const complete = (token: string, newPassword = NEW_PASSWORD) => api.http().post('/v1/auth/password-reset/complete').send({ token, newPassword });
const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
const send = () => sendAccountEmails(api.dataSource, fixture.school.id, smtp.url);
/** Reads the school's own rows (deliveries, events, audit) as its staff would, under row-level security. */
const inSchool = <T>(sql: string, params: unknown[]) =>
  new TenantTransactions(api.dataSource).run({ schoolIds: [fixture.school.id], pupilAccess: 'all' }, (m) => m.query<T>(sql, params));

/** Asks for a reset and returns the token of the link that arrived by email. */
async function emailedLink(email: string): Promise<string> {
  const before = mailsTo(email).length;
  expect((await ask(email)).status).toBe(202);
  expect(await send()).toBe(1);
  const mail = mailsTo(email);
  expect(mail).toHaveLength(before + 1);
  const token = emailedToken(mail.at(-1)!.text);
  expect(token).toHaveLength(43);
  return token;
}

it('a forgotten password is reset through the emailed link, once; every session ends and the log keeps no link', async () => {
  const user = await addMember(api.dataSource, fixture.school.id, 'teacher');
  const laptop = await api.login(user.email);
  const phone = await api.login(user.email);

  const token = await emailedLink(user.email);
  const mail = mailsTo(user.email).at(-1)!;
  expect(mail.subject).toBe('Reset your SEN Manager password');
  expect(mail.text).toContain(fixture.school.name);
  expect(mail.html).toContain(`#token=${token}`);

  // The delivery log holds the message with the link's place marked, and neither it nor the event keeps the token.
  const [delivery] = await inSchool<{ body_text: string; body_html: string; secret_sealed: string | null; pupil_id: string | null }[]>(
    `select body_text, body_html, secret_sealed, pupil_id from deliveries where kind = 'password_reset' and recipient_id = $1`,
    [user.id],
  );
  expect(delivery).toMatchObject({ secret_sealed: null, pupil_id: null });
  expect(delivery!.body_text + delivery!.body_html).not.toContain(token);
  expect(delivery!.body_text).toContain('#token=ACCOUNT-LINK-TOKEN');
  const events = await inSchool<{ payload: Record<string, unknown> }[]>(`select payload from outbox_events where type = 'account.email' and subject_id = $1`, [
    user.id,
  ]);
  // The event (append-only) keeps the token sealed only, under DATA_ENCRYPTION_KEY; it is useless once spent or expired.
  expect(events.map((e) => Object.keys(e.payload).sort())).toEqual([['kind', 'sealed', 'tokenId']]);
  expect(JSON.stringify(events)).not.toContain(token);

  // A weak password is refused with the field and its rule, and the link is not spent.
  const weak = expectProblem(await complete(token, 'password12345678'), 400);
  expect(weak.errors).toEqual([{ field: 'newPassword', message: expect.stringContaining('too common') }]);

  expect((await complete(token)).status).toBe(204);
  for (const session of [laptop, phone]) {
    expectProblem(await api.http().get('/v1/me').set(bearer(session.accessToken)), 401);
    expectProblem(await api.http().post('/v1/auth/refresh').send({ refreshToken: session.refreshToken }), 401);
  }
  expectProblem(await api.http().post('/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }), 401);
  const signedIn = await api.login(user.email, NEW_PASSWORD);

  // The link works once.
  const again = expectProblem(await complete(token, 'another long enough passphrase'), 400);
  expect(again.errors).toEqual([{ field: 'token', message: expect.stringContaining('not valid') }]);

  // Audited, without the email; the address counts as verified.
  const audit = await inSchool<{ action: string; details: unknown }[]>(
    `select action, details from audit_events where school_id = $1 and entity_id = $2 and action = 'password.reset'`,
    [fixture.school.id, user.id],
  );
  expect(audit).toHaveLength(1);
  const [verified] = await api.dataSource.query<{ email_verified_at: Date | null }[]>(`select email_verified_at from users where id = $1`, [user.id]);
  expect(verified?.email_verified_at).not.toBeNull();
  expect((await api.http().get('/v1/me').set(bearer(signedIn.accessToken))).status).toBe(200);

  // The account's address is told that the password was reset (ASVS 6.3.6); the notice carries no link that works by itself.
  expect(await send()).toBe(1);
  const notice = mailsTo(user.email).at(-1)!;
  expect(notice.subject).toBe('Your SEN Manager password was reset');
  expect(notice.text).toContain('/app/forgot-password');
  expect(emailedToken(notice.text)).toBe('');
  expect(api.logs.join('')).not.toContain(token);
  expect(api.logs.join('')).not.toContain(user.email);
});

it('an expired link is refused, and a new request leaves the older links useless once one is used', async () => {
  const user = await addMember(api.dataSource, fixture.school.id, 'teacher');
  const first = await emailedLink(user.email);
  await api.dataSource.query(
    `update account_tokens set expires_at = now() - interval '1 minute' where token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
    [first],
  );
  expectProblem(await complete(first), 400);

  const second = await emailedLink(user.email);
  const third = await emailedLink(user.email);
  expect((await complete(third)).status).toBe(204);
  expect(await send()).toBe(1);
  expect(mailsTo(user.email).at(-1)!.subject).toBe('Your SEN Manager password was reset');
  const burnt = expectProblem(await complete(second, 'yet another long enough passphrase'), 400);
  expect(burnt.errors).toEqual([{ field: 'token', message: expect.any(String) }]);
});

it('unknown and disabled emails get the same status and body, and nothing is sent', async () => {
  const known = await addMember(api.dataSource, fixture.school.id, 'parent');
  const disabled = await addMember(api.dataSource, fixture.school.id, 'teacher');
  await api.dataSource.query(`update users set disabled_at = now() where id = $1`, [disabled.id]);
  const noSchool = await createUser(api.dataSource, `no-school-${disabled.id.slice(0, 8)}@test.invalid`);

  const answers = [];
  for (const email of [known.email, `nobody-${known.id.slice(0, 8)}@test.invalid`, disabled.email, noSchool.email]) {
    const res = await ask(email);
    answers.push({ status: res.status, body: res.body as unknown, type: res.headers['content-type'] as unknown });
  }
  expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  expect(answers[0]).toMatchObject({ status: 202, body: { message: expect.stringContaining('If that address has an account') } });

  expect(await send()).toBe(1);
  expect(mailsTo(known.email)).toHaveLength(1);
  expect(mailsTo(disabled.email)).toHaveLength(0);
  expect(mailsTo(noSchool.email)).toHaveLength(0);
  const tokens = await api.dataSource.query<{ n: number }[]>(`select count(*)::int as n from account_tokens where user_id = any($1)`, [
    [disabled.id, noSchool.id],
  ]);
  expect(tokens[0]?.n).toBe(0);
});

it('a reset replaces only the password: an account that must use two factors is still asked for the second', async () => {
  const admin = await createUser(api.dataSource, `admin-${fixture.school.id.slice(0, 8)}-${Date.now()}@test.invalid`, { isPlatformAdmin: true });
  await inSchool(`insert into memberships (school_id, user_id, role) values ($1, $2, 'senco')`, [fixture.school.id, admin.id]);
  const token = await emailedLink(admin.email);
  expect((await complete(token)).status).toBe(204);
  expect(await send()).toBe(1);
  const signIn = await api.http().post('/v1/auth/login').send({ email: admin.email, password: NEW_PASSWORD });
  expect(signIn.status).toBe(200);
  expect(signIn.body).toMatchObject({ secondFactorRequired: true, challengeToken: expect.any(String) });
  expect(signIn.body.accessToken).toBeUndefined();
});

it('requests are limited per email address; malformed bodies name the field', async () => {
  const user = await addMember(api.dataSource, fixture.school.id, 'teacher');
  const statuses = [];
  for (let i = 0; i < 6; i++) statuses.push((await ask(user.email)).status);
  expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  const bad = expectProblem(await api.http().post('/v1/auth/password-reset').send({ email: 'not-an-email' }), 400);
  expect(JSON.stringify(bad.errors)).toContain('email');
  const short = expectProblem(await complete('too-short'), 400);
  expect(JSON.stringify(short.errors)).toContain('token');
});
