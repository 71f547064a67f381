// Debian packages the scripts need (redis-server, clamav-daemon, chromium): installed with apt-get when missing
// and we are root, so a fresh machine needs nothing but Node and npm. Elsewhere the caller's message says how.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ code: -1, output: err.message }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * The path `find()` gives, installing Debian's `pkg` first when it gives none. Throws `otherwise` when we may not
 * install (not root, no apt-get), and the tail of apt-get's output when the install did not provide it.
 */
export async function ensureDebianPackage({ pkg, find, why, otherwise, log = console.log }) {
  const found = find();
  if (found) return found;
  const aptGet = ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => fs.existsSync(p));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !aptGet) throw new Error(otherwise);
  log(`${pkg} not found; installing it with apt-get install -y ${pkg} (${why})`);
  const install = () => run(aptGet, ['install', '-y', '--no-install-recommends', pkg]);
  let result = await install();
  if (result.code !== 0) {
    // Fresh images have no package lists; update only when needed, it is slow.
    await run(aptGet, ['update']);
    result = await install();
  }
  const installed = find();
  if (installed) return installed;
  throw new Error(
    `${pkg} is still missing after "apt-get install -y ${pkg}" (exit ${result.code}):\n${result.output.trim().split('\n').slice(-15).join('\n')}\n${otherwise}`,
  );
}
