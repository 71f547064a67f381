import { daysBetween } from '#libs/core';
import { formatDate } from '#libs/documents';
import type { CycleFacts, PupilPlanFacts, QualityContext, QualityFlag, ReviewFacts } from '../domain/plan.types.js';
import { flag } from './rules.js';
import { byVersion, hasParent, reviewedCycles, versionInForce } from './select.js';
import { inPastYear, isAnchored, isBlank, isVague, plural } from './text.js';

/** The flags of the current cycle: a review date passed or pushed back. */
export function checkCycle(cycle: CycleFacts, ctx: QualityContext): QualityFlag[] {
  const flags: QualityFlag[] = [];
  const inForce = versionInForce(cycle);
  if (cycle.status === 'active' && cycle.review === null && inForce?.reviewDate != null && inForce.reviewDate < ctx.today) {
    const days = daysBetween(inForce.reviewDate, ctx.today);
    flags.push(
      flag(
        'review_overdue',
        'cycle',
        cycle.id,
        `The review was due on ${formatDate(inForce.reviewDate)} and is ${plural(days, 'day', 'days')} overdue; hold the review meeting with the parents now.`,
      ),
    );
  }
  const slip = findSlip(cycle);
  if (slip) {
    flags.push(
      flag(
        'review_date_slipped',
        'cycle',
        cycle.id,
        `The review date has been moved later from ${formatDate(slip.from)} to ${formatDate(slip.to)}; hold the review when it was agreed rather than putting it off.`,
      ),
    );
  }
  return flags;
}

/**
 * The first agreed review date that a later agreed version pushed back, and the latest date it was pushed
 * to. Drafts do not count: a date nobody agreed has not slipped.
 */
function findSlip(cycle: CycleFacts): { from: string; to: string } | null {
  const dates = cycle.versions
    .filter((version) => version.agreedOn !== null && version.reviewDate !== null)
    .sort(byVersion)
    .map((version) => version.reviewDate as string);
  let earliest: string | null = null;
  for (const [i, date] of dates.entries()) {
    if (earliest !== null && date > earliest) {
      const to = dates.slice(i).reduce((latest, later) => (later > latest ? later : latest));
      return { from: earliest, to };
    }
    if (earliest === null || date < earliest) earliest = date;
  }
  return null;
}

/** An outcome says how far the pupil got: a value, not "making good progress". */
const unmeasured = (value: string | null) => isBlank(value) || (isVague(value!) && !isAnchored(value!));

/**
 * Every review of the past year with no parent there and no parents' views; and the latest review's
 * outcomes recorded without a measured value.
 */
export function checkReviews(facts: PupilPlanFacts, ctx: QualityContext): QualityFlag[] {
  const reviews = reviewedCycles(facts).map((cycle) => cycle.review);
  const flags = reviews
    .filter((review) => inPastYear(review.heldOn, ctx.today) && !hasParent(review.attendees) && isBlank(review.parentViews))
    .map((review) =>
      flag(
        'review_without_parents',
        'review',
        review.id,
        `The review held on ${formatDate(review.heldOn)} had no parent or carer there and records no views from the parents; ask the parents for their views and record them.`,
      ),
    );
  const latest = reviews.reduce<ReviewFacts | null>((last, review) => (last === null || review.heldOn >= last.heldOn ? review : last), null);
  const vague = latest?.outcomes.filter((outcome) => unmeasured(outcome.measuredValue)).length ?? 0;
  if (latest && vague > 0) {
    flags.push(
      flag(
        'outcome_not_measured',
        'review',
        latest.id,
        `The review held on ${formatDate(latest.heldOn)} records ${plural(vague, 'outcome', 'outcomes')} with no measured value, or only words like 'making good progress'; record what the pupil can now do, as a score or a count.`,
      ),
    );
  }
  return flags;
}
