import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';

/**
 * The benchmark suite (scripts/bench.ts) run end to end at a toy size, as the command it is: its own
 * PostgreSQL and Redis, two synthetic schools, the API and worker as separate processes, every scenario and
 * its baseline for a second. Nothing here judges speed (that is what `npm run bench` is for): it proves the
 * suite still runs against today's API, that every scenario produced figures next to a baseline, and that the
 * API answered every request of the load without an error, so a changed route breaks this test, not the
 * next person's benchmark. Serial: it starts services and loads the machine.
 */
jest.setTimeout(600_000);

const execFileAsync = promisify(execFile);

interface Figures {
  n: number;
  p50: number;
  p99: number;
  throughput: number;
  errors: number;
}
interface Results {
  scale: string;
  results: {
    scenario: string;
    subject: Figures;
    baselines: { name: string; figures: Figures }[];
    target?: { text: string; met: boolean | null };
    notes?: string[];
  }[];
  peakRssMb: { api: number | null; worker: number | null };
  dueQueryPlan: string;
  statementsPerRequest: { register: number; plan: number };
}

let results: Results;
let stdout: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));

beforeAll(async () => {
  const env = { ...process.env };
  // The suite starts its own services; the test run's would otherwise be reused.
  for (const name of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'REDIS_URL']) delete env[name];
  const out = path.join(dir, 'results.json');
  ({ stdout } = await execFileAsync(
    process.execPath,
    [
      'dist/scripts/bench.js',
      '--schools',
      '2',
      '--duration',
      '1',
      '--sample',
      '2',
      '--mail',
      '20',
      '--connections',
      '2',
      '--rounds',
      '1',
      '--reseed',
      '--out',
      out,
    ],
    {
      env,
      maxBuffer: 64 * 1024 * 1024,
    },
  ));
  results = JSON.parse(readFileSync(out, 'utf8')) as Results;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('prints one table with every scenario', () => {
  expect(stdout).toMatch(/\| scenario\s+\| measured/);
  for (const n of ['1.', '2.', '3.', '4a.', '4b.', '4c.', '5a.', '5b.', '6a.', '6b.', '7.', '8.'])
    expect(results.results.map((r) => r.scenario.split(' ')[0])).toContain(n);
});

it('measures every scenario beside a baseline, with no failed request on either side', () => {
  for (const r of results.results.filter((x) => /^\d/.test(x.scenario))) {
    expect({ scenario: r.scenario, n: r.subject.n > 0, errors: r.subject.errors }).toEqual({ scenario: r.scenario, n: true, errors: 0 });
    expect(r.baselines.length).toBeGreaterThan(0);
    for (const b of r.baselines)
      expect({ scenario: r.scenario, baseline: b.name, n: b.figures.n > 0, errors: b.figures.errors }).toEqual({
        scenario: r.scenario,
        baseline: b.name,
        n: true,
        errors: 0,
      });
  }
});

it('reads what a request cost in CPU on each side of the register page and the plan read, beside the rates', () => {
  for (const n of ['1.', '2.']) {
    const row = results.results.find((r) => r.scenario.startsWith(n));
    const line = row?.notes?.find((note) => note.startsWith('CPU per request'));
    const ms = [...(line ?? '').matchAll(/([\d.]+) ms/g)].map((m) => Number(m[1]));
    expect({ scenario: n, figures: ms.length }).toEqual({ scenario: n, figures: 7 });
    // The API's own process and the baseline's did work for every request they answered.
    expect(ms[0]).toBeGreaterThan(0);
    expect(ms[1]).toBeGreaterThan(0);
  }
});

it('times nodemailer on the very emails the worker delivered in 6b', () => {
  const backlog = results.results.find((r) => r.scenario.startsWith('6b.'))!;
  expect(backlog.baselines.map((b) => [b.name, b.figures.n])).toEqual([
    ['nodemailer direct: the same emails, same pool, own process, 8 at a time', backlog.subject.n],
  ]);
});

it('replays the statements the API itself ran, and shows the due-review query using its index', () => {
  expect(results.statementsPerRequest.register).toBeGreaterThan(2);
  expect(results.statementsPerRequest.plan).toBeGreaterThan(results.statementsPerRequest.register);
  expect(results.dueQueryPlan).toMatch(/idx_plan_cycles_school_review/);
  expect(results.dueQueryPlan).not.toMatch(/Seq Scan on plan_cycles/);
});

it("sizes England's peak from the school day's mix", () => {
  // The figure itself depends on the machine; the line must be there, with a number of processes or '?' when no
  // rate held at this toy size.
  expect(stdout).toMatch(/England's peak ≈ [\d,]+ req\/s \(assumptions in docs\/performance\.md\) → (\d+|\?) API processes of this machine's size/);
});

it('reads the peak memory of the API and the worker', () => {
  expect(results.peakRssMb.api).toBeGreaterThan(50);
  expect(results.peakRssMb.worker).toBeGreaterThan(50);
});
