import { randomUUID } from 'node:crypto';
import { TenantTransactions } from '#libs/database';
import { startTestApi, type TestApi } from './helpers/api.js';

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
