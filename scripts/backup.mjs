#!/usr/bin/env node
// Backs up the whole database (every school) to one file: `npm run backup -- <file> [--database-url URL]`.
//
// The URL (else BACKUP_DATABASE_URL) must be of a role that sees every row: the tables have FORCE ROW LEVEL
// SECURITY, so the owner and the app role see nothing without a school setting; use the superuser or a
// role with BYPASSRLS and SELECT on the tables (docs/operations.md). With a pg_dump at least as new as the
// server (PG_BIN or PATH) it writes `pg_dump -Fc`; otherwise a logical archive made here: one REPEATABLE
// READ READ ONLY transaction (a consistent snapshot), the applied migrations, every table's rows as COPY
// text in primary-key order, and a trailer with each table's row count and SHA-256; gzip'd.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import {
  END_OF_DATA,
  MAGIC,
  SESSION_SETTINGS,
  copyTableOut,
  describeUrl,
  findPgTools,
  listSequences,
  listTables,
  parseArgs,
  serverMajor,
} from './backup-format.mjs';

/**
 * @param {{ file: string, databaseUrl: string, format?: 'auto' | 'pg_dump' | 'logical', log?: (line: string) => void }} options
 * @returns {Promise<{ format: 'pg_dump' | 'logical', tables?: Record<string, { rows: number, sha256: string }>, migrations?: string[] }>}
 */
export async function backup({ file, databaseUrl, format = 'auto', log = () => {} }) {
  if (!file) throw new Error('backup: give the file to write');
  if (!databaseUrl) throw new Error('backup: give --database-url (or BACKUP_DATABASE_URL): a superuser or BYPASSRLS role, so every school is included');
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'backup' });
  await client.connect();
  try {
    const major = await serverMajor(client);
    const {
      rows: [role],
    } = await client.query(`select rolsuper or rolbypassrls as sees_all from pg_roles where rolname = current_user`);
    if (!role.sees_all)
      throw new Error(`backup: ${describeUrl(databaseUrl)} is subject to row-level security and would miss rows; use a superuser or a BYPASSRLS role`);
    const tools = format === 'logical' ? { pgDump: null, reason: 'logical format asked for' } : findPgTools(major);
    if (tools.pgDump) {
      log(`backup: pg_dump ${tools.major} (${tools.pgDump}), custom format`);
      const run = spawnSync(tools.pgDump, ['--format=custom', `--file=${file}`, `--dbname=${databaseUrl}`], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`pg_dump failed: ${run.stderr.trim()}`);
      return { format: 'pg_dump' };
    }
    if (format === 'pg_dump') throw new Error(`backup: no usable pg_dump: ${tools.reason}`);
    log(`backup: logical archive (${tools.reason})`);
    return await logicalBackup(client, file, major);
  } finally {
    await client.end();
  }
}

async function logicalBackup(client, file, major) {
  await client.query('begin isolation level repeatable read read only');
  try {
    for (const s of SESSION_SETTINGS) await client.query(s);
    const migrations = (await client.query(`select name from typeorm_migrations order by id`)).rows.map((r) => r.name);
    const tables = await listTables(client);
    const sequences = await listSequences(client);
    const extensions = (
      await client.query(
        `select e.extname as name, n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname <> 'plpgsql' order by 1`,
      )
    ).rows;
    const header = {
      format: 'sen-logical-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      serverMajor: major,
      migrations,
      extensions,
      tables: tables.map((t) => t.name),
    };

    const out = new PassThrough();
    const written = pipeline(out, createGzip(), fs.createWriteStream(`${file}.partial`));
    const write = (data) => (out.write(data) ? Promise.resolve() : new Promise((resolve) => out.once('drain', resolve)));
    await write(`${MAGIC}\nHEADER ${JSON.stringify(header)}\n`);
    const summary = {};
    for (const table of tables) {
      await write(`TABLE ${JSON.stringify(table)}\n`);
      summary[table.name] = await copyTableOut(client, table, write);
      await write(`${END_OF_DATA}\n`);
    }
    await write(`TRAILER ${JSON.stringify({ tables: summary, sequences })}\n`);
    out.end();
    await written;
    fs.renameSync(`${file}.partial`, file); // a file under the final name is always complete
    return { format: 'logical', tables: summary, migrations };
  } finally {
    await client.query('rollback').catch(() => undefined);
  }
}

async function main(argv) {
  const { positional, options } = parseArgs(argv);
  const file = positional[0];
  const databaseUrl = options['database-url'] ?? process.env.BACKUP_DATABASE_URL;
  if (!file || !databaseUrl) {
    console.error(
      'Usage: npm run backup -- <file> [--database-url postgres://superuser@host/sen] [--format auto|pg_dump|logical]\n(or set BACKUP_DATABASE_URL)',
    );
    process.exit(2);
  }
  try {
    const result = await backup({ file, databaseUrl, format: options.format ?? 'auto', log: (l) => console.log(l) });
    const rows = result.tables ? Object.values(result.tables).reduce((n, t) => n + t.rows, 0) : undefined;
    console.log(`backup: wrote ${file} (${result.format}${rows !== undefined ? `, ${Object.keys(result.tables).length} tables, ${rows} rows` : ''})`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(new URL(import.meta.url).pathname)) await main(process.argv.slice(2));
