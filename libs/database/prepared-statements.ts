import pg from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * How many statements one connection keeps prepared. The code's statements are a few hundred distinct texts
 * (an `In(…)` of another length is another text); past this a connection runs new texts unnamed, as before.
 */
export const PREPARED_PER_CONNECTION = 1000;

type QueryFn = (...args: unknown[]) => unknown;

/**
 * The pg client class the data source's pool makes its connections with (docs/performance.md, *Issue
 * 24: against the floor*). Each statement with parameters is sent as a named prepared statement, named per connection
 * the first time its text is seen: PostgreSQL parses it once per connection and, after five runs, may keep a
 * generic plan, instead of parsing and planning it on every request. Row-level security is unchanged: the
 * policies read the tenant settings when the plan runs, not when it is made. Statements without parameters
 * (START TRANSACTION, COMMIT, several statements in one message) go as before.
 *
 * The client pipelines (pg's `pipeline` mode): a statement is written without waiting for the reply to the
 * one before it. Code still awaits each statement, so nothing is in flight at once but what
 * `sendWithNextStatement` asks for: a transaction's opening sent in the same round trip as its first statement.
 *
 * Off (`DATABASE_PREPARED_STATEMENTS=off`) behind a pooler that cannot carry a named statement from one
 * transaction to the next on another server connection: PgBouncer before 1.21 in transaction mode.
 */
export function preparingClient(limit = PREPARED_PER_CONNECTION): typeof pg.Client {
  return class PreparingClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(typeof config === 'string' ? { connectionString: config, pipeline: true } : { ...config, pipeline: true });
      const names = new Map<string, string>();
      const query = (this.query as QueryFn).bind(this);
      const prepared = (...args: unknown[]) => {
        const [text, values, callback] = args;
        if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) return query(...args);
        let name = names.get(text);
        if (name === undefined && names.size < limit) {
          name = `s${names.size + 1}`;
          names.set(text, name);
        }
        return name === undefined ? query(text, values) : query({ name, text, values });
      };
      (this as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
        const holds = holding.get(this);
        if (holds === undefined) return prepared(...args);
        if (holds.next) {
          const [text, values, callback] = args;
          if (typeof text !== 'string' || (values !== undefined && !Array.isArray(values)) || callback !== undefined) {
            holding.delete(this);
            throw new Error('sendWithNextStatement holds only a statement given as text and parameters');
          }
          holds.held.push({ args: values === undefined ? [text] : [text, values], replied: holds.next.replied });
          holds.next = undefined;
          return Promise.resolve([]);
        }
        holding.delete(this);
        if (args.some((arg) => typeof arg === 'function')) throw new Error('A statement sent with held ones must return a promise');
        // All are written now, one behind the other in one write; each settles on its own reply, in order.
        const { stream } = (this as unknown as { connection: { stream: { cork?: () => void; uncork?: () => void } } }).connection;
        stream.cork?.();
        const sent: Promise<unknown>[] = [];
        try {
          for (const { args: heldArgs, replied } of holds.held) {
            // A message of several statements (a transaction's opening) replies with each one's result: the last one's rows.
            sent.push(
              (prepared(...heldArgs) as Promise<{ rows: unknown[] } | { rows: unknown[] }[]>).then((result) =>
                replied?.(Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows),
              ),
            );
          }
          sent.push(prepared(...args) as Promise<unknown>);
        } finally {
          stream.uncork?.();
        }
        return Promise.all(sent).then((results) => results.at(-1));
      };
      pipelining.add(this);
    }
  };
}

const pipelining = new WeakSet<object>();

interface Holding {
  /** Hold the next statement given, and give its rows to `replied` when they come. */
  next?: { replied?: (rows: unknown[]) => void };
  held: { args: unknown[]; replied?: ((rows: unknown[]) => void) | undefined }[];
}
const holding = new WeakMap<object, Holding>();

/**
 * The next statement given to `client` is held and resolves at once (with no rows); it is written to PostgreSQL
 * together with the first statement after it that is not held, and that one fails if a held one fails or its
 * `replied` throws. A transaction's opening so costs no round trip of its own. Returns false, holding nothing,
 * for a client that does not pipeline (`DATABASE_PREPARED_STATEMENTS=off`): the caller sends it as ever.
 */
export function sendWithNextStatement(client: object, replied?: (rows: unknown[]) => void): boolean {
  if (!pipelining.has(client)) return false;
  const holds = holding.get(client) ?? { held: [] };
  if (holds.next) throw new Error('This connection is already holding its next statement');
  holds.next = { replied };
  holding.set(client, holds);
  return true;
}

/**
 * Rewrites the one statement `client` holds and has not sent: a transaction's opening, made READ ONLY by
 * `TenantTransactions.lastRead`. Returns false, changing nothing, unless it holds exactly that one (nothing held
 * for the next statement besides).
 */
export function rewriteHeldStatement(client: object, rewrite: (text: string) => string): boolean {
  const holds = holding.get(client);
  const only = holds?.held.length === 1 && !holds.next ? holds.held[0] : undefined;
  if (!only || typeof only.args[0] !== 'string') return false;
  only.args[0] = rewrite(only.args[0]);
  return true;
}

/** Whether `client` pipelines, so that `sendWithNextStatement` holds what it is given. */
export function pipelines(client: object): boolean {
  return pipelining.has(client);
}

/** Forgets what `client` holds, before it goes back to the pool: none of it reached PostgreSQL. */
export function forgetHeldStatements(client: object): void {
  holding.delete(client);
}

/**
 * Reads of one transaction that do not depend on one another, sent together: on a pipelining connection each
 * starts at once, so PostgreSQL gets their statements back to back and answers each in turn, and N reads wait
 * for one round trip, not N (docs/performance.md, *The plan read in a few round trips*). On a connection that
 * does not pipeline (PgBouncer 1.18 mode, the read replica) they run one after another, as ever. Each read is a
 * function that starts its own statements on `m`; it may run several in turn, or call `together` again.
 *
 * A statement that fails aborts the transaction, and every statement after it then fails too: the first
 * failure in the order given is thrown, once every read has settled, so none is left in flight.
 */
export async function together<T extends readonly unknown[]>(m: EntityManager, reads: { readonly [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  const all = reads as readonly (() => Promise<unknown>)[];
  // The transaction's own connection (connect() hands back the one it holds); none for a manager outside one.
  const client: unknown = m.queryRunner && !m.queryRunner.isReleased ? await m.queryRunner.connect() : undefined;
  if (typeof client !== 'object' || client === null || !pipelines(client)) {
    const results: unknown[] = [];
    for (const read of all) results.push(await read());
    return results as unknown as T;
  }
  const settled = await Promise.allSettled(all.map(async (read) => read()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * For the rest of the transaction, each statement is planned for its own parameters, prepared or not. A
 * prepared statement is otherwise planned generically after five runs on a connection if PostgreSQL expects
 * that to cost no more; for a school's whole year (a report's figures, the provision map) that guess can be
 * badly wrong: the provision map's pupils statement took 13 ms planned for its school and 1,021 ms on the
 * generic plan, for a 2,000-pupil school at 2,400 schools (docs/performance.md, *Issue 24: against the floor*).
 */
export async function planForEachRun(m: EntityManager): Promise<void> {
  // Once per transaction: each has its own manager, and the setting lasts until it ends (call it outside a
  // savepoint that may roll back).
  if (plannedForEachRun.has(m)) return;
  await m.query(`select set_config('plan_cache_mode', 'force_custom_plan', true)`);
  plannedForEachRun.add(m);
}

const plannedForEachRun = new WeakSet<EntityManager>();

/**
 * Runs `reads` with the planner told not to join by nested loops: for statements that join many pupils' or a
 * whole school's rows of two or more tenant tables (a report's figures, the OAP evidence of a school's pupils).
 *
 * Each tenant table's policy narrows it to `school_id = any(the scope's schools)` and the statement narrows it
 * again to `school_id = $1`. PostgreSQL multiplies the two as if they were independent, so it expects about
 * 10 ÷ (the number of schools) of a school's real rows: one row at 2,400 schools and at 24,000. Expecting one
 * row on each side, it joins by nested loop and, seeing no difference between a keyed lookup and a scan of the
 * school, may read the whole school's rows again for every row of the other side. The OAP evidence lines read
 * 372,000 buffers in 84 ms for 208 rows at England's scale. A hash or merge join reads each side once, whatever
 * the estimate (docs/performance.md, *Report figures at England's scale*).
 *
 * The setting is transaction-local and lasts only for `reads`. If a statement in `reads` fails, the transaction is
 * aborted, so only the failure is passed on.
 */
export async function withoutNestedLoops<T>(m: EntityManager, reads: () => Promise<T>): Promise<T> {
  if (withoutLoops.has(m)) return reads();
  await m.query(`select set_config('enable_nestloop', 'off', true)`);
  withoutLoops.add(m);
  let result: T;
  try {
    result = await reads();
  } catch (err) {
    withoutLoops.delete(m);
    // An aborted transaction refuses this, and ends with the setting.
    await m.query(`select set_config('enable_nestloop', 'on', true)`).catch(() => undefined);
    throw err;
  }
  withoutLoops.delete(m);
  await m.query(`select set_config('enable_nestloop', 'on', true)`);
  return result;
}

const withoutLoops = new WeakSet<EntityManager>();

/** A transaction opened with nested loops off for all of it (TenantTransactions.run's `hashJoins`): they stay off. */
export function openedWithoutNestedLoops(m: EntityManager): void {
  withoutLoops.add(m);
}
