// The bare-Fastify baseline: one route that runs a captured request's SQL through `pg` and returns its rows as
// JSON. No Nest, no guards, no validation, no DTOs: what the API's work costs over HTTP with nothing around it.
// Started by the benchmark as its own process (like the API): `node dist/scripts/bench/bare-server.js`, with
// DATABASE_URL and BENCH_SCRIPTS (a JSON file: { [set]: Script[] }); prints {"port":N} when listening. A script
// whose first statement says `bypassRls` runs on FLOOR_DATABASE_URL, a role row-level security does not apply
// to (the register page's floor: one statement with no transaction or settings); one that says `customPlan`, on
// connections that plan each run for its parameters.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';
import { runScript, type Script } from './pg-load.js';

const sets = JSON.parse(readFileSync(process.env.BENCH_SCRIPTS!, 'utf8')) as Record<string, Script[]>;
// The same pool size as the API's data source (libs/database/data-source.ts).
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const floorPool = process.env.FLOOR_DATABASE_URL ? new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 }) : null;
// For a floor planned for each run (`customPlan`), as the application's role.
const customPlanPool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, options: '-c plan_cache_mode=force_custom_plan' });
const app = Fastify({ logger: false });

app.get<{ Params: { set: string; i: string } }>('/:set/:i', async (request, reply) => {
  const scripts = sets[request.params.set];
  const script = scripts?.[Number(request.params.i) % (scripts?.length || 1)];
  if (!script) return reply.code(404).send({ error: 'no such script' });
  const first = script[0];
  const target = first?.bypassRls ? floorPool : first?.customPlan ? customPlanPool : pool;
  if (!target) return reply.code(500).send({ error: 'FLOOR_DATABASE_URL is not set' });
  return runScript(target, script);
});

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  // Whatever a close throws, the process ends: the benchmark waits for it at clean-up.
  try {
    await app.close();
    await pool.end();
    await floorPool?.end();
    await customPlanPool.end();
  } finally {
    process.exit(0);
  }
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
