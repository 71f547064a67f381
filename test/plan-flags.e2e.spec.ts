import { jest } from '@jest/globals';
import { PlanStore } from '#libs/plans';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { goodPlan } from './helpers/plans.js';
import { addFlaggedRegister, addPupil, bearer, daysAgo, flaggedStatusOf, flaggedYearOf, setStatus } from './helpers/register.js';

/**
 * The red-flag lists at the size of a large school: 2,000 pupils on the register with no plan, made in one
 * statement, and the counts, filters and pages read back through the API.
 */
const PUPILS = 2000;
let api: TestApi;
let fixture: TestSchool;
let base: string;
let senco: string;

interface Page {
  total: number;
  offset: number;
  limit: number;
  items: { pupilId: string; lastName: string; yearGroup: string; status: string; flags: { code: string; message: string }[] }[];
}
interface Summary {
  pupils: number;
  byCode: { code: string; label: string; rule: string; pupils: number; flags: number }[];
}
const get = async <T>(path: string): Promise<T> => {
  const res = await api.http().get(`${base}/${path}`).set(bearer(senco));
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
};

beforeAll(async () => {
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
  base = `/v1/schools/${fixture.school.id}`;
  senco = (await api.login(fixture.users.senco.email)).accessToken;
  await addFlaggedRegister(api, fixture.school.id, PUPILS);
}, 120_000);
afterAll(() => api.close());

it('counts pupils per flag code for the whole school, most first, each with its label and rule', async () => {
  const summary = await get<Summary>('plan-flags/summary');
  expect(summary.pupils).toBe(PUPILS);
  expect(summary.byCode[0]).toEqual({
    code: 'no_plan',
    label: 'No agreed written plan',
    rule: expect.stringContaining('SEND Code of Practice'),
    pupils: PUPILS,
    flags: PUPILS,
  });
  for (let i = 1; i < summary.byCode.length; i++) expect(summary.byCode[i]!.pupils).toBeLessThanOrEqual(summary.byCode[i - 1]!.pupils);
});

it('pages a flag group 50 at a time with the total, in name order, every pupil exactly once', async () => {
  const first = await get<Page>('plan-flags?code=no_plan');
  expect(first).toMatchObject({ total: PUPILS, offset: 0, limit: 50 });
  expect(first.items).toHaveLength(50);
  expect(first.items[0]!.lastName).toBe('Flagged0000');
  expect(first.items[0]!.flags.map((f) => f.code)).toEqual(['no_plan']);
  const seen: string[] = [];
  const names: string[] = [];
  for (let offset = 0; offset < PUPILS; offset += 200) {
    const page = await get<Page>(`plan-flags?code=no_plan&offset=${offset}&limit=200`);
    expect(page.total).toBe(PUPILS);
    expect(page.items).toHaveLength(Math.min(200, PUPILS - offset));
    seen.push(...page.items.map((p) => p.pupilId));
    names.push(...page.items.map((p) => p.lastName));
  }
  expect(new Set(seen).size).toBe(PUPILS);
  expect(names).toEqual([...names].sort());
  // Past the end: an empty page, the total still told.
  expect(await get<Page>(`plan-flags?offset=${PUPILS}`)).toMatchObject({ total: PUPILS, items: [] });
  // The last page of 50 holds what is left.
  expect((await get<Page>(`plan-flags?offset=${PUPILS - 30}`)).items).toHaveLength(30);
});

it('filters by year group, SEN status and name, in the counts and the pages alike', async () => {
  const inYear3 = Array.from({ length: PUPILS }, (_, i) => i).filter((i) => flaggedYearOf(i) === '3');
  const ehcInYear3 = inYear3.filter((i) => flaggedStatusOf(i) === 'E');
  const year3 = await get<Page>('plan-flags?yearGroup=3&limit=200');
  expect(year3.total).toBe(inYear3.length);
  expect(year3.items.every((p) => p.yearGroup === '3')).toBe(true);
  expect((await get<Summary>('plan-flags/summary?yearGroup=3')).pupils).toBe(inYear3.length);

  const ehc = await get<Page>('plan-flags?yearGroup=3&status=E&code=no_plan');
  expect(ehc.total).toBe(ehcInYear3.length);
  expect(ehc.items.every((p) => p.status === 'E' && p.yearGroup === '3')).toBe(true);
  expect((await get<Summary>('plan-flags/summary?status=E')).pupils).toBe(PUPILS / 10);
  expect((await get<Summary>('plan-flags/summary?yearGroup=1,2&status=K')).pupils).toBe(
    Array.from({ length: PUPILS }, (_, i) => i).filter((i) => ['1', '2'].includes(flaggedYearOf(i)) && flaggedStatusOf(i) === 'K').length,
  );

  const named = await get<Page>('plan-flags?q=flagged0123');
  expect(named.total).toBe(1);
  expect(named.items[0]!.lastName).toBe('Flagged0123');
  // A prefix: Flagged012x is ten pupils; LIKE's wildcards are matched literally.
  expect((await get<Page>('plan-flags?q=Flagged012')).total).toBe(10);
  expect((await get<Page>('plan-flags?q=Flagged%25')).total).toBe(0);
  expect(await get<Summary>('plan-flags/summary?q=nobody-by-this-name')).toEqual({ pupils: 0, byCode: [] });
});

it('reads a school in a fixed number of queries, however many pupils it has', async () => {
  const small = await createTestSchool(api.dataSource);
  await addFlaggedRegister(api, small.school.id, 3);
  const smallSenco = (await api.login(small.users.senco.email)).accessToken;
  const spy = jest.spyOn(api.dataSource.logger, 'logQuery');
  const queriesFor = async (schoolId: string, token: string, path: string) => {
    spy.mockClear();
    expect((await api.http().get(`/v1/schools/${schoolId}/${path}`).set(bearer(token))).status).toBe(200);
    return spy.mock.calls.length;
  };
  try {
    // Both sessions known to the process first: a session's first request also loads its principal.
    await queriesFor(small.school.id, smallSenco, 'plan-flags/summary');
    await queriesFor(fixture.school.id, senco, 'plan-flags/summary');
    for (const path of ['plan-flags/summary', 'plan-flags?code=no_plan&offset=100']) {
      const few = await queriesFor(small.school.id, smallSenco, path);
      expect(few).toBeGreaterThan(0);
      expect(await queriesFor(fixture.school.id, senco, path)).toBe(few);
    }
  } finally {
    spy.mockRestore();
  }
});

it("lists one code's pupils exactly as the whole check flags them, checking only that code's candidates' plans", async () => {
  const small = await createTestSchool(api.dataSource);
  const token = (await api.login(small.users.senco.email)).accessToken;
  const b = `/v1/schools/${small.school.id}`;
  const send = async (method: 'post' | 'put', path: string, body?: object) => {
    const res = await api.http()[method](`${b}/${path}`).set(bearer(token)).send(body);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  /** A pupil on SEN Support, with a plan starting `daysBack` days ago, taken as far as `stage`. */
  const pupilWith = async (daysBack: number | null, stage: 'draft' | 'agreed' | 'active') => {
    const id = (await addPupil(api, token, small.school.id)).id;
    expect((await setStatus(api, token, small.school.id, id, { status: 'K', startDate: daysAgo(200), primaryNeed: 'SLCN' })).status).toBe(201);
    if (daysBack === null) return id;
    const cycle = await send('post', `pupils/${id}/plan-cycles`, goodPlan(daysAgo(daysBack)));
    if (stage !== 'draft') await send('post', `plan-cycles/${cycle.id}/agree`);
    if (stage === 'active') await send('post', `plan-cycles/${cycle.id}/activate`);
    return id;
  };
  // goodPlan reviews about ten weeks after its start: 120 days back is past its review date, 20 days back is not.
  const overdue = await pupilWith(120, 'active');
  const shapes = [overdue, await pupilWith(20, 'active'), await pupilWith(120, 'agreed'), await pupilWith(120, 'draft'), await pupilWith(null, 'draft')];

  const whole = (await api.http().get(`${b}/plan-flags?limit=200`).set(bearer(token)).expect(200)).body as Page;
  expect(whole.items.map((p) => p.pupilId).sort()).toEqual([...shapes].sort());
  const expected = whole.items.flatMap((p) => {
    const flags = p.flags.filter((f) => f.code === 'review_overdue');
    return flags.length > 0 ? [{ ...p, flags }] : [];
  });
  expect(expected.map((p) => p.pupilId)).toEqual([overdue]);

  const load = jest.spyOn(api.app.get(PlanStore), 'load');
  try {
    const listed = (await api.http().get(`${b}/plan-flags?code=review_overdue`).set(bearer(token)).expect(200)).body as Page;
    expect(listed).toEqual({ total: 1, offset: 0, limit: 50, items: expected });
    expect(load.mock.calls.map(([, ids]) => ids)).toEqual([[overdue]]);
  } finally {
    load.mockRestore();
  }
});

it('refuses bad filters and pages with a problem naming each field', async () => {
  const as = (path: string) => api.http().get(`${base}/${path}`).set(bearer(senco));
  const fields = (body: Record<string, unknown>) => (body.errors as { field: string }[]).map((e) => e.field);
  expect(fields(expectProblem(await as('plan-flags?code=nonsense&yearGroup=14&status=X'), 400))).toEqual(['yearGroup', 'status', 'code']);
  expect(fields(expectProblem(await as('plan-flags?limit=0&offset=-1'), 400)).sort()).toEqual(['limit', 'offset']);
  expect(fields(expectProblem(await as('plan-flags?limit=201'), 400))).toEqual(['limit']);
  expectProblem(await as('plan-flags/summary?yearGroup=Reception'), 400);
  expectProblem(await as('plan-flags/summary?code=no_plan'), 400);
  expectProblem(await as('plan-flags?groupBy=anything'), 400);
});

it('is for the SENCO, head and trust lead only', async () => {
  for (const role of ['teacher', 'parent'] as const) {
    const token = (await api.login(fixture.users[role].email)).accessToken;
    for (const path of ['plan-flags', 'plan-flags/summary']) expectProblem(await api.http().get(`${base}/${path}`).set(bearer(token)), 403);
  }
  const head = (await api.login(fixture.users.head.email)).accessToken;
  expect((await api.http().get(`${base}/plan-flags/summary`).set(bearer(head))).body.pupils).toBe(PUPILS);
});

// A school's red flags join its pupils to their entries and cycles. With nested loops, at England's scale the
// planner expected one row a side and one head's review_overdue list took 28 s (docs/performance.md, *The head's
// red flags at England's scale*): both routes open their transaction joining by hashing, at no extra round trip.
it.each(['plan-flags/summary', 'plan-flags?code=review_overdue', 'plan-flags'])(
  '%s opens its transaction with nested loops off and sends no separate setting',
  async (path) => {
    const spy = jest.spyOn(api.dataSource.logger, 'logQuery');
    try {
      await get(path);
      const sent = spy.mock.calls.map(([sql]) => sql);
      const opened = sent.filter((sql) => sql.startsWith('START TRANSACTION'));
      expect(opened).toHaveLength(1);
      expect(opened[0]).toContain(`set_config('enable_nestloop', 'off', true)`);
      expect(sent.filter((sql) => sql.includes('enable_nestloop') && !sql.startsWith('START TRANSACTION'))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  },
);
