import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { TenantTransactions } from '#libs/database';
import { addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { binaryBody, expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { EICAR, PDF, scanUploads, uploadDocument } from './helpers/documents.js';
import { addPupil, bearer, linkParent } from './helpers/register.js';
import { asSchool } from './helpers/wait.js';

/**
 * Documents on a pupil's record (docs/security.md, Documents): stored pending, scanned by the harness's clamd
 * (clean and EICAR), served only when clean and only to those who may see the pupil; confidential ones hidden
 * from teachers and parents by the API and by RLS; the type comes from the content; hostile names are harmless.
 */
const LIMIT = 256 * 1024;
let api: TestApi;
let a: TestSchool;
let base: string;
let pupilId: string;
let otherPupilId: string;
const tokens: Record<string, string> = {};
let sql: pg.Client;

const tx = () => new TenantTransactions(api.dataSource);
const blobCount = () =>
  tx().run({ schoolIds: [a.school.id], pupilAccess: 'all' }, async (m) => {
    const [row] = await m.query<{ n: number }[]>(`select count(*)::int as n from file_blobs`);
    return row!.n;
  });
const upload = (content: Buffer, filename: string, who = 'senco', pupil = pupilId) => uploadDocument(api, tokens[who]!, a.school.id, pupil, content, filename);
const download = (id: string, who = 'senco') => api.http().get(`${base}/documents/${id}/content`).set(bearer(tokens[who]!)).buffer(true).parse(binaryBody);
/** A download that is refused: its problem+json parsed as JSON rather than as file bytes. */
const refusedDownload = (id: string, who = 'senco') => api.http().get(`${base}/documents/${id}/content`).set(bearer(tokens[who]!));
const list = (who: string, pupil = pupilId) => api.http().get(`${base}/pupils/${pupil}/documents`).set(bearer(tokens[who]!));

/** A multipart body written by hand, so the file name reaches the server exactly as given (CR, LF, quotes). */
function rawMultipart(filename: string, content: Buffer) {
  const boundary = `----probe${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`, 'utf8'),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return api
    .http()
    .post(`${base}/pupils/${pupilId}/documents`)
    .set(bearer(tokens.senco!))
    .set('content-type', `multipart/form-data; boundary=${boundary}`)
    .send(body);
}

beforeAll(async () => {
  api = await startTestApi({ env: { DOCUMENT_MAX_BYTES: String(LIMIT) } });
  a = await createTestSchool(api.dataSource);
  base = `/v1/schools/${a.school.id}`;
  for (const role of ['senco', 'head', 'teacher'] as const) tokens[role] = (await api.login(a.users[role].email)).accessToken;
  pupilId = (await addPupil(api, tokens.senco!, a.school.id, { className: '4B' })).id;
  otherPupilId = (await addPupil(api, tokens.senco!, a.school.id, { className: '5C' })).id;
  await api
    .http()
    .put(`${base}/staff/${a.users.teacher.id}/classes`)
    .set(bearer(tokens.senco!))
    .send({ classNames: ['4B'] })
    .expect(200);
  tokens.otherTeacher = (await api.login((await addMember(api.dataSource, a.school.id, 'teacher')).email)).accessToken;
  const tag = randomUUID().slice(0, 8);
  tokens.parent = await linkParent(api, tokens.senco!, a.school.id, pupilId, `doc-parent-${tag}@test.invalid`);
  tokens.otherParent = await linkParent(api, tokens.senco!, a.school.id, otherPupilId, `doc-other-parent-${tag}@test.invalid`);
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await api?.close();
});

describe('upload and scan', () => {
  it('a PDF is stored pending, not served until clamd calls it clean, then served as an attachment', async () => {
    const res = await upload(PDF, 'EP report.pdf').expect(201);
    expect(res.body).toMatchObject({ status: 'pending', mediaType: 'application/pdf', size: PDF.length, filename: 'EP report.pdf', confidential: false });
    expect(expectProblem(await refusedDownload(res.body.id as string), 409).detail).toMatch(/virus scan/);
    expect(await scanUploads(api.dataSource, a.school.id)).toEqual(['clean']);
    const got = await download(res.body.id as string).expect(200);
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    expect(got.headers).toMatchObject({
      'content-type': 'application/pdf',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-disposition': `attachment; filename="EP report.pdf"; filename*=UTF-8''EP%20report.pdf`,
    });
    expect(got.headers['content-security-policy']).toContain('sandbox');
    expect((await list('senco')).body.find((d: { id: string }) => d.id === res.body.id)).toMatchObject({ status: 'clean', scannedAt: expect.any(String) });
  });

  it('EICAR, alone and inside a PDF, is quarantined: infected, its content removed, never served', async () => {
    const before = await blobCount();
    const alone = await upload(Buffer.from(EICAR), 'notes.txt').expect(201);
    const inPdf = await upload(Buffer.concat([PDF.subarray(0, 9), Buffer.from(`${EICAR}\n`), PDF.subarray(9)]), 'letter.pdf').expect(201);
    expect(alone.body.mediaType).toBe('text/plain');
    expect(inPdf.body.mediaType).toBe('application/pdf');
    expect(await blobCount()).toBe(before + 2);
    expect(await scanUploads(api.dataSource, a.school.id)).toEqual(['infected', 'infected']);
    expect(await blobCount()).toBe(before);
    for (const id of [alone.body.id as string, inPdf.body.id as string])
      expect(expectProblem(await refusedDownload(id), 409).detail).toMatch(/failed its virus scan/);
    const listed = (await list('senco')).body as { id: string; status: string }[];
    expect(listed.filter((d) => [alone.body.id, inPdf.body.id].includes(d.id)).map((d) => d.status)).toEqual(['infected', 'infected']);
  });

  it('the type comes from the content: a PDF named .png is a PDF; an executable named .pdf is refused and nothing is kept', async () => {
    const lying = await upload(PDF, 'holiday.png').expect(201);
    expect(lying.body.mediaType).toBe('application/pdf');
    const before = await blobCount();
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0)]);
    const refused = expectProblem(await upload(exe, 'report.pdf'), 415);
    expect(refused.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    expectProblem(await upload(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]), 'data.bin'), 415);
    expect(await blobCount()).toBe(before);
  });

  it('an empty file, a file over the limit, a 300-character name and a JSON body are refused naming the field; nothing is kept', async () => {
    const before = await blobCount();
    expect(expectProblem(await upload(Buffer.alloc(0), 'empty.pdf'), 400).errors).toEqual([{ field: 'file', message: 'the file is empty' }]);
    const big = Buffer.concat([PDF, Buffer.alloc(LIMIT, 0x20)]);
    expect(expectProblem(await upload(big, 'big.pdf'), 413).errors).toEqual([expect.objectContaining({ field: 'file' })]);
    expect(expectProblem(await upload(PDF, `${'a'.repeat(300)}.pdf`), 400).errors).toEqual([expect.objectContaining({ field: 'file' })]);
    const json = await api.http().post(`${base}/pupils/${pupilId}/documents`).set(bearer(tokens.senco!)).send({ file: 'x' });
    expect(expectProblem(json, 415).errors).toEqual([expect.objectContaining({ field: 'file' })]);
    expect(await blobCount()).toBe(before);
  });

  it('hostile names are kept harmless: no path, no control or bidi characters, a safe Content-Disposition', async () => {
    const traversal = await upload(PDF, '../../etc/passwd.pdf').expect(201);
    expect(traversal.body.filename).toBe('passwd.pdf');
    const windows = await upload(PDF, '..\\..\\Windows\\evil.pdf').expect(201);
    expect(windows.body.filename).toBe('evil.pdf');
    const crlf = await rawMultipart('report\r\nSet-Cookie: a=b;".pdf', PDF);
    const bidi = await upload(PDF, 'invoice\u202Efdp.exe\u200B\u0007.pdf').expect(201);
    expect(bidi.body.filename).toBe('invoicefdp.exe.pdf');
    await scanUploads(api.dataSource, a.school.id);
    const ids = [traversal.body.id, windows.body.id, bidi.body.id, ...(crlf.status === 201 ? [crlf.body.id] : [])] as string[];
    if (crlf.status !== 201) expect(crlf.status).toBeGreaterThanOrEqual(400);
    for (const id of ids) {
      const res = await download(id).expect(200);
      const header = res.headers['content-disposition'] as string;
      expect(header).toMatch(/^attachment; filename="[A-Za-z0-9._ ()-]+"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
      // eslint-disable-next-line no-control-regex -- no control character may come back
      expect(decodeURIComponent(header.split("''")[1]!)).not.toMatch(/[\u0000-\u001f\u202e\u200b/\\]/);
    }
  });
});

describe('who may see and do what', () => {
  let visible: string;
  let secret: string;
  let staffOnly: string;
  const patch = (id: string, body: object) => api.http().patch(`${base}/documents/${id}`).set(bearer(tokens.senco!)).send(body);

  beforeAll(async () => {
    visible = (await upload(PDF, 'speech-therapy.pdf').expect(201)).body.id as string;
    secret = (await upload(PDF, 'safeguarding.pdf').expect(201)).body.id as string;
    staffOnly = (await upload(PDF, 'class-observation.pdf').expect(201)).body.id as string;
    await scanUploads(api.dataSource, a.school.id);
    const marked = await patch(secret, { confidential: true }).expect(200);
    expect(marked.body.confidential).toBe(true);
    expect((await patch(visible, { sharedWithParents: true }).expect(200)).body).toMatchObject({ sharedWithParents: true, confidential: false });
  });

  it('a parent sees only what was shared with parents and their own uploads; the teacher sees every non-confidential one', async () => {
    const ids = async (who: string) => ((await list(who)).body as { id: string }[]).map((d) => d.id);
    expect(await ids('teacher')).toEqual(expect.arrayContaining([visible, staffOnly]));
    expect(await ids('parent')).toContain(visible);
    expect(await ids('parent')).not.toContain(staffOnly);
    expect((await download(staffOnly, 'parent')).status).toBe(404);
    const own = (await upload(PDF, 'private-ep-report.pdf', 'parent').expect(201)).body.id as string;
    expect(await ids('parent')).toContain(own);
    await api.http().delete(`${base}/documents/${own}`).set(bearer(tokens.senco!)).expect(204);
  });

  it('a confidential document cannot be shared with parents, nor a shared one made confidential; the refusal names the field and changes nothing', async () => {
    expect(expectProblem(await patch(secret, { sharedWithParents: true }), 400).errors).toEqual([expect.objectContaining({ field: 'sharedWithParents' })]);
    expect(expectProblem(await patch(visible, { confidential: true }), 400).errors).toEqual([expect.objectContaining({ field: 'confidential' })]);
    expect(expectProblem(await patch(visible, {}), 400).errors).toEqual([expect.objectContaining({ field: 'confidential' })]);
    const rows = ((await list('senco')).body as { id: string; confidential: boolean; sharedWithParents: boolean }[]).filter((d) =>
      [visible, secret].includes(d.id),
    );
    expect(rows.map((d) => [d.id === visible ? 'visible' : 'secret', d.confidential, d.sharedWithParents]).sort()).toEqual([
      ['secret', true, false],
      ['visible', false, true],
    ]);
  });

  it('the teacher of the pupil and the parent list and download it; a teacher of other classes and another parent get 404', async () => {
    for (const who of ['senco', 'head', 'teacher', 'parent']) {
      expect({ who, listed: ((await list(who)).body as { id: string }[]).some((d) => d.id === visible) }).toEqual({ who, listed: true });
      expect({ who, status: (await download(visible, who)).status }).toEqual({ who, status: 200 });
    }
    for (const who of ['otherTeacher', 'otherParent']) {
      expect({ who, status: (await list(who)).status }).toEqual({ who, status: 404 });
      expect({ who, status: (await download(visible, who)).status }).toEqual({ who, status: 404 });
    }
  });

  it('a confidential document: the SENCO and head see it; the teacher and the parent do not, in the list or by id', async () => {
    for (const who of ['senco', 'head']) expect(((await list(who)).body as { id: string }[]).some((d) => d.id === secret)).toBe(true);
    for (const who of ['teacher', 'parent']) {
      expect({ who, listed: ((await list(who)).body as { id: string }[]).some((d) => d.id === secret) }).toEqual({ who, listed: false });
      expect({ who, status: (await download(secret, who)).status }).toEqual({ who, status: 404 });
    }
  });

  it('RLS hides them too: as the app role with a teacher’s or a parent’s setting the rows are not there', async () => {
    const rowsAs = async (access: string, userId: string) => {
      await sql.query('begin');
      try {
        await sql.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', $2, true), set_config('app.user_id', $3, true)`, [
          `{${a.school.id}}`,
          access,
          userId,
        ]);
        const rows = await sql.query<{ id: string }>(`select id::text from documents where id = any($1::uuid[])`, [[visible, secret, staffOnly]]);
        return rows.rows.map((r) => r.id).sort();
      } finally {
        await sql.query('rollback');
      }
    };
    expect(await rowsAs('taught', a.users.teacher.id)).toEqual([visible, staffOnly].sort());
    const parentId = ((await api.http().get('/v1/me').set(bearer(tokens.parent!))).body as { id: string }).id;
    expect(await rowsAs('linked', parentId)).toEqual([visible]);
    expect(await rowsAs('all', a.users.senco.id)).toEqual([visible, secret, staffOnly].sort());
  });

  it('only the SENCO marks confidential or deletes; the teacher cannot upload; a parent uploads to their own child only', async () => {
    for (const who of ['teacher', 'parent', 'head']) {
      expect({ who, status: (await api.http().patch(`${base}/documents/${visible}`).set(bearer(tokens[who]!)).send({ confidential: true })).status }).toEqual({
        who,
        status: 403,
      });
      expect({ who, status: (await api.http().delete(`${base}/documents/${visible}`).set(bearer(tokens[who]!))).status }).toEqual({ who, status: 403 });
    }
    expect((await upload(PDF, 'x.pdf', 'teacher')).status).toBe(403);
    const own = await upload(PDF, 'private-assessment.pdf', 'parent').expect(201);
    expect(own.body.uploaderKind).toBe('parent');
    expect((await upload(PDF, 'x.pdf', 'otherParent')).status).toBe(404);
    const before = await blobCount();
    await api.http().delete(`${base}/documents/${own.body.id}`).set(bearer(tokens.senco!)).expect(204);
    expect(await blobCount()).toBe(before - 1);
    expect((await download(own.body.id as string)).status).toBe(404);
  });

  it('each download writes exactly one access event; a refused download (wrong reader, pending, unknown) writes none', async () => {
    const reads = async () => {
      const [row] = await asSchool<{ n: number }>(
        sql,
        a.school.id,
        `select count(*)::int as n from access_events where pupil_id = $1 and resource = 'documents'`,
        [pupilId],
      );
      return row!.n;
    };
    const start = await reads();
    for (const who of ['teacher', 'parent', 'head']) expect({ who, status: (await download(visible, who)).status }).toEqual({ who, status: 200 });
    expect(await reads()).toBe(start + 3);
    const pending = (await upload(PDF, 'not-yet-scanned.pdf').expect(201)).body.id as string;
    expectProblem(await refusedDownload(pending), 409);
    expectProblem(await refusedDownload(visible, 'otherParent'), 404);
    expectProblem(await refusedDownload(visible, 'otherTeacher'), 404);
    expectProblem(await refusedDownload(secret, 'teacher'), 404);
    expectProblem(await refusedDownload(randomUUID()), 404);
    expect(await reads()).toBe(start + 3);
    await scanUploads(api.dataSource, a.school.id);
  });

  it('every list and download is in the pupil’s access log, under the reader’s role', async () => {
    const log = await api.http().get(`${base}/pupils/${pupilId}/access-log?limit=100`).set(bearer(tokens.senco!)).expect(200);
    const reads = (log.body as { items: { resource: string; actorRoles: string }[] }).items.filter((r) => r.resource === 'documents');
    expect(reads.length).toBeGreaterThanOrEqual(10);
    for (const role of ['teacher', 'parent']) expect({ role, logged: reads.some((r) => String(r.actorRoles).includes(role)) }).toEqual({ role, logged: true });
  });
});
