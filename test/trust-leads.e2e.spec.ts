import { randomUUID } from 'node:crypto';
import { TenantTransactions } from '#libs/database';
import { createTestSchool, createUser, TEST_PASSWORD, type TestSchool } from '#libs/testing';
import { emailedToken, sendAccountEmails } from './helpers/account-emails.js';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { bearer } from './helpers/register.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

/**
 * The platform admin appoints a trust's leads by invitation (issue 21; docs/security.md, "Platform
 * administration"): the link is emailed from the trust, filed under no school, and works once; accepting makes
 * the account a lead of every school of the trust; the admin removes a lead and access ends at once.
 */
let api: TestApi;
let smtp: TestSmtp;
let admin: string;
let trust: { id: string; name: string };
let schools: TestSchool[];

const PASSWORD = 'the trust board meets on the first tuesday';

beforeAll(async () => {
  smtp = await startSmtp();
  api = await startTestApi();
  const user = await createUser(api.dataSource, `admin-${randomUUID().slice(0, 8)}@test.invalid`, { isPlatformAdmin: true });
  admin = (await api.login(user.email)).accessToken;
  const created = await api
    .http()
    .post('/v1/admin/trusts')
    .set(bearer(admin))
    .send({ name: `Riverside Learning Trust ${randomUUID().slice(0, 6)}` });
  expect(created.status).toBe(201);
  trust = created.body as { id: string; name: string };
  schools = [await createTestSchool(api.dataSource, { trustId: trust.id }), await createTestSchool(api.dataSource, { trustId: trust.id })];
});
afterAll(async () => {
  await api?.close();
  await smtp?.close();
});

const invite = (email: string, trustId = trust.id) => api.http().post(`/v1/admin/trusts/${trustId}/lead-invitations`).set(bearer(admin)).send({ email });
const accept = (token: string, password = PASSWORD) => api.http().post('/v1/auth/invitations/accept').send({ token, displayName: 'Pat Trustlead', password });
const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
/** The plain text with its lines joined, as a reader takes it (the text is wrapped at 78 columns). */
const words = (text: string) => text.replace(/\s+/g, ' ');
/** Invites, sends the email as the worker would and returns the link's token. */
async function invitedToken(email: string): Promise<{ id: string; token: string }> {
  const res = await invite(email);
  expect(res.status).toBe(201);
  expect(await sendAccountEmails(api.dataSource, null, smtp.url, { subjectId: res.body.id as string })).toBe(1);
  const token = emailedToken(mailsTo(email).at(-1)!.text);
  expect(token).toHaveLength(43);
  return { id: res.body.id as string, token };
}
const auditOf = (schoolId: string) =>
  new TenantTransactions(api.dataSource).run({ schoolIds: [schoolId] }, (m) =>
    m.query<{ action: string; entity_id: string }[]>(`select action, entity_id from audit_events where school_id = $1 order by occurred_at`, [schoolId]),
  );

it('the emailed link makes a new account a lead of every school of the trust, once; each school is told in its trail', async () => {
  const email = `new-lead-${randomUUID().slice(0, 8)}@test.invalid`;
  const res = await invite(email);
  expect(res.status).toBe(201);
  // The admin is not the invitee: the link goes only by email.
  expect(res.body).toEqual({ id: expect.any(String), email, state: 'pending', expiresAt: expect.any(String), createdAt: expect.any(String) });
  // Filed under no school: no school's outbox or delivery log holds it.
  for (const s of schools) {
    const rows = await new TenantTransactions(api.dataSource).run({ schoolIds: [s.school.id], pupilAccess: 'all' }, (m) =>
      m.query<{ n: number }[]>(`select count(*)::int as n from outbox_events where subject_id = $1`, [res.body.id]),
    );
    expect(rows[0]!.n).toBe(0);
  }
  expect(await sendAccountEmails(api.dataSource, null, smtp.url, { subjectId: res.body.id as string })).toBe(1);
  const mail = mailsTo(email).at(-1)!;
  expect(mail.subject).toBe(`${trust.name} invites you to SEN Manager`);
  expect(words(mail.text)).toContain("as a trust lead, overseeing the SEN work of the trust's schools");
  expect(words(mail.text)).toContain(`This email was sent by SEN Manager for ${trust.name}.`);
  const token = emailedToken(mail.text);
  // The delivery keeps the message with the link's place marked, never the token.
  const [delivery] = await new TenantTransactions(api.dataSource).run({ schoolIds: [], outboxRelay: true }, (m) =>
    m.query<{ status: string; secret_sealed: string | null; body_text: string }[]>(
      `select status, secret_sealed, body_text from platform_deliveries where recipient_id = $1`,
      [res.body.id],
    ),
  );
  expect(delivery).toMatchObject({ status: 'sent', secret_sealed: null });
  expect(delivery!.body_text).not.toContain(token);

  const accepted = await accept(token);
  expect(accepted.status).toBe(200);
  const me = await api
    .http()
    .get('/v1/me')
    .set(bearer(accepted.body.accessToken as string));
  const roles = (me.body.schools as { schoolId: string; roles: string[] }[]).filter((s) => s.roles.includes('trust_lead')).map((s) => s.schoolId);
  expect(roles.sort()).toEqual(schools.map((s) => s.school.id).sort());
  expectProblem(await accept(token), 401);
  for (const s of schools) expect(await auditOf(s.school.id)).toContainEqual({ action: 'trust_lead.appointed', entity_id: me.body.id });

  const list = await api.http().get(`/v1/admin/trusts/${trust.id}/leads`).set(bearer(admin));
  expect(list.body.leads).toContainEqual({ userId: me.body.id, displayName: 'Pat Trustlead', email, since: expect.any(String) });
  expect(list.body.invitations).toContainEqual(expect.objectContaining({ id: res.body.id, state: 'accepted' }));
  const trail = await api.http().get('/v1/admin/audit').set(bearer(admin));
  expect((trail.body.items as { action: string; entityId: string }[]).some((e) => e.action === 'admin.trust_lead_invited' && e.entityId === res.body.id)).toBe(
    true,
  );
});

it('an existing account accepts with its own password; a wrong one is refused and the link stays unspent', async () => {
  const teacher = schools[0]!.users.teacher;
  const { token } = await invitedToken(teacher.email);
  expectProblem(await accept(token, 'not the password of this account at all'), 401);
  const ok = await accept(token, TEST_PASSWORD);
  expect(ok.status).toBe(200);
  const me = await api
    .http()
    .get('/v1/me')
    .set(bearer(ok.body.accessToken as string));
  const mine = (me.body.schools as { schoolId: string; roles: string[] }[]).find((s) => s.schoolId === schools[0]!.school.id);
  expect(mine?.roles.sort()).toEqual(['teacher', 'trust_lead']);
});

it('a second invitation replaces the pending one; a revoked or expired link is refused', async () => {
  const email = `resent-${randomUUID().slice(0, 8)}@test.invalid`;
  const first = await invitedToken(email);
  const second = await invitedToken(email);
  expectProblem(await accept(first.token), 401);
  expect((await api.http().delete(`/v1/admin/trusts/${trust.id}/lead-invitations/${second.id}`).set(bearer(admin))).status).toBe(204);
  expectProblem(await accept(second.token), 401);
  // Only a pending invitation can be revoked.
  expectProblem(await api.http().delete(`/v1/admin/trusts/${trust.id}/lead-invitations/${second.id}`).set(bearer(admin)), 409);
  const third = await invitedToken(email);
  await new TenantTransactions(api.dataSource).run({ schoolIds: [], platformAdmin: true }, (m) =>
    m.query(`update trust_invitations set expires_at = now() - interval '1 minute' where id = $1`, [third.id]),
  );
  const expired = expectProblem(await accept(third.token), 401);
  expect(expired.detail).toContain('expired');
  const list = await api.http().get(`/v1/admin/trusts/${trust.id}/leads`).set(bearer(admin));
  const states = (list.body.invitations as { id: string; state: string }[]).filter((i) => [first.id, second.id, third.id].includes(i.id));
  expect(Object.fromEntries(states.map((i) => [i.id, i.state]))).toEqual({ [first.id]: 'revoked', [second.id]: 'revoked', [third.id]: 'expired' });
});

it("removing a lead ends their access to the trust's schools at once", async () => {
  const email = `leaving-lead-${randomUUID().slice(0, 8)}@test.invalid`;
  const { token } = await invitedToken(email);
  const session = (await accept(token)).body as { accessToken: string };
  const me = await api.http().get('/v1/me').set(bearer(session.accessToken));
  expect((await api.http().get('/v1/trust/sen-reports?academicYear=2026').set(bearer(session.accessToken))).status).toBe(200);
  expect((await api.http().delete(`/v1/admin/trusts/${trust.id}/leads/${me.body.id}`).set(bearer(admin))).status).toBe(204);
  expectProblem(await api.http().get('/v1/trust/sen-reports?academicYear=2026').set(bearer(session.accessToken)), 403);
  expectProblem(await api.http().delete(`/v1/admin/trusts/${trust.id}/leads/${me.body.id}`).set(bearer(admin)), 404);
  const trail = await api.http().get('/v1/admin/audit').set(bearer(admin));
  expect((trail.body.items as { action: string; entityId: string }[]).some((e) => e.action === 'admin.trust_lead_removed' && e.entityId === me.body.id)).toBe(
    true,
  );
});

it('bad input is named and changes nothing; an unknown trust or invitation is a 404; a lead cannot be invited twice', async () => {
  const count = async () =>
    (
      await new TenantTransactions(api.dataSource).run({ schoolIds: [], platformAdmin: true }, (m) =>
        m.query<{ n: number }[]>(`select count(*)::int as n from trust_invitations`),
      )
    )[0]!.n;
  const before = await count();
  const bad = expectProblem(await invite('not an email'), 400);
  expect(JSON.stringify(bad.errors)).toContain('email');
  expectProblem(await invite('someone@test.invalid', randomUUID()), 404);
  expectProblem(await api.http().get(`/v1/admin/trusts/not-a-uuid/leads`).set(bearer(admin)), 400);
  expectProblem(await api.http().delete(`/v1/admin/trusts/${trust.id}/lead-invitations/${randomUUID()}`).set(bearer(admin)), 404);
  const lead = (await api.http().get(`/v1/admin/trusts/${trust.id}/leads`).set(bearer(admin))).body.leads[0] as { email: string };
  const twice = expectProblem(await invite(lead.email), 409);
  expect(twice.errors).toEqual([{ field: 'email', message: 'already leads this trust' }]);
  expect(await count()).toBe(before);
  // A school's head cannot appoint trust leads.
  const head = (await api.login(schools[0]!.users.head.email)).accessToken;
  expectProblem(await api.http().post(`/v1/admin/trusts/${trust.id}/lead-invitations`).set(bearer(head)).send({ email: 'x@test.invalid' }), 403);
});

it('a platform admin in no school gets the reset email, filed under no school; the admins trail records the reset', async () => {
  const user = await createUser(api.dataSource, `lone-admin-${randomUUID().slice(0, 8)}@test.invalid`, { isPlatformAdmin: true });
  expect((await api.http().post('/v1/auth/password-reset').send({ email: user.email })).status).toBe(202);
  expect(await sendAccountEmails(api.dataSource, null, smtp.url, { subjectId: user.id })).toBe(1);
  const mail = mailsTo(user.email).at(-1)!;
  expect(mail.subject).toBe('Reset your SEN Manager password');
  expect(words(mail.text)).toContain('Someone asked to reset the password of your SEN Manager account.');
  expect(words(mail.text)).toContain('This email was sent by SEN Manager.');
  const token = emailedToken(mail.text);
  const newPassword = 'an admin keeps the keys of the platform safe';
  expect((await api.http().post('/v1/auth/password-reset/complete').send({ token, newPassword })).status).toBe(204);
  expectProblem(
    await api
      .http()
      .post('/v1/auth/password-reset/complete')
      .send({ token, newPassword: `${newPassword} again` }),
    400,
  );
  // Platform admins always use a second factor: the new password leads to it, not straight in.
  const signIn = await api.http().post('/v1/auth/login').send({ email: user.email, password: newPassword });
  expect(signIn.body).toMatchObject({ secondFactorRequired: true });
  const trail = await api.http().get('/v1/admin/audit').set(bearer(admin));
  expect((trail.body.items as { action: string; entityId: string }[]).some((e) => e.action === 'admin.password_reset' && e.entityId === user.id)).toBe(true);
  // An account in no school that is neither an admin nor a trust lead (a leaver of every school) still gets nothing.
  const leaver = await createUser(api.dataSource, `leaver-${randomUUID().slice(0, 8)}@test.invalid`);
  expect((await api.http().post('/v1/auth/password-reset').send({ email: leaver.email })).status).toBe(202);
  expect(await sendAccountEmails(api.dataSource, null, smtp.url, { subjectId: leaver.id })).toBe(0);
});
