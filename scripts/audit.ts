// Dependency audit with a reviewed allow-list: `npm run build && node dist/scripts/audit.js`. Runs `npm audit --json` on the production
// dependencies and fails on any high or critical advisory that security/audit-allowlist.json does not accept
// (with a reason and an expiry), and on any allow-list entry past its expiry. Exit codes: 0 clean, 1 findings,
// 2 the audit could not run (the registry's advisories endpoint unreachable): said plainly, never passed off as clean.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface AllowEntry {
  /** The advisory's URL (https://github.com/advisories/GHSA-…), as npm audit reports it. */
  advisory: string;
  package: string;
  reason: string;
  /** YYYY-MM-DD: after this day the entry no longer applies and must be reviewed again. */
  expires: string;
}

interface AuditVia {
  url?: string;
  severity?: string;
  title?: string;
}

export interface AuditReport {
  vulnerabilities?: Record<string, { severity: string; via: (AuditVia | string)[] }>;
}

export interface AuditVerdict {
  blocking: { package: string; advisory: string; severity: string; title: string }[];
  allowed: { package: string; advisory: string }[];
  expired: AllowEntry[];
}

const BLOCKING = new Set(['high', 'critical']);

/** Pure: what of `report` blocks a release, given the allow-list and today's date. */
export function evaluate(report: AuditReport, allowList: AllowEntry[], today: string): AuditVerdict {
  const expired = allowList.filter((e) => e.expires < today);
  const live = allowList.filter((e) => e.expires >= today);
  const verdict: AuditVerdict = { blocking: [], allowed: [], expired };
  for (const [name, vuln] of Object.entries(report.vulnerabilities ?? {})) {
    // `via` holds advisories (objects) or the names of vulnerable dependencies (strings), reported under their own names.
    for (const via of vuln.via) {
      if (typeof via === 'string' || !BLOCKING.has(via.severity ?? vuln.severity)) continue;
      const advisory = via.url ?? 'unknown';
      if (live.some((e) => e.advisory === advisory && e.package === name)) verdict.allowed.push({ package: name, advisory });
      else verdict.blocking.push({ package: name, advisory, severity: via.severity ?? vuln.severity, title: via.title ?? '' });
    }
  }
  return verdict;
}

function main(): number {
  const allowList = (JSON.parse(readFileSync(new URL('../../security/audit-allowlist.json', import.meta.url), 'utf8')) as { allow: AllowEntry[] }).allow;
  const run = spawnSync('npm', ['audit', '--json', '--omit=dev'], { encoding: 'utf8' });
  let report: AuditReport & { error?: { summary?: string } };
  try {
    report = JSON.parse(run.stdout) as AuditReport & { error?: { summary?: string } };
  } catch {
    report = { error: { summary: run.stderr.trim().split('\n').pop() } };
  }
  if (report.error || !report.vulnerabilities) {
    process.stderr.write(
      `The dependency audit could not run: ${report.error?.summary ?? 'npm audit gave no report'}.\nIt needs the npm registry's advisories endpoint; run it where that is reachable.\n`,
    );
    return 2;
  }
  const verdict = evaluate(report, allowList, new Date().toISOString().slice(0, 10));
  for (const b of verdict.blocking) process.stdout.write(`BLOCKING ${b.severity} ${b.package}: ${b.title} ${b.advisory}\n`);
  for (const a of verdict.allowed) process.stdout.write(`allowed ${a.package}: ${a.advisory} (security/audit-allowlist.json)\n`);
  for (const e of verdict.expired) process.stdout.write(`EXPIRED allow-list entry ${e.package} ${e.advisory} (expired ${e.expires}): review it\n`);
  process.stdout.write(`${verdict.blocking.length} blocking, ${verdict.allowed.length} allowed, ${verdict.expired.length} expired allow-list entries\n`);
  return verdict.blocking.length > 0 || verdict.expired.length > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main());
