import pg from 'pg';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer, daysAgo, dobFor, setStatus, todayInLondon, validUpn } from './helpers/register.js';

/** The SEN status timeline and the register views, as a SENCO uses them. */
let api: TestApi;
let s: TestSchool;
let senco: string;
let base: string;
let sql: pg.Client;

beforeAll(async () => {
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  senco = (await api.login(s.users.senco.email)).accessToken;
  base = `/v1/schools/${s.school.id}`;
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await api.close();
});

/** Runs SQL as the app role with this school's tenant settings, as a request would. */
async function asSchool<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  await sql.query('begin');
  try {
    await sql.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, [`{${s.school.id}}`]);
    return (await sql.query<T>(text, params)).rows;
  } finally {
    await sql.query('rollback');
  }
}

const register = (query: string) => api.http().get(`${base}/register?${query}`).set(bearer(senco));

describe('the SEN status timeline', () => {
  let pupilId: string;
  const d = { placed: daysAgo(100), needChanged: daysAgo(70), plan: daysAgo(45), ehc: daysAgo(40), removed: daysAgo(10) };

  beforeAll(async () => {
    pupilId = (await addPupil(api, senco, s.school.id, { legalLastName: 'Timeline', yearGroup: '4' })).id;
  });

  it('places a pupil on SEN Support, recording the event that has the parents told, in the same transaction', async () => {
    const res = await setStatus(api, senco, s.school.id, pupilId, {
      status: 'K',
      startDate: d.placed,
      primaryNeed: 'SLCN',
      reason: 'Speech and language assessment',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'K',
      startDate: d.placed,
      endDate: null,
      primaryNeed: 'SLCN',
      areaOfNeed: 'communication_and_interaction',
      placedOn: d.placed,
      parentNotice: 'pending',
    });
    const events = await asSchool(`select type, subject_id, payload from outbox_events where subject_id = $1`, [pupilId]);
    expect(events).toEqual([{ type: 'sen_support.started', subject_id: pupilId, payload: { statusEntryId: res.body.id } }]);
  });

  it('changes the primary need as a new entry, keeping the date placed and sending no second notice', async () => {
    const res = await setStatus(api, senco, s.school.id, pupilId, { status: 'K', startDate: d.needChanged, primaryNeed: 'SEMH', secondaryNeed: 'SLCN' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ primaryNeed: 'SEMH', secondaryNeed: 'SLCN', placedOn: d.placed, parentNotice: 'pending' });
    expect(await asSchool(`select id from outbox_events where subject_id = $1`, [pupilId])).toHaveLength(1);
  });

  it('moves the pupil from K to E with the EHC plan date', async () => {
    const res = await setStatus(api, senco, s.school.id, pupilId, { status: 'E', startDate: d.ehc, primaryNeed: 'SEMH', ehcPlanDate: d.plan });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'E', ehcPlanDate: d.plan, placedOn: d.placed, parentNotice: null });
  });

  it('removes the pupil from the register', async () => {
    const res = await setStatus(api, senco, s.school.id, pupilId, { status: 'N', startDate: d.removed, reason: 'Targets met; no longer needs provision' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'N', primaryNeed: null, placedOn: null });
  });

  it('keeps the whole history, each period ending the day the next began', async () => {
    const res = await api.http().get(`${base}/pupils/${pupilId}/sen-status`).set(bearer(senco));
    expect(res.status).toBe(200);
    expect(res.body.map((e: { status: string; startDate: string; endDate: string | null }) => [e.status, e.startDate, e.endDate])).toEqual([
      ['K', d.placed, d.needChanged],
      ['K', d.needChanged, d.ehc],
      ['E', d.ehc, d.removed],
      ['N', d.removed, null],
    ]);
  });

  it('answers "who was on the register on date D" from the same timeline', async () => {
    const on = async (asOf: string) =>
      ((await register(`asOf=${asOf}&q=Timeline`)).body.items as { status: string; primaryNeed: string }[]).map((r) => [r.status, r.primaryNeed]);
    expect(await on(daysAgo(101))).toEqual([]);
    expect(await on(daysAgo(80))).toEqual([['K', 'SLCN']]);
    expect(await on(daysAgo(50))).toEqual([['K', 'SEMH']]);
    expect(await on(daysAgo(20))).toEqual([['E', 'SEMH']]);
    expect(await on(todayInLondon())).toEqual([]);
    const asN = await register(`status=N&q=Timeline`);
    expect(asN.body.items.map((r: { status: string }) => r.status)).toEqual(['N']);
  });

  it('refuses changes that would rewrite history or break the census rules, naming the field', async () => {
    const other = (await addPupil(api, senco, s.school.id)).id;
    expect((await setStatus(api, senco, s.school.id, other, { status: 'N', startDate: daysAgo(5) })).status).toBe(409);
    expect((await setStatus(api, senco, s.school.id, other, { status: 'K', startDate: daysAgo(50), primaryNeed: 'MLD' })).status).toBe(201);

    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ status: 'K', startDate: daysAgo(60), primaryNeed: 'SEMH' }, 'startDate', /after .*never rewritten/],
      [{ status: 'E', startDate: daysAgo(5), primaryNeed: 'MLD' }, 'ehcPlanDate', /EHC plan/],
      [{ status: 'K', startDate: daysAgo(5), primaryNeed: 'XYZ' }, 'primaryNeed', /unknown need code/i],
      [{ status: 'K', startDate: daysAgo(5), primaryNeed: 'BESD' }, 'primaryNeed', /2015/],
      [{ status: 'P', startDate: daysAgo(5), primaryNeed: 'MLD' }, 'status', /School Action Plus/i],
      [{ status: 'S', startDate: daysAgo(5), primaryNeed: 'MLD' }, 'status', /statement/i],
      [{ status: 'K', startDate: daysAgo(5) }, 'primaryNeed', /primary need/i],
      [{ status: 'K', startDate: daysAgo(-3), primaryNeed: 'SEMH' }, 'startDate', /future/],
      [{ status: 'E', startDate: daysAgo(5), primaryNeed: 'MLD', ehcPlanDate: daysAgo(2) }, 'ehcPlanDate', /before the EHC plan was issued/],
      [{ status: 'K', startDate: '2026-02-30', primaryNeed: 'MLD' }, 'startDate', /yyyy-mm-dd/],
    ];
    for (const [change, field, message] of cases) {
      const res = await setStatus(api, senco, s.school.id, other, change as never);
      const problem = expectProblem(res, 400);
      expect({ change, errors: problem.errors }).toEqual({ change, errors: expect.arrayContaining([{ field, message: expect.stringMatching(message) }]) });
    }
    expectProblem(await setStatus(api, senco, s.school.id, other, { status: 'K', startDate: daysAgo(5), primaryNeed: 'MLD' }), 409);
    // Nothing refused was written: still the one entry.
    expect((await api.http().get(`${base}/pupils/${other}/sen-status`).set(bearer(senco))).body).toHaveLength(1);
  });
});

describe('pupils', () => {
  it('validates the UPN check letter, the date of birth for the year group, and uniqueness per school', async () => {
    const body = { upn: 'A801200005001', legalFirstName: 'Jo', legalLastName: 'Bloggs', dateOfBirth: dobFor('3'), yearGroup: '3' };
    const badUpn = expectProblem(await api.http().post(`${base}/pupils`).set(bearer(senco)).send(body), 400);
    expect(badUpn.errors).toEqual([{ field: 'upn', message: expect.stringMatching(/check letter/) }]);
    const badDob = expectProblem(
      await api
        .http()
        .post(`${base}/pupils`)
        .set(bearer(senco))
        .send({ ...body, upn: validUpn(), dateOfBirth: dobFor('9') }),
      400,
    );
    expect(badDob.errors).toEqual([{ field: 'dateOfBirth', message: expect.stringMatching(/not plausible for Year 3/) }]);
    const missing = expectProblem(await api.http().post(`${base}/pupils`).set(bearer(senco)).send({ upn: validUpn() }), 400);
    expect((missing.errors as { field: string }[]).map((e) => e.field)).toEqual(expect.arrayContaining(['legalFirstName', 'dateOfBirth', 'yearGroup']));

    const upn = validUpn();
    expect(
      (
        await api
          .http()
          .post(`${base}/pupils`)
          .set(bearer(senco))
          .send({ ...body, upn })
      ).status,
    ).toBe(201);
    const dup = expectProblem(
      await api
        .http()
        .post(`${base}/pupils`)
        .set(bearer(senco))
        .send({ ...body, upn }),
      409,
    );
    expect(dup.errors).toEqual([{ field: 'upn', message: expect.any(String) }]);

    // The same UPN in another school (a pupil who moved) is allowed, and neither school sees the other's.
    const other = await createTestSchool(api.dataSource);
    const otherSenco = (await api.login(other.users.senco.email)).accessToken;
    const moved = await api
      .http()
      .post(`/v1/schools/${other.school.id}/pupils`)
      .set(bearer(otherSenco))
      .send({ ...body, upn });
    expect(moved.status).toBe(201);
    const here = await register(`status=N,K,E,monitoring&q=${upn}`);
    expect(here.body.items).toHaveLength(1);
    expect(here.body.items[0].pupilId).not.toBe(moved.body.id);
    expectProblem(await api.http().get(`${base}/pupils/${moved.body.id}`).set(bearer(senco)), 404);
  });

  it('records a leaver without losing their history, and leaves them off the register after their last day', async () => {
    const p = await addPupil(api, senco, s.school.id, { legalLastName: 'Leaver' });
    expect((await setStatus(api, senco, s.school.id, p.id, { status: 'K', startDate: daysAgo(60), primaryNeed: 'SPLD' })).status).toBe(201);
    const left = await api
      .http()
      .patch(`${base}/pupils/${p.id}`)
      .set(bearer(senco))
      .send({ leavingDate: daysAgo(20) });
    expect(left.status).toBe(200);
    expect((await register(`q=Leaver&asOf=${daysAgo(30)}`)).body.items).toHaveLength(1);
    expect((await register(`q=Leaver`)).body.items).toHaveLength(0);
    const history = await api.http().get(`${base}/pupils/${p.id}/sen-status`).set(bearer(senco));
    expect(history.body).toHaveLength(1);
    const late = expectProblem(await setStatus(api, senco, s.school.id, p.id, { status: 'N', startDate: daysAgo(5) }), 400);
    expect(late.errors).toEqual([{ field: 'startDate', message: expect.stringMatching(/after the pupil left/) }]);
  });

  it('answers an empty PATCH of a contact link as a change of nothing, and 404 for a contact not linked to the pupil', async () => {
    const p = await addPupil(api, senco, s.school.id);
    const added = await api
      .http()
      .post(`${base}/pupils/${p.id}/contacts`)
      .set(bearer(senco))
      .send({ firstName: 'Pat', lastName: 'Linked', preferredChannel: 'post', relationship: 'mother', parentalResponsibility: true });
    expect(added.status).toBe(201);
    const link = () =>
      asSchool<{ relationship: string; parental_responsibility: boolean }>(
        'select relationship, parental_responsibility from pupil_contacts where pupil_id = $1 and contact_id = $2',
        [p.id, added.body.contactId],
      );
    const before = await link();
    expect((await api.http().patch(`${base}/pupils/${p.id}/contacts/${added.body.contactId}`).set(bearer(senco)).send({})).status).toBe(204);
    expect(await link()).toEqual(before);
    const other = await addPupil(api, senco, s.school.id);
    expectProblem(await api.http().patch(`${base}/pupils/${other.id}/contacts/${added.body.contactId}`).set(bearer(senco)).send({}), 404);
  });
});

describe('register views', () => {
  let school: TestSchool;
  let token: string;
  const url = () => `/v1/schools/${school.school.id}/register`;

  beforeAll(async () => {
    school = await createTestSchool(api.dataSource);
    token = (await api.login(school.users.senco.email)).accessToken;
    const specs: [string, string, string, boolean, string | null][] = [
      // last name, year, status, fsm, primary need
      ['Adams', '3', 'K', true, 'SLCN'],
      ['Baker', '3', 'K', false, 'SEMH'],
      ['Clark', '5', 'E', true, 'ASD'],
      ['Davis', '5', 'K', false, 'SLCN'],
      ['Evans', '6', 'N', true, null],
      ['Foster', '1', 'monitoring', false, null],
      ['Green', 'R', 'K', true, 'MLD'],
    ];
    for (const [lastName, yearGroup, status, fsm, need] of specs) {
      const p = await addPupil(api, token, school.school.id, {
        legalLastName: lastName,
        yearGroup: yearGroup as never,
        fsmEligible: fsm,
        className: `${yearGroup}X`,
      });
      if (status === 'N') continue;
      const change =
        status === 'E'
          ? { status, startDate: daysAgo(20), primaryNeed: need, ehcPlanDate: daysAgo(25) }
          : { status, startDate: daysAgo(40), primaryNeed: need };
      const res = await setStatus(api, token, school.school.id, p.id, change);
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    }
  });

  const names = (res: { body: { items: { legalLastName: string }[] } }) => res.body.items.map((r) => r.legalLastName);

  it('filters by status, need, area, year group, FSM and name, and names a bad filter value', async () => {
    const get = (q: string) => api.http().get(`${url()}?${q}`).set(bearer(token));
    expect(names(await get(''))).toEqual(['Adams', 'Baker', 'Clark', 'Davis', 'Green']);
    expect(names(await get('need=SLCN'))).toEqual(['Adams', 'Davis']);
    expect(names(await get('area=communication_and_interaction'))).toEqual(['Adams', 'Clark', 'Davis']);
    expect(names(await get('yearGroup=5'))).toEqual(['Clark', 'Davis']);
    expect(names(await get('fsm=true'))).toEqual(['Adams', 'Clark', 'Green']);
    expect(names(await get('status=E'))).toEqual(['Clark']);
    expect(names(await get('status=monitoring,N'))).toEqual(['Evans', 'Foster']);
    expect(names(await get('q=ba'))).toEqual(['Baker']);
    expect(names(await get('className=3X'))).toEqual(['Adams', 'Baker']);
    const bad = expectProblem(await get('need=SLCN,BOGUS&yearGroup=15&fsm=maybe'), 400);
    expect((bad.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['fsm', 'need', 'yearGroup']);
    expectProblem(await get('asOf=2999-01-01'), 400);
  });

  it('pages with a keyset cursor in every sort order, without gaps or repeats', async () => {
    for (const [sort, order] of [
      ['name', 'asc'],
      ['yearGroup', 'desc'],
      ['placedOn', 'asc'],
    ] as const) {
      const all = await api.http().get(`${url()}?sort=${sort}&order=${order}&limit=200`).set(bearer(token));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: { pupilId: string }[]; nextCursor: string | null } } = await api
          .http()
          .get(`${url()}?sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(token));
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((r) => r.pupilId));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect({ sort, seen }).toEqual({ sort, seen: all.body.items.map((r: { pupilId: string }) => r.pupilId) });
    }
    const years = (await api.http().get(`${url()}?sort=yearGroup&limit=200`).set(bearer(token))).body.items.map((r: { yearGroup: string }) => r.yearGroup);
    expect(years).toEqual(['R', '3', '3', '5', '5']);
    expectProblem(await api.http().get(`${url()}?cursor=not-a-cursor`).set(bearer(token)), 400);
  });

  it('summary counts equal a direct SQL count over the same data', async () => {
    const summary = await api.http().get(`${url()}/summary?status=K,E,N,monitoring`).set(bearer(token));
    expect(summary.status).toBe(200);
    const rows = await (async () => {
      await sql.query('begin');
      try {
        await sql.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, [`{${school.school.id}}`]);
        return (
          await sql.query(
            `select coalesce(e.status, 'N') as status, e.primary_need, count(*)::int as n
                             from pupils p left join sen_status_entries e on e.pupil_id = p.id and e.end_date is null
                            where p.school_id = $1 group by 1, 2`,
            [school.school.id],
          )
        ).rows;
      } finally {
        await sql.query('rollback');
      }
    })();
    const expected = rows
      .map((r) => ({ status: r.status, primaryNeed: r.primary_need, count: r.n }))
      .sort((a, b) => a.status.localeCompare(b.status) || (a.primaryNeed ?? '').localeCompare(b.primaryNeed ?? ''));
    expect(summary.body.byStatusAndNeed).toEqual(expected);
    expect(summary.body.total).toBe(rows.reduce((n, r) => n + r.n, 0));
    expect(summary.body.byStatus).toEqual(
      expect.arrayContaining([
        { status: 'K', count: 4 },
        { status: 'E', count: 1 },
      ]),
    );
    expect(summary.body.byYearGroup).toEqual(expect.arrayContaining([{ yearGroup: '3', status: 'K', count: 2 }]));
  });

  it('exports the filtered view as CSV that round-trips through the import dry run with no changes', async () => {
    const exported = await api.http().get(`${url()}/export?status=K,E,N,monitoring`).set(bearer(token));
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    const lines = exported.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^UPN,Legal Forename,Legal Surname/);
    expect(lines).toHaveLength(1 + 7);
    const dry = await api.http().post(`/v1/schools/${school.school.id}/imports`).set(bearer(token)).set('content-type', 'text/csv').send(exported.text);
    expect(dry.status).toBe(200);
    expect(dry.body.summary).toEqual({ create: 0, update: 0, unchanged: 7, reject: 0 });
    const filtered = await api.http().get(`${url()}/export?need=SLCN`).set(bearer(token));
    expect(filtered.text.trim().split('\r\n')).toHaveLength(1 + 2);
  });
});
