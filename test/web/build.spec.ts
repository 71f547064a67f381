import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jest } from '@jest/globals';
import { generateApiTypes } from '../../scripts/build-web.mjs';

/**
 * The web app's API client is typed from openapi.json: a field the app uses that disappears from (or changes
 * in) the API fails the web build, so it cannot reach a user's page. Checked on a copy of the app's sources.
 */
jest.setTimeout(180_000);

const work = resolve(process.env.TEST_DATA_DIR || '.data/test', 'web-build-check');
const spec = JSON.parse(readFileSync('openapi.json', 'utf8')) as {
  components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
};

/** A fresh copy of the app's sources, component-test helpers and tsconfig (everything its `include` names), with its API types generated from `document` (beside src, as in the app), type-checked. */
async function build(document: unknown): Promise<{ code: number | null; output: string }> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync('apps/web/src', join(work, 'src'), { recursive: true });
  cpSync('apps/web/test', join(work, 'test'), { recursive: true });
  cpSync('apps/web/tsconfig.json', join(work, 'tsconfig.json'));
  await generateApiTypes(document, join(work, 'generated/schema.d.ts'));
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', join(work, 'tsconfig.json')], { encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('type-checks against the committed openapi.json', async () => {
  const result = await build(spec);
  expect(result).toEqual({ code: 0, output: '' });
});

it('fails when a field the app uses leaves the API', async () => {
  const changed = structuredClone(spec);
  const version = changed.components.schemas.VersionDto!;
  delete version.properties.targets;
  version.required = version.required?.filter((k) => k !== 'targets');
  const result = await build(changed);
  expect(result.code).not.toBe(0);
  expect(result.output).toMatch(/Property 'targets' does not exist/);
});
