#!/usr/bin/env node
// Builds the web app (apps/web) into dist/web, which the API serves:
// 1. generates the API's types from the committed openapi.json, so a changed API breaks this build;
// 2. type-checks the app against them (apps/web/tsconfig.json);
// 3. bundles it with Vite.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const run = (args) => new Promise((resolve) => spawn(process.execPath, args, { stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1)));

/**
 * Writes the web app's API types; the document and the file can be chosen (test/web/build.spec.ts). They go in
 * apps/web/generated/, outside src/, which holds only hand-written code (test/web/source-rules.spec.ts).
 */
export async function generateApiTypes(document = JSON.parse(readFileSync('openapi.json', 'utf8')), outFile = 'apps/web/generated/schema.d.ts') {
  const ast = await openapiTS(structuredClone(document), { silent: true });
  // A checkout built before the types moved out of src still has them there (no longer git-ignored).
  if (outFile === 'apps/web/generated/schema.d.ts') rmSync('apps/web/src/api/schema.d.ts', { force: true });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `// Generated from openapi.json by scripts/build-web.mjs; do not edit.\n${astToString(ast)}`);
}

export async function buildWeb() {
  try {
    await generateApiTypes();
  } catch (error) {
    process.stderr.write(`Generating the API types from openapi.json failed: ${error.message}\n`);
    return false;
  }
  for (const step of [
    ['node_modules/typescript/bin/tsc', '-p', 'apps/web/tsconfig.json'],
    ['node_modules/vite/bin/vite.js', 'build', 'apps/web', '--logLevel', 'warn'],
  ]) {
    if ((await run(step)) !== 0) return false;
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit((await buildWeb()) ? 0 : 1);
}
