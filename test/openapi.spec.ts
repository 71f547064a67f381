import { readFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../apps/api/app.factory.js';
import { startTestApi, type TestApi } from './helpers/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

it('the committed openapi.json matches the document generated from the code (run `npm run openapi`)', () => {
  const committed = JSON.parse(readFileSync('openapi.json', 'utf8'));
  const generated = JSON.parse(JSON.stringify(buildOpenApiDocument(api.app)));
  expect(generated).toEqual(committed);
});

it('serves the document at /docs', async () => {
  const res = await api.http().get('/docs/openapi.json');
  expect(res.status).toBe(200);
  expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/auth/login', '/health/ready', '/v1/schools/{schoolId}/audit-events']));
  expect((await api.http().get('/docs')).status).toBe(200);
});
