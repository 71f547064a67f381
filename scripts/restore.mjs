#!/usr/bin/env node
// Restores a backup made by scripts/backup.mjs into a fresh database:
//   npm run restore -- <file> --database-url postgres://superuser@host/new_db [--owner sen_owner] [--app-role sen_app]
//
// The URL (else RESTORE_DATABASE_URL) names the database to create, as a superuser (the logical restore
// turns triggers off with session_replication_role, which only a superuser may). The owner and app roles
// must exist on the server (as `npm run services` / the deploy's provisioning makes them). A pg_dump
// archive goes to pg_restore. A logical archive: the database is created owned by the owner role, the
// project's migrations run up to the one the backup recorded (so the schema, RLS policies and grants are
// exactly the code's), every table is emptied of what migrations seeded and filled with COPY in one
// transaction, and that transaction commits only if every table's row count and SHA-256, read back from
// the restored database, equal the backup's. Migrations newer than the backup then run with `npm run migrate`.
// Needs the build (`npm run build`): the migrations are loaded from dist/.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { END_OF_DATA, MAGIC, SESSION_SETTINGS, copyInSql, describeUrl, findPgTools, listTables, parseArgs, tableChecksums } from './backup-format.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quote = (name) => `"${String(name).replace(/"/g, '""')}"`;

/**
 * @param {{ file: string, databaseUrl: string, owner?: string, appRole?: string, log?: (line: string) => void }} options
 * @returns {Promise<{ format: 'pg_dump' | 'logical', tables?: Record<string, { rows: number, sha256: string }>, migrations?: string[] }>}
 */
export async function restore({ file, databaseUrl, owner = 'sen_owner', appRole = 'sen_app', log = () => {} }) {
  if (!file || !fs.existsSync(file)) throw new Error(`restore: no backup file ${file}`);
  if (!databaseUrl) throw new Error('restore: give --database-url (or RESTORE_DATABASE_URL) naming the new database, as a superuser');
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, head, 0, 5, 0);
  fs.closeSync(fd);
  const isPgDump = head.toString('latin1') === 'PGDMP';

  const target = new URL(databaseUrl);
  const dbName = decodeURIComponent(target.pathname.slice(1));
  if (!dbName) throw new Error('restore: the URL must name the database to create');
  await createDatabase(databaseUrl, dbName, owner, appRole, log);
  try {
    return await (isPgDump ? pgRestore({ file, databaseUrl }) : logicalRestore({ file, databaseUrl, owner, log }));
  } catch (error) {
    // Leave nothing half-made behind: the database was created here, so it goes too, and a retry starts clean.
    await dropDatabase(databaseUrl, dbName).catch(() => undefined);
    throw error;
  }
}

async function dropDatabase(databaseUrl, dbName) {
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString(), application_name: 'restore' });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${quote(dbName)} with (force)`);
  } finally {
    await admin.end();
  }
}

async function pgRestore({ file, databaseUrl }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const major = Math.floor(Number((await client.query(`select current_setting('server_version_num') as n`)).rows[0].n) / 10000);
  await client.end();
  const tools = findPgTools(major);
  if (!tools.pgRestore) throw new Error(`restore: ${file} is a pg_dump archive but there is no usable pg_restore: ${tools.reason}`);
  // As the superuser, keeping the archive's owners and grants (the roles must exist); data goes in before
  // pg_restore creates triggers and foreign keys, and a superuser is not subject to row-level security.
  const run = spawnSync(tools.pgRestore, ['--exit-on-error', `--dbname=${databaseUrl}`, file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pg_restore failed: ${run.stderr.trim()}`);
  return { format: 'pg_dump' };
}

async function createDatabase(databaseUrl, dbName, owner, appRole, log) {
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString(), application_name: 'restore' });
  await admin.connect();
  try {
    const {
      rows: [me],
    } = await admin.query(`select rolsuper from pg_roles where rolname = current_user`);
    if (!me.rolsuper) throw new Error(`restore: ${describeUrl(databaseUrl)} is not a superuser`);
    for (const role of [owner, appRole]) {
      if ((await admin.query(`select 1 from pg_roles where rolname = $1`, [role])).rowCount === 0)
        throw new Error(`restore: role ${role} does not exist on this server; create it first (docs/operations.md)`);
    }
    if ((await admin.query(`select 1 from pg_database where datname = $1`, [dbName])).rowCount > 0) {
      throw new Error(`restore: database ${dbName} already exists; restore only into a new database (drop it or choose another name)`);
    }
    await admin.query(`create database ${quote(dbName)} owner ${quote(owner)} encoding 'UTF8' template template0`);
    await admin.query(`grant connect on database ${quote(dbName)} to ${quote(appRole)}`);
    log(`restore: created database ${dbName} owned by ${owner}`);
  } finally {
    await admin.end();
  }
  const db = new pg.Client({ connectionString: databaseUrl, application_name: 'restore' });
  await db.connect();
  try {
    // As scripts/services.mjs provisions it: only the owner creates objects; the app role may use them.
    await db.query('revoke create on schema public from public');
    await db.query(`grant usage on schema public to ${quote(appRole)}`);
    await db.query(`alter schema public owner to ${quote(owner)}`);
  } finally {
    await db.end();
  }
}

/** Lines of the gunzip'd archive as Buffers (without the newline). */
async function* lines(file) {
  let rest = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file).pipe(createGunzip())) {
    const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, start)) {
      yield buf.subarray(start, i);
      start = i + 1;
    }
    rest = Buffer.from(buf.subarray(start));
  }
  if (rest.length) throw new Error('restore: the archive ends in the middle of a line (truncated?)');
}

async function logicalRestore({ file, databaseUrl, owner, log }) {
  const reader = lines(file)[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await reader.next();
    if (done) throw new Error('restore: the archive ends early (truncated?)');
    return value;
  };
  if ((await next()).toString('utf8') !== MAGIC) throw new Error(`restore: ${file} is neither a pg_dump archive nor a SEN logical backup`);
  const headerLine = (await next()).toString('utf8');
  if (!headerLine.startsWith('HEADER ')) throw new Error('restore: the archive has no header');
  const header = JSON.parse(headerLine.slice(7));

  const migrated = await migrateTo(databaseUrl, owner, header.migrations, header.extensions ?? []);
  log(`restore: schema built by ${migrated.length} migration(s), up to ${migrated.at(-1)}`);

  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'restore' });
  await client.connect();
  const { from } = await import('pg-copy-streams');
  let copying; // an open COPY FROM STDIN: nothing else can run on the connection until it ends
  try {
    await client.query('begin');
    for (const s of SESSION_SETTINGS) await client.query(s);
    // Rows go in as they were: no triggers (append-only guards, timestamps, foreign-key checks mid-load).
    await client.query(`set local session_replication_role = replica`);
    const tables = await listTables(client);
    const names = tables.map((t) => t.name).sort();
    if (JSON.stringify(names) !== JSON.stringify([...header.tables].sort())) {
      throw new Error(
        `restore: the migrated schema's tables differ from the backup's:\n  schema: ${names.join(', ')}\n  backup: ${[...header.tables].sort().join(', ')}`,
      );
    }
    // Migrations may seed rows (reference data); the backup holds them too, as they were.
    if (tables.length > 0) await client.query(`truncate ${tables.map((t) => `public.${quote(t.name)}`).join(', ')}`);

    const loaded = {};
    let trailer;
    for (;;) {
      const line = (await next()).toString('utf8');
      if (line.startsWith('TRAILER ')) {
        trailer = JSON.parse(line.slice(8));
        break;
      }
      if (!line.startsWith('TABLE ')) throw new Error('restore: the archive is malformed (expected a table)');
      const table = JSON.parse(line.slice(6));
      const stream = client.query(from(copyInSql(table)));
      const finished = new Promise((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      finished.catch(() => undefined);
      copying = { stream, finished };
      const hash = createHash('sha256');
      let rows = 0;
      let batch = [];
      let size = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        const data = Buffer.concat(batch);
        batch = [];
        size = 0;
        if (!stream.write(data)) await new Promise((resolve) => stream.once('drain', resolve));
      };
      for (;;) {
        const row = await next();
        if (row.length === 2 && row.toString('latin1') === END_OF_DATA) break;
        const withNewline = Buffer.concat([row, Buffer.from('\n')]);
        hash.update(withNewline);
        rows += 1;
        batch.push(withNewline);
        size += withNewline.length;
        if (size > 1 << 16) await flush();
      }
      await flush();
      stream.end();
      await finished;
      copying = undefined;
      loaded[table.name] = { rows, sha256: hash.digest('hex') };
    }
    for (const seq of trailer.sequences ?? []) {
      await client.query(`select setval($1::regclass, $2::bigint, $3)`, [`public.${quote(seq.name)}`, seq.lastValue ?? 1, Boolean(seq.called)]);
    }
    // The archive is intact (what was read is what was written) and the database holds exactly it.
    const differs = (a, b) => Object.keys(trailer.tables).filter((t) => a[t]?.rows !== b[t]?.rows || a[t]?.sha256 !== b[t]?.sha256);
    const damaged = differs(loaded, trailer.tables);
    if (damaged.length) throw new Error(`restore: the archive is damaged: tables ${damaged.join(', ')} differ from its own checksums`);
    const readBack = await tableChecksums(client, tables);
    const wrong = differs(readBack, trailer.tables);
    if (wrong.length) throw new Error(`restore: after loading, tables ${wrong.join(', ')} differ from the backup; nothing was committed`);
    await client.query('commit');
    return { format: 'logical', tables: readBack, migrations: migrated };
  } catch (error) {
    if (copying) {
      // Mid-COPY the connection cannot take a ROLLBACK; closing it rolls the transaction back just the same.
      client.on('error', () => undefined); // the 'Connection terminated' this causes is expected
      client.connection.stream.destroy();
      throw error;
    }
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    if (!copying) await client.end();
  }
}

/** Runs the project's migrations, exactly those the backup recorded, as the owner role (so it owns the objects). */
async function migrateTo(databaseUrl, owner, recorded, extensions) {
  const dist = path.join(repoRoot, 'dist');
  if (!fs.existsSync(path.join(dist, 'migrations', 'index.js'))) throw new Error('restore: dist/ is missing; run `npm run build` first');
  const { allMigrations } = await import(pathToFileURL(path.join(dist, 'migrations', 'index.js')).href);
  const { createDataSource, runMigrations } = await import(pathToFileURL(path.join(dist, 'libs', 'database', 'index.js')).href);
  // No entities, exactly as the migrate step (libs/database/migrate.cli.ts): with none, TypeORM installs no
  // uuid extension of its own, so the restored database has the extensions the source had and no more.
  const byName = new Map(allMigrations.map((M) => [new M().name ?? M.name, M]));
  const unknown = recorded.filter((name) => !byName.has(name));
  if (unknown.length)
    throw new Error(`restore: the backup was made by newer code (migrations ${unknown.join(', ')} are not in this build); restore with that version`);
  const wanted = allMigrations.filter((M) => recorded.includes(new M().name ?? M.name));
  const dataSource = createDataSource({
    url: databaseUrl,
    entities: [],
    migrations: wanted,
    poolSize: 2,
    applicationName: 'restore-migrate',
    // Connected as the superuser, acting as the owner role for everything the migrations create.
    extra: { options: `-c role=${owner}` },
  });
  await dataSource.initialize();
  let applied;
  try {
    applied = await runMigrations(dataSource, databaseUrl);
  } finally {
    await dataSource.destroy();
  }
  // Any other extension the source had (installed by hand), as the superuser.
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'restore' });
  await client.connect();
  try {
    for (const ext of extensions) await client.query(`create extension if not exists ${quote(ext.name)} schema ${quote(ext.schema)}`);
  } finally {
    await client.end();
  }
  return applied;
}

async function main(argv) {
  const { positional, options } = parseArgs(argv);
  const file = positional[0];
  const databaseUrl = options['database-url'] ?? process.env.RESTORE_DATABASE_URL;
  if (!file || !databaseUrl) {
    console.error(
      'Usage: npm run restore -- <file> --database-url postgres://superuser@host/new_database [--owner sen_owner] [--app-role sen_app]\n(or set RESTORE_DATABASE_URL)',
    );
    process.exit(2);
  }
  try {
    const result = await restore({ file, databaseUrl, owner: options.owner, appRole: options['app-role'], log: (l) => console.log(l) });
    const rows = result.tables ? Object.values(result.tables).reduce((n, t) => n + t.rows, 0) : undefined;
    console.log(
      `restore: ${describeUrl(databaseUrl)} restored from ${file} (${result.format}${rows !== undefined ? `, ${Object.keys(result.tables).length} tables, ${rows} rows, every table's checksum matches` : ''})`,
    );
    console.log('restore: run `npm run migrate` against it for any migrations newer than the backup');
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url))) await main(process.argv.slice(2));
