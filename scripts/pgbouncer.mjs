#!/usr/bin/env node
// Starts Debian's PgBouncer in front of a PostgreSQL for the replica suite (test/replicas.serial.spec.ts) and for
// trying pooling by hand: transaction pooling with a small pool, so connections from several API and worker
// processes share a few server connections, as they would in production (docs/scaling.md, "Replicas and pooling").
// Library: `startPgbouncer({ dataDir, upstream, poolSize })` → { url, urls, adminUrl, port, pid, stop }.
// CLI: `node scripts/pgbouncer.mjs <dataDir> <postgres url>...` (prints the pooled URLs; Ctrl-C stops it).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureDebianPackage } from './apt.mjs';
import { freePorts } from './services.mjs';

const READY_TIMEOUT_MS = 30_000;
const STATS_USER = 'pgbouncer_stats';
const isRoot = process.getuid?.() === 0;

/**
 * @param {{ dataDir: string, upstream: string | string[], poolSize?: number, maxClients?: number, log?: (line: string) => void }} options
 *   upstream: the PostgreSQL URL of each role that may connect (all on one server and database); their
 *   passwords go into PgBouncer's auth file, which it uses both to check clients and to log in upstream.
 * @returns {Promise<{ url: string, urls: string[], adminUrl: string, port: number, pid: number, stop: () => Promise<void> }>}
 *   urls: the same roles through PgBouncer, in order (url is the first); adminUrl: its console (SHOW POOLS).
 */
export async function startPgbouncer({ dataDir, upstream, poolSize = 4, maxClients = 400, log = console.log }) {
  const bin = await ensurePgbouncer(log);
  const targets = (Array.isArray(upstream) ? upstream : [upstream]).map((u) => new URL(u));
  const first = targets[0];
  if (!first) throw new Error('startPgbouncer: upstream needs at least one PostgreSQL URL');
  const database = first.pathname.slice(1);
  const dir = path.resolve(dataDir, 'pgbouncer');
  await fsp.mkdir(dir, { recursive: true });
  const [port] = await freePorts(1);
  const statsPassword = randomBytes(12).toString('hex');
  const users = [...targets.map((t) => [decodeURIComponent(t.username), decodeURIComponent(t.password)]), [STATS_USER, statsPassword]];
  // Plain-text passwords (local, test-only roles): PgBouncer then speaks SCRAM to both the clients and PostgreSQL.
  await fsp.writeFile(path.join(dir, 'userlist.txt'), users.map(([u, p]) => `"${u}" "${p.replaceAll('"', '""')}"`).join('\n') + '\n', { mode: 0o600 });
  const conf = path.join(dir, 'pgbouncer.ini');
  const lines = [
    '[databases]',
    `${database} = host=${first.hostname} port=${first.port || 5432} dbname=${database}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    // No Unix socket: instances on other ports never collide on /tmp lock files.
    'unix_socket_dir =',
    'auth_type = scram-sha-256',
    `auth_file = ${path.join(dir, 'userlist.txt')}`,
    // A server connection is lent for one transaction at a time: the app keeps no session state (docs/scaling.md).
    'pool_mode = transaction',
    `default_pool_size = ${poolSize}`,
    'min_pool_size = 0',
    'reserve_pool_size = 0',
    `max_client_conn = ${maxClients}`,
    // A client waits at most 30 s for a server connection (default 120 s): a pile-up fails a test instead of hanging it.
    'query_wait_timeout = 30',
    `stats_users = ${STATS_USER}`,
    // Logs go to stderr (kept for error messages); no pid file, no daemon: the caller owns the process.
    'logfile =',
    'pidfile =',
    'log_connections = 0',
    'log_disconnections = 0',
  ];
  await fsp.writeFile(conf, lines.join('\n') + '\n', { mode: 0o600 });
  // PgBouncer refuses to run as root: run it as the postgres OS user (the one the embedded PostgreSQL runs as).
  const owner = isRoot ? await osUser('postgres') : undefined;
  if (owner) {
    for (const file of [dir, conf, path.join(dir, 'userlist.txt')]) await fsp.chown(file, owner.uid, owner.gid);
    await grantTraverse(dir);
  }
  let output = '';
  const child = spawn(bin, [conf], { stdio: ['ignore', 'pipe', 'pipe'], ...(owner ?? {}) });
  const collect = (d) => (output = (output + d).slice(-4000));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    process.off('exit', killOnExit);
  });
  const pooled = (t) => {
    const u = new URL(t);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  };
  const urls = targets.map(pooled);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError;
  for (;;) {
    if (exited) throw new Error(`pgbouncer exited at start (config ${conf}):\n${output.trim()}`);
    lastError = await tryQuery(urls[0]);
    if (!lastError) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`pgbouncer did not pass a query to PostgreSQL within ${READY_TIMEOUT_MS / 1000} s (${lastError}):\n${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`services: PgBouncer on 127.0.0.1:${port} (transaction pooling, ${poolSize} server connections per role)`);
  const stop = async () => {
    if (exited) return;
    await new Promise((resolve) => {
      child.once('exit', () => resolve());
      // SIGINT: "safe shutdown" waits for every client; SIGTERM closes at once, which a test's teardown wants.
      child.kill('SIGTERM');
    });
  };
  return { url: urls[0], urls, adminUrl: `postgres://${STATS_USER}:${statsPassword}@127.0.0.1:${port}/pgbouncer`, port, pid: child.pid, stop };
}

/** '' once a query went through PgBouncer to PostgreSQL, else why not. */
async function tryQuery(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

async function osUser(name) {
  const passwd = await fsp.readFile('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`pgbouncer: running as root needs the OS user ${name} (it runs PostgreSQL too), and there is none`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** o+x (traverse only) on every directory above `dir`, so the postgres OS user can reach its config. */
async function grantTraverse(dir) {
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const st = await fsp.stat(d);
    if ((st.mode & 0o001) === 0) await fsp.chmod(d, (st.mode & 0o7777) | 0o001);
  }
}

const findPgbouncer = () => ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'].find((p) => fs.existsSync(p));

/** Like ensureRedisServer in services.mjs: Debian's package when missing and we are root, else a clear error. */
function ensurePgbouncer(log) {
  return ensureDebianPackage({
    pkg: 'pgbouncer',
    find: findPgbouncer,
    why: 'the replica suite pools connections through it',
    otherwise: 'pgbouncer was not found. Install it: "sudo apt-get install pgbouncer" (Debian/Ubuntu) or "brew install pgbouncer" (macOS).',
    log: (m) => log(`services: ${m}`),
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dataDir, ...upstream] = process.argv.slice(2);
  if (!dataDir || upstream.length === 0) {
    console.error('Usage: node scripts/pgbouncer.mjs <dataDir> <postgres url>...');
    process.exit(2);
  }
  const bouncer = await startPgbouncer({ dataDir, upstream });
  for (const url of bouncer.urls) console.log(url);
  console.log('PgBouncer running; press Ctrl-C to stop.');
  process.on('SIGINT', () => void bouncer.stop().then(() => process.exit(0)));
}
