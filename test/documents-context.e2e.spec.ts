import { randomUUID } from 'node:crypto';
import { TenantTransactions } from '#libs/database';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { PDF, uploadDocument } from './helpers/documents.js';
import { populateEhc } from './helpers/ehc.js';
import { populateEhcRequest } from './helpers/ehc-requests.js';
import { populatePlan } from './helpers/plans.js';
import { addPupil, bearer, daysAgo, linkParent, setStatus } from './helpers/register.js';

/**
 * Documents filed under a piece of the pupil's record (docs/security.md, Documents): an EHC request, a plan
 * cycle, an annual review. The context must be this pupil's; half a context, another pupil's or a parent's
 * attempt is a 400 naming the parameter, and nothing is stored.
 */

let api: TestApi;
let a: TestSchool;
let base: string;
let senco: string;
let pupilId: string;
let requestId: string;
let cycleId: string;
let otherCycleId: string;

const upload = (query: string, token = senco, pupil = pupilId) => uploadDocument(api, token, a.school.id, pupil, PDF, 'advice.pdf').query(query);
const blobs = () =>
  new TenantTransactions(api.dataSource).run(
    { schoolIds: [a.school.id], pupilAccess: 'all' },
    async (m) => (await m.query<{ n: number }[]>(`select count(*)::int as n from file_blobs`))[0]!.n,
  );

beforeAll(async () => {
  api = await startTestApi();
  a = await createTestSchool(api.dataSource);
  base = `/v1/schools/${a.school.id}`;
  senco = (await api.login(a.users.senco.email)).accessToken;
  pupilId = (await addPupil(api, senco, a.school.id, {})).id;
  const otherPupilId = (await addPupil(api, senco, a.school.id, {})).id;
  for (const id of [pupilId, otherPupilId])
    expect((await setStatus(api, senco, a.school.id, id, { status: 'K', startDate: daysAgo(100), primaryNeed: 'SLCN' })).status).toBe(201);
  requestId = (await populateEhcRequest(api, senco, a.school.id, pupilId)).requestId;
  cycleId = (await populatePlan(api, senco, a.school.id, pupilId)).cycleId;
  otherCycleId = (await populatePlan(api, senco, a.school.id, otherPupilId)).cycleId;
}, 60_000);
afterAll(async () => {
  await api?.close();
});

it('files a document under an EHC request and a plan cycle, and lists by context', async () => {
  const onRequest = await upload(`contextKind=ehc_request&contextId=${requestId}`).expect(201);
  expect(onRequest.body.context).toEqual({ kind: 'ehc_request', id: requestId });
  const onCycle = await upload(`contextKind=plan_cycle&contextId=${cycleId}`).expect(201);
  const plain = await upload('').expect(201);
  expect(plain.body.context).toBeNull();

  const list = (query: string) => api.http().get(`${base}/pupils/${pupilId}/documents`).query(query).set(bearer(senco)).expect(200);
  expect(((await list(`contextKind=ehc_request&contextId=${requestId}`)).body as { id: string }[]).map((d) => d.id)).toEqual([onRequest.body.id]);
  expect(((await list(`contextKind=plan_cycle&contextId=${cycleId}`)).body as { id: string }[]).map((d) => d.id)).toEqual([onCycle.body.id]);
  expect(((await list('')).body as { id: string }[]).map((d) => d.id).sort()).toEqual([onRequest.body.id, onCycle.body.id, plain.body.id].sort());
});

it('files one under an EHC plan annual review', async () => {
  const ehc = await populateEhc(api, senco, a.school.id);
  const res = await upload(`contextKind=annual_review&contextId=${ehc.reviewId}`, senco, ehc.pupilId).expect(201);
  expect(res.body.context).toEqual({ kind: 'annual_review', id: ehc.reviewId });
});

it("refuses half a context, another pupil's, an unknown kind and a parent's context, naming the parameter; nothing is stored", async () => {
  const before = await blobs();
  const field = async (query: string, token = senco) => (expectProblem(await upload(query, token), 400).errors as { field: string }[]).map((e) => e.field);
  expect(await field(`contextKind=plan_cycle`)).toEqual(['contextId']);
  expect(await field(`contextId=${cycleId}`)).toEqual(['contextKind']);
  expect(await field(`contextKind=plan_cycle&contextId=${otherCycleId}`)).toEqual(['contextId']);
  expect(await field(`contextKind=plan_cycle&contextId=${randomUUID()}`)).toEqual(['contextId']);
  expect(await field(`contextKind=lunch_menu&contextId=${cycleId}`)).toEqual(['contextKind']);
  const parent = await linkParent(api, senco, a.school.id, pupilId, `context-parent-${randomUUID().slice(0, 8)}@test.invalid`);
  expect(await field(`contextKind=plan_cycle&contextId=${cycleId}`, parent)).toEqual(['contextKind']);
  expect(await blobs()).toBe(before);
});
