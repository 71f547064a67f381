#!/usr/bin/env node
// `npm run lint`: ESLint (with type information), Prettier's check, the module boundaries
// (dependency-cruiser, .dependency-cruiser.cjs) and the web app's source rules (scripts/web-source-rules.mjs).
// Every step runs; the exit code is non-zero when any fails.
// The web app's API types are generated first (they are not committed), so its files type-check for ESLint.
import { spawn } from 'node:child_process';
import { generateApiTypes } from './build-web.mjs';

const run = (args) =>
  new Promise((resolve) => spawn(process.execPath, args, { stdio: 'inherit' }).on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

/** The directories the checks cover; test/boundaries/fixtures holds deliberate violations for the boundary test. */
export const LINTED = ['apps', 'libs', 'migrations', 'scripts', 'test'];

export async function lint(log = (m) => process.stdout.write(m)) {
  try {
    await generateApiTypes();
  } catch (error) {
    log(`Generating the web app's API types from openapi.json failed: ${error.message}\n`);
    return false;
  }
  const steps = [
    ['ESLint', ['node_modules/eslint/bin/eslint.js', '--max-warnings=0', '.']],
    ['Prettier', ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level=warn', '.']],
    [
      'Module boundaries',
      ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...LINTED],
    ],
    // No file in apps/web/src over 400 lines, no `as never` (docs/web.md, "Source rules").
    ['Web source rules', ['scripts/web-source-rules.mjs']],
  ];
  const failed = [];
  for (const [name, args] of steps) {
    log(`  ${name}\n`);
    if ((await run(args)) !== 0) failed.push(name);
  }
  if (failed.length > 0) log(`Lint failed: ${failed.join(', ')}.\n`);
  return failed.length === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit((await lint()) ? 0 : 1);
}
