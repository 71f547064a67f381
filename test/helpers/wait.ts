import type pg from 'pg';

/** Waits until `check` holds of what `read` returns, polling; fails with what it last saw. */
export async function until<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last saw ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

/** A read as `client`'s role under one school's RLS setting, every pupil visible; nothing it does is kept. */
export async function asSchool<T>(client: pg.Client, schoolId: string, sql: string, params: unknown[] = []): Promise<T[]> {
  await client.query('begin');
  try {
    await client.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, [`{${schoolId}}`]);
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.query('rollback');
  }
}
