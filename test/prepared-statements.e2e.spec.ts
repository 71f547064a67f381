import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { jest } from '@jest/globals';
import {
  createDataSource,
  forgetHeldStatements,
  planForEachRun,
  preparingClient,
  sendWithNextStatement,
  TenantTransactions,
  together,
  withoutNestedLoops,
} from '#libs/database';
import { allEntities } from '#libs/entities';
import { createTestSchool } from '#libs/testing';
import { recordFlights, type Flight } from './helpers/round-trips.js';

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

/** A data source of its own for `fn`, prepared or not, closed after. */
const withDataSource = async <T>(preparedStatements: boolean, fn: (tx: TenantTransactions, dataSource: DataSource) => Promise<T>): Promise<T> => {
  const dataSource = await createDataSource({
    url: process.env.DATABASE_URL!,
    entities: allEntities,
    applicationName: 'prepared-test',
    poolSize: 2,
    preparedStatements,
  }).initialize();
  try {
    return await fn(new TenantTransactions(dataSource), dataSource);
  } finally {
    await dataSource.destroy();
  }
};

it('the data source prepares only when told to, as DATABASE_PREPARED_STATEMENTS says', async () => {
  for (const preparedStatements of [true, false]) {
    await withDataSource(preparedStatements, async (_tx, dataSource) => {
      await dataSource.query(`select $1::int as n`, [1]);
      const rows = await dataSource.query<{ n: number }[]>(`select count(*)::int as n from pg_prepared_statements where statement = 'select $1::int as n'`);
      expect(rows).toEqual([{ n: preparedStatements ? 1 : 0 }]);
    });
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

describe('reads sent together (together)', () => {
  /** The flights of the one transaction recorded: from its opening, on its connection (the pool's own set-up before it is not). */
  const transactionFlights = (flights: Flight[]) => {
    const start = flights.findIndex((f) => f.messages.some((m) => m.startsWith('Q START TRANSACTION')));
    expect(start).toBeGreaterThanOrEqual(0);
    return flights.slice(start).filter((f) => f.connection === flights[start]!.connection);
  };
  const reads = (m: EntityManager) =>
    together<[{ n: number }[], { n: number }[], { who: string }[]]>(m, [
      () => m.query(`select $1::int as n`, [1]),
      // A read of several statements in turn, itself sending two together.
      async () => {
        const [a, b] = await together<[{ n: number }[], { n: number }[]]>(m, [
          () => m.query(`select $1::int as n`, [2]),
          () => m.query(`select $1::int + 1 as n`, [2]),
        ]);
        return [{ n: a[0]!.n + b[0]!.n }];
      },
      () => m.query(`select current_setting($1) as who`, ['app.user_id']),
    ]);

  it('on a pipelining connection: sent in one flight without waiting, answered in the order given', async () => {
    const recorder = recordFlights();
    try {
      const rows = await withDataSource(true, (tx) =>
        tx.run({ schoolIds: [], userId: '00000000-0000-4000-8000-000000000001' }, async (m) => {
          await m.query(`select $1::int as first`, [0]);
          return reads(m);
        }),
      );
      expect(rows).toEqual([[{ n: 1 }], [{ n: 5 }], [{ who: '00000000-0000-4000-8000-000000000001' }]]);
      // The opening with the first statement; the three reads' statements (the nested two among them) in one
      // flight, in the order each reached the connection; the COMMIT.
      expect(transactionFlights(recorder.flights).map((f) => [...f.messages].sort())).toEqual([
        ['B select $1::int as first', expect.stringMatching(/^Q START TRANSACTION; select set_config/)],
        ['B select $1::int + 1 as n', 'B select $1::int as n', 'B select $1::int as n', 'B select current_setting($1) as who'],
        ['Q COMMIT'],
      ]);
    } finally {
      recorder.stop();
    }
  });

  it('on a connection that does not pipeline (DATABASE_PREPARED_STATEMENTS=off): one after another, the same answers', async () => {
    const recorder = recordFlights();
    try {
      const rows = await withDataSource(false, (tx) => tx.run({ schoolIds: [], userId: '00000000-0000-4000-8000-000000000001' }, (m) => reads(m)));
      expect(rows).toEqual([[{ n: 1 }], [{ n: 5 }], [{ who: '00000000-0000-4000-8000-000000000001' }]]);
      // The opening, each of the four statements, the COMMIT: each waits for the reply before it.
      expect(transactionFlights(recorder.flights).map((f) => f.messages.length)).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      recorder.stop();
    }
  });

  it('a read that fails: the first failure in order is thrown once all have settled, and the transaction keeps nothing', async () => {
    await withDataSource(true, async (tx, dataSource) => {
      const { school } = await createTestSchool(dataSource);
      const scope = { schoolIds: [school.id], pupilAccess: 'all' as const };
      const nameOf = () => tx.run(scope, (m) => m.query<{ name: string }[]>(`select name from schools where id = $1`, [school.id]));
      const before = await nameOf();
      const settled: string[] = [];
      const run = tx.run(scope, async (m) => {
        await m.query(`update schools set name = $1 where id = $2`, [`Renamed ${randomUUID()}`, school.id]);
        return together(m, [
          () => m.query(`select $1::int as n`, [1]).finally(() => settled.push('first')),
          () => m.query(`select 1 / $1::int as n`, [0]).finally(() => settled.push('second')),
          // Sent behind the failure in the same transaction: PostgreSQL refuses it.
          () => m.query(`select $1::int as n`, [3]).finally(() => settled.push('third')),
        ]);
      });
      await expect(run).rejects.toThrow('division by zero');
      expect(settled.sort()).toEqual(['first', 'second', 'third']);
      expect(await nameOf()).toEqual(before);
    });
  });
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
