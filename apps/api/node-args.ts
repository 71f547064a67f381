/**
 * The Node flags the API process runs with, wherever it is started: docker/Dockerfile's api stage (its CMD,
 * checked by test/compose.spec.ts), `npm start` (scripts/start.mjs), the bench and the replica suite.
 *
 * V8 sizes its old generation from the machine's memory and grows it lazily, so on a 24 GiB machine an API
 * under load reached 396–409 MB of RSS (`npm run bench -- --scale small`). With the old generation capped at
 * 192 MB it peaked at 206–227 MB in every run since, at the same throughput within the machine's noise
 * (docs/performance.md, *Issue 24: against the floor*).
 */
export const API_NODE_ARGS: readonly string[] = ['--max-old-space-size=192'];
