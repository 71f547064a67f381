import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { freePort } from './helpers/ports.js';
import { until } from './helpers/wait.js';

// nest-cli.json is the development build (`npx nest build api|worker`, SWC). This builds both projects from
// it into a scratch directory and starts the result, so a setting that breaks the ESM output (module type,
// paths kept for #libs/*, decorator metadata for Nest's DI) fails here rather than on a developer's machine.

const root = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), 'nest-build-'));
const outDir = join(scratch, 'dist');
let api: ChildProcess | undefined;

beforeAll(() => {
  // The built files resolve #libs/* through the nearest package.json, as dist/ does in the repository.
  copyFileSync(resolve(root, 'package.json'), join(scratch, 'package.json'));
  symlinkSync(resolve(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  const config = JSON.parse(readFileSync(resolve(root, 'nest-cli.json'), 'utf8'));
  // The harness has already type-checked with tsc; only the output location differs from nest-cli.json.
  config.compilerOptions.typeCheck = false;
  config.compilerOptions.builder.options.outDir = outDir;
  writeFileSync(join(scratch, 'nest-cli.json'), JSON.stringify(config));
});

afterAll(async () => {
  // Waits for the API to stop, so jest's worker is not left holding its process.
  if (api && api.exitCode === null) await new Promise((done) => api!.once('exit', done).kill('SIGTERM'));
  rmSync(scratch, { recursive: true, force: true });
});

it.each(['api', 'worker'])(
  '`nest build %s` writes the entry file named in nest-cli.json',
  (project) => {
    // The CLI reads -c relative to the working directory, even when absolute.
    const config = relative(root, join(scratch, 'nest-cli.json'));
    const build = spawnSync(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build', project, '-c', config], { encoding: 'utf8' });
    // The CLI reports success on stderr; anything else there is an error.
    expect({ status: build.status, stderr: build.stderr.trim() }).toEqual({
      status: 0,
      stderr: expect.stringMatching(/^Successfully compiled: \d+ files with swc/),
    });
    expect(existsSync(join(outDir, 'apps', project, 'main.js'))).toBe(true);
  },
  180_000,
);

it('the built worker links every module it imports (it stops at the configuration check, not at an import)', () => {
  const run = spawnSync(process.execPath, [join(outDir, 'apps/worker/main.js')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  expect(run.status).not.toBe(0);
  expect(`${run.stdout}${run.stderr}`).toMatch(/Invalid configuration/);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/ERR_MODULE_NOT_FOUND|SyntaxError/);
});

it('the built API starts against the test database and serves the committed OpenAPI document', async () => {
  const port = await freePort();
  api = spawn(process.execPath, [join(outDir, 'apps/api/main.js')], {
    env: { ...process.env, API_PORT: String(port), API_HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  await until(
    'the built API to be ready',
    () =>
      fetch(`${base}/health/live`).then(
        (r) => r.status,
        () => 0,
      ),
    (s) => s === 200,
    60_000,
  );
  const served = await (await fetch(`${base}/docs/openapi.json`)).json();
  expect(served).toEqual(JSON.parse(readFileSync(resolve(root, 'openapi.json'), 'utf8')));
}, 90_000);
