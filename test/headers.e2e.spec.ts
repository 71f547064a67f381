import { loadConfig } from '#libs/core';
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

it('limits what anyone can call without signing in: a published report, a calendar feed, accepting an invitation', async () => {
  // Behind a proxy the client address is X-Forwarded-For: a made-up one keeps this test's budget its own.
  const limited = await startTestApi({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'true' } });
  const client = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
  try {
    // Each route has its own budget per address; the fourth call in a minute waits.
    for (const [method, path, body] of [
      ['get', `/v1/public/sen-information-reports/${String(Date.now()).slice(-6)}`, undefined],
      ['get', '/v1/calendar-feeds/not-a-real-token.ics', undefined],
      ['post', '/v1/auth/invitations/accept', { token: 'x'.repeat(43), displayName: 'Nobody', password: 'correct-horse-battery-staple' }],
    ] as const) {
      const call = () => (method === 'get' ? limited.http().get(path) : limited.http().post(path).send(body)).set('x-forwarded-for', client);
      // The budget is counted in fixed minutes (window-counter.ts): a burst that straddled the turn of one would
      // start counting again, so it starts with at least 5 s of its minute left.
      const left = 60_000 - (Date.now() % 60_000);
      if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await call()).status);
      expect({ path, first: statuses.slice(0, 3).every((s) => s !== 429), last: statuses[3] }).toEqual({ path, first: true, last: 429 });
      const refused = await call();
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.retryAfter).toBeGreaterThan(0);
    }
  } finally {
    await limited.close();
  }
});

describe('CORS', () => {
  const preflight = (target: TestApi, origin: string) =>
    target.http().options('/v1/me').set({ origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });

  it('sends no CORS header by default, so a browser refuses every cross-origin read', async () => {
    const res = await preflight(api, 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const get = await api.http().get('/health/live').set({ origin: 'https://evil.example' });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows exactly the configured origins, with credentials, and no other', async () => {
    const withCors = await startTestApi({ env: { CORS_ORIGINS: 'https://app.school.example, https://staging.school.example' } });
    try {
      const allowed = await preflight(withCors, 'https://app.school.example');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.school.example');
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      expect(allowed.headers['access-control-allow-headers']).toMatch(/authorization/);
      const other = await preflight(withCors, 'https://app.school.example.evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await withCors.close();
    }
  });

  it('refuses a CORS_ORIGINS that is not a list of origins', () => {
    expect(() => loadConfig('api', { ...process.env, CORS_ORIGINS: 'https://ok.example,*' })).toThrow(/CORS_ORIGINS/);
  });
});
