import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MemoryWriteFences, TenantTransactions, createDataSource } from '#libs/database';
import { startTestApi, type TestApi } from './helpers/api.js';

/**
 * TenantTransactions' read-only mode (libs/database/read-replica.ts) with the "replica" pointed at the test
 * PostgreSQL itself, which is always caught up with itself: the rules that do not need a standby. The standby
 * itself is in test/read-replica.serial.spec.ts.
 */
let api: TestApi;
let replica: DataSource;
beforeAll(async () => {
  api = await startTestApi();
  replica = await createDataSource({ url: process.env.DATABASE_URL!, entities: [], applicationName: 'read-only-spec', poolSize: 2 }).initialize();
});
afterAll(async () => {
  await replica?.destroy();
  await api?.close();
});

const state = `select current_setting('transaction_read_only') as "readOnly", current_setting('app.school_ids') as schools, txid_current_if_assigned() as txid`;
type State = { readOnly: string; schools: string; txid: string | null };

it('without a replica a read-only run is an ordinary transaction on the primary', async () => {
  const school = randomUUID();
  const [row] = await new TenantTransactions(api.dataSource).run({ schoolIds: [school] }, (m) => m.query<State[]>(state), { readOnly: true });
  expect(row).toMatchObject({ readOnly: 'off', schools: `{${school}}` });
});

it('with a replica a read-only run is a read-only transaction with the same settings, and refuses writes', async () => {
  const school = randomUUID();
  const tx = new TenantTransactions(api.dataSource, replica, new MemoryWriteFences());
  const [row] = await tx.run({ schoolIds: [school] }, (m) => m.query<State[]>(state), { readOnly: true });
  expect(row).toMatchObject({ readOnly: 'on', schools: `{${school}}` });
  await expect(tx.run({ schoolIds: [school] }, (m) => m.query(`create temp table refused (i int)`), { readOnly: true })).rejects.toThrow(
    /read-only transaction/,
  );
});

it('write() inside a replica read commits on the primary in a transaction of its own, with the same scope', async () => {
  const school = randomUUID();
  const tx = new TenantTransactions(api.dataSource, replica, new MemoryWriteFences());
  const seen = await tx.run(
    { schoolIds: [school], userId: randomUUID() },
    async (m) => ({ read: (await m.query<State[]>(state))[0], written: (await tx.write((w) => w.query<State[]>(`${state}, txid_current()`)))[0] }),
    { readOnly: true },
  );
  expect(seen.read?.readOnly).toBe('on');
  expect(seen.written).toMatchObject({ readOnly: 'off', schools: `{${school}}` });
  // In an ordinary transaction, write() joins it.
  const joined = await tx.run({ schoolIds: [school] }, async (m) => [
    (await m.query<{ t: string }[]>(`select txid_current()::text as t`))[0]?.t,
    (await tx.write((w) => w.query<{ t: string }[]>(`select txid_current()::text as t`)))[0]?.t,
  ]);
  expect(joined[0]).toBe(joined[1]);
  await expect(tx.write(() => Promise.resolve(1))).rejects.toThrow('No tenant transaction is open');
});

it('a school that wrote is fenced: its next read-only run goes to the primary until the replica has replayed past the write', async () => {
  const school = randomUUID();
  const fences = new MemoryWriteFences();
  const tx = new TenantTransactions(api.dataSource, replica, fences);
  await tx.run({ schoolIds: [school] }, (m) => m.query(`select txid_current()`)); // assigns a transaction id: a write
  const position = await fences.furthest([school]);
  expect(position).toMatch(/^\d{20}$/);
  expect(await fences.furthest([randomUUID()])).toBeNull();
  // A fence far beyond anything replayed: the read goes to the primary (an ordinary, read-write transaction).
  await fences.record([school], '9'.repeat(20));
  const [row] = await tx.run({ schoolIds: [school] }, (m) => m.query<State[]>(state), { readOnly: true });
  expect(row?.readOnly).toBe('off');
  // A run that wrote nothing records no fence.
  const quiet = randomUUID();
  await tx.run({ schoolIds: [quiet] }, (m) => m.query(`select 1`));
  expect(await fences.furthest([quiet])).toBeNull();
});

it('reads on the primary when the fences cannot be read (Redis away)', async () => {
  const unreachable = { record: () => Promise.reject(new Error('down')), furthest: () => Promise.reject(new Error('down')) };
  const tx = new TenantTransactions(api.dataSource, replica, unreachable);
  const [row] = await tx.run({ schoolIds: [randomUUID()] }, (m) => m.query<State[]>(state), { readOnly: true });
  expect(row?.readOnly).toBe('off');
});
