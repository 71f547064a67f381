import { randomUUID } from 'node:crypto';
import { Clock } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { populatePlan } from './helpers/plans.js';
import { addPupil, bearer, daysAgo, setStatus } from './helpers/register.js';
import { codeIn, consent, linkTokenIn, sendShareEmails, shareBody } from './helpers/sharing.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

/**
 * Sharing a pupil's record with an outside professional (docs/security.md, "Sharing with professionals"): refused
 * without consent; the link and a one-time code reach the professional by email; wrong codes are refused and
 * limited; the professional reads the record and sends a report back, which waits for the SENCO; revoking and
 * expiry end the link at once; every read is in the pupil's access log under the professional's name.
 */

/** The API's "now": moved forward to see a link expire. */
class TestClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const clock = new TestClock();
let api: TestApi;
let smtp: TestSmtp;
let a: TestSchool;
let b: TestSchool;
let base: string;
let pupilId: string;
let domain: string;
const tokens: Record<string, string> = {};

const tx = () => new TenantTransactions(api.dataSource);
const counts = () =>
  tx().run({ schoolIds: [a.school.id], pupilAccess: 'all' }, async (m) => {
    const [row] = await m.query<Record<string, number>[]>(
      `select (select count(*) from professional_shares)::int as shares, (select count(*) from share_items)::int as items,
              (select count(*) from outbox_events where school_id = $1)::int as events, (select count(*) from shared_reports)::int as reports`,
      [a.school.id],
    );
    return row;
  });
const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
const share = (body: object, token = tokens.senco!) => api.http().post(`${base}/pupils/${pupilId}/shares`).set(bearer(token)).send(body);

/** Shares with a fresh professional address and returns the link token from the email they received. */
async function shareAndReadLink(extra: Record<string, unknown> = {}): Promise<{ id: string; email: string; token: string }> {
  const email = `professional-${randomUUID().slice(0, 8)}@${domain}`;
  const res = await share(shareBody(email, extra)).expect(201);
  expect(await sendShareEmails(api.dataSource, a.school.id, smtp.url)).toBe(1);
  const [mail] = mailsTo(email);
  expect(mail?.subject).toContain(a.school.name);
  return { id: res.body.id as string, email, token: linkTokenIn(mail!.text) };
}

async function codeFor(token: string, email: string): Promise<string> {
  await api.http().post(`/v1/shared/${token}/code`).expect(202);
  expect(await sendShareEmails(api.dataSource, a.school.id, smtp.url)).toBe(1);
  return codeIn(mailsTo(email).at(-1)!.text);
}

beforeAll(async () => {
  smtp = await startSmtp();
  api = await startTestApi({ clock });
  a = await createTestSchool(api.dataSource);
  b = await createTestSchool(api.dataSource);
  base = `/v1/schools/${a.school.id}`;
  domain = `${randomUUID().slice(0, 8)}.test.invalid`;
  for (const role of ['senco', 'head', 'teacher'] as const) tokens[role] = (await api.login(a.users[role].email)).accessToken;
  tokens.otherSenco = (await api.login(b.users.senco.email)).accessToken;
  pupilId = (await addPupil(api, tokens.senco!, a.school.id, { legalFirstName: 'Rowan', yearGroup: '4' })).id;
  expect((await setStatus(api, tokens.senco!, a.school.id, pupilId, { status: 'K', startDate: daysAgo(200), primaryNeed: 'SLCN' })).status).toBe(201);
  await populatePlan(api, tokens.senco!, a.school.id, pupilId);
}, 60_000);
afterAll(async () => {
  await api?.close();
  await smtp?.close();
});

it('refuses a share without consent, naming the field, and changes nothing', async () => {
  const before = await counts();
  const { consent: _, ...withoutConsent } = shareBody(`x@${domain}`);
  const missing = expectProblem(await share(withoutConsent), 400);
  expect(JSON.stringify(missing.errors)).toContain('consent');
  const noPurpose = expectProblem(await share(shareBody(`x@${domain}`, { consent: { ...consent(), purpose: undefined } })), 400);
  expect(noPurpose.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'consent.purpose' })]));
  const future = expectProblem(await share(shareBody(`x@${domain}`, { consent: { ...consent(), givenOn: '2099-01-01' } })), 400);
  expect(future.errors).toEqual([expect.objectContaining({ field: 'consent.givenOn' })]);
  expect(await counts()).toEqual(before);
});

it('the delivery log never holds a working link or code: sealed until sent, then gone', async () => {
  const { id, email, token } = await shareAndReadLink();
  const code = await codeFor(token, email);
  const rows = await tx().run({ schoolIds: [a.school.id], pupilAccess: 'all' }, (m) =>
    m.query<{ kind: string; body: string; secret_sealed: string | null; status: string }[]>(
      `select kind, body_text || body_html as body, secret_sealed, status from deliveries where recipient_id = $1 order by created_at`,
      [id],
    ),
  );
  expect(rows.map((r) => [r.kind, r.status, r.secret_sealed])).toEqual([
    ['share_link', 'sent', null],
    ['share_code', 'sent', null],
  ]);
  for (const r of rows)
    expect({ kind: r.kind, token: r.body.includes(token), code: r.body.includes(code) }).toEqual({ kind: r.kind, token: false, code: false });
});

it('only the SENCO and head share, and only in their own school', async () => {
  expectProblem(await share(shareBody(`x@${domain}`), tokens.teacher), 403);
  const other = await api
    .http()
    .post(`/v1/schools/${b.school.id}/pupils/${pupilId}/shares`)
    .set(bearer(tokens.otherSenco!))
    .send(shareBody(`x@${domain}`));
  expect(other.status).toBe(404);
});

it('shares by email: the code unlocks the record, wrong codes are refused and limited, a report comes back pending and the SENCO accepts it', async () => {
  const { id, email, token } = await shareAndReadLink();
  expect(token).toHaveLength(43);
  const intro = await api.http().get(`/v1/shared/${token}`).expect(200);
  expect(intro.body).toMatchObject({ schoolName: a.school.name, professionalName: 'Dr Sam Therapist' });
  // Nothing of the pupil before the code.
  expect(JSON.stringify(intro.body)).not.toContain('Rowan');
  expectProblem(await api.http().get(`/v1/shared/${token}/record`), 401);
  expectProblem(await api.http().get(`/v1/shared/${token}/record`).set('x-share-session', 'A'.repeat(43)), 401);

  // Five wrong guesses kill the code: even the right one is then refused.
  const code = await codeFor(token, email);
  expect(code).toMatch(/^\d{6}$/);
  const wrong = code === '000000' ? '000001' : '000000';
  for (let i = 0; i < 5; i++) {
    const res = expectProblem(await api.http().post(`/v1/shared/${token}/session`).send({ code: wrong }), 400);
    expect(res.errors).toEqual([expect.objectContaining({ field: 'code' })]);
  }
  expectProblem(await api.http().post(`/v1/shared/${token}/session`).send({ code }), 400);

  // A new code works once.
  const fresh = await codeFor(token, email);
  const session = await api.http().post(`/v1/shared/${token}/session`).send({ code: fresh }).expect(201);
  expectProblem(await api.http().post(`/v1/shared/${token}/session`).send({ code: fresh }), 400);
  const key = session.body.sessionKey as string;

  const record = await api.http().get(`/v1/shared/${token}/record`).set('x-share-session', key).expect(200);
  expect(record.body.summary).toMatchObject({ firstName: 'Rowan', yearGroup: 4, needs: ['SLCN'] });
  expect(record.body.plan).toMatchObject({ targets: expect.any(Array), provision: expect.any(Array) });
  expect(record.body.plan.targets.length).toBeGreaterThan(0);

  const upload = await api
    .http()
    .post(`/v1/shared/${token}/reports`)
    .set('x-share-session', key)
    .send({ reportDate: daysAgo(1), summary: 'Phonological awareness well below age expectations.', recommendations: 'Weekly small-group language work.' })
    .expect(201);
  expect(upload.body.status).toBe('pending');
  expectProblem(
    await api
      .http()
      .post(`/v1/shared/${token}/reports`)
      .send({ reportDate: daysAgo(1), summary: 'No session' }),
    401,
  );

  const pending = await api.http().get(`${base}/shared-reports`).query({ status: 'pending' }).set(bearer(tokens.senco!)).expect(200);
  expect(pending.body.map((r: { id: string }) => r.id)).toEqual([upload.body.id]);
  // Not among the pupil's professional reports until accepted.
  const beforeAccept = await api.http().get(`${base}/pupils/${pupilId}/professional-reports`).set(bearer(tokens.senco!)).expect(200);
  expect(JSON.stringify(beforeAccept.body)).not.toContain('Phonological awareness');
  const accepted = await api
    .http()
    .post(`${base}/shared-reports/${upload.body.id}/decision`)
    .set(bearer(tokens.senco!))
    .send({ decision: 'accept' })
    .expect(200);
  expect(accepted.body).toMatchObject({ status: 'accepted', professionalReportId: expect.any(String) });
  const afterAccept = await api.http().get(`${base}/pupils/${pupilId}/professional-reports`).set(bearer(tokens.senco!)).expect(200);
  expect(JSON.stringify(afterAccept.body)).toContain('Phonological awareness well below age expectations.');
  expectProblem(await api.http().post(`${base}/shared-reports/${upload.body.id}/decision`).set(bearer(tokens.senco!)).send({ decision: 'reject' }), 409);

  // The pupil page: shared with … viewed on …; the access log names the professional.
  const shares = await api.http().get(`${base}/pupils/${pupilId}/shares`).set(bearer(tokens.senco!)).expect(200);
  const mine = shares.body.find((s: { id: string }) => s.id === id);
  expect(mine).toMatchObject({ state: 'active', items: expect.arrayContaining(['summary', 'plan']), consent: { relationship: 'parent' } });
  expect(mine.views.map((v: { action: string }) => v.action).sort()).toEqual(['upload', 'view']);
  const log = await api.http().get(`${base}/pupils/${pupilId}/access-log`).set(bearer(tokens.senco!)).expect(200);
  expect(log.body.items).toEqual(
    expect.arrayContaining([expect.objectContaining({ resource: 'shared_record', actorName: 'Dr Sam Therapist', actorRoles: ['professional'] })]),
  );
  // No link, code or address in the API's logs.
  const logs = api.logs.join('\n');
  for (const secret of [token, code, fresh, key, email]) expect(logs).not.toContain(secret);
});

it('revoking ends the link at once, even for an open session; unknown and malformed links get the same answer', async () => {
  const { id, email, token } = await shareAndReadLink({ plan: false });
  const code = await codeFor(token, email);
  const key = (await api.http().post(`/v1/shared/${token}/session`).send({ code }).expect(201)).body.sessionKey as string;
  await api.http().get(`/v1/shared/${token}/record`).set('x-share-session', key).expect(200);
  const revoked = await api.http().post(`${base}/shares/${id}/revoke`).set(bearer(tokens.senco!)).expect(200);
  expect(revoked.body.state).toBe('revoked');
  const dead = expectProblem(await api.http().get(`/v1/shared/${token}/record`).set('x-share-session', key), 404);
  const unknown = expectProblem(await api.http().get(`/v1/shared/${'x'.repeat(43)}`), 404);
  const malformed = expectProblem(await api.http().get(`/v1/shared/short`), 404);
  const strip = (p: Record<string, unknown>) => ({ ...p, requestId: undefined, instance: undefined });
  expect(strip(dead)).toEqual(strip(unknown));
  expect(strip(malformed)).toEqual(strip(unknown));
  expectProblem(await api.http().post(`/v1/shared/${token}/code`), 404);
  expectProblem(await api.http().post(`${base}/shares/${id}/revoke`).set(bearer(tokens.senco!)), 409);
});

it('a link expires after the days the SENCO chose', async () => {
  const { id, token } = await shareAndReadLink({ expiresInDays: 7 });
  await api.http().get(`/v1/shared/${token}`).expect(200);
  clock.offsetMs = 8 * 86_400_000;
  try {
    expectProblem(await api.http().get(`/v1/shared/${token}`), 404);
    const shares = await api.http().get(`${base}/pupils/${pupilId}/shares`).set(bearer(tokens.senco!)).expect(200);
    expect(shares.body.find((s: { id: string }) => s.id === id).state).toBe('expired');
  } finally {
    clock.offsetMs = 0;
  }
  expectProblem(await share(shareBody(`x@${domain}`, { expiresInDays: 31 })), 400);
});
