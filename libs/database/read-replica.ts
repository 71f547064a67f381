import type { DataSource, EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from './data-source.js';

/** The read replica's DataSource (DATABASE_READ_URL), or null when there is none. */
export const READ_DATA_SOURCE = Symbol('READ_DATA_SOURCE');

export interface RunOptions {
  /** A heavy read the replica may serve (docs/scaling.md, Read replicas). */
  readOnly?: boolean;
  /**
   * Statements that join a whole school's rows of two tenant tables: the transaction opens with nested loops
   * off, in the same round trip as its settings (withoutNestedLoops in prepared-statements.ts says why).
   */
  hashJoins?: boolean;
  /**
   * Statements that read a whole school's rows through an index leading with school_id: the transaction opens
   * with plain index scans off (bitmap scans instead), in the same round trip as its settings.
   */
  bitmapScans?: boolean;
  /**
   * A read that must pass before the transaction's work counts: the request's principal, remembered from an
   * earlier request and confirmed by the database (docs/security.md, 7.4.1). It is read by the transaction's
   * opening statement, sent in the same round trip as the first statement; where the opening is not held
   * (no pipelining), and on the replica, as a statement of its own first.
   */
  check?: OpeningCheck;
}

export interface OpeningCheck {
  /**
   * A value the transaction's opening statement reads beside its settings: a scalar subquery with no
   * parameters, its literals checked by its maker (that message carries several statements, so no parameters).
   */
  column: string;
  /** The same value as a statement of its own, named `checked` (`$1`…), where the opening cannot carry it. */
  sql: string;
  params: unknown[];
  /** Given the value read; throws to refuse: the statement it was sent with fails, and the transaction rolls back with its error. */
  accept(value: unknown): void;
}

/** The value a check's own statement read (`checked` of its one row). */
export function checkedValue(rows: unknown): unknown {
  return Array.isArray(rows) ? (rows[0] as { checked?: unknown } | undefined)?.checked : undefined;
}

/** The primary's WAL position now, in the form WriteFences keeps. */
export async function writePosition(primary: DataSource): Promise<string> {
  const [row] = await primary.query<{ position: string }[]>(`select lpad((pg_current_wal_lsn() - '0/0'::pg_lsn)::text, 20, '0') as position`);
  if (!row) throw new Error('pg_current_wal_lsn() returned no row');
  return row.position;
}

/**
 * Runs `fn` in a read-only transaction on the replica with the tenant settings (RLS works there as on the
 * primary). Returns null, having run nothing, when the replica has not replayed up to `fence` or cannot be
 * reached: the caller then reads on the primary. A replica that fails once `fn` has started fails the read.
 */
export async function runOnReplica<T>(
  replica: DataSource,
  [settings, params]: [string, unknown[]],
  fence: string | null,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<{ value: T } | null> {
  const runner = replica.createQueryRunner();
  let started = false;
  try {
    await runner.connect();
    await runner.manager.query('start transaction read only');
    // On a standby pg_last_wal_replay_lsn() is set; pointed at a primary (no replica yet) it is null, and
    // the primary is always "caught up" with itself. coalesce evaluates its second argument only when needed.
    const [row] = await runner.manager.query<{ caughtUp: boolean }[]>(
      `select ${settings}, coalesce(pg_last_wal_replay_lsn(), pg_current_wal_lsn()) - '0/0'::pg_lsn >= $6::numeric as "caughtUp"`,
      [...params, fence ?? '0'],
    );
    if (!row?.caughtUp) {
      await runner.manager.query('rollback');
      return null;
    }
    started = true;
    const value = await fn(runner.manager);
    await runner.manager.query('commit');
    return { value };
  } catch (error) {
    await runner.manager.query('rollback').catch(() => undefined);
    if (!started && isDatabaseUnavailable(error)) return null;
    throw error;
  } finally {
    await runner.release();
  }
}
