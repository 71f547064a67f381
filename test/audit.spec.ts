import { evaluate, type AllowEntry, type AuditReport } from '../scripts/audit.js';

/** The dependency audit's verdict (the network half cannot run here: the registry refuses the advisories endpoint). */
const report: AuditReport = {
  vulnerabilities: {
    'left-pad': { severity: 'critical', via: [{ url: 'https://github.com/advisories/GHSA-aaaa', severity: 'critical', title: 'Prototype pollution' }] },
    'some-dep': { severity: 'high', via: ['left-pad'] },
    'low-thing': { severity: 'moderate', via: [{ url: 'https://github.com/advisories/GHSA-bbbb', severity: 'moderate', title: 'ReDoS' }] },
  },
};
const entry = (over: Partial<AllowEntry> = {}): AllowEntry => ({
  advisory: 'https://github.com/advisories/GHSA-aaaa',
  package: 'left-pad',
  reason: 'not reachable from our code',
  expires: '2026-12-31',
  ...over,
});

it('blocks a high or critical advisory that is not allowed, once (not again through its dependants), and ignores moderate ones', () => {
  expect(evaluate(report, [], '2026-11-23')).toEqual({
    blocking: [{ package: 'left-pad', advisory: 'https://github.com/advisories/GHSA-aaaa', severity: 'critical', title: 'Prototype pollution' }],
    allowed: [],
    expired: [],
  });
});

it('an allow-list entry accepts exactly its advisory in its package until it expires, then blocks again and is reported', () => {
  expect(evaluate(report, [entry()], '2026-11-23')).toMatchObject({ blocking: [], allowed: [{ package: 'left-pad' }] });
  expect(evaluate(report, [entry({ package: 'other' })], '2026-11-23').blocking).toHaveLength(1);
  const late = evaluate(report, [entry()], '2027-01-01');
  expect(late.blocking).toHaveLength(1);
  expect(late.expired).toEqual([entry()]);
});
