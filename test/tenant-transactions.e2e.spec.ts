import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { TenantTransactions } from '#libs/database';
import { createTestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';
import { populatePlan } from './helpers/plans.js';
import { addPupil, bearer, setStatus } from './helpers/register.js';
import { recordFlights } from './helpers/round-trips.js';

/**
 * Every TenantTransactions shares one AsyncLocalStorage (libs/database/tenant-transactions.ts says why), and
 * still keeps its open transaction to itself: a run inside its own run joins it, a run of another instance
 * inside it opens a transaction of its own, and a different scope inside its own run is refused.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const txid = `select txid_current()::text as txid, current_setting('app.school_ids') as schools`;

it('a run inside the same instance joins its transaction; another instance opens its own', async () => {
  const school = randomUUID();
  const other = randomUUID();
  const tx = new TenantTransactions(api.dataSource);
  const seen = await tx.run({ schoolIds: [school] }, async (m) => ({
    outer: (await m.query<{ txid: string; schools: string }[]>(txid))[0],
    same: (await tx.run({ schoolIds: [school] }, (n) => n.query<{ txid: string; schools: string }[]>(txid)))[0],
    another: (await new TenantTransactions(api.dataSource).run({ schoolIds: [other] }, (n) => n.query<{ txid: string; schools: string }[]>(txid)))[0],
  }));
  expect(seen.same).toEqual(seen.outer);
  expect(seen.outer?.schools).toBe(`{${school}}`);
  expect(seen.another?.schools).toBe(`{${other}}`);
  expect(seen.another?.txid).not.toBe(seen.outer?.txid);
});

it('a different scope inside an instance’s own open transaction is refused', async () => {
  const tx = new TenantTransactions(api.dataSource);
  await expect(tx.run({ schoolIds: [randomUUID()] }, () => tx.run({ schoolIds: [randomUUID()] }, () => Promise.resolve(1)))).rejects.toThrow(
    'A tenant transaction cannot open another with a different scope',
  );
});

it('a GET of a session the process knows makes one round trip: its principal confirmed by the opening, its page, and COMMIT', async () => {
  const fixture = await createTestSchool(api.dataSource);
  const token = (await api.login(fixture.users.senco.email)).accessToken;
  await addPupil(api, token, fixture.school.id); // a POST: its principal is read on its own, and remembered
  const recorder = recordFlights();
  try {
    const res = await api.http().get(`/v1/schools/${fixture.school.id}/register?status=K,E,N`).set(bearer(token));
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0); // the settings took effect: RLS showed the school's pupils
  } finally {
    recorder.stop();
  }
  // The remembered principal is confirmed by the user's principal stamp, read by the opening: app.principal is not run.
  expect(recorder.flights.filter((f) => f.messages.some((m) => m.includes('from app.principal(')))).toEqual([]);
  const opened = recorder.flights.filter((f) => f.messages.some((m) => m.startsWith('Q START TRANSACTION')));
  expect(opened).toHaveLength(1);
  const [first] = opened;
  // One write, one wait: the transaction opened read only with its settings and the stamp, the register's
  // statement (the page's last read), and COMMIT.
  expect(first?.messages).toHaveLength(3);
  expect(first?.messages[0]).toMatch(
    new RegExp(`^Q START TRANSACTION READ ONLY; select set_config\\('app\\.school_ids', '\\{${fixture.school.id}\\}', true\\)`),
  );
  expect(first?.messages[0]).toContain(`set_config('app.pupil_access', 'all', true)`);
  // The register joins the school's pupils to their statuses: its transaction opens joining by hashing, in the same message.
  expect(first?.messages[0]).toContain(`set_config('enable_nestloop', 'off', true)`);
  expect(first?.messages[0]).toContain(`(select principal_stamp::text from users where id = '${fixture.users.senco.id}') as checked`);
  expect(first?.messages[1]).toMatch(/^B select p\.id, p\.upn/);
  expect(first?.messages[2]).toBe('Q COMMIT');
  // Nothing else on that connection.
  expect(recorder.flights.filter((f) => f.connection === first?.connection && f !== first)).toEqual([]);
});

it('a pupil’s plan is read in a few round trips: its plan, its records and the authority’s offer go together', async () => {
  const fixture = await createTestSchool(api.dataSource);
  const token = (await api.login(fixture.users.senco.email)).accessToken;
  const pupil = await addPupil(api, token, fixture.school.id);
  expect((await setStatus(api, token, fixture.school.id, pupil.id, { status: 'K', startDate: '2026-01-05', primaryNeed: 'SLCN' })).status).toBe(201);
  await populatePlan(api, token, fixture.school.id, pupil.id);
  const recorder = recordFlights();
  let body: {
    status: string;
    current: { id: string } | null;
    cycles: { id: string; status: string; achieved: number; partlyAchieved: number; notAchieved: number }[];
  };
  try {
    const res = await api.http().get(`/v1/schools/${fixture.school.id}/pupils/${pupil.id}/plan`).set(bearer(token));
    expect(res.status).toBe(200);
    body = res.body as typeof body;
  } finally {
    recorder.stop();
  }
  const start = recorder.flights.findIndex((f) => f.messages.some((m) => m.startsWith('Q START TRANSACTION')));
  const mine = recorder.flights.slice(start).filter((f) => f.connection === recorder.flights[start]!.connection);
  // 28 statements in six round trips (27 before stop 47): the opening with the pupil, the access log, the school,
  // its calendar's two, then all 21 reads of the plan (7), the pupil's records (3) and the authority's offer (11)
  // in one flight, and COMMIT.
  expect(mine.map((f) => f.messages.length)).toEqual([2, 1, 1, 2, 21, 1]);
  const reads = mine[4]!.messages.join('\n');
  for (const table of ['PlanCycle', 'PlanContribution', 'professional_reports', 'oap_frameworks', 'OapSchoolExpectation', 'oap_not_applicable'])
    expect(reads).toContain(table);
  // And the plan came back whole: both cycles, the first reviewed, the second in place and current.
  expect(body.status).toBe('K');
  expect(body.cycles.map((c) => [c.status, c.achieved + c.partlyAchieved + c.notAchieved])).toEqual([
    ['reviewed', 1],
    ['active', 0],
  ]);
  expect(body.current?.id).toBe(body.cycles[1]!.id);
});

it('the register’s counts are one round trip too', async () => {
  const fixture = await createTestSchool(api.dataSource);
  const token = (await api.login(fixture.users.senco.email)).accessToken;
  await addPupil(api, token, fixture.school.id);
  const recorder = recordFlights();
  try {
    const res = await api.http().get(`/v1/schools/${fixture.school.id}/register/summary?status=K,E,N`).set(bearer(token));
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
  } finally {
    recorder.stop();
  }
  const opened = recorder.flights.filter((f) => f.messages.some((m) => m.startsWith('Q START TRANSACTION')));
  expect(opened.map((f) => f.messages.map((m) => m.slice(0, 30)))).toEqual([['Q START TRANSACTION READ ONLY;', "B select coalesce(e.status, 'N", 'Q COMMIT']]);
});

describe('a run that ends with its last read (lastRead)', () => {
  const scopeOf = (fixture: { school: { id: string } }) => ({ schoolIds: [fixture.school.id], pupilAccess: 'all' as const });
  // Read back through a transaction of its own, as the app role sees the school.
  const nameOf = (fixture: { school: { id: string } }) =>
    new TenantTransactions(api.dataSource).run(scopeOf(fixture), (m) =>
      m.query<{ name: string }[]>(`select name from schools where id = $1`, [fixture.school.id]),
    );

  it('sends nothing before it: opens read only and commits in the same write, and answers the rows', async () => {
    const fixture = await createTestSchool(api.dataSource);
    const tx = new TenantTransactions(api.dataSource);
    const recorder = recordFlights();
    let rows: { schools: string; readOnly: string }[];
    try {
      rows = await tx.run(scopeOf(fixture), () =>
        tx.lastRead<{ schools: string; readOnly: string }>(`select current_setting('app.school_ids') as schools, current_setting($1) as "readOnly"`, [
          'transaction_read_only',
        ]),
      );
    } finally {
      recorder.stop();
    }
    expect(rows).toEqual([{ schools: `{${fixture.school.id}}`, readOnly: 'on' }]);
    const opened = recorder.flights.filter((f) => f.messages.some((m) => m.startsWith('Q START TRANSACTION')));
    expect(opened.map((f) => f.messages.map((m) => m.slice(0, 30)))).toEqual([
      ['Q START TRANSACTION READ ONLY;', "B select current_setting('app.", 'Q COMMIT'],
    ]);
  });

  it('after another statement: runs as any statement, and the transaction commits when its work ends, writes and all', async () => {
    const fixture = await createTestSchool(api.dataSource);
    const tx = new TenantTransactions(api.dataSource);
    const renamed = `Renamed ${randomUUID()}`;
    const recorder = recordFlights();
    let rows: { name: string }[];
    try {
      rows = await tx.run(scopeOf(fixture), async (m) => {
        await m.query(`update schools set name = $1 where id = $2`, [renamed, fixture.school.id]);
        return tx.lastRead<{ name: string }>(`select name from schools where id = $1`, [fixture.school.id]);
      });
    } finally {
      recorder.stop();
    }
    expect(rows).toEqual([{ name: renamed }]);
    expect(await nameOf(fixture)).toEqual([{ name: renamed }]);
    const opening = recorder.flights.find((f) => f.messages.some((m) => m.startsWith('Q START TRANSACTION')));
    expect(opening?.messages[0]).toMatch(/^Q START TRANSACTION; /);
    const mine = recorder.flights.filter((f) => f.connection === opening?.connection).map((f) => f.messages.map((m) => m.slice(0, 22)));
    expect(mine).toEqual([['Q START TRANSACTION; s', 'B update schools set n'], ['B select name from sch'], ['Q COMMIT']]);
  });

  it('read only: a write given as the last read fails, and nothing of it is kept', async () => {
    const fixture = await createTestSchool(api.dataSource);
    const tx = new TenantTransactions(api.dataSource);
    const before = await nameOf(fixture);
    expect(before).toEqual([{ name: expect.any(String) }]);
    await expect(
      tx.run(scopeOf(fixture), () => tx.lastRead(`update schools set name = 'Written' where id = $1 returning name`, [fixture.school.id])),
    ).rejects.toThrow('cannot execute UPDATE in a read-only transaction');
    expect(await nameOf(fixture)).toEqual(before);
  });

  it('nothing may follow it: the transaction’s manager, a run inside it and a write are refused, and the run fails', async () => {
    const fixture = await createTestSchool(api.dataSource);
    const tx = new TenantTransactions(api.dataSource);
    const ended = 'This transaction ended with its last read';
    for (const after of [
      (m: EntityManager) => m.query(`select 1`),
      () => tx.manager().query(`select 1`),
      () => tx.run(scopeOf(fixture), (m) => m.query(`select 1`)),
      () => tx.write((m) => m.query(`select 1`)),
    ]) {
      await expect(
        tx.run(scopeOf(fixture), async (m) => {
          await tx.lastRead(`select 1 as one`);
          await after(m);
        }),
      ).rejects.toThrow(ended);
    }
  });
});

it('the register of pupils on it opens with plain index scans off, in the same message; with pupils not on it, it does not', async () => {
  const fixture = await createTestSchool(api.dataSource);
  const token = (await api.login(fixture.users.senco.email)).accessToken;
  await addPupil(api, token, fixture.school.id);
  const openings: Record<string, boolean> = {};
  for (const status of ['K,E', '', 'K', 'K,E,N', 'n', 'K,nonsense']) {
    const recorder = recordFlights();
    try {
      const res = await api.http().get(`/v1/schools/${fixture.school.id}/register?status=${status}`).set(bearer(token));
      expect(res.status).toBe(status === 'K,nonsense' ? 400 : 200);
    } finally {
      recorder.stop();
    }
    const opening = recorder.flights.flatMap((f) => f.messages).find((m) => m.startsWith('Q START TRANSACTION'));
    openings[status] = opening?.includes(`set_config('enable_indexscan', 'off', true)`) ?? false;
  }
  // A status the query string cannot be read for counts as including N; validation then refuses it anyway.
  expect(openings).toEqual({ 'K,E': true, '': true, K: true, 'K,E,N': false, n: false, 'K,nonsense': false });
});

it('a request that may write reads its principal in a round trip of its own, then opens its transaction with its first statement', async () => {
  const fixture = await createTestSchool(api.dataSource);
  const token = (await api.login(fixture.users.senco.email)).accessToken;
  const recorder = recordFlights();
  try {
    await addPupil(api, token, fixture.school.id);
  } finally {
    recorder.stop();
  }
  const principal = recorder.flights.filter((f) => f.messages.some((m) => m.includes('from app.principal(')));
  expect(principal.map((f) => f.messages.length)).toEqual([1]);
  const opened = recorder.flights.filter((f) => f.messages.some((m) => m.startsWith('Q START TRANSACTION')));
  expect(opened.length).toBeGreaterThan(0);
  const [opening] = opened;
  expect(opening?.messages[0]).toMatch(new RegExp(`^Q START TRANSACTION; select set_config\\('app\\.school_ids', '\\{${fixture.school.id}\\}', true\\)`));
  expect(opening?.messages.length).toBe(2); // and the transaction's first statement, in the same write
});

it('a run that fails rolls back, and its connection carries nothing to the next run', async () => {
  const school = randomUUID();
  const tx = new TenantTransactions(api.dataSource);
  let failed: string | undefined;
  let pid: number | undefined;
  await expect(
    tx.run({ schoolIds: [school] }, async (m) => {
      const [row] = await m.query<{ txid: string; pid: number }[]>(`select txid_current()::text as txid, pg_backend_pid() as pid`);
      ({ txid: failed, pid } = row ?? {});
      await m.query(`select 1 / 0`);
    }),
  ).rejects.toThrow('division by zero');
  // The pool's connections, one after another: none is still in that transaction or holds its school.
  const after = await Promise.all(
    Array.from({ length: 3 }, () =>
      new TenantTransactions(api.dataSource).run({ schoolIds: [] }, async (m) => (await m.query<{ txid: string; schools: string }[]>(txid))[0]),
    ),
  );
  for (const row of after) {
    expect(row?.txid).not.toBe(failed);
    expect(row?.schools).toBe('{}');
  }
  // The failed run's own connection is idle, outside any transaction. (Counting every connection of this
  // process that is idle in transaction would race with the API's own background work between statements.)
  expect(pid).toEqual(expect.any(Number));
  expect(await api.dataSource.query(`select state, backend_xid from pg_stat_activity where pid = $1`, [pid])).toEqual([{ state: 'idle', backend_xid: null }]);
});

it('a route not marked @HashJoins opens its transaction with nested loops as PostgreSQL chooses', async () => {
  const fixture = await createTestSchool(api.dataSource);
  const token = (await api.login(fixture.users.senco.email)).accessToken;
  const pupil = await addPupil(api, token, fixture.school.id);
  const spy = jest.spyOn(api.dataSource.logger, 'logQuery');
  try {
    expect((await api.http().get(`/v1/schools/${fixture.school.id}/pupils/${pupil.id}`).set(bearer(token))).status).toBe(200);
    const opened = spy.mock.calls.map(([sql]) => sql).filter((sql) => sql.startsWith('START TRANSACTION'));
    expect(opened.length).toBeGreaterThan(0);
    for (const sql of opened) expect(sql).not.toContain('enable_nestloop');
  } finally {
    spy.mockRestore();
  }
});
