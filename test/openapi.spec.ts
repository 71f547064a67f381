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

it('every parameter in a path template is declared by each of its operations (so generated clients know them)', () => {
  const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>>;
  };
  const undeclared: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const [method, op] of Object.entries(item)) {
      const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'path' && p.required).map((p) => p.name));
      for (const name of names) if (!declared.has(name)) undeclared.push(`${method} ${path}: {${name}}`);
    }
  }
  expect(undeclared).toEqual([]);
  expect(doc.paths['/v1/schools/{schoolId}/register']!.get!.parameters).toEqual(
    expect.arrayContaining([expect.objectContaining({ name: 'schoolId', in: 'path', required: true })]),
  );
});
