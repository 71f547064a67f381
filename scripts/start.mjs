#!/usr/bin/env node
// Starts the whole product on this machine: builds, starts PostgreSQL and Redis (kept in .data/dev between
// runs, or DATABASE_URL / MIGRATION_DATABASE_URL / REDIS_URL when set), migrates, seeds the demo school on
// first start (--no-demo to skip), then runs the API and the worker until Ctrl-C.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildWeb } from './build-web.mjs';
import { startMailCatcher } from './mail-catcher.mjs';
import { startServices } from './services.mjs';
import { startClamd } from './clamd.mjs';

const args = new Set(process.argv.slice(2));
const seedDemo = !args.has('--no-demo') && process.env.SEED_DEMO !== 'false';
const port = process.env.API_PORT ?? '3000';
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;

const say = (text) => process.stdout.write(`${text}\n`);
const run = (script, env) => new Promise((resolve) => spawn(process.execPath, [script], { stdio: 'inherit', env }).on('exit', (code) => resolve(code ?? 1)));

say('▶ Building (tsc)');
if ((await run('node_modules/typescript/bin/tsc', { ...process.env })) !== 0) {
  say('The build failed; see the errors above.');
  process.exit(1);
}

say('▶ Building the web app (vite)');
if (!(await buildWeb())) {
  say('The web app build failed; see the errors above.');
  process.exit(1);
}

say('▶ Starting PostgreSQL and Redis');
const services = await startServices({ dataDir: '.data/dev', pgPort: 54329, redisPort: 63799, log: (m) => say(`  ${m}`) });
// Email: to SMTP_URL when set, otherwise to a local catcher that saves each message in .data/dev/mail.
const stopMail = process.env.SMTP_URL ? null : await startMailCatcher({ dir: '.data/dev/mail', port: 1025, log: (m) => say(`  ${m}`) });
// Virus scanning: clamd with the repo's test signatures unless CLAMD_URL names one (README, Virus scanning).
const clamd = process.env.CLAMD_URL ? null : await startClamd({ dataDir: '.data/dev', log: (m) => say(`  ${m}`) });
const env = {
  ...process.env,
  CLAMD_URL: process.env.CLAMD_URL ?? clamd?.url,
  SMTP_URL: process.env.SMTP_URL ?? 'smtp://127.0.0.1:1025',
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  DATABASE_URL: services.databaseUrl,
  MIGRATION_DATABASE_URL: services.migrationDatabaseUrl,
  REDIS_URL: services.redisUrl,
  API_PORT: port,
  PUBLIC_URL: publicUrl,
};

say('▶ Migrating');
if ((await run('dist/libs/database/migrate.cli.js', env)) !== 0) {
  await services.stop();
  process.exit(1);
}
if (seedDemo) {
  say('▶ Demo school (first start only; --no-demo skips it)');
  if ((await run('dist/libs/demo/seed.cli.js', env)) !== 0) {
    await services.stop();
    process.exit(1);
  }
}

const { API_NODE_ARGS, WORKER_NODE_ARGS } = await import(pathToFileURL(path.resolve('dist/apps/api/node-args.js')).href);
const children = [
  spawn(process.execPath, [...API_NODE_ARGS, 'dist/apps/api/main.js'], { stdio: 'inherit', env }),
  spawn(process.execPath, [...WORKER_NODE_ARGS, 'dist/apps/worker/main.js'], { stdio: 'inherit', env }),
];
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.on('exit', r)) : null)));
  await stopMail?.();
  await clamd?.stop();
  await services.stop();
  process.exit(code);
}
for (const child of children) child.on('exit', (code) => stop(code ?? 1));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// Tell the person at the keyboard where to go once the API answers.
for (let i = 0; i < 60 && !stopping; i++) {
  const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) {
    say(`
SEN Manager is running.
  Web app:             ${publicUrl}/
  API docs (OpenAPI):  ${publicUrl}/docs
  Health:              ${publicUrl}/health/ready
  Email sent:          ${process.env.SMTP_URL ? process.env.SMTP_URL : '.data/dev/mail (one .eml file per message)'}
${
  seedDemo
    ? `  Demo logins (password "demo-password-2026"): senco@, head@, teacher@, parent@, trust-lead@, admin@demo.sen-manager.local
  e.g. curl -s -X POST ${publicUrl}/v1/auth/login -H 'content-type: application/json' \\
         -d '{"email":"senco@demo.sen-manager.local","password":"demo-password-2026"}'
`
    : ''
}  Stop with Ctrl-C. Data is kept in .data/dev between runs.`);
    break;
  }
  await new Promise((r) => setTimeout(r, 500));
}
