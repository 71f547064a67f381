import { createTestSchool, createTrustWithLead, TEST_PASSWORD, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer, daysAgo, setStatus } from './helpers/register.js';

/**
 * Who sees what of the register: a teacher the SEN pupils they teach, a parent their own children, the
 * SENCO and head the whole school, a trust lead every school of the trust; every other case refused.
 */
let api: TestApi;
let s: TestSchool;
const tokens: Record<string, string> = {};
let base: string;
let taught: string; // K, class 4B, taught by the teacher, child of the parent
let untaught: string; // K, class 5A
let notSen: string; // N, class 4B
let sibling: string; // K, class 5A, not the parent's

beforeAll(async () => {
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  for (const role of ['senco', 'head', 'teacher', 'parent'] as const) tokens[role] = (await api.login(s.users[role].email)).accessToken;
  base = `/v1/schools/${s.school.id}`;
  taught = (await addPupil(api, tokens.senco!, s.school.id, { legalLastName: 'Taught', className: '4B' })).id;
  untaught = (await addPupil(api, tokens.senco!, s.school.id, { legalLastName: 'Untaught', className: '5A', yearGroup: '5' })).id;
  notSen = (await addPupil(api, tokens.senco!, s.school.id, { legalLastName: 'NotSen', className: '4B' })).id;
  sibling = (await addPupil(api, tokens.senco!, s.school.id, { legalLastName: 'Other', className: '5A', yearGroup: '5' })).id;
  for (const id of [taught, untaught, sibling]) {
    const res = await setStatus(api, tokens.senco!, s.school.id, id, { status: 'K', startDate: daysAgo(20), primaryNeed: 'SPLD' });
    expect(res.status).toBe(201);
  }
  await api
    .http()
    .patch(`${base}/pupils/${taught}`)
    .set(bearer(tokens.senco!))
    .send({ passport: 'Sit near the front; give instructions one at a time.' })
    .expect(200);
  await api
    .http()
    .put(`${base}/staff/${s.users.teacher.id}/classes`)
    .set(bearer(tokens.senco!))
    .send({ classNames: ['4B'] })
    .expect(200);

  // The parent's account is linked to the taught pupil through a contact and its invitation.
  const mum = await api.http().post(`${base}/pupils/${taught}/contacts`).set(bearer(tokens.senco!)).send({
    firstName: 'Rita',
    lastName: 'Taught',
    email: s.users.parent.email,
    preferredChannel: 'email',
    relationship: 'mother',
    parentalResponsibility: true,
  });
  expect(mum.status).toBe(201);
  const dad = await api
    .http()
    .post(`${base}/pupils/${taught}/contacts`)
    .set(bearer(tokens.senco!))
    .send({ firstName: 'Ray', lastName: 'Taught', phone: '07700 900123', preferredChannel: 'sms', relationship: 'father', parentalResponsibility: true });
  expect(dad.status).toBe(201);
  const invite = await api.http().post(`${base}/contacts/${mum.body.contactId}/invitation`).set(bearer(tokens.senco!));
  expect(invite.status).toBe(201);
  const accepted = await api.http().post('/v1/auth/invitations/accept').send({ token: invite.body.token, displayName: 'Rita', password: TEST_PASSWORD });
  expect(accepted.status).toBe(200);
});
afterAll(() => api.close());

describe('a teacher', () => {
  it('sees the SEN pupils of the classes they teach, with needs and the pupil passport', async () => {
    const res = await api.http().get(`${base}/pupils/taught`).set(bearer(tokens.teacher!));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({ id: taught, status: 'K', primaryNeed: 'SPLD', areaOfNeed: 'cognition_and_learning', passport: expect.stringMatching(/front/) }),
    ]);
  });

  it('reads a pupil they teach without contacts or history, and no other pupil', async () => {
    const own = await api.http().get(`${base}/pupils/${taught}`).set(bearer(tokens.teacher!));
    expect(own.status).toBe(200);
    expect(own.body.currentStatus).toMatchObject({ status: 'K' });
    expect(own.body.contacts).toBeUndefined();
    expect(own.body.history).toBeUndefined();
    expectProblem(await api.http().get(`${base}/pupils/${untaught}`).set(bearer(tokens.teacher!)), 404);
  });

  it('cannot read the register, its summary or export, or change anything', async () => {
    for (const path of [
      'register',
      'register/summary',
      'register/export',
      `pupils/${taught}/contacts`,
      `pupils/${taught}/sen-status`,
      'imports',
      'import-mappings',
    ]) {
      expectProblem(await api.http().get(`${base}/${path}`).set(bearer(tokens.teacher!)), 403);
    }
    expectProblem(await setStatus(api, tokens.teacher!, s.school.id, taught, { status: 'N', startDate: daysAgo(1) }), 403);
    expectProblem(await api.http().patch(`${base}/pupils/${taught}`).set(bearer(tokens.teacher!)).send({ passport: 'x' }), 403);
    expectProblem(await api.http().post(`${base}/pupils`).set(bearer(tokens.teacher!)).send({}), 403);
    expectProblem(
      await api
        .http()
        .put(`${base}/staff/${s.users.teacher.id}/classes`)
        .set(bearer(tokens.teacher!))
        .send({ classNames: ['5A'] }),
      403,
    );
    expectProblem(await api.http().post(`${base}/imports`).set(bearer(tokens.teacher!)).set('content-type', 'text/csv').send('UPN\n'), 403);
  });
});

describe('a parent', () => {
  it('sees only their own child', async () => {
    const res = await api.http().get(`${base}/children`).set(bearer(tokens.parent!));
    expect(res.status).toBe(200);
    expect(res.body.map((p: { id: string }) => p.id)).toEqual([taught]);
  });

  it("reads their child's record with its SEN history and only their own contact details", async () => {
    const res = await api.http().get(`${base}/pupils/${taught}`).set(bearer(tokens.parent!));
    expect(res.status).toBe(200);
    expect(res.body.history).toHaveLength(1);
    expect(res.body.contacts).toEqual([expect.objectContaining({ firstName: 'Rita', hasAccount: true })]);
    expect((await api.http().get(`${base}/pupils/${taught}/sen-status`).set(bearer(tokens.parent!))).status).toBe(200);
  });

  it('gets 404 for every other pupil and 403 for the register', async () => {
    for (const id of [untaught, notSen, sibling]) {
      expectProblem(await api.http().get(`${base}/pupils/${id}`).set(bearer(tokens.parent!)), 404);
      expectProblem(await api.http().get(`${base}/pupils/${id}/sen-status`).set(bearer(tokens.parent!)), 404);
    }
    for (const path of ['register', 'register/summary', 'register/export', 'pupils/taught']) {
      expectProblem(await api.http().get(`${base}/${path}`).set(bearer(tokens.parent!)), 403);
    }
  });
});

describe('the SENCO and head', () => {
  it('see the whole school', async () => {
    for (const role of ['senco', 'head']) {
      const res = await api.http().get(`${base}/register?status=N,K,E`).set(bearer(tokens[role]!));
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: { pupilId: string }) => r.pupilId).sort()).toEqual([taught, untaught, notSen, sibling].sort());
      const detail = await api.http().get(`${base}/pupils/${taught}`).set(bearer(tokens[role]!));
      expect(detail.body.contacts).toHaveLength(2);
    }
  });

  it('parents and teachers have no register of their own: /children is for parents only', async () => {
    expectProblem(await api.http().get(`${base}/children`).set(bearer(tokens.senco!)), 403);
  });
});

describe('other schools and the trust', () => {
  it('a trust lead sees the register of every school in the trust and of no other school', async () => {
    const { trust, lead } = await createTrustWithLead(api.dataSource);
    const one = await createTestSchool(api.dataSource, { trustId: trust.id });
    const two = await createTestSchool(api.dataSource, { trustId: trust.id });
    for (const school of [one, two]) {
      const t = (await api.login(school.users.senco.email)).accessToken;
      await addPupil(api, t, school.school.id);
    }
    const leadToken = (await api.login(lead.email)).accessToken;
    for (const school of [one, two]) {
      const res = await api.http().get(`/v1/schools/${school.school.id}/register?status=N`).set(bearer(leadToken));
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect((await api.http().get(`/v1/schools/${school.school.id}/register/summary?status=N`).set(bearer(leadToken))).body.total).toBe(1);
    }
    expectProblem(await api.http().get(`${base}/register`).set(bearer(leadToken)), 404);
    expectProblem(await api.http().get(`${base}/pupils/${taught}`).set(bearer(leadToken)), 404);
    // Reading, not keeping: a trust lead does not change a school's register.
    expectProblem(await setStatus(api, leadToken, one.school.id, taught, { status: 'N', startDate: daysAgo(1) }), 403);
  });

  it("another school's staff get 404 for this school's pupils and register", async () => {
    const other = await createTestSchool(api.dataSource);
    const t = (await api.login(other.users.senco.email)).accessToken;
    expectProblem(await api.http().get(`${base}/register`).set(bearer(t)), 404);
    expectProblem(await api.http().get(`${base}/pupils/${taught}`).set(bearer(t)), 404);
    expectProblem(await api.http().get(`/v1/schools/${other.school.id}/pupils/${taught}`).set(bearer(t)), 404);
    expectProblem(await setStatus(api, t, other.school.id, taught, { status: 'N', startDate: daysAgo(1) }), 404);
  });

  it('no token: 401', async () => {
    expectProblem(await api.http().get(`${base}/register`), 401);
    expectProblem(await api.http().get(`${base}/pupils/${taught}`), 401);
  });
});
