import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { jest } from '@jest/globals';
import pg from 'pg';
import { academicYearOf } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { createTestSchool, createTrustWithLead, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer, linkParent, todayInLondon } from './helpers/register.js';

/**
 * The streaming read replica (docs/scaling.md, Read replicas). A real standby of the test PostgreSQL
 * (scripts/pg-standby.mjs: a low-level base backup and streaming replication) and the API with
 * DATABASE_READ_URL pointed at it:
 * - the routes marked @ReadReplica answer from the standby: with replay paused, a change made without a fence
 *   (by another process) is not in them while the primary has it;
 * - read-your-writes: a SENCO who has just written reads their own change, with replay paused and racing a
 *   running replica, every time;
 * - RLS holds on the standby: a school reads only its rows, a parent only their child;
 * - the access log and an export's audit event are written on the primary while the read is served by the
 *   standby, and no replica route writes in its read-only transaction.
 */
jest.setTimeout(300_000);

interface Standby {
  port: number;
  databaseUrl: string;
  superuserUrl: string;
  stop: () => Promise<void>;
}
type StartStandby = (options: { superuserUrl: string; dataDir: string; log?: (line: string) => void }) => Promise<Standby>;

const ALL = 'status=N,K,E&limit=200';
let standby: Standby;
let replica: pg.Client;
let primary: pg.Client;
let api: TestApi;
let a: TestSchool;
let b: TestSchool;
let sencoA: string;
let sencoB: string;

async function lsn(client: pg.Client, sql: string): Promise<bigint> {
  const { rows } = await client.query<{ n: string }>(`select (${sql} - '0/0'::pg_lsn)::text as n`);
  return BigInt(rows[0]!.n);
}

/** Until the standby has replayed everything the primary has written so far. */
async function caughtUp(): Promise<void> {
  const target = await lsn(primary, 'pg_current_wal_lsn()');
  for (let i = 0; i < 300; i++) {
    if ((await lsn(replica, 'pg_last_wal_replay_lsn()')) >= target) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the standby did not catch up within 30 s');
}

async function pause(): Promise<void> {
  await replica.query('select pg_wal_replay_pause()');
  for (let i = 0; i < 100; i++) {
    const { rows } = await replica.query<{ state: string }>('select pg_get_wal_replay_pause_state() as state');
    if (rows[0]?.state === 'paused') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('replay did not pause');
}

const register = async (school: TestSchool, token: string) => {
  const res = await api.http().get(`/v1/schools/${school.school.id}/register?${ALL}`).set(bearer(token));
  expect(res.status).toBe(200);
  return res.body as { items: { pupilId: string; legalLastName: string }[] };
};

beforeAll(async () => {
  const { startStandby } = (await import(pathToFileURL(path.resolve('scripts/pg-standby.mjs')).href)) as { startStandby: StartStandby };
  standby = await startStandby({
    superuserUrl: process.env.SUPERUSER_DATABASE_URL!,
    dataDir: path.resolve(process.env.TEST_DATA_DIR || '.data/test', 'read-replica'),
  });
  replica = new pg.Client({ connectionString: standby.superuserUrl });
  primary = new pg.Client({ connectionString: process.env.SUPERUSER_DATABASE_URL });
  replica.on('error', () => undefined); // the last test stops the standby under it
  await Promise.all([replica.connect(), primary.connect()]);
  api = await startTestApi({ env: { DATABASE_READ_URL: standby.databaseUrl } });
  [a, b] = [await createTestSchool(api.dataSource), await createTestSchool(api.dataSource)];
  sencoA = (await api.login(a.users.senco.email)).accessToken;
  sencoB = (await api.login(b.users.senco.email)).accessToken;
});

afterAll(async () => {
  await replica?.query('select pg_wal_replay_resume()').catch(() => undefined);
  await api?.close();
  await Promise.allSettled([replica?.end(), primary?.end()]);
  await standby?.stop();
});

describe('the streaming read replica', () => {
  it('serves the replica routes from the standby, and a school its own writes from the primary until the standby has them', async () => {
    const pupil = await addPupil(api, sencoA, a.school.id, { legalLastName: 'Before' });
    await caughtUp();
    await pause();
    try {
      // A change the API did not make (no fence): the primary has it, the paused standby does not.
      const changed = await new TenantTransactions(api.dataSource).run({ schoolIds: [a.school.id], pupilAccess: 'all' }, (m) =>
        m.query<[{ id: string }[], number]>(`update pupils set legal_last_name = 'After' where school_id = $1 and id = $2 returning id`, [
          a.school.id,
          pupil.id,
        ]),
      );
      expect(changed[1]).toBe(1);
      const stale = (await register(a, sencoA)).items.find((r) => r.pupilId === pupil.id);
      expect(stale?.legalLastName).toBe('Before');
      const record = await api.http().get(`/v1/schools/${a.school.id}/pupils/${pupil.id}`).set(bearer(sencoA));
      expect(record.body.legalLastName).toBe('After'); // not a replica route

      // The SENCO's own write fences the school: the next read goes to the primary, which has both changes.
      const added = await addPupil(api, sencoA, a.school.id, { legalLastName: 'Mine' });
      const fresh = (await register(a, sencoA)).items;
      expect(fresh.find((r) => r.pupilId === added.id)?.legalLastName).toBe('Mine');
      expect(fresh.find((r) => r.pupilId === pupil.id)?.legalLastName).toBe('After');
      // School B wrote nothing since the standby caught up: it reads from the paused standby, and only its rows.
      const seenByB = (await register(b, sencoB)).items;
      expect(seenByB.map((r) => r.pupilId)).not.toContain(pupil.id);
      expect(seenByB.map((r) => r.pupilId)).not.toContain(added.id);
    } finally {
      await replica.query('select pg_wal_replay_resume()');
    }
    await caughtUp();
    expect((await register(a, sencoA)).items.find((r) => r.pupilId === pupil.id)?.legalLastName).toBe('After');
  });

  it('never shows a SENCO their own change disappearing while the standby replays behind them', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 25; i++) {
      const added = await addPupil(api, sencoA, a.school.id, { legalLastName: `Race${i}` });
      const summary = await api.http().get(`/v1/schools/${a.school.id}/register/summary?status=N,K,E`).set(bearer(sencoA));
      const ids = (await register(a, sencoA)).items.map((r) => r.pupilId);
      seen.push(ids.includes(added.id) ? 'seen' : `missing after write ${i}`);
      expect(summary.status).toBe(200);
      expect(summary.body.total).toBeGreaterThanOrEqual(i + 1);
    }
    expect(seen).toEqual(Array.from({ length: 25 }, () => 'seen'));
  });

  it('keeps RLS on the standby and writes the access log and audit events on the primary', async () => {
    const mine = await addPupil(api, sencoB, b.school.id);
    const other = await addPupil(api, sencoB, b.school.id);
    const parent = await linkParent(api, sencoB, b.school.id, mine.id, `replica-parent-${b.school.id.slice(0, 8)}@test.invalid`);
    await caughtUp();
    await pause();
    try {
      const base = `/v1/schools/${b.school.id}`;
      const own = await api.http().get(`${base}/pupils/${mine.id}/provision-map`).set(bearer(parent));
      expect(own.status).toBe(200);
      expect(own.body.pupilId).toBe(mine.id);
      expect((await api.http().get(`${base}/pupils/${other.id}/provision-map`).set(bearer(parent))).status).toBe(404);
      // Another school's pupil is not found through this school's routes, on the standby as on the primary.
      const crossed = await api
        .http()
        .get(`/v1/schools/${b.school.id}/pupils/${(await register(a, sencoA)).items[0]!.pupilId}/provision-map`)
        .set(bearer(sencoB));
      expect(crossed.status).toBe(404);

      const exported = await api.http().get(`${base}/register/export?status=N,K,E`).set(bearer(sencoB));
      expect(exported.status).toBe(200);
      // On the primary, though the standby that served the reads is paused before them.
      const count = (sql: string, id: string) => onPrimary(sql, id);
      expect(await count(`select count(*)::int as n from access_events where pupil_id = $1 and resource = 'provision_map'`, mine.id)).toBe(1);
      expect(await count(`select count(*)::int as n from audit_events where school_id = $1 and action = 'register.exported'`, b.school.id)).toBe(1);
      expect(await count(`select count(*)::int as n from access_events where pupil_id = $1`, other.id)).toBe(0);
    } finally {
      await replica.query('select pg_wal_replay_resume()');
    }
  });

  it('answers every replica route without writing in its read-only transaction', async () => {
    const { trust, lead } = await createTrustWithLead(api.dataSource);
    const inTrust = await createTestSchool(api.dataSource, { trustId: trust.id });
    const senco = (await api.login(inTrust.users.senco.email)).accessToken;
    await addPupil(api, senco, inTrust.school.id);
    await caughtUp();
    const year = academicYearOf(todayInLondon());
    const base = `/v1/schools/${inTrust.school.id}`;
    const leadToken = (await api.login(lead.email)).accessToken;
    const answers = {
      trust: (await api.http().get(`/v1/trust/sen-reports?academicYear=${year}`).set(bearer(leadToken))).status,
      provisionMap: (await api.http().get(`${base}/provision-map`).set(bearer(senco))).status,
      provisionMapCsv: (await api.http().get(`${base}/provision-map?format=csv`).set(bearer(senco))).status,
      summary: (await api.http().get(`${base}/register/summary`).set(bearer(senco))).status,
      census: (await api.http().get(`${base}/census-check?date=${todayInLondon()}`).set(bearer(senco))).status,
      publicReport: (await api.http().get(`/v1/public/sen-information-reports/${inTrust.school.urn}?format=json`)).status,
      // The year's report before anyone has started it: a read that no longer starts the draft.
      report: (await api.http().get(`${base}/sen-reports/${year}`).set(bearer(senco))).status,
      reportExport: (await api.http().get(`${base}/sen-reports/${year}/export?format=md`).set(bearer(senco))).status,
    };
    // The school has published nothing, so the public route's answer is its 404, read on the standby.
    expect(answers).toEqual({
      trust: 200,
      provisionMap: 200,
      provisionMapCsv: 200,
      summary: 200,
      census: 200,
      publicReport: 404,
      report: 200,
      reportExport: 200,
    });
    expect(api.logs.join('')).not.toMatch(/read-only transaction/);
  });

  it('reads on the primary when the standby goes away', async () => {
    await standby.stop();
    const added = await addPupil(api, sencoB, b.school.id, { legalLastName: 'AfterStandby' });
    // The fence is checked on the replica, in its transaction's first statement: every read here tries it first.
    const rounds = [];
    for (let i = 0; i < 5; i++) rounds.push((await register(b, sencoB)).items.some((r) => r.pupilId === added.id));
    expect(rounds).toEqual([true, true, true, true, true]);
  });
});

/** A count on the primary as the superuser, which RLS does not bind (the tables force it on their owner). */
async function onPrimary(sql: string, id: string): Promise<number> {
  const url = new URL(process.env.SUPERUSER_DATABASE_URL!);
  url.pathname = '/sen';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(sql, [id]);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}
