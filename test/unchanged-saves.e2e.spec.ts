import { createTestSchool, type TestSchool } from '#libs/testing';
import { TenantTransactions } from '#libs/database';
import { startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer } from './helpers/register.js';

/**
 * A form saved without a change (the web sends nothing, an API client may send what is stored) writes
 * nothing: no row changes, no audit line. A real change is written and audited with the fields that changed.
 */
let api: TestApi;
let fixture: TestSchool;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
  token = (await api.login(fixture.users.senco.email)).accessToken;
});
afterAll(() => api.close());

const stored = () =>
  new TenantTransactions(api.dataSource).run({ schoolIds: [fixture.school.id], pupilAccess: 'all' }, async (m) => ({
    school: await m.query(`select * from schools where id = $1`, [fixture.school.id]),
    pupils: await m.query(`select * from pupils where school_id = $1 order by id`, [fixture.school.id]),
    audit: await m.query<{ action: string; fields: string }[]>(
      `select action, details->>'fields' as fields from audit_events where school_id = $1 order by occurred_at, id`,
      [fixture.school.id],
    ),
  }));

it('a pupil saved with nothing changed, or with what is stored, writes nothing', async () => {
  const pupil = await addPupil(api, token, fixture.school.id, { className: '4B' });
  const url = `/v1/schools/${fixture.school.id}/pupils/${pupil.id}`;
  const before = await stored();
  for (const body of [{}, { className: '4B', eal: false }]) {
    const res = await api.http().patch(url).set(bearer(token)).send(body);
    expect(res.status).toBe(200);
    expect(res.body.className).toBe('4B');
  }
  expect(await stored()).toEqual(before);
  // A real change is written, and audited with the one field that changed.
  expect((await api.http().patch(url).set(bearer(token)).send({ className: '4C', eal: false })).body.className).toBe('4C');
  const after = await stored();
  expect(after.audit.slice(before.audit.length)).toEqual([{ action: 'pupil.updated', fields: 'className' }]);
});

it('school settings saved unchanged write nothing; a change is audited with its fields', async () => {
  const url = `/v1/schools/${fixture.school.id}/settings`;
  const current = (await api.http().get(`/v1/schools/${fixture.school.id}`).set(bearer(token))).body as { reviewIntervalWeeks: number };
  const before = await stored();
  for (const body of [{}, { reviewIntervalWeeks: current.reviewIntervalWeeks }])
    expect((await api.http().patch(url).set(bearer(token)).send(body)).status).toBe(200);
  expect(await stored()).toEqual(before);
  const next = current.reviewIntervalWeeks === 8 ? 10 : 8;
  expect((await api.http().patch(url).set(bearer(token)).send({ reviewIntervalWeeks: next, sendiassName: null })).body.reviewIntervalWeeks).toBe(next);
  const after = await stored();
  expect(after.audit.slice(before.audit.length)).toEqual([{ action: 'school.settings_updated', fields: 'reviewIntervalWeeks' }]);
});

it("the school's own offer saved unchanged writes nothing; a change writes only the rows it changes", async () => {
  const url = `/v1/schools/${fixture.school.id}/oap-offer`;
  const put = (expectations: unknown[]) => api.http().put(url).set(bearer(token)).send({ expectations });
  const calm = { code: 'OWN-1', areaOfNeed: 'social_emotional_mental_health', text: 'A calm corner in every classroom.', evidence: 'adjustment' };
  const overlays = { code: 'OWN-2', areaOfNeed: 'cognition_and_learning', text: 'Coloured overlays offered for reading.', evidence: 'adjustment' };
  const rows = () =>
    new TenantTransactions(api.dataSource).run({ schoolIds: [fixture.school.id] }, (m) =>
      m.query<{ id: string; code: string; position: number; text: string }[]>(`select * from oap_school_expectations where school_id = $1 order by code`, [
        fixture.school.id,
      ]),
    );
  expect((await put([calm, overlays])).status).toBe(200);
  const before = await rows();
  // The editor sends the whole list back as it was read: nothing is written.
  const read = (await api.http().get(url).set(bearer(token))).body as { expectations: unknown[] };
  expect((await put(read.expectations)).status).toBe(200);
  expect(await rows()).toEqual(before);
  // One row changed: that row is written (same id), the other is untouched.
  const wider = { ...overlays, text: 'Coloured overlays offered for all reading.' };
  expect((await put([calm, wider])).body.expectations.map((e: { text: string }) => e.text)).toEqual([calm.text, wider.text]);
  const after = await rows();
  expect(after[0]).toEqual(before[0]);
  expect(after[1]).toMatchObject({ id: before[1]!.id, text: wider.text, position: 1 });
  // A row left out is deleted; the one kept moves up and keeps its id.
  expect((await put([wider])).status).toBe(200);
  expect(await rows()).toEqual([expect.objectContaining({ id: before[1]!.id, code: 'OWN-2', position: 0 })]);
});
