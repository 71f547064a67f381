/**
 * The Node flags the API and the worker run with, wherever they are started: docker/Dockerfile's api and worker
 * stages (their CMDs, checked by test/compose.spec.ts), `npm start` (scripts/start.mjs), the bench, and for the
 * API the replica suite.
 *
 * V8 sizes its old generation from the machine's memory and grows it lazily, so on a 24 GiB machine an API
 * under load reached 396–409 MB of RSS (`npm run bench -- --scale small`). With the old generation capped at
 * 192 MB it peaked at 206–227 MB in every run since, at the same throughput within the machine's noise
 * (docs/performance.md, *Issue 24: against the floor*).
 *
 * V8 sizes the young generation from that cap too: 192 MB of old generation gives semi-spaces of 1 MB, so a
 * register page's garbage (its rows, parsed and serialised) was scavenged every few requests. Semi-spaces of up
 * to 16 MB, V8's own size for a large heap, cost about 4% less CPU per request at the same peak RSS
 * (docs/performance.md, *Less work per request*).
 */
export const API_NODE_ARGS: readonly string[] = ['--max-old-space-size=192', '--max-semi-space-size=16'];

/**
 * The worker's old generation has the same cap, for the same reason: it peaked at 348 MB of RSS at 2,400
 * schools (`npm run bench -- --scale tenth`, scan, fan-out and email), over the 300 MB issue 24 sets. Its
 * largest job is the report PDF of a 2,000-pupil school (bench scenario 4b), which runs inside it.
 */
export const WORKER_NODE_ARGS: readonly string[] = ['--max-old-space-size=192'];
