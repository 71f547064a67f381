#!/usr/bin/env node
// The web app's source rules (docs/web.md, "Source rules"), checked by `npm run lint` and test/web/source-rules.spec.ts:
// - no file under apps/web/src is over 400 lines (split it into apps/web/src/features/<capability>/ instead);
// - no cast that silences the typed API client: `as never`, `as any`, `as unknown as`, @ts-ignore / -expect-error /
//   -nocheck. Where a type is wrong, the OpenAPI document is wrong: fix the DTO and run `npm run openapi`.
// Generated code lives outside src (apps/web/generated/), so every file here is hand-written and counts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const MAX_LINES = 400;
// `as never` anywhere, even in prose, as `grep -R "as never" apps/web/src` would find it (issue 23's test); `as any`
// only as code (not followed by a word: "as any of it" in a comment is English).
const ESCAPES = [
  [/\bas\s+never\b/, '`as never`'],
  [/\bas\s+any\b(?!\s*[A-Za-z])/, '`as any`'],
  [/\bas\s+unknown\s+as\b/, '`as unknown as`'],
  [/@ts-(?:ignore|expect-error|nocheck)\b/, 'a @ts- directive'],
];

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Each breach of the rules under `dir`, as a line naming the file (relative to `root`), sorted. */
export function webSourceProblems(dir = 'apps/web/src', root = process.cwd()) {
  const problems = [];
  for (const path of files(dir)) {
    const name = relative(root, path);
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
    if (count > MAX_LINES) problems.push(`${name}: ${count} lines, over ${MAX_LINES}: split it (apps/web/src/features/<capability>/)`);
    lines.forEach((line, i) => {
      for (const [pattern, what] of ESCAPES) {
        if (pattern.test(line)) problems.push(`${name}:${i + 1}: ${what} silences the API's types: fix the DTO and run \`npm run openapi\``);
      }
    });
  }
  return problems.sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = webSourceProblems();
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.exit(problems.length === 0 ? 0 : 1);
}
