import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { bearer } from './helpers/register.js';
import { addClassPupils, asOwner } from './helpers/staff-classes.js';

let api: TestApi;
let fixture: TestSchool;
let senco: string;
let head: string;
let teacher: string;

const school = () => `/v1/schools/${fixture.school.id}`;
const mappings = (rest = '') => `${school()}/staff-import-mappings${rest}`;
const dryRun = (token: string, query: string, csv: string) =>
  api.http().post(`${school()}/staff-imports?${query}`).set(bearer(token)).set('content-type', 'text/csv').send(csv);
const commit = (token: string, id: string, csv: string) =>
  api.http().post(`${school()}/staff-imports/${id}/commit`).set(bearer(token)).set('content-type', 'text/csv').send(csv);

/** An export whose headers no built-in mapping knows. */
const OUR_MIS = {
  name: 'our-mis-staff',
  columns: { fullName: 'Staff Name', email: 'Staff E-mail', role: 'Post Held', classes: 'Teaching Groups' },
  classLayout: 'cell',
};
const CSV = ['Payroll No,Staff Name,Staff E-mail,Post Held,Teaching Groups', '1001,Ada Mapped,ada@mapped.test.invalid,Class Teacher,"4B, 5A"'].join('\n');

const parked = (email: string) =>
  asOwner(fixture.school.id, async (owner) => {
    const res = await owner.query<{ class_name: string }>(`select class_name from pending_staff_classes where email = $1 order by class_name`, [email]);
    return res.rows.map((r) => r.class_name);
  });
const liveInvitations = async (email: string): Promise<number> => {
  const res = await api.http().get(`${school()}/invitations`).set(bearer(senco));
  return (res.body as { email: string; acceptedAt: string | null }[]).filter((i) => i.email === email && !i.acceptedAt).length;
};

beforeAll(async () => {
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
  senco = (await api.login(fixture.users.senco.email)).accessToken;
  head = (await api.login(fixture.users.head.email)).accessToken;
  teacher = (await api.login(fixture.users.teacher.email)).accessToken;
  await addClassPupils(api, fixture.school.id, ['4B', '5A']);
});
afterAll(() => api.close());

describe('saved staff-import mappings', () => {
  it('a SENCO saves a mapping, imports a file with unusual headers through it (the dry run changes nothing), edits and deletes it', async () => {
    const created = await api.http().post(mappings()).set(bearer(senco)).send(OUR_MIS);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ ...OUR_MIS, id });

    const listed = await api.http().get(mappings()).set(bearer(head));
    expect(listed.status).toBe(200);
    expect((listed.body as { name: string; id: string | null }[]).map((m) => [m.name, m.id])).toEqual([
      ['standard', null],
      ['sims', null],
      ['arbor', null],
      ['our-mis-staff', id],
    ]);

    const dry = await dryRun(senco, `mappingId=${id}`, CSV);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ status: 'dry_run', mapping: 'our-mis-staff', rowCount: 1, summary: { invite: 1, update: 0, unchanged: 0, reject: 0 } });
    expect(dry.body.staff[0]).toMatchObject({ name: 'Ada Mapped', email: 'ada@mapped.test.invalid', role: 'teacher', classNames: ['4B', '5A'] });
    // The dry run invited nobody and parked no classes.
    expect(await liveInvitations('ada@mapped.test.invalid')).toBe(0);
    expect(await parked('ada@mapped.test.invalid')).toEqual([]);

    const applied = await commit(senco, dry.body.importId, CSV);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ status: 'committed', mapping: 'our-mis-staff', summary: { invite: 1 } });
    expect(await liveInvitations('ada@mapped.test.invalid')).toBe(1);
    expect(await parked('ada@mapped.test.invalid')).toEqual(['4B', '5A']);

    // Edited: the head renames a column; a dry run made before the edit may no longer be applied.
    const csv2 = CSV.replace('ada@', 'bea@').replace('Ada', 'Bea');
    const before = await dryRun(senco, `mappingId=${id}`, csv2);
    expect(before.status).toBe(200);
    const edited = await api
      .http()
      .put(mappings(`/${id}`))
      .set(bearer(head))
      .send({ ...OUR_MIS, columns: { ...OUR_MIS.columns, role: 'Job Title' } });
    expect(edited.status).toBe(200);
    expect(edited.body.columns).toEqual({ ...OUR_MIS.columns, role: 'Job Title' });
    expect(expectProblem(await commit(senco, before.body.importId, csv2), 409).detail).toMatch(/changed after the dry run/);
    expect(await liveInvitations('bea@mapped.test.invalid')).toBe(0);

    // The file now lacks the column the mapping names: a 400 naming that header, and nothing recorded.
    const missing = expectProblem(await dryRun(senco, `mappingId=${id}`, csv2), 400);
    expect(missing.errors).toEqual([{ field: 'file', message: expect.stringContaining("needs a column 'Job Title', which the file does not have") as string }]);

    expect(
      (
        await api
          .http()
          .delete(mappings(`/${id}`))
          .set(bearer(senco))
      ).status,
    ).toBe(204);
    expect((await api.http().get(mappings()).set(bearer(senco))).body).toHaveLength(3);
    expectProblem(
      await api
        .http()
        .delete(mappings(`/${id}`))
        .set(bearer(senco)),
      404,
    );
    const gone = expectProblem(await dryRun(senco, `mappingId=${id}`, CSV), 400);
    expect(gone.errors).toEqual([{ field: 'mappingId', message: expect.stringMatching(/no saved mapping with this id/) as string }]);

    const audit = await api.http().get(`${school()}/audit-events?limit=50`).set(bearer(senco));
    const actions = (audit.body.items as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff_import_mapping.saved', 'staff_import_mapping.deleted']));
  });

  it('a pupil mapping cannot be used for a staff import, nor a staff mapping for a pupil import', async () => {
    const pupil = await api
      .http()
      .put(`${school()}/import-mappings/shared-name`)
      .set(bearer(senco))
      .send({ pupil: { upn: 'Pupil UPN', legalFirstName: 'Forename', legalLastName: 'Surname', dateOfBirth: 'DOB', yearGroup: 'NC Year' } });
    expect(pupil.status).toBe(200);
    const staff = await api
      .http()
      .post(mappings())
      .set(bearer(senco))
      .send({ ...OUR_MIS, name: 'staff-only' });
    expect(staff.status).toBe(201);
    // The two kinds have their own names: a staff mapping may share a pupil mapping's name.
    expect(
      (
        await api
          .http()
          .post(mappings())
          .set(bearer(senco))
          .send({ ...OUR_MIS, name: 'shared-name' })
      ).status,
    ).toBe(201);

    const pupilId = await asOwner(fixture.school.id, async (owner) => {
      const res = await owner.query<{ id: string }>(`select id from import_mappings where kind = 'pupils' and name = 'shared-name'`);
      return res.rows[0]!.id;
    });
    const wrongForStaff = expectProblem(await dryRun(senco, `mappingId=${pupilId}`, CSV), 400);
    expect(wrongForStaff.errors).toEqual([{ field: 'mappingId', message: "'shared-name' is a pupil import mapping; a staff import needs a staff mapping" }]);

    const pupilCsv = 'Staff Name,Staff E-mail,Post Held\nA,a@x.test.invalid,Teacher\n';
    const wrongForPupils = expectProblem(
      await api.http().post(`${school()}/imports?mapping=staff-only`).set(bearer(senco)).set('content-type', 'text/csv').send(pupilCsv),
      400,
    );
    expect(wrongForPupils.errors).toEqual([{ field: 'mapping', message: "'staff-only' is a staff import mapping; a pupil import needs a pupil mapping" }]);
    // The pupil import's list shows only pupil mappings; the staff list only staff ones.
    const pupilNames = ((await api.http().get(`${school()}/import-mappings`).set(bearer(senco))).body as { name: string }[]).map((m) => m.name);
    expect(pupilNames).toContain('shared-name');
    expect(pupilNames).not.toContain('staff-only');
    const staffNames = ((await api.http().get(mappings()).set(bearer(senco))).body as { name: string }[]).map((m) => m.name);
    expect(staffNames).toEqual(expect.arrayContaining(['staff-only', 'shared-name']));
    expect(expectProblem(await dryRun(senco, `mapping=standard&mappingId=${staff.body.id as string}`, CSV), 400).errors).toEqual([
      { field: 'mappingId', message: 'give either mapping or mappingId, not both' },
    ]);
  });

  it('refuses a mapping that is incomplete, names one column twice, has unknown fields or a taken name, and changes nothing', async () => {
    const save = (body: object) => api.http().post(mappings()).set(bearer(senco)).send(body);
    const noRole = expectProblem(await save({ name: 'no-role', columns: { email: 'Email' }, classLayout: 'cell' }), 400);
    expect(JSON.stringify(noRole.errors)).toContain('role');
    const twice = expectProblem(await save({ name: 'twice', columns: { email: 'Email', role: 'email ' }, classLayout: 'cell' }), 400);
    expect(twice.errors).toEqual([{ field: 'columns.role', message: "'email ' is already the email column; each field needs its own column" }]);
    expectProblem(await save({ name: 'stray', columns: { email: 'Email', role: 'Role', upn: 'UPN' }, classLayout: 'cell' }), 400);
    expectProblem(await save({ name: 'Bad Name!', columns: { email: 'Email', role: 'Role' }, classLayout: 'cell' }), 400);
    expectProblem(await save({ name: 'layout', columns: { email: 'Email', role: 'Role' }, classLayout: 'column' }), 400);
    expect(expectProblem(await save({ name: 'sims', columns: { email: 'Email', role: 'Role' }, classLayout: 'cell' }), 409).errors).toEqual([
      { field: 'name', message: 'name is taken by a built-in mapping' },
    ]);
    expect((await save({ name: 'taken', columns: { email: 'Email', role: 'Role' }, classLayout: 'row' })).status).toBe(201);
    expectProblem(await save({ name: 'taken', columns: { email: 'E', role: 'R' }, classLayout: 'cell' }), 409);
    const names = ((await api.http().get(mappings()).set(bearer(senco))).body as { name: string }[]).map((m) => m.name);
    for (const refused of ['no-role', 'twice', 'stray', 'layout']) expect(names).not.toContain(refused);
    expectProblem(await api.http().put(mappings('/00000000-0000-4000-8000-000000000000')).set(bearer(senco)).send(OUR_MIS), 404);
  });

  it('is for the SENCO and head: a teacher can neither manage mappings nor import with one', async () => {
    const created = await api
      .http()
      .post(mappings())
      .set(bearer(head))
      .send({ ...OUR_MIS, name: 'heads-mapping' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expectProblem(await api.http().get(mappings()).set(bearer(teacher)), 403);
    expectProblem(
      await api
        .http()
        .post(mappings())
        .set(bearer(teacher))
        .send({ ...OUR_MIS, name: 'teachers' }),
      403,
    );
    expectProblem(
      await api
        .http()
        .put(mappings(`/${id}`))
        .set(bearer(teacher))
        .send(OUR_MIS),
      403,
    );
    expectProblem(
      await api
        .http()
        .delete(mappings(`/${id}`))
        .set(bearer(teacher)),
      403,
    );
    expectProblem(await dryRun(teacher, `mappingId=${id}`, CSV), 403);
    expect(((await api.http().get(mappings()).set(bearer(senco))).body as { id: string | null }[]).some((m) => m.id === id)).toBe(true);
  });
});
