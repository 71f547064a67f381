import { spawnSync } from 'node:child_process';

// `npm run test:unit` (scripts/test-unit.mjs, jest.unit.config.js) runs the pure specs without services; a
// spec there that opens a connection must fail the run, naming the rule, rather than pass against whatever
// happens to listen.
it('fails a spec that opens a database connection, saying it belongs in test/', () => {
  const run = spawnSync(process.execPath, ['scripts/test-unit.mjs', '--testMatch', '<rootDir>/test/fixtures/unit-opens-a-connection.fixture.ts'], {
    encoding: 'utf8',
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/A pure spec opened a network connection \(.*5432.*\): move it to test\//);
  expect(run.stderr).toMatch(/Tests:\s+1 failed, 1 total/);
});
