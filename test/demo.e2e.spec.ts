import { DEMO_PASSWORD, seedDemo } from '#libs/demo';
import { startTestApi, type TestApi } from './helpers/api.js';
import { bearer } from './helpers/register.js';

/** The demo school `npm start` seeds: a register people can try each role on. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

it('seeds a register the demo SENCO, teacher and parent each see their own view of, and seeding again adds nothing', async () => {
  expect(await seedDemo(api.dataSource)).toBe('created');
  expect(await seedDemo(api.dataSource)).toBe('exists');
  const login = async (who: string) =>
    (
      await api
        .http()
        .post('/v1/auth/login')
        .send({ email: `${who}@demo.sen-manager.local`, password: DEMO_PASSWORD })
    ).body.accessToken as string;
  const senco = await login('senco');
  const me = await api.http().get('/v1/me').set(bearer(senco));
  expect(me.body.schools).toHaveLength(1);
  const schoolId = me.body.schools[0].schoolId as string;
  const base = `/v1/schools/${schoolId}`;
  const summary = await api.http().get(`${base}/register/summary?status=N,K,E,monitoring`).set(bearer(senco));
  expect(summary.body.total).toBe(14);
  expect(summary.body.byStatus).toEqual(
    expect.arrayContaining([
      { status: 'K', count: 6 },
      { status: 'E', count: 2 },
    ]),
  );
  const pending = (await api.http().get(`${base}/register?status=K`).set(bearer(senco))).body.items.filter(
    (r: { parentNotice: string }) => r.parentNotice === 'pending',
  );
  expect(pending).toHaveLength(6);
  const taught = await api
    .http()
    .get(`${base}/pupils/taught`)
    .set(bearer(await login('teacher')));
  // Isla is in the class the teacher teaches; Hal (3B) is in the Catch Up group the teacher runs.
  const taughtNames = taught.body.map((p: { firstName: string }) => p.firstName);
  expect(['Isla', 'Hal,Isla']).toContain([...taughtNames].sort().join(','));
  expect(taughtNames).toContain('Isla');
  const children = await api
    .http()
    .get(`${base}/children`)
    .set(bearer(await login('parent')));
  expect(children.body.map((p: { legalFirstName: string }) => p.legalFirstName)).toEqual(['Isla']);

  // Support plans: Isla's is good and reviewed once; Ella's shows the red flags; Hal and Kit have none in place.
  const parentToken = await login('parent');
  const isla = children.body[0].id as string;
  const plan = await api.http().get(`${base}/pupils/${isla}/plan`).set(bearer(parentToken));
  expect(plan.status).toBe(200);
  expect(plan.body.cycles.map((c: { number: number; status: string }) => [c.number, c.status])).toEqual([
    [1, 'reviewed'],
    [2, 'active'],
  ]);
  expect(plan.body.flags).toEqual([]);
  const flagged = (await api.http().get(`${base}/plan-flags?limit=200`).set(bearer(senco))).body.items as { firstName: string; flags: { code: string }[] }[];
  const codes = (name: string) => flagged.find((p) => p.firstName === name)?.flags.map((f) => f.code) ?? [];
  expect(codes('Ella')).toEqual(expect.arrayContaining(['review_overdue', 'target_unmeasurable', 'provision_no_frequency', 'provision_no_staff']));
  expect(codes('Hal')).toEqual(['no_plan']);
  expect(codes('Kit')).toEqual(expect.arrayContaining(['no_plan', 'no_parental_involvement']));
  expect(codes('Isla')).toEqual([]);

  // Interventions: the teacher's Catch Up group, with Isla in it; her parent sees her provision map.
  const teacherToken = await login('teacher');
  const mine = (await api.http().get(`${base}/intervention-groups`).set(bearer(teacherToken))).body as { name: string; pupils: { firstName: string }[] }[];
  if (mine.length > 0) {
    expect(mine[0]!.pupils.map((p) => p.firstName).sort()).toEqual(['Hal', 'Isla']);
    expect(taughtNames.sort()).toEqual(['Hal', 'Isla']);
    const map = await api.http().get(`${base}/pupils/${isla}/provision-map`).set(bearer(parentToken));
    expect(map.body.provisions).toHaveLength(1);
  } else {
    // Only in a school holiday with no school day in the next six weeks.
    const catalogue = (await api.http().get(`${base}/interventions`).set(bearer(senco))).body as unknown[];
    expect(catalogue.length).toBeGreaterThan(10);
  }
});
