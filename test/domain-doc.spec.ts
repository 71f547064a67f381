import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FLAG_RULES } from '#libs/plans';

/**
 * docs/domain.md's table of the seeds' red flags must stay true: each row names a rule the quality check
 * has, and tests that exist in the file it names; and every rule is in the table, with its source.
 */
const doc = readFileSync('docs/domain.md', 'utf8');
const section = doc.split('## Red flags and the rules that answer them')[1]?.split('\n## ')[0] ?? '';
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| ') && !line.startsWith('| Seed file') && !line.startsWith('|---'))
  .map((line) => {
    const [seed, lineNo, redFlag, code, file, tests] = line.slice(2, -2).split(' | ');
    return { seed, lineNo, redFlag, code, file, tests: [...(tests ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!) };
  });

describe('docs/domain.md: red flags and the rules that answer them', () => {
  it('has a row for every seed red flag listed, each naming a seed file and line', () => {
    expect(rows.length).toBeGreaterThan(60);
    for (const row of rows) {
      if (row.seed === '—') continue;
      expect(row.seed).toMatch(/^\d{3}_[0-9a-f]{16}\.txt$/);
      expect(row.lineNo).toMatch(/^\d+$/);
    }
  });

  it('names, in each row, a rule code the quality check has', () => {
    const unknown = rows.filter((row) => !(row.code! in FLAG_RULES)).map((row) => `${row.seed}:${row.lineNo} ${row.code}`);
    expect(unknown).toEqual([]);
  });

  it('names, in each row, tests that exist in the test file given', () => {
    const missing: string[] = [];
    for (const row of rows) {
      expect(row.tests.length).toBeGreaterThan(0);
      if (!existsSync(row.file!)) {
        missing.push(`${row.file} (no such file)`);
        continue;
      }
      const source = readFileSync(row.file!, 'utf8');
      for (const name of row.tests) if (!source.includes(`'${name}'`) && !source.includes(`"${name}"`)) missing.push(`${row.file}: ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('lists every rule of the quality check, each with a source', () => {
    const tabled = new Set(rows.map((row) => row.code));
    expect(Object.keys(FLAG_RULES).filter((code) => !tabled.has(code))).toEqual([]);
    for (const { rule } of Object.values(FLAG_RULES)) expect(rule).toMatch(/SEND Code of Practice \d|Children and Families Act 2014 s\.\d/);
  });

  it('has every section the code cites as docs/domain.md, "Section"', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? (e.name === 'node_modules' ? [] : files(join(dir, e.name))) : /\.(ts|tsx|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    const cited = new Map<string, string>();
    for (const file of ['apps', 'libs', 'scripts', 'migrations'].flatMap(files)) {
      // Comments wrap: join the lines of a block comment before reading the citations.
      const text = readFileSync(file, 'utf8').replace(/\n\s*(\*|\/\/)\s*/g, ' ');
      for (const m of text.matchAll(/docs\/domain\.md,\s+((?:"[^"\n]+"(?:,\s*|\s+and\s+)?)+)/g)) {
        for (const title of m[1]!.matchAll(/"([^"]+)"/g)) cited.set(title[1]!, file);
      }
    }
    expect(cited.size).toBeGreaterThan(10);
    const missing = [...cited].filter(([title]) => !doc.includes(`\n## ${title}\n`)).map(([title, file]) => `${title} (${file})`);
    expect(missing).toEqual([]);
  });

  it('has the sections the code cites', () => {
    for (const title of [
      'Formal notice',
      'Who is a parent',
      'Young person',
      "Parents' right to request an EHC needs assessment",
      'EHC timescales',
      'Appeals and mediation',
      'EHC plan reviews and re-assessment',
      'SEN Information Report',
      'Statistical disclosure control',
      'Retention',
      'Census codes',
      'Reviews',
      'Graduated approach',
      'National figures',
      'Identifiers',
      'Everyday practice',
      'No diagnosis is needed',
    ]) {
      expect(doc).toContain(`\n## ${title}\n`);
    }
  });
});
