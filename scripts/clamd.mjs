#!/usr/bin/env node
// Starts ClamAV's clamd for development and the tests, with only the repo's local signature set
// (docker/clamav/local.ndb: EICAR as a body signature) and no freshclam: start-up is fast and offline.
// Production runs clamd with freshclam and the official databases instead (docs/security.md "Documents").
// Library: `startClamd({ dataDir })` → { url: 'unix:///…/clamd.sock', stop }. CLI: `node scripts/clamd.mjs <dataDir>`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { ensureDebianPackage } from './apt.mjs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SIGNATURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docker', 'clamav');
const READY_TIMEOUT_MS = 60_000;
const isRoot = process.getuid?.() === 0;

// `unref: true` (a test restarting clamd inside its own process) lets that process exit while clamd runs;
// clamd is still stopped when the process exits.
export async function startClamd({ dataDir, log = console.log, unref = false }) {
  const bin = await ensureClamd(log);
  const dir = path.resolve(dataDir, 'clamd');
  await fsp.mkdir(path.join(dir, 'tmp'), { recursive: true });
  const socket = path.join(dir, 'clamd.sock');
  await fsp.rm(socket, { force: true });
  const conf = path.join(dir, 'clamd.conf');
  const lines = [
    `LocalSocket ${socket}`,
    `DatabaseDirectory ${SIGNATURES}`,
    `TemporaryDirectory ${path.join(dir, 'tmp')}`,
    `PidFile ${path.join(dir, 'clamd.pid')}`,
    'Foreground yes',
    // Above the largest per-school upload limit, so a big file is scanned whole rather than refused.
    'StreamMaxLength 64M',
    'MaxFileSize 64M',
    'MaxScanSize 128M',
    // A file past a limit (a zip bomb's inflated part, a too-deep archive) is reported, not passed unscanned:
    // the worker quarantines it like any other finding (docs/security.md, Documents).
    'AlertExceedsMax yes',
    ...(isRoot ? ['User root'] : []),
  ];
  await fsp.writeFile(conf, lines.join('\n') + '\n');
  let output = '';
  const child = spawn(bin, ['--config-file', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (d) => (output = (output + d).slice(-4000));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    process.off('exit', killOnExit);
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await pong(socket))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`clamd did not start (config ${conf}):\n${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (unref) for (const handle of [child, child.stdout, child.stderr]) handle.unref();
  const pidFile = path.join(dir, 'clamd.pid');
  const stop = async () => {
    if (!exited) {
      await new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    // A test may have stopped this clamd and started another on the same socket (its pid in the pid file): stop
    // that one too, so no daemon outlives the run.
    const pid = Number(await fsp.readFile(pidFile, 'utf8').catch(() => ''));
    const isOurs = async () => (await fsp.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes(conf);
    if (pid > 0 && pid !== child.pid && (await isOurs())) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
  };
  return { url: `unix://${socket}`, pid: child.pid, stop };
}

function pong(socket) {
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    let reply = '';
    conn.setTimeout(2000, () => conn.destroy());
    conn.on('connect', () => conn.write('zPING\0'));
    conn.on('data', (d) => (reply += d));
    conn.on('close', () => resolve(reply.startsWith('PONG')));
    conn.on('error', () => resolve(false));
  });
}

const findClamd = () => ['/usr/sbin/clamd', '/usr/local/sbin/clamd', '/usr/bin/clamd'].find((p) => fs.existsSync(p));

/** Like ensureRedisServer in services.mjs: Debian's package when missing and we are root, else a clear error. */
function ensureClamd(log) {
  return ensureDebianPackage({
    pkg: 'clamav-daemon',
    find: findClamd,
    why: 'virus scanning of uploaded files',
    otherwise: 'clamd was not found. Install it: "sudo apt-get install clamav-daemon" (Debian/Ubuntu), or set CLAMD_URL to a clamd you run yourself.',
    log: (m) => log(`services: ${m}`),
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dataDir = process.argv[2] ?? '.data/dev';
  const clamd = await startClamd({ dataDir });
  console.log(`clamd: ready at ${clamd.url} (Ctrl-C stops it)`);
  process.on('SIGINT', () => void clamd.stop().then(() => process.exit(0)));
}
