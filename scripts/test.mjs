#!/usr/bin/env node
// The whole test suite: type-check and build, start a fresh PostgreSQL and Redis (or use DATABASE_URL /
// MIGRATION_DATABASE_URL / REDIS_URL), migrate, run the web app's component tests (Vitest) and every jest
// suite, stop the services, and end with the line `N passed, N failed`. The whole suite (no files named) lints first (`npm run lint`: ESLint, Prettier,
// module boundaries). `--update-openapi` rewrites openapi.json from the code instead of testing.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildWeb } from './build-web.mjs';
import { ensureChromium } from './chromium.mjs';
import { lint } from './lint.mjs';
import { startServices } from './services.mjs';
import { startClamd } from './clamd.mjs';

const args = process.argv.slice(2);
const updateOpenapi = args.includes('--update-openapi');
const jestArgs = args.filter((a) => a !== '--update-openapi');

function run(command, commandArgs, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// TEST_DATA_DIR lets two runs share a checkout (each needs its own PostgreSQL and Redis data).
const dataDir = process.env.TEST_DATA_DIR || '.data/test';

const step = (text) => process.stdout.write(`\n▶ ${text}\n`);

// CI runs the whole suite, so this is where the lint runs in CI; a run of named files skips it for speed.
const wholeSuite = !updateOpenapi && jestArgs.every((a) => !/\.ts$|\//.test(a));
if (wholeSuite) {
  step('Linting (ESLint, Prettier, module boundaries)');
  if (!(await lint((m) => process.stdout.write(m)))) {
    process.stdout.write('\nThe lint failed (npm run lint shows why); no tests ran.\n0 passed, 1 failed\n');
    process.exit(1);
  }
}

if (updateOpenapi) {
  // The Swagger plugin's metadata comes from the sources, before they are compiled.
  step('Generating the Swagger metadata (scripts/swagger-metadata.mjs)');
  if ((await run(process.execPath, ['scripts/swagger-metadata.mjs'])) !== 0) process.exit(1);
}

step('Type-checking and building (tsc)');
if ((await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'])) !== 0) {
  process.stdout.write('\nThe TypeScript build failed; no tests ran.\n0 passed, 1 failed\n');
  process.exit(1);
}

// The web app: its types come from openapi.json, so a changed API fails here; the browser tests load the build.
const browserTests = !updateOpenapi && (jestArgs.every((a) => !/\.ts$|\//.test(a)) || jestArgs.some((a) => a.includes('web')));
if (!updateOpenapi) {
  step('Building the web app (openapi-typescript, tsc, vite)');
  if (!(await buildWeb())) {
    process.stdout.write('\nThe web app build failed; no tests ran.\n0 passed, 1 failed\n');
    process.exit(1);
  }
}
let chromiumPath = '';
if (browserTests) {
  try {
    chromiumPath = await ensureChromium((m) => process.stdout.write(`  ${m}\n`));
  } catch (error) {
    process.stdout.write(`\n${error.message}\n0 passed, 1 failed\n`);
    process.exit(1);
  }
}

step('Starting PostgreSQL and Redis for the tests');
const services = await startServices({ dataDir, fresh: true, log: (m) => process.stdout.write(`  ${m}\n`) });
let exitCode;
let clamd;
try {
  // clamd with only the repo's test signatures (scripts/clamd.mjs); CLAMD_URL from the environment wins.
  clamd = process.env.CLAMD_URL ? undefined : await startClamd({ dataDir, log: (m) => process.stdout.write(`  ${m}\n`) });
  const pgUrl = new URL(services.migrationDatabaseUrl);
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: services.databaseUrl,
    MIGRATION_DATABASE_URL: services.migrationDatabaseUrl,
    REDIS_URL: services.redisUrl,
    CLAMD_URL: process.env.CLAMD_URL ?? clamd?.url,
    // The drift test creates a scratch database; only the local PostgreSQL we started has a known superuser.
    SUPERUSER_DATABASE_URL: process.env.SUPERUSER_DATABASE_URL ?? (services.superuserUrl || `postgres://postgres:postgres@${pgUrl.host}/postgres`),
    JWT_SECRET: 'test-only-jwt-secret-0123456789abcdef-0123456789',
    LOGIN_FAILURES_PER_ADDRESS_ACCOUNT: '10000',
    LOGIN_FAILURES_PER_ACCOUNT: '10000',
    LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '10000',
    LOG_LEVEL: 'warn',
    ...(chromiumPath ? { CHROMIUM_PATH: chromiumPath } : {}),
  };
  step('Running migrations');
  if ((await run(process.execPath, ['dist/libs/database/migrate.cli.js'], env)) !== 0) throw new Error('migrations failed');

  if (updateOpenapi) {
    exitCode = await run(process.execPath, ['dist/scripts/openapi.js'], env);
  } else {
    step('Running the test suites');
    mkdirSync(dataDir, { recursive: true });
    // Suites named *.serial.spec.ts own process-wide things (the outbox relay, a worker process, their own
    // Redis) and run after the others, one at a time.
    const paths = jestArgs.filter((a) => /\.tsx?$|\//.test(a));
    const flags = jestArgs.filter((a) => !paths.includes(a));
    // The web app's component tests (apps/web/src/**/*.test.ts(x)) run in Vitest with jsdom, not in jest.
    const componentPaths = paths.filter((a) => a.startsWith('apps/web/'));
    const jestPaths = paths.filter((a) => !componentPaths.includes(a));
    const serialPaths = jestPaths.filter((a) => a.includes('serial'));
    const parallelPaths = jestPaths.filter((a) => !a.includes('serial'));
    const phases = [];
    if (paths.length === 0 || componentPaths.length > 0) phases.push({ name: 'components', vitest: componentPaths.map((a) => a.slice('apps/web/'.length)) });
    if (paths.length === 0 || parallelPaths.length > 0) {
      // Paths first: an array option such as --testPathIgnorePatterns would swallow the words after it.
      phases.push({ name: 'parallel', args: [...parallelPaths, '--maxWorkers=2', ...flags, '--testPathIgnorePatterns=\\.serial\\.spec\\.ts$'] });
    }
    if (paths.length === 0 || serialPaths.length > 0) {
      phases.push({
        name: 'serial',
        args: [...serialPaths, '--runInBand', ...flags, ...(serialPaths.length > 0 ? [] : ['--testPathPatterns=\\.serial\\.spec\\.ts$'])],
      });
    }
    let passed = 0;
    let failed = 0;
    let code = 0;
    for (const phase of phases) {
      const report = `${dataDir}/jest-results-${phase.name}.json`;
      rmSync(report, { force: true });
      if (phase.name === 'serial') step('Running the serial suites (notifications: worker, relay, their own Redis)');
      if (phase.vitest) {
        step('Running the web components tests (Vitest, jsdom)');
        code =
          (await run(
            process.execPath,
            [
              'node_modules/vitest/vitest.mjs',
              'run',
              '--root',
              'apps/web',
              '--reporter=default',
              '--reporter=json',
              `--outputFile.json=${resolve(report)}`,
              ...phase.vitest,
            ],
            env,
          )) || code;
        try {
          const results = JSON.parse(readFileSync(report, 'utf8'));
          // A file that fails to load has no failed test of its own: it counts as one failure.
          const broken = results.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
          passed += results.numPassedTests;
          failed += results.numFailedTests + broken + results.numPendingTests + results.numTodoTests;
        } catch {
          failed += 1;
        }
        continue;
      }
      const phaseCode = await run(
        process.execPath,
        [
          '--experimental-vm-modules',
          '--no-warnings=ExperimentalWarning',
          'node_modules/jest/bin/jest.js',
          '--json',
          `--outputFile=${report}`,
          '--passWithNoTests',
          ...phase.args,
        ],
        env,
      );
      code = code || phaseCode;
      try {
        const results = JSON.parse(readFileSync(report, 'utf8'));
        passed += results.numPassedTests;
        failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
        if (results.numPendingTests + results.numTodoTests > 0) {
          process.stdout.write(`${results.numPendingTests + results.numTodoTests} test(s) skipped or todo: they count as failed.\n`);
          failed += results.numPendingTests + results.numTodoTests;
        }
      } catch {
        failed += 1;
      }
    }
    if (passed === 0) failed = Math.max(failed, 1);
    exitCode = code !== 0 || failed > 0 ? 1 : 0;
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  }
} catch (error) {
  process.stdout.write(`\n${error.message}\n0 passed, 1 failed\n`);
  exitCode = 1;
} finally {
  await clamd?.stop();
  await services.stop();
}
process.exit(exitCode);
