#!/usr/bin/env node
// The fast path: the pure specs (jest.unit.config.js) through jest with the SWC transform, no type-check, no
// build, no PostgreSQL or Redis. Extra arguments go to jest (a path narrows the run). `npm test` still runs
// everything, these included.
import { spawn } from 'node:child_process';

const child = spawn(
  process.execPath,
  ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '-c', 'jest.unit.config.js', ...process.argv.slice(2)],
  // No service addresses: a spec that tries to reach one fails on the connection guard, not on a real server.
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', MIGRATION_DATABASE_URL: '', REDIS_URL: '' } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
