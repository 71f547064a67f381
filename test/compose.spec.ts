import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { configVariables, requiredInProduction, type AppName } from '#libs/core';

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
