// Secondary indexes built after a bulk load, not during it (scripts/seed-scale.ts --indexes-after; the bench
// loads this way). A secondary index here is one nothing relies on for correctness: not the primary key, not
// unique, not an exclusion constraint's, not backing any constraint (foreign keys, ON CONFLICT and the
// no-overlap rules need those, so they stay and are maintained row by row during the load).
//
// Crash safety. The definitions (pg_get_indexdef) are recorded before anything is dropped, in two places:
//   - the table public.seed_scale_pending_indexes, written in the SAME transaction as the DROP INDEXes, so the
//     database itself always says which of its indexes are missing (the record and the drops commit together
//     or not at all), and
//   - optionally a JSON file (the bench's .data/bench/<scale>/indexes-pending.json), written and fsynced
//     before that transaction.
// rebuildPendingIndexes() builds every recorded index that does not exist, one transaction per index (the
// index and the removal of its record commit together), then drops the table and deletes the file. The
// seeder calls it first thing on every run and in a `finally` after a load; the bench calls it right after
// starting PostgreSQL, before migrating. A load killed mid-way therefore leaves a database whose missing
// indexes are recorded, and the next run builds them before doing anything else.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export interface IndexDef {
  table: string;
  name: string;
  /** pg_get_indexdef: `CREATE INDEX name ON public.table USING …`. */
  def: string;
  comment: string | null;
}

export const PENDING_TABLE = 'seed_scale_pending_indexes';

/**
 * How the rebuild runs: BUILD_CONNECTIONS sessions, each building the next index (largest tables first), with
 * these session settings: memory for the sorts (the bench's server default is 512MB; this is per session,
 * so 4GB in all) and parallel workers for each btree build (PostgreSQL gives a build no more workers than the
 * table's size warrants). On the 2-core bench machine, the 36 indexes of 2,400 schools (9.5 million rows)
 * took 5–8 s with two sessions of one worker each against 9–14 s with one session of two (or of one, or
 * none); 512MB to 4GB made no difference there.
 */
export const BUILD_SETTINGS = { maintenance_work_mem: '2GB', max_parallel_maintenance_workers: 1 };
export const BUILD_CONNECTIONS = 2;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

const INDEX_COLUMNS = `c.relname as table, ic.relname as name, pg_get_indexdef(i.indexrelid) as def, obj_description(i.indexrelid, 'pg_class') as comment`;
const INDEX_FROM = `pg_index i join pg_class c on c.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
  where c.relnamespace = 'public'::regnamespace and c.relname = any($1)`;

/** Every index of the tables (in schema public), by table and name: what a load must leave as it found it. */
export async function indexSet(client: pg.Client, tables: readonly string[]): Promise<IndexDef[]> {
  const { rows } = await client.query<IndexDef>(`select ${INDEX_COLUMNS} from ${INDEX_FROM} order by 1, 2`, [tables]);
  return rows;
}

/** The tables' secondary indexes (see the header), largest table first. */
export async function secondaryIndexes(client: pg.Client, tables: readonly string[]): Promise<IndexDef[]> {
  const { rows } = await client.query<IndexDef>(
    `select ${INDEX_COLUMNS} from ${INDEX_FROM}
        and c.relkind = 'r' and ic.relkind = 'i' and not ic.relispartition and ic.reltablespace = 0
        and not i.indisprimary and not i.indisunique and not i.indisexclusion and not i.indisclustered and not i.indisreplident
        and i.indisvalid and i.indisready and i.indislive
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
        and not exists (select 1 from pg_depend d where d.refclassid = 'pg_class'::regclass and d.refobjid = i.indexrelid)
      order by pg_relation_size(c.oid) desc, 1, 2`,
    [tables],
  );
  return rows;
}

/** What differs between two index sets (by table and name, then definition and comment); empty when equal. */
export function indexDifferences(before: IndexDef[], after: IndexDef[]): string[] {
  const key = (i: IndexDef) => `${i.table}.${i.name}`;
  const was = new Map(before.map((i) => [key(i), i]));
  const now = new Map(after.map((i) => [key(i), i]));
  const out: string[] = [];
  for (const [k, i] of was) {
    const n = now.get(k);
    if (!n) out.push(`missing: ${i.def}`);
    else if (n.def !== i.def) out.push(`changed: ${i.def}  →  ${n.def}`);
    else if (n.comment !== i.comment) out.push(`comment changed on ${k}`);
  }
  for (const [k, i] of now) if (!was.has(k)) out.push(`extra: ${i.def}`);
  return out;
}

/** Writes the file so that it is either absent or whole on disk: a temporary file, fsynced, renamed. */
function writeDurably(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dir = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

async function pendingTableExists(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ t: string | null }>(`select to_regclass($1) as t`, [`public.${PENDING_TABLE}`]);
  return rows[0]!.t !== null;
}

/**
 * Drops the tables' secondary indexes, recording their definitions first (the header). Refuses if indexes
 * are already pending: the caller rebuilds those first (rebuildPendingIndexes). Returns what it dropped.
 */
export async function dropSecondaryIndexes(client: pg.Client, tables: readonly string[], file: string | null): Promise<IndexDef[]> {
  if (await pendingTableExists(client)) {
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from ${PENDING_TABLE}`);
    if (rows[0]!.n > 0) throw new Error(`${rows[0]!.n} indexes are already pending in ${PENDING_TABLE}: rebuild them first`);
  }
  const indexes = await secondaryIndexes(client, tables);
  if (indexes.length === 0) return [];
  if (file) {
    const note = `Secondary indexes dropped by seed-scale for a load and not yet built again. The next seed-scale run or bench start builds them.`;
    writeDurably(file, `${JSON.stringify({ note, droppedAt: new Date().toISOString(), indexes }, null, 2)}\n`);
  }
  await client.query('begin');
  try {
    await client.query(
      `create table if not exists ${PENDING_TABLE} (name text primary key, table_name text not null, def text not null, comment text, position int not null, dropped_at timestamptz not null default now())`,
    );
    await client.query(
      `comment on table ${PENDING_TABLE} is 'Indexes seed-scale dropped for a bulk load and has not built again. They are missing from the database: npm run seed:scale -- --rebuild-indexes builds them (so does the next seed-scale run or bench start).'`,
    );
    await client.query(
      `insert into ${PENDING_TABLE} (name, table_name, def, comment, position) select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])`,
      [indexes.map((i) => i.name), indexes.map((i) => i.table), indexes.map((i) => i.def), indexes.map((i) => i.comment), indexes.map((_, n) => n)],
    );
    await client.query(indexes.map((i) => `drop index public.${q(i.name)}`).join(';\n'));
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    // Nothing was dropped: the file would only send the next run looking for indexes that exist.
    if (file) rmSync(file, { force: true });
    throw err;
  }
  return indexes;
}

export interface RebuildResult {
  /** The indexes built (those recorded and missing). */
  built: IndexDef[];
  ms: number;
}

/**
 * Builds every index recorded as pending (in the table, or in the file if given) that does not exist, each
 * in its own transaction with the removal of its record; then removes the table and the file and checks that
 * each recorded index exists with its recorded definition. Returns null when nothing was pending. Throws,
 * leaving the rest recorded, when a build fails or a definition does not match.
 */
export async function rebuildPendingIndexes(
  client: pg.Client,
  options: {
    file?: string | null;
    log?: (line: string) => void;
    /** Opens another session like `client`, for building indexes side by side (one session without it). */
    connect?: () => Promise<pg.Client>;
    connections?: number;
  } = {},
): Promise<RebuildResult | null> {
  const log = options.log ?? (() => undefined);
  const file = options.file ?? null;
  const hasTable = await pendingTableExists(client);
  const recorded: IndexDef[] = hasTable
    ? (await client.query<IndexDef>(`select table_name as table, name, def, comment from ${PENDING_TABLE} order by position, name`)).rows
    : [];
  if (file && existsSync(file)) {
    const fromFile = (JSON.parse(readFileSync(file, 'utf8')) as { indexes: IndexDef[] }).indexes;
    for (const i of fromFile) if (!recorded.some((r) => r.name === i.name)) recorded.push(i);
  }
  if (recorded.length === 0) {
    if (hasTable) await client.query(`drop table ${PENDING_TABLE}`);
    if (file) rmSync(file, { force: true });
    return null;
  }

  const started = performance.now();
  const tables = [...new Set(recorded.map((i) => i.table))];
  const existingTables = new Set(
    (
      await client.query<{ relname: string }>(
        `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' and relname = any($1)`,
        [tables],
      )
    ).rows.map((r) => r.relname),
  );
  const existing = new Map((await indexSet(client, tables)).map((i) => [i.name, i]));
  const todo: IndexDef[] = [];
  for (const i of recorded) {
    const now = existing.get(i.name);
    if (now && now.def !== i.def) throw new Error(`pending index ${i.name} exists with another definition: ${now.def} (recorded: ${i.def})`);
    if (now) continue; // dropped by a transaction that rolled back, or built by an earlier rebuild
    if (!existingTables.has(i.table)) {
      log(`  pending index ${i.name}: its table ${i.table} no longer exists; not built`);
      continue;
    }
    todo.push(i);
  }
  const connections = Math.max(1, Math.min(options.connect ? (options.connections ?? BUILD_CONNECTIONS) : 1, todo.length));
  const settings = Object.entries(BUILD_SETTINGS).map(([k, v]) => `${k} = '${v}'`);
  if (todo.length > 0)
    log(
      `seed-scale: building ${todo.length} secondary index${todo.length === 1 ? '' : 'es'} dropped for the load, ${connections} at a time (${settings.join(', ')})`,
    );

  const build = async (c: pg.Client, i: IndexDef) => {
    const t0 = performance.now();
    await c.query('begin');
    try {
      await c.query(i.def);
      if (i.comment !== null) await c.query(`comment on index public.${q(i.name)} is ${c.escapeLiteral(i.comment)}`);
      if (hasTable) await c.query(`delete from ${PENDING_TABLE} where name = $1`, [i.name]);
      await c.query('commit');
    } catch (err) {
      await c.query('rollback').catch(() => undefined);
      throw err;
    }
    if (process.env.SEED_SCALE_TIMING) log(`    ${i.name} (${i.table}) in ${(performance.now() - t0).toFixed(0)}ms`);
  };
  const extra: pg.Client[] = [];
  try {
    const clients = [client];
    for (let n = 1; n < connections; n++) {
      const c = await options.connect!();
      extra.push(c);
      clients.push(c);
    }
    for (const c of clients) await c.query(settings.map((set) => `set ${set}`).join('; '));
    // Largest first (the order recorded), each connection taking the next index when it is free; after a
    // failure the others finish the index they are on and stop.
    let next = 0;
    const failures: unknown[] = [];
    await Promise.all(
      clients.map(async (c) => {
        while (next < todo.length && failures.length === 0) await build(c, todo[next++]!).catch((err: unknown) => void failures.push(err));
      }),
    );
    if (failures.length > 0) throw failures[0] instanceof Error ? failures[0] : new Error(String(failures[0]));
  } finally {
    await client.query(`reset maintenance_work_mem; reset max_parallel_maintenance_workers`).catch(() => undefined);
    for (const c of extra) await c.end().catch(() => undefined);
  }

  // Each recorded index on an existing table now exists, exactly as recorded.
  const after = new Map((await indexSet(client, tables)).map((i) => [i.name, i]));
  const wrong = recorded
    .filter((i) => existingTables.has(i.table))
    .filter((i) => after.get(i.name)?.def !== i.def || after.get(i.name)?.comment !== i.comment)
    .map((i) => i.def);
  if (wrong.length > 0) throw new Error(`after the rebuild these indexes are missing or differ:\n  ${wrong.join('\n  ')}`);
  if (hasTable) await client.query(`drop table ${PENDING_TABLE}`);
  if (file) rmSync(file, { force: true });
  return { built: todo, ms: performance.now() - started };
}
