import type { Attendee, CycleFacts, PupilPlanFacts, ReviewFacts, TargetFacts, VersionFacts } from '../domain/plan.types.js';
import { isBlank, normaliseText } from './text.js';

/** Which cycles, versions and targets the rules look at. */

export const isOnRegister = (facts: PupilPlanFacts) => facts.status === 'K' || facts.status === 'E';
export const hasParent = (attendees: Attendee[]) => attendees.some((attendee) => attendee.role === 'parent');

/** The last cycle still being planned or delivered; a reviewed or closed cycle is history. */
export const currentCycleOf = (facts: PupilPlanFacts): CycleFacts | null => {
  const open = facts.cycles.filter((cycle) => cycle.status === 'planning' || cycle.status === 'active');
  return open.reduce<CycleFacts | null>((last, cycle) => (last === null || cycle.number >= last.number ? cycle : last), null);
};

export const latestVersion = (versions: VersionFacts[]): VersionFacts | null =>
  versions.reduce<VersionFacts | null>((last, version) => (last === null || version.version >= last.version ? version : last), null);

/** The active version if there is one, else the newest (a draft still being prepared). */
export const versionInForce = (cycle: CycleFacts): VersionFacts | null =>
  cycle.versions.find((version) => version.status === 'active') ?? latestVersion(cycle.versions);

/** The plan the review looked at: the active one, or failing that the latest one agreed with the parents. */
export const reviewedVersion = (cycle: CycleFacts): VersionFacts | null =>
  cycle.versions.find((version) => version.status === 'active') ?? latestVersion(cycle.versions.filter((version) => version.agreedOn !== null));

/**
 * The reviewed cycles just before `cycle`, newest first, as long as they run unbroken (cycle n-1, n-2 …):
 * the history a plan repeats or changes.
 */
export const previousCyclesOf = (facts: PupilPlanFacts, cycle: CycleFacts): CycleFacts[] => {
  const out: CycleFacts[] = [];
  for (let n = cycle.number - 1; ; n--) {
    const found = facts.cycles.find((other) => other.number === n && other.review !== null);
    if (!found) return out;
    out.push(found);
  }
};

/** Reviewed cycles in order of their review, oldest first. */
export const reviewedCycles = (facts: PupilPlanFacts): (CycleFacts & { review: ReviewFacts })[] =>
  facts.cycles.filter((cycle): cycle is CycleFacts & { review: ReviewFacts } => cycle.review !== null).sort((a, b) => a.number - b.number);

export const byVersion = (a: VersionFacts, b: VersionFacts) => a.version - b.version;

export const sameWording = (a: TargetFacts, b: TargetFacts) =>
  normaliseText(a.description) === normaliseText(b.description) &&
  normaliseText(a.measure) === normaliseText(b.measure) &&
  normaliseText(a.successCriterion) === normaliseText(b.successCriterion);

/** A target continues an earlier one if it says so (carriedFromId) or has the same wording. */
export const continues = (target: TargetFacts, earlier: TargetFacts) =>
  target.carriedFromId === earlier.id || (!isBlank(target.description) && normaliseText(target.description) === normaliseText(earlier.description));

/** The targets a review found not achieved, as worded in the plan it reviewed. */
export function unachievedTargets(cycle: CycleFacts): TargetFacts[] {
  const reviewed = cycle.review ? reviewedVersion(cycle) : null;
  if (!cycle.review || !reviewed) return [];
  const missed = new Set(cycle.review.outcomes.filter((o) => o.outcome === 'not_achieved').map((o) => o.targetId));
  return reviewed.targets.filter((target) => missed.has(target.id));
}
