import { readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { parse } from 'yaml';
import { configVariables, requiredInProduction, type AppName } from '#libs/core';
import { WEB_ROOT } from '../apps/api/app.factory.js';
import { API_NODE_ARGS, WORKER_NODE_ARGS } from '../apps/api/node-args.js';

// Keeps docker/compose.yaml in step with the config schema: a variable added there must reach the containers.

type Environment = Record<string, string | number | boolean | null> | string[];
interface ComposeService {
  environment?: Environment;
  command?: string | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const composePath = resolve(process.cwd(), 'docker/compose.yaml');
const compose = parse(readFileSync(composePath, 'utf8')) as ComposeFile;

function service(name: string): ComposeService {
  const found = compose.services?.[name];
  if (!found) throw new Error(`${composePath} has no service "${name}"`);
  return found;
}

/** Environment as a map, from either the map form or the list form ("KEY=value" or bare "KEY"). */
function environmentOf(name: string): Map<string, string | undefined> {
  const env = service(name).environment ?? {};
  if (Array.isArray(env)) {
    return new Map(
      env.map((entry) => {
        const eq = entry.indexOf('=');
        return eq === -1 ? [entry, undefined] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return new Map(Object.entries(env).map(([key, value]) => [key, value === null ? undefined : String(value)]));
}

const commandOf = (name: string) => [service(name).command ?? []].flat().join(' ');

const apps: AppName[] = ['api', 'worker', 'migrate'];

describe('docker/compose.yaml', () => {
  describe.each(apps)('service %s', (app) => {
    it('sets every variable the config requires in production', () => {
      const env = environmentOf(app);
      const missing = requiredInProduction(app).filter((name) => !env.has(name));
      if (missing.length > 0) {
        throw new Error(
          `Service "${app}" in docker/compose.yaml is missing ${missing.map((n) => `"${n}"`).join(', ')} from its environment ` +
            `(requiredInProduction('${app}') in libs/core/config/config.schema.ts)`,
        );
      }
    });

    it('runs with NODE_ENV=production', () => {
      expect(environmentOf(app).get('NODE_ENV')).toBe('production');
    });

    it('takes secrets from the .env file and refuses to start without them', () => {
      const env = environmentOf(app);
      for (const variable of configVariables.filter((v) => v.secret && v.apps.includes(app))) {
        const value = env.get(variable.name) ?? '';
        if (!new RegExp(`^\\$\\{${variable.name}:\\?`).test(value)) {
          throw new Error(`Service "${app}": ${variable.name} must be "\${${variable.name}:?...}", not "${value}"`);
        }
      }
    });
  });

  it('api listens on all interfaces inside its container', () => {
    expect(environmentOf('api').get('API_HOST')).toBe('0.0.0.0');
  });

  it('redis keeps queued jobs: append-only file and no eviction', () => {
    const command = commandOf('redis');
    expect(command).toMatch(/--appendonly\s+yes\b/);
    expect(command).toMatch(/--maxmemory-policy\s+noeviction\b/);
  });

  it.each(['api', 'worker'])('%s starts only after migrate completed successfully', (name) => {
    const dependsOn = service(name).depends_on;
    const condition = Array.isArray(dependsOn) ? undefined : dependsOn?.migrate?.condition;
    expect(condition).toBe('service_completed_successfully');
  });

  it('api has a healthcheck', () => {
    const healthcheck = service('api').healthcheck;
    expect(healthcheck?.disable).not.toBe(true);
    expect([healthcheck?.test ?? []].flat().filter((part) => part !== 'NONE')).not.toHaveLength(0);
  });
});

// No Docker engine runs the tests, so the image is checked statically: the stages of docker/Dockerfile and
// what each runs or copies.
interface Stage {
  name: string;
  base: string;
  workdir: string;
  runs: string[];
  copies: { from?: string; source: string; target: string }[];
}

function dockerfileStages(): Stage[] {
  const text = readFileSync(resolve(process.cwd(), 'docker/Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      const base = stages.find((s) => s.name === from[1]);
      stages.push({ name: from[2] ?? '', base: from[1] ?? '', workdir: base?.workdir ?? '/', runs: [], copies: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    const workdir = /^WORKDIR\s+(\S+)/i.exec(line);
    if (workdir) stage.workdir = posix.resolve(stage.workdir, workdir[1] ?? '.');
    const run = /^RUN\s+(.*)$/i.exec(line);
    if (run) stage.runs.push(run[1] ?? '');
    const copy = /^COPY\s+(?:--from=(\S+)\s+)?(\S+)\s+(\S+)$/i.exec(line);
    if (copy) stage.copies.push({ from: copy[1], source: copy[2] ?? '', target: posix.resolve(stage.workdir, copy[3] ?? '.') });
  }
  return stages;
}

/** Stages an image target is built from, itself first, following `FROM <stage>`. */
function lineage(stages: Stage[], name: string): Stage[] {
  const stage = stages.find((s) => s.name === name);
  return stage ? [stage, ...lineage(stages, stage.base)] : [];
}

describe('docker/Dockerfile', () => {
  const stages = dockerfileStages();

  it.each([
    ['API', 'dist/apps/api/main.js', API_NODE_ARGS],
    ['worker', 'dist/apps/worker/main.js', WORKER_NODE_ARGS],
  ])('starts the %s with the Node flags every other start of it uses (apps/api/node-args.ts)', (_name, script, args) => {
    const text = readFileSync(resolve(process.cwd(), 'docker/Dockerfile'), 'utf8');
    const commands = [...text.matchAll(/^CMD (\[.*\])$/gm)].map((m) => JSON.parse(m[1]!) as string[]);
    expect(commands.filter((c) => c.at(-1) === script)).toEqual([['node', ...args, script]]);
    expect(args.length).toBeGreaterThan(0);
  });

  it('builds the web app (scripts/build-web.mjs) in a stage whose dist/web the api image copies to where the API serves it', () => {
    const webBuild = stages.find((s) => s.runs.some((r) => /scripts\/build-web\.mjs/.test(r)));
    expect(webBuild?.name).toBeTruthy();
    const builtAt = posix.join(webBuild!.workdir, 'dist/web');
    const apiImage = lineage(stages, 'api');
    const copied = apiImage.flatMap((s) =>
      s.copies
        .filter((c) => c.from === webBuild!.name && builtAt.startsWith(posix.resolve(webBuild!.workdir, c.source)))
        .map((c) => ({ workdir: s.workdir, at: posix.join(c.target, posix.relative(posix.resolve(webBuild!.workdir, c.source), builtAt)) })),
    );
    expect(copied).toHaveLength(1);
    // WEB_ROOT is resolve('dist/web') from the process's working directory, the image's WORKDIR.
    expect(copied[0]!.at).toBe(posix.join(apiImage[0]!.workdir, posix.relative(process.cwd(), WEB_ROOT)));
  });

  it('installs with the command the README explains (npm install, not npm ci)', () => {
    const installs = stages.flatMap((s) => s.runs).filter((r) => /\bnpm\s+(ci|install|i)\b/.test(r));
    expect(installs.length).toBeGreaterThan(0);
    expect(installs.filter((r) => /\bnpm\s+ci\b/.test(r))).toEqual([]);
    expect(readFileSync(resolve(process.cwd(), 'README.md'), 'utf8')).toMatch(/`npm install`, not `npm ci`/);
  });
});
