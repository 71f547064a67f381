import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer, daysAgo, dobFor, setStatus, validUpn } from './helpers/register.js';

/**
 * Issue 17, "a real school's first week": a SIMS-style export mapped by its own headers, duplicate UPNs,
 * partial knowledge, a partial commit, and no surprise formal notices.
 */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** A fresh school per test, so the go-live date (set once per school) starts unset. */
async function school() {
  const s: TestSchool = await createTestSchool(api.dataSource);
  const token = (await api.login(s.users.senco.email)).accessToken;
  const base = `/v1/schools/${s.school.id}`;
  const post = (path: string, csv: string) => api.http().post(`${base}${path}`).set(bearer(token)).set('content-type', 'text/csv').send(csv);
  const register = async (q: string) =>
    (await api.http().get(`${base}/register?status=N,K,E,monitoring&q=${q}`).set(bearer(token))).body.items as Record<string, unknown>[];
  return { s, token, base, post, register };
}

const HEADER =
  'UPN,Legal Forename,Legal Surname,Date of Birth,Year Group,SEN Status,Primary Need,SEN Start Date,Contact 1 Forename,Contact 1 Surname,Contact 1 Relationship,Contact 1 Email';
const line = (upn: string, first: string, last: string, sen = 'N,,', email = '') =>
  `${upn},${first},${last},${dobFor('4')},4,${sen},${email ? `Pat,${last},Mother,${email}` : ',,,'}`;

describe('duplicate and reused UPNs', () => {
  it('rejects every row sharing a UPN, each naming the others, and commits nothing of them with skipRejected', async () => {
    const { post, register } = await school();
    const shared = validUpn();
    const fine = validUpn();
    const file = [HEADER, line(shared, 'Ava', 'Real'), line(fine, 'Ben', 'Fine'), line(shared, 'Cal', 'Copy'), line(shared, 'Dee', 'Third')].join('\n');
    const dry = await post('/imports', file);
    expect(dry.body.summary).toEqual({ create: 1, update: 0, unchanged: 0, reject: 3 });
    const errors = (row: number) => dry.body.rows.find((r: { row: number }) => r.row === row).errors;
    expect(errors(2)).toEqual([{ field: 'UPN', message: expect.stringMatching(/^rows 4, 5 of this file have the same UPN/) }]);
    expect(errors(4)).toEqual([{ field: 'UPN', message: expect.stringMatching(/^rows 2, 5 of this file have the same UPN/) }]);
    expect(errors(5)).toEqual([{ field: 'UPN', message: expect.stringMatching(/^rows 2, 4 of this file have the same UPN/) }]);

    const commit = await post(`/imports/${dry.body.importId}/commit?skipRejected=true`, file);
    expect(commit.status).toBe(200);
    expect(commit.body.leftOut.map((r: { row: number }) => r.row)).toEqual([2, 4, 5]);
    expect(await register(shared)).toEqual([]);
    expect(await register(fine)).toHaveLength(1);
  });

  it('refuses a UPN that belongs to a different child in the school, naming both, but updates the same child', async () => {
    const { s, token, post } = await school();
    const existing = await addPupil(api, token, s.school.id, { legalFirstName: 'Holly', legalLastName: 'Holder', yearGroup: '4' });
    const other = `${existing.upn},Ivan,Impostor,${dobFor('2')},2,N,,,,,,`;
    const dry = await post('/imports', [HEADER, other].join('\n'));
    expect(dry.body.rows[0]).toMatchObject({ row: 2, action: 'reject' });
    expect(dry.body.rows[0].errors).toEqual([
      { field: 'UPN', message: expect.stringContaining(`already belongs to Holly Holder (born ${dobFor('4')}, pupil ${existing.id})`) },
    ]);
    // A changed surname with the same date of birth is the same child, corrected.
    const renamed = await post('/imports', [HEADER, line(existing.upn, 'Holly', 'Newname')].join('\n'));
    expect(renamed.body.rows[0]).toMatchObject({ action: 'update', changes: ['legalLastName'] });
  });
});

describe('partial knowledge and partial commits', () => {
  it('imports an E pupil without an EHC plan date, with a warning and the date unknown', async () => {
    const { post, register } = await school();
    const upn = validUpn();
    const file = [HEADER, line(upn, 'Eli', 'Plan', `E,ASD,${daysAgo(100)}`)].join('\n');
    const dry = await post('/imports', file);
    expect(dry.body.rows[0]).toMatchObject({ action: 'create', warnings: [{ field: 'EHC plan date', message: expect.stringMatching(/unknown/) }] });
    expect(dry.body.notices).toMatchObject({ toSend: 0, goLiveRequired: true });
    const commit = await post(`/imports/${dry.body.importId}/commit?goLive=${daysAgo(10)}`, file);
    expect(commit.status).toBe(200);
    expect(await register(upn)).toEqual([expect.objectContaining({ status: 'E', ehcPlanDate: null })]);
  });

  it('stays all or nothing by default; skipRejected imports the rest and lists what was left out', async () => {
    const { post, register } = await school();
    const [good, bad] = [validUpn(), validUpn()];
    const file = [HEADER, line(good, 'Gil', 'Good'), `${bad},Bo,Bad,${dobFor('4')},4,K,NOPE,${daysAgo(3)},Pat,Bad,Mother,pat.bad@example.test`].join('\n');
    const dry = await post('/imports', file);
    expect(dry.body.summary).toMatchObject({ create: 1, reject: 1 });
    const refused = expectProblem(await post(`/imports/${dry.body.importId}/commit`, file), 422);
    expect(refused.detail).toMatch(/1 row\(s\) were rejected, so nothing was imported/);
    expect(await register(good)).toEqual([]);

    const commit = await post(`/imports/${dry.body.importId}/commit?skipRejected=true`, file);
    expect(commit.status).toBe(200);
    expect(commit.body.summary).toEqual({ create: 1, update: 0, unchanged: 0, reject: 1 });
    expect(commit.body.leftOut).toEqual([{ row: 3, errors: [expect.objectContaining({ field: 'Primary Need' })] }]);
    expect(await register(good)).toHaveLength(1);
    expect(await register(bad)).toEqual([]);
    expectProblem(await post(`/imports/${dry.body.importId}/commit?skipRejected=maybe`, file), 400);
  });
});

describe('one name column', () => {
  it('splits a full-name column for the pupil and the contact, and refuses one column read as both names', async () => {
    const { s, token, base, post, register } = await school();
    const refused = await api
      .http()
      .put(`${base}/import-mappings/same-column`)
      .set(bearer(token))
      .send({
        pupil: { upn: 'UPN', legalFullName: 'Name', dateOfBirth: 'DOB', yearGroup: 'Year' },
        contacts: [{ firstName: 'Contact 1 Name', lastName: 'Contact 1 Name' }],
      });
    expect(expectProblem(refused, 400).errors).toEqual([
      { field: 'contacts[0].lastName', message: expect.stringMatching(/cannot both be the column 'Contact 1 Name'/) },
    ]);
    const saved = await api
      .http()
      .put(`${base}/import-mappings/one-name`)
      .set(bearer(token))
      .send({
        pupil: { upn: 'UPN', legalFullName: 'Name', dateOfBirth: 'DOB', yearGroup: 'Year' },
        contacts: [{ fullName: 'Contact 1 Name', email: 'Contact 1 Email' }],
        surnamePosition: 'last',
      });
    expect(saved.status).toBe(200);
    const mappings = (await api.http().get(`${base}/import-mappings`).set(bearer(token))).body;
    expect(mappings.find((m: { name: string }) => m.name === 'one-name')).toEqual({
      name: 'one-name',
      pupil: { upn: 'UPN', legalFullName: 'Name', dateOfBirth: 'DOB', yearGroup: 'Year' },
      contacts: [{ fullName: 'Contact 1 Name', email: 'Contact 1 Email' }],
      surnamePosition: 'last',
    });

    const upn = validUpn();
    const file = `UPN,Name,DOB,Year,Contact 1 Name,Contact 1 Email\n${upn},"Smith, Jane",${dobFor('3')},3,Mrs Mary Smith,mary.smith@example.test\n${validUpn()},Kit Jones,${dobFor('3')},3,Parent,parent@example.test\n`;
    const dry = await post('/imports?mapping=one-name', file);
    expect(dry.body.rows[1].errors).toEqual([{ field: 'Contact 1 Name', message: expect.stringMatching(/one name only/) }]);
    const commit = await post(`/imports/${dry.body.importId}/commit?skipRejected=true`, file);
    expect(commit.status).toBe(200);
    const [pupil] = await register(upn);
    expect(pupil).toMatchObject({ legalFirstName: 'Jane', legalLastName: 'Smith' });
    const contacts = (
      await api
        .http()
        .get(`${base}/pupils/${String(pupil!.pupilId)}/contacts`)
        .set(bearer(token))
    ).body;
    expect(contacts).toEqual([expect.objectContaining({ firstName: 'Mary', lastName: 'Smith' })]);
    expect(s.school.id).toBeTruthy();
  });

  it('suggests a mapping from a header row', async () => {
    const { base, token } = await school();
    const res = await api
      .http()
      .post(`${base}/imports/suggest-mapping`)
      .set(bearer(token))
      .send({ headers: ['UPN', 'Legal Surname', 'Legal Forename', 'DOB', 'Year Group', 'Reg Group', 'Looked After', 'Contact 1 Name'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      pupil: { yearGroup: 'Year Group', className: 'Reg Group', lookedAfter: 'Looked After' },
      contacts: [{ fullName: 'Contact 1 Name' }],
    });
    expectProblem(await api.http().post(`${base}/imports/suggest-mapping`).set(bearer(token)).send({ headers: 'UPN' }), 400);
  });
});

describe('no surprise letters', () => {
  const file = (rows: string[]) => [HEADER, ...rows].join('\n');

  it('the dry run counts the formal notices and parents; go-live turns old support into notices given outside', async () => {
    const { post, register } = await school();
    const [old1, old2, recent] = [validUpn(), validUpn(), validUpn()];
    const csv = file([
      line(old1, 'Ola', 'Sibling', `K,SLCN,${daysAgo(400)}`, 'same.parent@example.test'),
      line(old2, 'Oli', 'Sibling', `K,SEMH,${daysAgo(300)}`, 'same.parent@example.test'),
      line(recent, 'Rae', 'Recent', `K,MLD,${daysAgo(3)}`, 'recent.parent@example.test'),
    ]);
    const noGoLive = await post('/imports', csv);
    expect(noGoLive.body.notices).toEqual({ toSend: 3, parents: 2, givenOutside: 0, goLiveDate: null, goLiveRequired: true });
    const preview = await post(`/imports?goLive=${daysAgo(30)}`, csv);
    expect(preview.body.notices).toEqual({ toSend: 1, parents: 1, givenOutside: 2, goLiveDate: daysAgo(30), goLiveRequired: false });

    const missing = expectProblem(await post(`/imports/${preview.body.importId}/commit`, csv), 422);
    expect(missing.errors).toEqual([{ field: 'goLive', message: expect.stringMatching(/go-live date/) }]);
    expect(await register(recent)).toEqual([]);
    expectProblem(await post(`/imports/${preview.body.importId}/commit?goLive=${daysAgo(-5)}`, csv), 400);

    const commit = await post(`/imports/${preview.body.importId}/commit?goLive=${daysAgo(30)}`, csv);
    expect(commit.status).toBe(200);
    expect(commit.body.notices).toMatchObject({ toSend: 1, givenOutside: 2 });
    expect(await register(old1)).toEqual([expect.objectContaining({ status: 'K', parentNotice: 'given_outside' })]);
    expect(await register(recent)).toEqual([expect.objectContaining({ status: 'K', parentNotice: 'pending' })]);

    // The school's go-live date is kept: a later dry run uses it, and a different one is refused.
    const later = await post('/imports', file([line(validUpn(), 'Lu', 'Later', `K,MLD,${daysAgo(60)}`)]));
    expect(later.body.notices).toMatchObject({ toSend: 0, givenOutside: 1, goLiveDate: daysAgo(30), goLiveRequired: false });
    expectProblem(await post(`/imports?goLive=${daysAgo(20)}`, file([line(validUpn(), 'Lu', 'Later')])), 400);
  });

  it('a hand-entered start to SEN Support weeks ago must say whether the parents were already told', async () => {
    const { s, token, base } = await school();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => addPupil(api, token, s.school.id)));
    const change = { status: 'K', startDate: daysAgo(60), primaryNeed: 'SLCN', reason: 'Assessment' };
    const send = (id: string, body: object) => api.http().post(`${base}/pupils/${id}/sen-status`).set(bearer(token)).send(body);
    const asked = expectProblem(await send(a!.id, change), 422);
    expect(asked.errors).toEqual([{ field: 'parentsAlreadyNotified', message: expect.stringMatching(/more than 28 days ago/) }]);
    expect((await api.http().get(`${base}/pupils/${a!.id}/sen-status`).set(bearer(token))).body).toEqual([]);
    expect((await send(a!.id, { ...change, parentsAlreadyNotified: true })).body).toMatchObject({ status: 'K', parentNotice: 'given_outside' });
    expect((await send(b!.id, { ...change, parentsAlreadyNotified: false })).body).toMatchObject({ status: 'K', parentNotice: 'pending' });
    // A recent start needs no answer: the notice is sent as ever.
    expect(
      (await setStatus(api, token, s.school.id, c!.id, { status: 'K', startDate: daysAgo(3), primaryNeed: 'MLD', parentsAlreadyNotified: undefined })).body,
    ).toMatchObject({ parentNotice: 'pending' });
  });
});
