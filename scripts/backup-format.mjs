// Shared by scripts/backup.mjs and scripts/restore.mjs: finding a usable pg_dump/pg_restore pair, the
// logical archive format used when there is none, and the per-table checksums both sides compare.
// docs/operations.md describes the whole procedure.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** First line of a logical archive (inside the gzip stream). */
export const MAGIC = 'SEN-BACKUP 1';
/** COPY's own end-of-data marker; a data row can never be exactly this (a backslash is written as \\). */
export const END_OF_DATA = '\\.';

/** Every session that reads or writes rows sets these first, so the COPY text of the same rows is the same bytes. */
export const SESSION_SETTINGS = [
  `set TimeZone = 'UTC'`,
  `set DateStyle = 'ISO, YMD'`,
  `set IntervalStyle = 'postgres'`,
  `set extra_float_digits = 3`,
  `set bytea_output = 'hex'`,
  `set client_encoding = 'UTF8'`,
];

/**
 * The tables to copy: every ordinary table in `public` except TypeORM's migration list (the restore
 * rebuilds the schema by running the same migrations). Per table its copyable columns (not generated or
 * dropped) and the order rows are written in (the primary key, else every column), which makes the
 * checksum of a table independent of where its rows happen to lie on disk.
 * @param {import('pg').Client} client
 */
export async function listTables(client) {
  const { rows } = await client.query(`
    select c.relname as name,
           (select json_agg(a.attname order by a.attnum) from pg_attribute a
             where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '') as columns,
           (select json_agg(a.attname order by array_position(i.indkey::int2[], a.attnum)) from pg_index i
              join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
             where i.indrelid = c.oid and i.indisprimary) as key
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'typeorm_migrations'
     order by c.relname`);
  return rows.map((r) => ({ name: r.name, columns: r.columns, key: r.key ?? r.columns }));
}

const ident = (name) => `"${String(name).replace(/"/g, '""')}"`;

/** `COPY (select … order by …) TO STDOUT`: the same statement on both sides, so the bytes compare. */
export function copyOutSql(table) {
  const cols = table.columns.map(ident).join(', ');
  return `copy (select ${cols} from public.${ident(table.name)} order by ${table.key.map(ident).join(', ')}) to stdout`;
}

export function copyInSql(table) {
  return `copy public.${ident(table.name)} (${table.columns.map(ident).join(', ')}) from stdin`;
}

/** Sequences owned by the schema (none today: ids are uuids), with their positions. */
export async function listSequences(client) {
  const { rows } = await client.query(
    `select sequencename as name, last_value::text as "lastValue", (last_value is not null) as called from pg_sequences where schemaname = 'public' order by 1`,
  );
  return rows;
}

/**
 * Streams a table's ordered COPY text and returns its row count and SHA-256 (`onChunk` gets each chunk).
 * @param {import('pg').Client} client
 */
export async function copyTableOut(client, table, onChunk) {
  const { to } = await import('pg-copy-streams');
  const stream = client.query(to(copyOutSql(table)));
  const hash = createHash('sha256');
  let rows = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows += 1;
    if (onChunk) await onChunk(chunk);
  }
  return { rows, sha256: hash.digest('hex') };
}

/** Per table `{ rows, sha256 }` of what a database holds now, by the same ordered COPY as the backup. */
export async function tableChecksums(client, tables) {
  const out = {};
  for (const table of tables) out[table.name] = await copyTableOut(client, table);
  return out;
}

/** Major version from `server_version_num` (180001 -> 18). */
export async function serverMajor(client) {
  const { rows } = await client.query(`select current_setting('server_version_num')::int as n`);
  return Math.floor(rows[0].n / 10000);
}

/**
 * A pg_dump/pg_restore pair that can handle this server: from PG_BIN, else PATH. pg_dump refuses servers
 * newer than itself, so its major version must be at least the server's. Returns null when there is none
 * (then the logical archive is used); says why in `reason`.
 */
export function findPgTools(major) {
  const dirs = [process.env.PG_BIN, ...(process.env.PATH ?? '').split(path.delimiter)].filter(Boolean);
  const seen = [];
  for (const dir of dirs) {
    const dump = path.join(dir, 'pg_dump');
    const restore = path.join(dir, 'pg_restore');
    if (!fs.existsSync(dump) || !fs.existsSync(restore)) continue;
    const version = spawnSync(dump, ['--version'], { encoding: 'utf8' }).stdout?.match(/(\d+)(?:\.\d+)?/);
    const found = version ? Number(version[1]) : 0;
    seen.push(`${dump} (${found || 'unknown version'})`);
    if (found >= major) return { pgDump: dump, pgRestore: restore, major: found };
  }
  return {
    pgDump: null,
    pgRestore: null,
    reason: seen.length ? `found ${seen.join(', ')}, older than the server (${major})` : 'no pg_dump/pg_restore on PG_BIN or PATH',
  };
}

/** Parses `--name value` / `--flag` options after the positional arguments. */
export function parseArgs(argv, flags = []) {
  const positional = [];
  const options = {};
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s);
      if (flags.includes(name)) options[name] = true;
      else options[name] = inline ?? argv[++i];
    } else positional.push(a);
  }
  return { positional, options };
}

/** `postgres://user:…@host:port/db` without the password, for messages. */
export function describeUrl(url) {
  try {
    const u = new URL(url);
    return `${u.username}@${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
