import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_ROOT } from '../../apps/api/app.factory.js';
import { expectProblem, startTestApi, type TestApi } from '../helpers/api.js';

/** The API serves the built web app (dist/web, built by scripts/test.mjs) next to the API, each with its own rules. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

it('serves index.html for the app’s pages, with a policy that lets only its own scripts run', async () => {
  for (const path of ['/', '/app', '/app/login', '/app/s/5f1c1e0e-0000-4000-8000-000000000000/register', '/invitations/accept']) {
    const res = await api.http().get(path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<div id="root"></div>');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-cache');
  }
});

it('serves the content-hashed assets for a year, and nothing outside the build', async () => {
  const script = readdirSync(join(WEB_ROOT, 'assets')).find((f) => f.endsWith('.js'))!;
  const res = await api.http().get(`/assets/${script}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/javascript/);
  expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expectProblem(await api.http().get('/assets/..%2f..%2fpackage.json'), 404);
  expectProblem(await api.http().get('/package.json'), 404);
});

it('leaves the API as it was: unknown routes are problem+json, the docs keep their own policy', async () => {
  expectProblem(await api.http().get('/v1/no-such-route'), 404);
  expectProblem(await api.http().get('/appx'), 404);
  const docs = await api.http().get('/docs/openapi.json');
  expect(docs.status).toBe(200);
  expect(docs.body.paths['/v1/auth/web/login']).toBeDefined();
});
