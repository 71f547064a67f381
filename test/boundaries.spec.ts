// The module boundaries of .dependency-cruiser.cjs (run by `npm run lint`): they hold on the real tree, and
// they bite. The fixture in test/boundaries/fixtures breaks each rule once. Pure: no services.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = process.cwd();

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs the dependency-cruiser CLI with the project's config over `dirs` of `cwd`; returns its violations. */
function cruise(cwd: string, dirs: string[]): Violation[] {
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      '--config',
      path.join(root, '.dependency-cruiser.cjs'),
      '--output-type',
      'json',
      ...dirs,
    ],
    { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (!result.stdout) throw new Error(`dependency-cruiser printed nothing: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const brief = (violations: Violation[]) => violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();

describe('module boundaries', () => {
  it('the project has no violation', () => {
    expect(brief(cruise(root, ['apps', 'libs', 'migrations', 'scripts', 'test']))).toEqual([]);
  });

  it('reports a deep cross-lib import, a cycle between libs, an app past an entry point and a lib using tests', () => {
    expect(brief(cruise(path.join(root, 'test/boundaries/fixtures'), ['apps', 'libs', 'test']))).toEqual([
      'apps-use-lib-entry-points: apps/api/main.js → libs/alpha/secret.js',
      'libs-not-from-apps-tests-or-scripts: libs/gamma/index.js → test/helper.js',
      'no-deep-cross-lib-import: libs/gamma/index.js → libs/alpha/secret.js',
      'no-lib-cycles: libs/alpha → libs/beta',
      'no-lib-cycles: libs/beta → libs/alpha',
      'no-relative-cross-lib-import: libs/gamma/index.js → libs/alpha/secret.js',
    ]);
  });
});
