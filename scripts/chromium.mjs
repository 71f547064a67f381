// Debian's Chromium for the browser tests (test/web): Playwright's own browser download cannot work on the
// machines this project runs on, so the tests drive /usr/bin/chromium. Installed with apt-get when missing and
// we are root, like redis-server in services.mjs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium() {
  return process.env.CHROMIUM_PATH || CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p)) || null;
}

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

/** The path of a Chromium, installing Debian's when there is none; throws with what to do otherwise. */
export async function ensureChromium(log = console.log) {
  const found = findChromium();
  if (found) return found;
  const aptGet = ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => fs.existsSync(p));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && aptGet) {
    log('chromium not found; installing it with apt-get install -y chromium (for the browser tests)');
    const install = () => run(aptGet, ['install', '-y', '--no-install-recommends', 'chromium']);
    let result = await install();
    if (result.code !== 0) {
      // Fresh images have no package lists; update only when needed, it is slow.
      await run(aptGet, ['update']);
      result = await install();
    }
    const installed = findChromium();
    if (installed) return installed;
    throw new Error(
      `chromium is still missing after "apt-get install -y chromium" (exit ${result.code}):\n${result.output.trim().split('\n').slice(-15).join('\n')}`,
    );
  }
  throw new Error('The browser tests need Chromium: "sudo apt-get install chromium" (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.');
}
