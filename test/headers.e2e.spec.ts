import { startTestApi, type TestApi } from './helpers/api.js';

/** Every response carries the security headers; HTML the API serves gets a content policy that runs nothing. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

it('sets the security headers on JSON, problem and HTML responses alike', async () => {
  for (const path of ['/health/live', '/v1/me', '/v1/public/sen-information-reports/000000']) {
    const res = await api.http().get(path);
    expect({ path, nosniff: res.headers['x-content-type-options'], referrer: res.headers['referrer-policy'], frame: res.headers['x-frame-options'] }).toEqual({
      path,
      nosniff: 'nosniff',
      referrer: 'no-referrer',
      frame: 'DENY',
    });
  }
});

it('leaves the API docs page able to run its own scripts', async () => {
  const res = await api.http().get('/docs');
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  // The docs page runs its own scripts, so it does not get the strict policy other HTML gets (see reports).
  expect(res.headers['content-security-policy']).toBeUndefined();
  expect(res.headers['x-content-type-options']).toBe('nosniff');
});
