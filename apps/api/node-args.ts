/**
 * The Node flags the API process runs with, wherever it is started: docker/Dockerfile's api stage (its CMD,
 * checked by test/compose.spec.ts), `npm start` (scripts/start.mjs), the bench and the replica suite.
 *
 * V8 sizes its old generation from the machine's memory and grows it lazily, so on a 24 GiB machine an API
 * under load reached 396–409 MB of RSS holding far less live data (`npm run bench -- --scale small`). With
 * the old generation capped at 192 MB it peaked at 206 MB at the same throughput (docs/performance.md,
 * Memory). The API keeps nothing large: JSON bodies are at most 1 MB and uploads stream to storage.
 */
export const API_NODE_ARGS: readonly string[] = ['--max-old-space-size=192'];
