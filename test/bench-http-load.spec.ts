import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadHttp } from '../scripts/bench/http-load.js';

/** The bench's HTTP load reads each response's own duration, not autocannon's whole-millisecond histogram. */
let server: Server;
let url: string;
beforeAll(async () => {
  // Each answer waits 3 ms, so every duration is a little over 3 ms: a whole-millisecond reading says 3.
  server = createServer((_req, res) => setTimeout(() => res.end('{}'), 3));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

it('gives p50 and p99 in fractions of a millisecond, from every response it counted', async () => {
  const figures = await loadHttp(url, [{ method: 'GET', path: '/' }], { connections: 2, amount: 60 });
  expect(figures.n).toBe(60);
  expect(figures.errors).toBe(0);
  expect(figures.p50).toBeGreaterThan(3);
  expect(Number.isInteger(figures.p50)).toBe(false);
  expect(figures.p99).toBeGreaterThanOrEqual(figures.p50);
});
