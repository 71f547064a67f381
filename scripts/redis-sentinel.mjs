#!/usr/bin/env node
// A Redis primary, one replica and three Sentinels watching them, for the failover test
// (test/notifications-resilience.serial.spec.ts) and for trying failover by hand. Sentinel is Debian's redis-server
// run in Sentinel mode (`redis-server <conf> --sentinel`: the redis-sentinel package adds only a service unit).
// Library: `startRedisSentinel({ dataDir })` → { url, primaryPort, replicaPort, sentinelPorts, name, primary(),
// killPrimary(), stop() }; url is the REDIS_URL the API and worker take (redis-sentinel://…/name).
// CLI: `node scripts/redis-sentinel.mjs <dataDir>` (prints REDIS_URL; Ctrl-C stops it).
import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRedisServer, freePorts } from './services.mjs';

const NAME = 'sen';
const READY_TIMEOUT_MS = 30_000;

/** One inline command over a fresh connection; resolves with the raw reply once `done(reply)` says it is whole. */
export function redisCommand(port, command, done = (reply) => reply.endsWith('\r\n')) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply to "${command}" on port ${port}`));
    }, 3000);
    socket.on('data', (d) => {
      reply += d;
      if (done(reply)) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.write(`${command}\r\n`);
  });
}

/** A bulk reply ($n\r\n…) is whole when its n bytes have come. */
const bulkDone = (reply) => {
  const m = /^\$(-?\d+)\r\n/.exec(reply);
  return m ? Number(m[1]) < 0 || Buffer.byteLength(reply) >= m[0].length + Number(m[1]) + 2 : reply.startsWith('-');
};

async function waitFor(what, check) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`redis-sentinel: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * @param {{ dataDir: string, downAfterMs?: number, log?: (line: string) => void }} options
 *   downAfterMs: how long a silent primary has before the Sentinels call it down (1 s here, 30 s by default in Redis).
 */
export async function startRedisSentinel({ dataDir, downAfterMs = 1000, log = console.log }) {
  const bin = await ensureRedisServer(log);
  const dir = path.resolve(dataDir, 'redis-sentinel');
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.mkdir(dir, { recursive: true });
  const children = new Map();
  const start = (key, args) => {
    const child = spawn(bin, args, { stdio: 'ignore' });
    children.set(key, child);
    return child;
  };
  // No persistence, as the resilience test's own Redis: what a failover loses, the worker's sweep must redo.
  // The replica's first sync would write dump.rdb into the working directory: keep it in the data dir.
  const server = ['--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];
  const [primaryPort, replicaPort, ...sentinelFree] = await freePorts(5);
  start('primary', ['--port', String(primaryPort), ...server]);
  await waitFor('the primary', async () => (await redisCommand(primaryPort, 'PING')).startsWith('+PONG'));
  start('replica', ['--port', String(replicaPort), ...server, '--replicaof', '127.0.0.1', String(primaryPort)]);
  await waitFor('the replica to sync', async () => (await redisCommand(replicaPort, 'INFO replication', bulkDone)).includes('master_link_status:up'));
  const sentinelPorts = [];
  for (let i = 0; i < 3; i++) {
    const port = sentinelFree[i];
    const conf = path.join(dir, `sentinel-${i}.conf`);
    // Sentinel rewrites its own file as it learns (the replica, the other Sentinels, a failover).
    await fsp.writeFile(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${NAME} 127.0.0.1 ${primaryPort} 2`,
        `sentinel down-after-milliseconds ${NAME} ${downAfterMs}`,
        `sentinel failover-timeout ${NAME} 10000`,
        `sentinel parallel-syncs ${NAME} 1`,
        '',
      ].join('\n'),
    );
    start(`sentinel-${i}`, [conf, '--sentinel']);
    sentinelPorts.push(port);
  }
  // Ready when every Sentinel knows the replica and the other two, so a majority can authorise a failover.
  for (const port of sentinelPorts) {
    await waitFor(`Sentinel ${port} to reach quorum`, async () => (await redisCommand(port, `SENTINEL ckquorum ${NAME}`)).startsWith('+OK 3 usable'));
    await waitFor(`Sentinel ${port} to see the replica`, async () =>
      (await redisCommand(port, `SENTINEL replicas ${NAME}`, (r) => r.includes(String(replicaPort)) || r.startsWith('*0'))).includes(String(replicaPort)),
    );
  }
  /** The port the Sentinels name as the primary now. */
  const primary = async () => {
    const reply = await redisCommand(sentinelPorts[0], `SENTINEL get-master-addr-by-name ${NAME}`, (r) => (r.match(/\r\n/g) ?? []).length >= 5);
    return Number(reply.split('\r\n')[4]);
  };
  const kill = (key) =>
    new Promise((resolve) => {
      const child = children.get(key);
      // A process killed by a signal keeps exitCode null: signalCode says it has gone.
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  return {
    url: `redis-sentinel://${sentinelPorts.map((p) => `127.0.0.1:${p}`).join(',')}/${NAME}`,
    name: NAME,
    primaryPort,
    replicaPort,
    sentinelPorts,
    primary,
    /** The primary dies (SIGKILL): the Sentinels call it down and promote the replica. */
    killPrimary: () => kill('primary'),
    stop: async () => {
      await Promise.all([...children.keys()].map(kill));
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dataDir] = process.argv.slice(2);
  if (!dataDir) {
    console.error('Usage: node scripts/redis-sentinel.mjs <dataDir>');
    process.exit(2);
  }
  const redis = await startRedisSentinel({ dataDir });
  console.log(`REDIS_URL=${redis.url}`);
  console.log(`primary 127.0.0.1:${redis.primaryPort}, replica 127.0.0.1:${redis.replicaPort}; press Ctrl-C to stop.`);
  process.on('SIGINT', () => void redis.stop().then(() => process.exit(0)));
}
