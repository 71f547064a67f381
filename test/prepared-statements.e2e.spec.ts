import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { jest } from '@jest/globals';
import {
  createDataSource,
  forgetHeldStatements,
  planForEachRun,
  preparingClient,
  sendWithNextStatement,
  TenantTransactions,
  withoutNestedLoops,
} from '#libs/database';
import { allEntities } from '#libs/entities';
import { recordFlights } from './helpers/round-trips.js';

/**
 * Named prepared statements (libs/database/prepared-statements.ts), against the test run's PostgreSQL:
 * what each connection has prepared is in its own `pg_prepared_statements`.
 */
interface Prepared {
  name: string;
  statement: string;
}
const preparedOn = async (client: pg.Client): Promise<Prepared[]> =>
  (await client.query<Prepared>(`select name, statement from pg_prepared_statements order by name`)).rows;

const connect = async (limit?: number): Promise<pg.Client> => {
  const Client = preparingClient(limit);
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
};

it('a statement with parameters is prepared once per connection and run by name after that', async () => {
  const client = await connect();
  try {
    const sql = `select $1::int + 1 as n`;
    expect((await client.query(sql, [1])).rows).toEqual([{ n: 2 }]);
    expect((await client.query(sql, [41])).rows).toEqual([{ n: 42 }]);
    expect((await client.query(`select $1::text as t`, ['x'])).rows).toEqual([{ t: 'x' }]);
    expect(await preparedOn(client)).toEqual([
      { name: 's1', statement: sql },
      { name: 's2', statement: `select $1::text as t` },
    ]);
    // Without parameters, and several statements in one message, nothing is prepared.
    await client.query(`select 1; select 2`);
    await client.query(`select 3`, []);
    expect(await preparedOn(client)).toHaveLength(2);
  } finally {
    await client.end();
  }
});

it('past its limit a connection runs new statements unnamed, and prepared ones still by name', async () => {
  const client = await connect(2);
  try {
    for (const k of [1, 2, 3, 4]) expect((await client.query(`select $1::int * ${k} as n`, [10])).rows).toEqual([{ n: 10 * k }]);
    expect((await client.query(`select $1::int * 1 as n`, [7])).rows).toEqual([{ n: 7 }]);
    expect((await preparedOn(client)).map((p) => p.name)).toEqual(['s1', 's2']);
  } finally {
    await client.end();
  }
});

it('a statement that fails to parse or to run leaves the connection usable, and the next try works', async () => {
  const client = await connect();
  try {
    await expect(client.query(`selec $1::int`, [1])).rejects.toThrow(/syntax error/);
    await expect(client.query(`selec $1::int`, [1])).rejects.toThrow(/syntax error/);
    const divide = `select 10 / $1::int as n`;
    await expect(client.query(divide, [0])).rejects.toThrow('division by zero');
    expect((await client.query(divide, [5])).rows).toEqual([{ n: 2 }]);
    await client.query('begin');
    await expect(client.query(`select $1::int / 0`, [1])).rejects.toThrow('division by zero');
    await expect(client.query(`select $1::int as n`, [1])).rejects.toThrow(/current transaction is aborted/);
    await client.query('rollback');
    expect((await client.query(`select $1::int as n`, [1])).rows).toEqual([{ n: 1 }]);
  } finally {
    await client.end();
  }
});

it('the data source prepares only when told to, as DATABASE_PREPARED_STATEMENTS says', async () => {
  for (const preparedStatements of [true, false]) {
    const dataSource = await createDataSource({
      url: process.env.DATABASE_URL!,
      entities: allEntities,
      applicationName: 'prepared-test',
      poolSize: 1,
      preparedStatements,
    }).initialize();
    try {
      await dataSource.query(`select $1::int as n`, [1]);
      const rows = await dataSource.query<{ n: number }[]>(`select count(*)::int as n from pg_prepared_statements where statement = 'select $1::int as n'`);
      expect(rows).toEqual([{ n: preparedStatements ? 1 : 0 }]);
    } finally {
      await dataSource.destroy();
    }
  }
});

it('planForEachRun plans the rest of its transaction for each run, and sets it once however often it is called', async () => {
  const dataSource = await createDataSource({
    url: process.env.DATABASE_URL!,
    entities: allEntities,
    applicationName: 'prepared-test',
    poolSize: 1,
    preparedStatements: true,
  }).initialize();
  try {
    const tx = new TenantTransactions(dataSource);
    const sent: string[] = [];
    const log = jest.spyOn(dataSource.logger, 'logQuery').mockImplementation((sql) => void sent.push(sql));
    const mode = `select current_setting('plan_cache_mode') as mode`;
    const seen = await tx.run({ schoolIds: [] }, async (m) => {
      const before = await m.query<{ mode: string }[]>(mode);
      await planForEachRun(m);
      await planForEachRun(m);
      return { before, after: await m.query<{ mode: string }[]>(mode) };
    });
    log.mockRestore();
    expect(seen).toEqual({ before: [{ mode: 'auto' }], after: [{ mode: 'force_custom_plan' }] });
    expect(sent.filter((sql) => sql.includes('plan_cache_mode') && sql.includes('set_config'))).toHaveLength(1);
    // Transaction-local: the next transaction on the same connection plans as PostgreSQL chooses again.
    expect(await tx.run({ schoolIds: [] }, (m) => m.query<{ mode: string }[]>(mode))).toEqual([{ mode: 'auto' }]);
  } finally {
    await dataSource.destroy();
  }
});

it('withoutNestedLoops joins by hashing for its reads only, nests, and passes a failure on as it was', async () => {
  const dataSource = await createDataSource({
    url: process.env.DATABASE_URL!,
    entities: allEntities,
    applicationName: 'prepared-test',
    poolSize: 1,
  }).initialize();
  try {
    const tx = new TenantTransactions(dataSource);
    const setting = async (m: EntityManager) => (await m.query<{ v: string }[]>(`select current_setting('enable_nestloop') as v`))[0]?.v;
    // Two tenant tables joined on their keys, as the report's statements join them.
    const plan = async (m: EntityManager) =>
      JSON.stringify(
        await m.query(
          `explain (format json) select p.id from pupils p join sen_status_entries e on e.school_id = p.school_id and e.pupil_id = p.id where p.school_id = $1`,
          [randomUUID()],
        ),
      );
    const seen = await tx.run({ schoolIds: [randomUUID()] }, async (m) => {
      const before = { setting: await setting(m), plan: await plan(m) };
      const inside = await withoutNestedLoops(m, async () => ({
        setting: await setting(m),
        plan: await plan(m),
        nested: await withoutNestedLoops(m, () => setting(m)),
        afterNested: await setting(m),
      }));
      // A failure that is not the database's: the setting is restored and the transaction goes on.
      const thrown = await withoutNestedLoops(m, () => Promise.reject(new Error('not the database'))).catch((e: Error) => e.message);
      return { before, inside, thrown, after: await setting(m) };
    });
    expect(seen.before.setting).toBe('on');
    expect(seen.before.plan).toContain('Nested Loop');
    expect(seen.inside).toEqual({ setting: 'off', plan: expect.not.stringContaining('Nested Loop'), nested: 'off', afterNested: 'off' });
    expect(seen.thrown).toBe('not the database');
    expect(seen.after).toBe('on');
    // A statement that fails aborts the transaction: its own error is what the caller sees.
    await expect(tx.run({ schoolIds: [] }, (m) => withoutNestedLoops(m, () => m.query(`select 1 / 0`)))).rejects.toThrow('division by zero');
    // Transaction-local: the next transaction on the same connection joins as PostgreSQL chooses.
    expect(await tx.run({ schoolIds: [] }, setting)).toBe('on');
    // A transaction opened without them (a @HashJoins route) keeps them off throughout, withoutNestedLoops or not.
    const opened = await tx.run(
      { schoolIds: [] },
      async (m) => ({ first: await setting(m), inner: await withoutNestedLoops(m, () => setting(m)), after: await setting(m) }),
      { hashJoins: true },
    );
    expect(opened).toEqual({ first: 'off', inner: 'off', after: 'off' });
  } finally {
    await dataSource.destroy();
  }
});

describe('a statement held for the next (sendWithNextStatement)', () => {
  it('goes to PostgreSQL in the same write as the next one, and resolves at once without its rows', async () => {
    const client = await connect();
    const recorder = recordFlights();
    try {
      expect(sendWithNextStatement(client)).toBe(true);
      await expect(client.query(`START TRANSACTION; select set_config('app.user_id', 'held', true)`)).resolves.toEqual([]);
      const { rows } = await client.query<{ setting: string }>(`select current_setting($1) as setting`, ['app.user_id']);
      // The next statement ran inside the held one's transaction, with its setting.
      expect(rows).toEqual([{ setting: 'held' }]);
      await client.query('COMMIT');
      const mine = recorder.flights.filter((f) => f.connection === (client as unknown as { connection: object }).connection);
      expect(mine.map((f) => f.messages)).toEqual([
        [`Q START TRANSACTION; select set_config('app.user_id', 'held', true)`, 'B select current_setting($1) as setting'],
        ['Q COMMIT'],
      ]);
    } finally {
      recorder.stop();
      await client.end();
    }
  });

  it('gives the held statement’s rows to its reader, and the next fails if the reader refuses them', async () => {
    const client = await connect();
    try {
      const seen: unknown[][] = [];
      sendWithNextStatement(client, (rows) => seen.push(rows));
      await client.query(`select $1::text as who`, ['held']);
      expect((await client.query(`select 2 as n`)).rows).toEqual([{ n: 2 }]);
      expect(seen).toEqual([[{ who: 'held' }]]);

      sendWithNextStatement(client, () => {
        throw new Error('refused by its reader');
      });
      await client.query(`select $1::text as who`, ['held']);
      await expect(client.query(`select 3 as n`)).rejects.toThrow('refused by its reader');
      // The connection is as usable as before.
      expect((await client.query(`select $1::int as n`, [4])).rows).toEqual([{ n: 4 }]);
    } finally {
      await client.end();
    }
  });

  it('a held statement that fails fails the next, and a statement held and forgotten never runs', async () => {
    const client = await connect();
    try {
      sendWithNextStatement(client);
      await client.query(`select 1 / 0`);
      await expect(client.query(`select $1::int as n`, [1])).rejects.toThrow('division by zero');

      sendWithNextStatement(client);
      await client.query(`create temporary table held_and_forgotten (n int)`);
      forgetHeldStatements(client);
      expect((await client.query(`select to_regclass('pg_temp.held_and_forgotten') as t`)).rows).toEqual([{ t: null }]);
    } finally {
      await client.end();
    }
  });

  it('a client that does not pipeline holds nothing: the caller sends as ever', async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      expect(sendWithNextStatement(client)).toBe(false);
      expect((await client.query(`select 1 as n`)).rows).toEqual([{ n: 1 }]);
    } finally {
      await client.end();
    }
  });
});
