import { TenantTransactions } from '#libs/database';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { EICAR, scanUploads, uploadDocument } from './helpers/documents.js';
import { addPupil, bearer } from './helpers/register.js';
import { docx, zip } from './helpers/zip.js';

/**
 * Hostile files that get past the type check because they really are Word documents (docs/security.md,
 * Documents): a zip bomb is quarantined by clamd's limits (AlertExceedsMax), EICAR inside a document's
 * compressed part is found, and neither is ever served. A zip that is not a Word document is refused outright.
 */

let api: TestApi;
let a: TestSchool;
let senco: string;
let pupilId: string;

const upload = (content: Buffer, filename: string) => uploadDocument(api, senco, a.school.id, pupilId, content, filename);
const row = (id: string) =>
  new TenantTransactions(api.dataSource).run({ schoolIds: [a.school.id], pupilAccess: 'all' }, async (m) => {
    const [doc] = await m.query<{ status: string; scan_signature: string | null; blob_key: string | null }[]>(
      `select status, scan_signature, blob_key from documents where id = $1`,
      [id],
    );
    return doc!;
  });

beforeAll(async () => {
  api = await startTestApi();
  a = await createTestSchool(api.dataSource);
  senco = (await api.login(a.users.senco.email)).accessToken;
  pupilId = (await addPupil(api, senco, a.school.id, {})).id;
});
afterAll(async () => {
  await api?.close();
});

it('a zip bomb shaped as a Word document is quarantined by the scanner, its content removed, never served', async () => {
  // 80 MiB of zeros inflate from about 80 KiB: past clamd's MaxFileSize (64M), which AlertExceedsMax reports.
  const bomb = docx(Buffer.alloc(80 * 1024 * 1024));
  expect(bomb.length).toBeLessThan(1024 * 1024);
  const res = await upload(bomb, 'report.docx').expect(201);
  expect(res.body).toMatchObject({ mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', status: 'pending' });
  expect(await scanUploads(api.dataSource, a.school.id)).toEqual(['infected']);
  expect(await row(res.body.id as string)).toEqual({ status: 'infected', scan_signature: expect.stringContaining('Limits.Exceeded'), blob_key: null });
  expectProblem(
    await api
      .http()
      .get(`/v1/schools/${a.school.id}/documents/${res.body.id as string}/content`)
      .set(bearer(senco)),
    409,
  );
});

it('EICAR inside the compressed part of a Word document is found and quarantined', async () => {
  const res = await upload(docx(Buffer.from(`<w:document>${EICAR}</w:document>`)), 'letter.docx').expect(201);
  expect(await scanUploads(api.dataSource, a.school.id)).toEqual(['infected']);
  expect(await row(res.body.id as string)).toMatchObject({ status: 'infected', blob_key: null });
});

it('a zip that is not a Word document is refused by its content, naming the file field', async () => {
  const refused = expectProblem(await upload(zip([{ name: 'run.exe', content: Buffer.from('MZ') }]), 'evidence.docx'), 415);
  expect(refused.errors).toEqual([expect.objectContaining({ field: 'file' })]);
});

it('a multipart body cut short or badly framed is a 400 naming the file, not a server error', async () => {
  const url = `/v1/schools/${a.school.id}/pupils/${pupilId}/documents`;
  const unframed = await api
    .http()
    .post(url)
    .set(bearer(senco))
    .set('content-type', 'multipart/form-data; boundary=x')
    .send(Buffer.from('%PDF-1.4 no framing'));
  expect(expectProblem(unframed, 400).errors).toEqual([expect.objectContaining({ field: 'file' })]);
  const head =
    '--x\r\nContent-Disposition: form-data; name="file"; filename="cut.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 and then the connection';
  const cut = await api.http().post(url).set(bearer(senco)).set('content-type', 'multipart/form-data; boundary=x').send(Buffer.from(head));
  expect(expectProblem(cut, 400).errors).toEqual([expect.objectContaining({ field: 'file' })]);
});
