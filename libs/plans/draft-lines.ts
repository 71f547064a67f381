import { In, type EntityManager } from 'typeorm';
import type { FieldError } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import type { PlanContent } from './plan-content.js';
import { PlanProvision } from './plan-provision.entity.js';
import { PlanTarget } from './plan-target.entity.js';
import type { PlanVersion } from './plan-version.entity.js';

/**
 * Saving a draft again without losing anything (issue 17): a line that names a stored target or provision
 * keeps its row and id, and content identical to what is stored is not written at all.
 */

const TARGET_FIELDS = ['description', 'areaOfNeed', 'measure', 'baseline', 'successCriterion', 'targetDate', 'carriedFromId'] as const;
const PROVISION_FIELDS = [
  'description',
  'interventionId',
  'staffRole',
  'deliveredBy',
  'frequencyCount',
  'frequencyPeriod',
  'minutesPerSession',
  'groupSize',
  'startsOn',
  'endsOn',
] as const;
const VERSION_FIELDS = [
  'startsOn',
  'reviewDate',
  'needs',
  'strengths',
  'attainment',
  'pupilViews',
  'parentViews',
  'homeSupport',
  'involvement',
  'changeSummary',
] as const;

/** JSON with object keys sorted, so jsonb read back (keys in its own order) compares equal to what was sent. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
const pick = <T extends object>(o: T, fields: readonly string[]) => fields.map((f) => (o as Record<string, unknown>)[f] ?? null);

/** Whether the content is what the version already holds, line for line (ids given must be the stored lines'). */
export function sameContent(version: PlanVersion, targets: PlanTarget[], provisions: PlanProvision[], c: PlanContent): boolean {
  const lines = <S extends { id: string }, I extends { id?: string | null }>(stored: S[], sent: I[], fields: readonly string[]) =>
    stored.length === sent.length &&
    stored.every((s, i) => (!sent[i]!.id || sent[i]!.id === s.id) && canonical(pick(s, fields)) === canonical(pick(sent[i]!, fields)));
  return (
    canonical(pick(version, VERSION_FIELDS)) === canonical(pick(c, VERSION_FIELDS)) &&
    lines(targets, c.targets, TARGET_FIELDS) &&
    lines(provisions, c.provisions, PROVISION_FIELDS)
  );
}

/** Line ids must be lines of this cycle's plan, each named once: anything else is refused, naming the line. */
export function checkLineIds(c: PlanContent, cycleTargetIds: ReadonlySet<string>, cycleProvisionIds: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  const check = (list: 'targets' | 'provisions', lines: { id?: string | null }[], known: ReadonlySet<string>, what: string) => {
    const seen = new Set<string>();
    lines.forEach((l, i) => {
      if (!l.id) return;
      if (!known.has(l.id)) errors.push({ field: `${list}.${i}.id`, message: `${list}.${i}.id is not a ${what} of this plan cycle` });
      else if (seen.has(l.id)) errors.push({ field: `${list}.${i}.id`, message: `${list}.${i}.id names the same ${what} as an earlier line` });
      seen.add(l.id);
    });
  };
  check('targets', c.targets, cycleTargetIds, 'target');
  check('provisions', c.provisions, cycleProvisionIds, 'provision');
  return errors;
}

/**
 * Writes the lines of a version: a line naming one of this version's rows updates that row (same id); other
 * lines are new rows (an id from an earlier version only says where the line came from: versions never share
 * rows); rows no line names are deleted. Positions follow the order sent.
 */
export async function writeLines(m: EntityManager, scope: SchoolScope, pupilId: string, versionId: string, c: PlanContent): Promise<void> {
  const base = { schoolId: scope.schoolId, pupilId, versionId };
  // One body for both kinds of line (same columns for what matters here: id, school, version, position).
  const sync = async (kind: typeof PlanTarget | typeof PlanProvision, lines: ({ id?: string | null } & object)[], fields: readonly string[]) => {
    const entity = kind as typeof PlanTarget;
    const stored = await m.find(entity, { where: { schoolId: scope.schoolId, versionId }, select: { id: true } });
    const own = new Set(stored.map((r) => r.id));
    const kept = new Set(lines.map((l) => l.id).filter((id): id is string => !!id && own.has(id)));
    const gone = stored.map((r) => r.id).filter((id) => !kept.has(id));
    if (gone.length > 0) await m.delete(entity, { schoolId: scope.schoolId, id: In(gone) });
    const fresh: object[] = [];
    for (const [position, line] of lines.entries()) {
      const values = { position, ...Object.fromEntries(fields.map((f) => [f, (line as Record<string, unknown>)[f] ?? null])) };
      if (line.id && kept.has(line.id)) await m.update(entity, { id: line.id, schoolId: scope.schoolId }, values);
      else fresh.push({ ...base, ...values });
    }
    if (fresh.length > 0) await m.insert(entity, fresh);
  };
  await sync(PlanTarget, c.targets, TARGET_FIELDS);
  await sync(PlanProvision, c.provisions, PROVISION_FIELDS);
}
