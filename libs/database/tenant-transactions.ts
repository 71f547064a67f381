import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { READ_DATA_SOURCE, checkedValue, runOnReplica, writePosition, type OpeningCheck, type RunOptions } from './read-replica.js';
import { forgetHeldStatements, openedWithoutNestedLoops, pipelines, rewriteHeldStatement, sendWithNextStatement } from './prepared-statements.js';
import { WRITE_FENCES, type WriteFences } from './write-fences.js';

/**
 * Which schools a unit of work may touch. It comes only from the authenticated user's memberships (or a
 * job's own school), never from anything the client sends.
 */
export interface TenantScope {
  readonly schoolIds: readonly string[];
  readonly userId?: string;
  /** Platform administrators provision trusts and schools; they see no pupil data through this flag. */
  readonly platformAdmin?: boolean;
  /**
   * Which pupils of those schools the database shows (RLS on `pupils`, and through it on every pupil-owned
   * table): staff who keep the register see all; a teacher the pupils of the classes they teach; a parent
   * their linked children. Absent means none: a caller must say what it may see.
   */
  readonly pupilAccess?: PupilAccess;
  /**
   * The worker's outbox relay: it reads and marks unrelayed outbox events of every school (ids and codes
   * only), and nothing else; each event is then handled in its own school's scope.
   */
  readonly outboxRelay?: boolean;
}

export type PupilAccess = 'all' | readonly ('taught' | 'linked')[];

function pupilAccessSetting(access: PupilAccess | undefined): string {
  if (access === 'all') return 'all';
  return (access ?? []).join(',');
}

/**
 * A single school the caller is entitled to act in. Repository methods that read or write tenant-owned
 * rows take one as a required argument, so a query without a school does not compile (layer 1); RLS is
 * layer 2. `schoolScope()` makes one: README.md, *How tenancy is enforced*, lists its callers (the access
 * guard for requests; otherwise code that took the school from a row read under RLS or from its job) and the
 * one cast.
 */
export interface SchoolScope {
  readonly schoolId: string;
  readonly __brand: 'SchoolScope';
}

export function schoolScope(schoolId: string): SchoolScope {
  if (!UUID.test(schoolId)) throw new Error('schoolScope needs a school id (uuid)');
  return { schoolId, __brand: 'SchoolScope' };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid in its text form (the ids tenant scopes and the database's app functions take). */
export const isUuid = (value: string): boolean => UUID.test(value);

interface ActiveTransaction {
  manager: EntityManager;
  scope: TenantScope;
  /** On the read replica (`run(…, { readOnly: true })`): writes go through `write()`. */
  readOnly?: boolean;
  /** On the primary: its query runner and that runner's pg client, for `lastRead`. */
  runner?: QueryRunner;
  client?: object;
  /**
   * `lastRead` ran, so no statement may follow: `'with-read'` when its COMMIT went to PostgreSQL with it (the
   * transaction has ended), `'after-work'` when it ran as any statement (the transaction commits as ever).
   */
  ended?: 'with-read' | 'after-work';
}

const ENDED = 'This transaction ended with its last read (TenantTransactions.lastRead): no statement may follow it';

/**
 * One AsyncLocalStorage for every TenantTransactions, holding each instance's open transaction by instance.
 * Scripts and tests make an instance per call; on Node 20 and 22 every AsyncLocalStorage ever used is visited
 * each time any promise is created, so a storage per instance made each request slower than the one before
 * (the fuzz suite's last requests were ten times slower than its first). Keyed by instance, as before: a
 * second instance inside another's run still opens its own transaction.
 */
const openTransactions = new AsyncLocalStorage<ReadonlyMap<TenantTransactions, ActiveTransaction>>();

/**
 * One transaction per request and per job, with the tenant settings applied as its first statement.
 * `set_config(..., true)` is transaction-local: a pooled connection carries nothing to its next user,
 * which a session-level SET would.
 */
@Injectable()
export class TenantTransactions {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Optional() @Inject(READ_DATA_SOURCE) private readonly readSource: DataSource | null = null,
    @Optional() @Inject(WRITE_FENCES) private readonly fences: WriteFences | null = null,
  ) {}

  private current(): ActiveTransaction | undefined {
    return openTransactions.getStore()?.get(this);
  }

  /**
   * `readOnly`: a heavy read that may be served by the read replica (DATABASE_READ_URL) in a read-only
   * transaction with the same settings, unless one of the scope's schools wrote something the replica has not
   * replayed yet (read-your-writes, write-fences.ts). Without a replica, or behind a fence, it is an ordinary
   * transaction on the primary.
   */
  async run<T>(scope: TenantScope, fn: (manager: EntityManager) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const current = this.current();
    if (current) {
      if (!sameScope(current.scope, scope)) throw new Error('A tenant transaction cannot open another with a different scope');
      if (current.ended) throw new Error(ENDED);
      return fn(current.manager);
    }
    for (const id of scope.schoolIds) if (!UUID.test(id)) throw new Error('Tenant scope holds a value that is not a school id');
    if (scope.userId && !UUID.test(scope.userId)) throw new Error('Tenant scope holds a user id that is not a uuid');
    const fence = options.readOnly && this.readSource ? await this.fenceOf(scope) : undefined;
    if (this.readSource && fence !== undefined) {
      // The replica may not have replayed a revocation yet: the check reads the primary, first.
      if (options.check) options.check.accept(checkedValue(await this.dataSource.query(options.check.sql, options.check.params)));
      options = { ...options, check: undefined };
      const [settings, params] = tenantSettings(scope);
      const served = await runOnReplica(this.readSource, [`${settings}${plannerSettings(options)}`, params], fence, (manager) =>
        openTransactions.run(new Map(openTransactions.getStore()).set(this, { manager, scope, readOnly: true }), () => fn(plannedWith(manager, options))),
      );
      if (served) return served.value;
    }
    return this.onPrimary(scope, fn, true, options);
  }

  /**
   * For the few writes a replica-routed read makes (the access log, an export's audit event). In an ordinary
   * transaction, in it; on the replica, in a transaction of its own on the primary with the same scope,
   * committed before this returns, so the read is not served unless the write is recorded (docs/security.md,
   * Access log).
   */
  async write<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.current();
    if (!current) throw new Error('No tenant transaction is open: database work must run inside TenantTransactions.run');
    if (current.ended) throw new Error(ENDED);
    if (!current.readOnly) return fn(current.manager);
    // No fence: these rows are not what the replica routes show, so they need not keep the school's reads
    // on the primary.
    return this.onPrimary(current.scope, fn, false);
  }

  /** The scope's furthest write fence; undefined when it cannot be known (Redis away): then the primary reads. */
  private async fenceOf(scope: TenantScope): Promise<string | null | undefined> {
    if (!this.fences || scope.schoolIds.length === 0) return null;
    try {
      return await this.fences.furthest(scope.schoolIds);
    } catch {
      return undefined;
    }
  }

  private async onPrimary<T>(scope: TenantScope, fn: (manager: EntityManager) => Promise<T>, fence = true, options: RunOptions = {}): Promise<T> {
    const fenced = fence && this.readSource !== null && this.fences !== null && scope.schoolIds.length > 0;
    let wrote = false;
    const runner = this.dataSource.createQueryRunner();
    let result: T;
    let client: object | undefined;
    let refused: { error: unknown } | undefined;
    let active: ActiveTransaction | undefined;
    try {
      client = (await runner.connect()) as object;
      const refuse = (error: unknown) => (refused = { error });
      // The check is a column of the opening where the opening is held for the first statement; otherwise its own statement, first.
      const inOpening = options.check && pipelines(client) ? options.check : undefined;
      if (options.check && !inOpening) await checkFirst(runner, options.check, refuse);
      const checked = inOpening ? `, ${inOpening.column} as checked` : '';
      await startTransactionWith(
        runner,
        client,
        `select ${tenantSettingsLiteral(scope)}${plannerSettings(options)}${checked}`,
        inOpening && refusing((rows) => inOpening.accept(checkedValue(rows)), refuse),
      );
      const manager = plannedWith(runner.manager, options);
      active = { manager, scope, runner, client };
      result = await openTransactions.run(new Map(openTransactions.getStore()).set(this, active), () => fn(manager));
      // A work that caught the failure its check caused does not commit.
      if (refused) throw refused.error;
      // Ended with its last read, read only: committed already, and nothing written.
      if (active.ended !== 'with-read') {
        if (fenced) {
          const [row] = await manager.query<{ wrote: boolean }[]>(`select pg_current_xact_id_if_assigned() is not null as wrote`);
          wrote = row?.wrote === true;
        }
        await runner.commitTransaction();
      }
    } catch (error) {
      // As DataSource.transaction does: the rollback's own failure (a lost connection) must not hide why. A
      // transaction that ended with its last read has nothing left to roll back.
      if (runner.isTransactionActive && active?.ended !== 'with-read') await runner.rollbackTransaction().catch(() => undefined);
      // A refused check fails the statement it went with, or the COMMIT; its own error says why.
      throw refused ? refused.error : error;
    } finally {
      // Held only if nothing followed the opening (its rollback, too, failed before it was sent).
      if (client) forgetHeldStatements(client);
      await runner.release();
    }
    // After the commit, so the position is past the commit record the replica must replay.
    if (wrote && this.fences) await this.fences.record(scope.schoolIds, await writePosition(this.dataSource));
    return result;
  }

  /** The manager of the transaction this call runs in. Fails closed: outside one there is none. */
  manager(): EntityManager {
    const current = this.current();
    if (!current) throw new Error('No tenant transaction is open: database work must run inside TenantTransactions.run');
    if (current.ended) throw new Error(ENDED);
    return current.manager;
  }

  /**
   * Runs `sql`, a read, as the last statement of the transaction this call runs in: none may follow it. Where the
   * transaction has sent nothing yet (its opening still held, on a pipelining connection), the opening becomes
   * START TRANSACTION READ ONLY and goes to PostgreSQL in one write with `sql` and the COMMIT: a request whose
   * one read this is makes one round trip (docs/performance.md, *The register page in one round trip*). The
   * COMMIT is then written before the principal's check in the opening is read; read only, the transaction
   * cannot have written anything for it to commit, and a refused check still refuses the rows and fails the run.
   * Otherwise (something already sent, a connection that does not pipeline, the replica) `sql` runs as any
   * statement, and the transaction commits when its work ends, as ever.
   */
  async lastRead<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const current = this.current();
    if (!current) throw new Error('No tenant transaction is open: database work must run inside TenantTransactions.run');
    if (current.ended) throw new Error(ENDED);
    const { runner, client, manager } = current;
    const readOnly = (text: string) => {
      if (!text.startsWith(OPENING)) throw new Error('The statement held is not a tenant transaction’s opening');
      return `START TRANSACTION READ ONLY; ${text.slice(OPENING.length)}`;
    };
    if (!runner || !client || !rewriteHeldStatement(client, readOnly)) {
      current.ended = 'after-work';
      return manager.query<T[]>(sql, params);
    }
    current.ended = 'with-read';
    let rows: unknown[] = [];
    sendWithNextStatement(client, (replied) => (rows = replied));
    try {
      await manager.query(sql, params); // held: TypeORM logs it and returns at once; its rows come to `rows`
      await runner.commitTransaction(); // COMMIT, written with the opening and `sql`; settles on the last reply
    } finally {
      // Whatever the replies, PostgreSQL has ended the transaction (a COMMIT after a failure rolls back): any
      // further statement on this runner would run outside it, without the tenant settings. It is refused.
      Object.defineProperty(runner, 'query', { value: () => Promise.reject(new Error(ENDED)), configurable: true, writable: true });
    }
    return rows as T[];
  }

  scope(): TenantScope | undefined {
    return this.current()?.scope;
  }
}

/** How `startTransactionWith` begins the message that opens a transaction. */
const OPENING = 'START TRANSACTION; ';

/** The planner's settings for the transaction, appended to the settings' select list (no parameters). */
function plannerSettings(options: RunOptions): string {
  return `${options.hashJoins ? `, set_config('enable_nestloop', 'off', true)` : ''}${options.bitmapScans ? `, set_config('enable_indexscan', 'off', true)` : ''}`;
}

/** The manager, known to withoutNestedLoops as already without them when the transaction opened so. */
function plannedWith(manager: EntityManager, options: RunOptions): EntityManager {
  if (options.hashJoins) openedWithoutNestedLoops(manager);
  return manager;
}

/** The settings RLS reads, as a select list and its parameters ($1–$5). */
function tenantSettings(scope: TenantScope): [string, unknown[]] {
  return [
    `set_config('app.school_ids', $1, true), set_config('app.user_id', $2, true), set_config('app.platform_admin', $3, true),
     set_config('app.pupil_access', $4, true), set_config('app.outbox_relay', $5, true)`,
    [
      `{${scope.schoolIds.join(',')}}`,
      scope.userId ?? '',
      scope.platformAdmin ? 'on' : 'off',
      pupilAccessSetting(scope.pupilAccess),
      scope.outboxRelay ? 'on' : 'off',
    ],
  ];
}

/**
 * The same settings as literals, for the message that opens the transaction: START TRANSACTION and the
 * settings go to PostgreSQL together, in one round trip (docs/performance.md, *Issue 24: against the floor*).
 * A message of several statements cannot carry parameters; every value here is a uuid checked in `run`, or
 * one of a few fixed words, and is quoted besides.
 */
function tenantSettingsLiteral(scope: TenantScope): string {
  const [sql, params] = tenantSettings(scope);
  return sql.replace(/\$(\d)/g, (_, n: string) => quoteLiteral(String(params[Number(n) - 1])));
}

function quoteLiteral(value: string): string {
  if (!/^[\w{},-]*$/.test(value)) throw new Error('A tenant setting holds a character it should not');
  return `'${value}'`;
}

/** `accept`, which on throwing also records why, for the transaction to fail with. */
function refusing(accept: (rows: unknown[]) => void, refuse: (error: unknown) => void): (rows: unknown[]) => void {
  return (rows) => {
    try {
      accept(rows);
    } catch (error) {
      refuse(error);
      throw error;
    }
  };
}

/**
 * The check as a statement of its own ahead of the transaction's opening (outside the transaction, as a lookup
 * on a connection of its own would be), sent and accepted now: for a connection that does not pipeline, where
 * the opening is not held and so cannot carry it.
 */
async function checkFirst(runner: QueryRunner, check: OpeningCheck, refuse: (error: unknown) => void): Promise<void> {
  refusing((rows) => check.accept(checkedValue(rows)), refuse)((await runner.query(check.sql, check.params)) as unknown[]);
}

/**
 * TypeORM's `startTransaction` (its state, events and log as ever), with `sql` in the same message as its
 * START TRANSACTION: a message of several statements without parameters. On a pipelining connection that message
 * is then held and written with the transaction's first statement, so opening the transaction costs no round
 * trip of its own (docs/performance.md, *The register page in two round trips*).
 */
async function startTransactionWith(runner: QueryRunner, client: object, sql: string, replied?: (rows: unknown[]) => void): Promise<void> {
  const own = Object.getOwnPropertyDescriptor(runner, 'query'); // the data source's own wrapper (data-source.ts)
  const send = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = ((text: unknown, ...rest: unknown[]) => {
    if (text !== 'START TRANSACTION') return send(text, ...rest);
    // `replied` reads the opening's rows: only when it is held (the caller checked the connection pipelines).
    sendWithNextStatement(client, replied);
    return send(`${OPENING}${sql}`);
  }) as QueryRunner['query'];
  try {
    await runner.startTransaction();
  } finally {
    if (own) Object.defineProperty(runner, 'query', own);
    else delete (runner as { query?: unknown }).query;
  }
}

function sameScope(a: TenantScope, b: TenantScope): boolean {
  return (
    a.userId === b.userId &&
    Boolean(a.platformAdmin) === Boolean(b.platformAdmin) &&
    Boolean(a.outboxRelay) === Boolean(b.outboxRelay) &&
    pupilAccessSetting(a.pupilAccess) === pupilAccessSetting(b.pupilAccess) &&
    a.schoolIds.length === b.schoolIds.length &&
    a.schoolIds.every((id) => b.schoolIds.includes(id))
  );
}
