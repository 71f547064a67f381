import pg from 'pg';
import { figures, type Figures } from './stats.js';

/** One statement as the application sent it: its SQL and its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
  /** Sent as a named prepared statement: parsed and planned once per connection (the floor baselines). */
  name?: string;
  /** Floors only (bare-server.ts): run as a role RLS does not apply to. */
  bypassRls?: boolean;
  /** Floors only: run on connections that plan each run for its parameters. */
  customPlan?: boolean;
}

/** The statements of one request, in order (START TRANSACTION … COMMIT included). */
export type Script = Statement[];

/** Runs one script on one pooled connection; returns the rows of its last statement that returned any. */
export async function runScript(pool: pg.Pool, script: Script): Promise<unknown[]> {
  const client = await pool.connect();
  let rows: unknown[] = [];
  try {
    for (const s of script) {
      const result = s.name ? await client.query({ name: s.name, text: s.sql, values: s.params }) : await client.query(s.sql, s.params);
      if (result.rows?.length) rows = result.rows;
    }
    return rows;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * The direct-`pg` baseline: `concurrency` loops, each taking the next script (round robin) and running it,
 * for `durationMs` (or until `amount` scripts have run, each once). The same pool size as the API's.
 */
export async function loadScripts(pool: pg.Pool, scripts: Script[], options: { concurrency: number; durationMs?: number; amount?: number }): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  let firstError: unknown;
  const start = performance.now();
  const deadline = options.durationMs ? start + options.durationMs : Number.POSITIVE_INFINITY;
  const limit = options.amount ?? Number.POSITIVE_INFINITY;
  const loop = async () => {
    while (performance.now() < deadline && next < limit) {
      const script = scripts[next++ % scripts.length]!;
      const t = performance.now();
      try {
        await runScript(pool, script);
        latencies.push(performance.now() - t);
      } catch (err) {
        errors += 1;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const wall = performance.now() - start;
  if (errors > 0) process.stdout.write(`  (pg baseline: ${errors} scripts failed: ${(firstError as Error).message})\n`);
  return figures(latencies, wall, errors);
}
