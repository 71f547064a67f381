import { randomUUID } from 'node:crypto';
import { TenantTransactions } from '#libs/database';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { binaryBody, expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { EICAR, PDF, scanUploads, uploadDocument } from './helpers/documents.js';
import { addPupil, bearer } from './helpers/register.js';
import { linkTokenIn, openShareSession, sendShareEmails, shareBody } from './helpers/sharing.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

/**
 * Documents in a share with an outside professional (docs/security.md, "Sharing with professionals"): only the
 * pupil's own clean documents can be chosen; the professional downloads them with the one-time code's session,
 * as attachments that never render from the API; each download is in the share's log and the pupil's access
 * log; a document deleted from the record, and a revoked link, serve nothing.
 */

let api: TestApi;
let smtp: TestSmtp;
let a: TestSchool;
let base: string;
let senco: string;
let pupilId: string;
const docs: Record<'clean' | 'infected' | 'pending' | 'otherPupil', string> = { clean: '', infected: '', pending: '', otherPupil: '' };

const tx = () => new TenantTransactions(api.dataSource);
const count = (table: 'professional_shares' | 'share_items') =>
  tx().run({ schoolIds: [a.school.id], pupilAccess: 'all' }, async (m) => (await m.query<{ n: number }[]>(`select count(*)::int as n from ${table}`))[0]!.n);
const share = (documentIds: string[], extra: Record<string, unknown> = {}) =>
  api
    .http()
    .post(`${base}/pupils/${pupilId}/shares`)
    .set(bearer(senco))
    .send(shareBody(`professional-${randomUUID().slice(0, 8)}@test.invalid`, { summary: false, plan: false, documentIds, ...extra }));
const sharedDownload = (token: string, documentId: string, session?: string) => {
  const req = api.http().get(`/v1/shared/${token}/documents/${documentId}`);
  return session ? req.set('x-share-session', session) : req;
};

/** Shares the given documents and opens the link as the professional. */
async function shareAndOpen(documentIds: string[]): Promise<{ shareId: string; token: string; session: string }> {
  const email = `professional-${randomUUID().slice(0, 8)}@test.invalid`;
  const res = await share(documentIds, { professionalEmail: email }).expect(201);
  const shareId = res.body.id as string;
  expect(await sendShareEmails(api.dataSource, a.school.id, smtp.url)).toBe(1);
  const token = linkTokenIn(smtp.received.filter((m) => m.to.includes(email)).at(-1)?.text ?? '');
  return { shareId, token, session: await openShareSession(api, smtp, a.school.id, token, email) };
}

beforeAll(async () => {
  smtp = await startSmtp();
  api = await startTestApi();
  a = await createTestSchool(api.dataSource);
  base = `/v1/schools/${a.school.id}`;
  senco = (await api.login(a.users.senco.email)).accessToken;
  pupilId = (await addPupil(api, senco, a.school.id, { legalFirstName: 'Rowan' })).id;
  const otherPupilId = (await addPupil(api, senco, a.school.id, { legalFirstName: 'Ash' })).id;
  docs.clean = (await uploadDocument(api, senco, a.school.id, pupilId, PDF, 'ep-report.pdf').expect(201)).body.id as string;
  docs.infected = (await uploadDocument(api, senco, a.school.id, pupilId, Buffer.from(EICAR), 'notes.txt').expect(201)).body.id as string;
  docs.otherPupil = (await uploadDocument(api, senco, a.school.id, otherPupilId, PDF, 'other.pdf').expect(201)).body.id as string;
  expect((await scanUploads(api.dataSource, a.school.id)).sort()).toEqual(['clean', 'clean', 'infected']);
  // Uploaded after the scan: still waiting for it.
  docs.pending = (await uploadDocument(api, senco, a.school.id, pupilId, PDF, 'waiting.pdf').expect(201)).body.id as string;
}, 90_000);
afterAll(async () => {
  await api?.close();
  await smtp?.close();
});

it("refuses another pupil's, an unknown, a quarantined and an unscanned document, naming each, and stores nothing", async () => {
  const before = [await count('professional_shares'), await count('share_items')];
  const refused = expectProblem(await share([docs.clean, docs.otherPupil, randomUUID(), docs.infected, docs.pending]), 400);
  const errors = refused.errors as { field: string; message: string }[];
  expect(errors.map((e) => e.field)).toEqual(['documentIds[1]', 'documentIds[2]', 'documentIds[3]', 'documentIds[4]']);
  expect(errors[2]!.message).toContain('virus scan');
  expect([await count('professional_shares'), await count('share_items')]).toEqual(before);
});

it('the professional downloads a shared document as an attachment; the share and access logs record it', async () => {
  const { shareId, token, session } = await shareAndOpen([docs.clean, docs.clean]);
  const record = await api.http().get(`/v1/shared/${token}/record`).set('x-share-session', session).expect(200);
  expect(record.body).toMatchObject({
    summary: null,
    plan: null,
    documents: [{ id: docs.clean, filename: 'ep-report.pdf', mediaType: 'application/pdf', size: PDF.length }],
  });

  expectProblem(await sharedDownload(token, docs.clean), 401);
  expectProblem(await sharedDownload(token, docs.otherPupil, session), 404);
  const file = await sharedDownload(token, docs.clean, session).buffer(true).parse(binaryBody).expect(200);
  expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
  expect(file.headers).toMatchObject({
    'content-type': 'application/pdf',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'no-store',
  });
  expect(file.headers['content-disposition']).toMatch(/^attachment; filename="ep-report\.pdf"/);

  const listed = await api.http().get(`${base}/pupils/${pupilId}/shares`).set(bearer(senco)).expect(200);
  const mine = (listed.body as { id: string; items: string[]; views: { action: string; documentId: string | null }[] }[]).find((s) => s.id === shareId)!;
  expect(mine.items).toEqual([`document:${docs.clean}`]);
  expect(mine.views.map((v) => [v.action, v.documentId])).toEqual(expect.arrayContaining([['download', docs.clean]]));
  const logged = await tx().run({ schoolIds: [a.school.id], pupilAccess: 'all' }, (m) =>
    m.query<{ resource: string }[]>(`select resource from access_events where share_id = $1 and actor_roles = 'professional' order by occurred_at`, [shareId]),
  );
  expect(logged.map((r) => r.resource)).toEqual(['shared_record', 'documents']);
});

it('a document deleted from the record, and a revoked link, serve nothing', async () => {
  const extra = (await uploadDocument(api, senco, a.school.id, pupilId, PDF, 'letter.pdf').expect(201)).body.id as string;
  expect(await scanUploads(api.dataSource, a.school.id)).toContain('clean');
  const { shareId, token, session } = await shareAndOpen([docs.clean, extra]);
  await api.http().delete(`${base}/documents/${extra}`).set(bearer(senco)).expect(204);
  const record = await api.http().get(`/v1/shared/${token}/record`).set('x-share-session', session).expect(200);
  expect((record.body as { documents: { id: string }[] }).documents.map((d) => d.id)).toEqual([docs.clean]);
  expectProblem(await sharedDownload(token, extra, session), 404);

  await api.http().post(`${base}/shares/${shareId}/revoke`).set(bearer(senco)).expect(200);
  expectProblem(await sharedDownload(token, docs.clean, session), 404);
});

describe("the professional's report file", () => {
  const sendReport = async (token: string, session: string) =>
    (
      await api
        .http()
        .post(`/v1/shared/${token}/reports`)
        .set('x-share-session', session)
        .send({ reportDate: '2026-11-30', summary: 'Assessment summary.' })
        .expect(201)
    ).body.id as string;
  const attach = (token: string, reportId: string, session: string | null, content: Buffer, filename = 'assessment.pdf') => {
    const req = api.http().post(`/v1/shared/${token}/reports/${reportId}/file`);
    return (session ? req.set('x-share-session', session) : req).attach('file', content, { filename, contentType: 'application/pdf' });
  };
  const decide = (reportId: string, decision: 'accept' | 'reject') =>
    api.http().post(`${base}/shared-reports/${reportId}/decision`).set(bearer(senco)).send({ decision }).expect(200);
  const document = (id: string) =>
    tx().run({ schoolIds: [a.school.id], pupilAccess: 'all' }, async (m) => {
      const [row] = await m.query<{ uploader_kind: string; confidential: boolean; status: string }[]>(
        `select uploader_kind, confidential, status from documents where id = $1`,
        [id],
      );
      return row ?? null;
    });

  it('arrives confidential and pending on the record, is scanned, and stays when the SENCO accepts the report', async () => {
    const { token, session } = await shareAndOpen([docs.clean]);
    const reportId = await sendReport(token, session);
    expectProblem(await attach(token, reportId, null, PDF), 401);
    const sent = await attach(token, reportId, session, PDF).expect(201);
    expect(sent.body).toEqual({ filename: 'assessment.pdf', size: PDF.length, status: 'pending' });
    expectProblem(await attach(token, reportId, session, PDF), 409);

    const pending = (await api.http().get(`${base}/shared-reports?status=pending`).set(bearer(senco)).expect(200)).body as { id: string; documentId: string }[];
    const documentId = pending.find((r) => r.id === reportId)!.documentId;
    expect(await document(documentId)).toEqual({ uploader_kind: 'professional', confidential: true, status: 'pending' });
    expect(await scanUploads(api.dataSource, a.school.id)).toEqual(['clean']);
    const file = await api.http().get(`${base}/documents/${documentId}/content`).set(bearer(senco)).buffer(true).parse(binaryBody).expect(200);
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);

    const accepted = await decide(reportId, 'accept');
    expect(await document(documentId)).toMatchObject({ status: 'clean', confidential: true });
    // Filed under the professional report the acceptance made.
    const filed = await api.http().get(`${base}/pupils/${pupilId}/documents`).set(bearer(senco)).expect(200);
    expect((filed.body as { id: string; context: unknown }[]).find((d) => d.id === documentId)!.context).toEqual({
      kind: 'professional_report',
      id: accepted.body.professionalReportId,
    });
    expectProblem(await attach(token, reportId, session, PDF), 409);
  });

  it('a rejected report takes its file off the record; a report of another share is not found', async () => {
    const first = await shareAndOpen([docs.clean]);
    const second = await shareAndOpen([docs.clean]);
    const reportId = await sendReport(first.token, first.session);
    expectProblem(await attach(second.token, reportId, second.session, PDF), 404);
    await attach(first.token, reportId, first.session, PDF, 'draft.pdf').expect(201);
    const pending = (await api.http().get(`${base}/shared-reports?status=pending`).set(bearer(senco)).expect(200)).body as { id: string; documentId: string }[];
    const documentId = pending.find((r) => r.id === reportId)!.documentId;
    await decide(reportId, 'reject');
    expect(await document(documentId)).toBeNull();
  });
});
