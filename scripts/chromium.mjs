// Debian's Chromium for the browser tests (test/web): Playwright's own browser download cannot work on the
// machines this project runs on, so the tests drive /usr/bin/chromium. Installed with apt-get when missing and
// we are root, like redis-server in services.mjs.
import fs from 'node:fs';
import { ensureDebianPackage } from './apt.mjs';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium() {
  return process.env.CHROMIUM_PATH || CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p)) || null;
}

/** The path of a Chromium, installing Debian's when there is none; throws with what to do otherwise. */
export function ensureChromium(log = console.log) {
  return ensureDebianPackage({
    pkg: 'chromium',
    find: findChromium,
    why: 'for the browser tests',
    otherwise: 'The browser tests need Chromium: "sudo apt-get install chromium" (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    log,
  });
}
