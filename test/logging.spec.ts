import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The API's and worker's logger gathers a turn's lines and writes them together (libs/core/logging/line-batch.ts).
// Whatever way the process ends short of SIGKILL, every line it logged reaches stdout, in order.
describe('log lines survive the end of the process', () => {
  const logger = path.resolve('dist/libs/core/logging/logger.js');
  const run = (ending: string) =>
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { createLogger } = await import(${JSON.stringify(logger)}); const log = createLogger('info'); for (let i = 1; i <= 3; i++) log.info({ i }, 'line'); ${ending}`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
  const numbers = (stdout: string) =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { i: number }).i);

  it.each([
    ['process.exit(3)', 'process.exit(3);', 3],
    ['an uncaught exception', 'throw new Error("boom");', 1],
    ['an unhandled rejection', 'void Promise.reject(new Error("boom"));', 1],
    ['the event loop running out', '', 0],
  ])('after %s', (_name, ending, status) => {
    const result = run(ending);
    expect(result.status).toBe(status);
    expect(numbers(result.stdout)).toEqual([1, 2, 3]);
  });
});
