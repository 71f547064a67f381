import pg from 'pg';

/**
 * Marks every outbox event left by earlier suites as done, before a suite starts a real worker. Suites without a
 * worker leave their events unrelayed; a worker started later would otherwise send that whole backlog (thousands
 * of emails, account emails among them) before the suite's own messages. Runs as the owner, in relay scope.
 */
export async function settleOutboxBacklog(): Promise<void> {
  const owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await owner.connect();
  try {
    await owner.query('begin');
    await owner.query(`select set_config('app.outbox_relay', 'on', true)`);
    await owner.query(
      `update outbox_events set relayed_at = now(), processed_at = now(), completed_at = now() where relayed_at is null or completed_at is null`,
    );
    await owner.query('commit');
  } finally {
    await owner.end();
  }
}
