import pg from 'pg';
import type { DataSource } from 'typeorm';

/** Any fixed number: every migration runner takes the same advisory lock, so only one migrates at a time. */
const MIGRATION_LOCK_KEY = 7_204_011_977;

/**
 * Runs pending migrations under a session-level advisory lock held on its own connection, so several
 * replicas or a crashed deploy cannot interleave schema changes. Each migration runs in its own transaction.
 * Returns the names of the migrations applied.
 */
export async function runMigrations(dataSource: DataSource, url: string): Promise<string[]> {
  const lock = new pg.Client({ connectionString: url, application_name: 'migration-lock' });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
