import autocannon from 'autocannon';
import { percentile, type Figures } from './stats.js';

export interface HttpRequestSpec {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Drives `url` with autocannon: `connections` concurrent connections, each sending the next request of the
 * list (round robin; with `amount`, each request once), for `durationSec` or until `amount` responses.
 * Any response other than `expectStatus` counts as an error.
 *
 * The latencies are each response's own duration, in fractions of a millisecond, from autocannon's response
 * event: its own figures come from a histogram of whole milliseconds, which read a 5.9 ms p50 as 5 ms and moved
 * a ratio of two small p50s by up to a fifth (docs/performance.md, *Latency read to the microsecond*).
 */
export async function loadHttp(
  url: string,
  requests: HttpRequestSpec[],
  options: { connections: number; durationSec?: number; amount?: number; expectStatus?: number },
): Promise<Figures> {
  let next = 0;
  const expect = options.expectStatus ?? 200;
  let wrongStatus = 0;
  const firstWrong: string[] = [];
  const latencies: number[] = [];
  const run = autocannon({
    url,
    connections: options.connections,
    pipelining: 1,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSec ?? 10 }),
    timeout: 120,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const spec = requests[next++ % requests.length]!;
          return {
            ...req,
            method: spec.method,
            path: spec.path,
            headers: { ...(spec.headers ?? {}), ...(spec.body ? { 'content-type': 'application/json' } : {}) },
            body: spec.body,
          };
        },
        onResponse: (status: number, body: string) => {
          if (status !== expect) {
            wrongStatus += 1;
            if (firstWrong.length < 3) firstWrong.push(`${status} ${String(body).slice(0, 300)}`);
          }
        },
      },
    ],
  } as unknown as autocannon.Options) as unknown as autocannon.Instance & Promise<autocannon.Result>; // without a callback it is both
  // (client, status, bytes, duration in ms): the responses autocannon's own histogram would count, 2xx.
  const tracker: autocannon.Instance = run;
  tracker.on('response', (_client, status, _bytes, durationMs) => {
    if (status >= 200 && status < 300) latencies.push(durationMs);
  });
  const result = await run;
  latencies.sort((a, b) => a - b);
  if (wrongStatus > 0) process.stdout.write(`  (${wrongStatus} responses were not ${expect}: ${firstWrong.join(' | ')})\n`);
  const seconds = result.duration > 0 ? result.duration : 1;
  return {
    n: result.requests.total,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    throughput: result.requests.total / seconds,
    errors: result.errors + result.timeouts + wrongStatus,
  };
}
