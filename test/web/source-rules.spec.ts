import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAX_LINES, webSourceProblems } from '../../scripts/web-source-rules.mjs';

/**
 * Issue 23's rules for the web app's sources (docs/web.md, "Source rules"), also run by `npm run lint`: no file
 * under apps/web/src over 400 lines, and no cast that silences the typed API client.
 */
const work = resolve(process.env.TEST_DATA_DIR || '.data/test', 'web-source-rules');
const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const line${i} = ${i};`).join('\n') + '\n';

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('apps/web/src keeps them: no file over 400 lines, no `as never` or other escape from the types', () => {
  expect(webSourceProblems()).toEqual([]);
});

it('holds only hand-written code: the generated API types live in apps/web/generated/', () => {
  const client = readFileSync('apps/web/src/api/client.ts', 'utf8');
  expect(client).toMatch(/from '\.\.\/\.\.\/generated\/schema'/);
  expect(() => readFileSync('apps/web/src/api/schema.d.ts')).toThrow(/ENOENT/);
});

it('fails naming each file: one too long, and each kind of cast, with 400 lines and English prose allowed', () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'src/features/big'), { recursive: true });
  writeFileSync(join(work, 'src/features/big/Long.tsx'), lines(MAX_LINES + 1));
  writeFileSync(join(work, 'src/styles.css'), lines(MAX_LINES));
  writeFileSync(
    join(work, 'src/casts.ts'),
    [
      'const a = {} as never;',
      'const b = JSON.parse("1") as any;',
      'const c = 1 as unknown as string;',
      '// @ts-ignore',
      '// The involvement is sent as soon as any of it is written.',
    ].join('\n'),
  );
  expect(webSourceProblems(join(work, 'src'), work)).toEqual([
    "src/casts.ts:1: `as never` silences the API's types: fix the DTO and run `npm run openapi`",
    "src/casts.ts:2: `as any` silences the API's types: fix the DTO and run `npm run openapi`",
    "src/casts.ts:3: `as unknown as` silences the API's types: fix the DTO and run `npm run openapi`",
    "src/casts.ts:4: a @ts- directive silences the API's types: fix the DTO and run `npm run openapi`",
    `src/features/big/Long.tsx: ${MAX_LINES + 1} lines, over ${MAX_LINES}: split it (apps/web/src/features/<capability>/)`,
  ]);
});
