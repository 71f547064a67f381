#!/usr/bin/env node
// Compares two OpenAPI documents schema by schema and property by property, printing one line per difference:
//   node scripts/openapi-diff.mjs <before.json> [after.json (default openapi.json)]
// For reviewing a change to how the document is generated (e.g. the Swagger plugin's metadata).
import { readFileSync } from 'node:fs';

const [beforePath, afterPath = 'openapi.json'] = process.argv.slice(2);
if (!beforePath) {
  process.stderr.write('usage: node scripts/openapi-diff.mjs <before.json> [after.json]\n');
  process.exit(2);
}
const before = JSON.parse(readFileSync(beforePath, 'utf8'));
const after = JSON.parse(readFileSync(afterPath, 'utf8'));
const show = (v) => (v === undefined ? '—' : JSON.stringify(v));
const lines = [];

function compare(where, a = {}, b = {}) {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) lines.push(`${where} ${key}: ${show(a[key])} → ${show(b[key])}`);
  }
}

const schemasA = before.components?.schemas ?? {};
const schemasB = after.components?.schemas ?? {};
for (const name of new Set([...Object.keys(schemasA), ...Object.keys(schemasB)])) {
  const a = schemasA[name];
  const b = schemasB[name];
  if (!a || !b) {
    lines.push(`${name}: ${a ? 'removed' : 'added'}`);
    continue;
  }
  const { properties: pa = {}, required: ra = [], ...restA } = a;
  const { properties: pb = {}, required: rb = [], ...restB } = b;
  compare(name, restA, restB);
  for (const prop of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
    compare(`${name}.${prop}`, { ...pa[prop], required: ra.includes(prop) }, { ...pb[prop], required: rb.includes(prop) });
  }
}
for (const path of new Set([...Object.keys(before.paths ?? {}), ...Object.keys(after.paths ?? {})])) {
  for (const method of new Set([...Object.keys(before.paths?.[path] ?? {}), ...Object.keys(after.paths?.[path] ?? {})])) {
    const a = before.paths?.[path]?.[method] ?? {};
    const b = after.paths?.[path]?.[method] ?? {};
    compare(`${method.toUpperCase()} ${path}`, a, b);
  }
}
process.stdout.write(lines.length ? `${lines.join('\n')}\n${lines.length} difference(s)\n` : 'no differences\n');
