import type { PupilPlanFacts, QualityContext, QualityFlag } from '../domain/plan.types.js';
import { checkPupil } from './pupil-rules.js';
import { checkCycle, checkReviews } from './review-rules.js';
import { currentCycleOf, isOnRegister, previousCyclesOf, versionInForce } from './select.js';
import { checkVersion } from './version-rules.js';

/**
 * The plan quality check: the red flags of a pupil's plan, from the SEND Code of Practice (2015) graduated
 * approach (assess, plan, do, review: 6.44–6.56, 6.65) and the red flags of the parents' guidance on SEN
 * Support (docs/domain.md, "Red flags and the rules that answer them"). Pure: no clock, no I/O — "today",
 * the school's calendar and the pupil's records come in the facts and the context.
 *
 * The rules are listed in rules.ts; each level has its own file: the pupil (pupil-rules.ts), the current
 * cycle and the reviews (review-rules.ts), the version in force with its targets and support (version-rules.ts).
 */

export { FLAG_RULES, type FlagCode } from './rules.js';
export { isUnmeasurable } from './text.js';
export { openDayNear } from './school-days.js';
export { checkVersion, type VersionContext } from './version-rules.js';

/**
 * Every flag for one pupil: the pupil's, then the current cycle's, then its version in force (with its
 * targets and provisions), then the reviews'. Earlier cycles' plans are history and are not re-judged.
 */
export function checkPupilPlan(facts: PupilPlanFacts, ctx: QualityContext): QualityFlag[] {
  const current = currentCycleOf(facts);
  const flags = checkPupil(facts, ctx);
  if (!isOnRegister(facts) && current === null) return flags;
  if (current) {
    flags.push(...checkCycle(current, ctx));
    const inForce = versionInForce(current);
    if (inForce) {
      flags.push(...checkVersion(inForce, { ...ctx, previousCycles: previousCyclesOf(facts, current), reports: facts.reports, deliveries: facts.deliveries }));
    }
  }
  flags.push(...checkReviews(facts, ctx));
  return flags;
}
