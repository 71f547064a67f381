import { oneYearBefore } from '#libs/core';
import { formatDate } from '#libs/documents';
import type { OapCycleFacts, PupilPlanFacts, QualityContext, QualityFlag } from '../domain/plan.types.js';
import { flag } from './rules.js';
import { schoolDaysAfter } from './school-days.js';
import { continues, hasParent, isOnRegister, reviewedCycles, unachievedTargets } from './select.js';
import { NUMBER_WORDS, inPastYear } from './text.js';

/** Parents are told within this many school days of SEN Support being recorded (the product's standard, not the statute's). */
export const NOTICE_SCHOOL_DAYS = 5;
/** About a term: 15 school weeks of 5 days. */
export const MONITORING_SCHOOL_DAYS = 15 * 5;
/** The same target not achieved at this many reviews running. */
export const REPEATED_MISSES = 2;
/** Review cycles running with the authority's ordinarily available provision in full and targets unmet. */
export const OAP_CYCLES = 2;
/** Below this share of target outcomes achieved over the past year is "little progress". */
export const LITTLE_PROGRESS = 0.5;

const EHC_ADVICE = 'the school should consider asking the local authority for an EHC needs assessment, and the parents can ask for one themselves';

/** The flags about the pupil as a whole rather than one plan: they need the pupil's history and the school. */
export function checkPupil(facts: PupilPlanFacts, ctx: QualityContext): QualityFlag[] {
  const flags: QualityFlag[] = [];
  const add = (code: Parameters<typeof flag>[0], message: string) => flags.push(flag(code, 'pupil', facts.pupilId, message));

  if (facts.status === 'monitoring' && facts.statusSince !== null) {
    if (schoolDaysAfter(facts.statusSince, ctx.today, ctx.calendar, MONITORING_SCHOOL_DAYS) > MONITORING_SCHOOL_DAYS) {
      add(
        'monitoring_too_long',
        `The pupil has been monitored since ${formatDate(facts.statusSince)}, more than a term, with no decision; decide with the parents whether the pupil needs SEN Support.`,
      );
    }
  }
  if (!isOnRegister(facts)) return flags;

  if (!facts.cycles.some((cycle) => cycle.status === 'active')) {
    const drafting = facts.cycles.some((cycle) => cycle.status === 'planning');
    add(
      'no_plan',
      drafting
        ? 'A plan is being drafted but none has been agreed and put in place; agree it with the parents and start it.'
        : facts.status === 'E'
          ? // The EHC plan is the pupil's written plan: what is missing is the school's plan for delivering it.
            "The pupil has an EHC plan, but no plan in school sets out how it is delivered; meet the parents to agree short-term targets towards the EHC plan's outcomes, the support that makes its provision, and a review date."
          : 'There is no written plan in place; meet the parents to agree one with targets, support and a review date.',
    );
  }
  const tooFew = tooFewMeetings(facts, ctx);
  if (tooFew) add('too_few_reviews', tooFew);
  if (!ctx.sencoReachable) {
    add('no_senco_contact', 'The school has no email address or phone number for the SENCO, so parents cannot contact them; add one in the school settings.');
  }
  if (facts.noticePendingSince !== null && schoolDaysAfter(facts.noticePendingSince, ctx.today, ctx.calendar, NOTICE_SCHOOL_DAYS) > NOTICE_SCHOOL_DAYS) {
    add(
      'formal_notice_pending',
      `The parents have still not been sent the formal notice of the SEN Support recorded on ${formatDate(facts.noticePendingSince)}, more than ${NOTICE_SCHOOL_DAYS} school days ago; send it now.`,
    );
  }
  if (facts.status === 'K') {
    for (const gap of facts.oapGaps ?? []) {
      add(
        'oap_not_evidenced',
        `${gap.framework} expects this to be provided ordinarily for the pupil's area of need, and nothing recorded shows it (${gap.code}): "${gap.text}". Record the support, an intervention or the adjustment in class, or mark it not applicable with the reason.`,
      );
    }
    const evidenced = evidencedCyclesUnmet(facts);
    if (evidenced.length >= OAP_CYCLES) {
      const first = evidenced[0]!;
      const last = evidenced.at(-1)!;
      add(
        'oap_evidenced_targets_unmet',
        `${first.framework} expects its ordinarily available provision for the pupil's needs, and all of it was provided for ${NUMBER_WORDS[evidenced.length] ?? evidenced.length} review cycles running (${formatDate(first.from)} to ${formatDate(last.to)}: ${[...new Set(evidenced.flatMap((c) => c.delivered))].join('; ')}), yet targets were not met at each review; ${EHC_ADVICE}.`,
      );
    }
    const misses = repeatedMisses(facts);
    if (misses >= REPEATED_MISSES) {
      add('repeated_targets_not_met', `A target has not been met at ${misses} reviews running; ${EHC_ADVICE}.`);
    }
    const progress = pastYearProgress(facts, ctx);
    if (facts.registerSince !== null && facts.registerSince <= oneYearBefore(ctx.today) && progress && progress.share < LITTLE_PROGRESS) {
      add(
        'long_support_little_progress',
        `The pupil has had SEN Support since ${formatDate(facts.registerSince)} and met only ${progress.achieved} of ${progress.total} targets reviewed in the past year; ${EHC_ADVICE}.`,
      );
    }
  }
  return flags;
}

/**
 * Meetings with a parent there in the past year: reviews and the meetings that agreed a plan (Code 6.65
 * counts both), one per day. "At least three times a year" is judged once the pupil has been on the
 * register for a year.
 */
function tooFewMeetings(facts: PupilPlanFacts, ctx: QualityContext): string | null {
  const yearAgo = oneYearBefore(ctx.today);
  if (facts.registerSince === null || facts.registerSince > yearAgo) return null;
  const days = new Set<string>();
  for (const cycle of facts.cycles) {
    if (cycle.review && hasParent(cycle.review.attendees) && inPastYear(cycle.review.heldOn, ctx.today)) days.add(cycle.review.heldOn);
    for (const version of cycle.versions) {
      const meeting = version.involvement;
      if (version.agreedOn !== null && meeting && hasParent(meeting.attendees) && inPastYear(meeting.meetingDate, ctx.today)) days.add(meeting.meetingDate);
    }
  }
  const held = days.size;
  if (held >= 3) return null;
  const count =
    held === 0 ? 'No meetings with a parent have' : `Only ${NUMBER_WORDS[held]} ${held === 1 ? 'meeting with a parent has' : 'meetings with a parent have'}`;
  return `${count} been held in the past year, but parents should be met at least three times a year; arrange the next review meeting.`;
}

/**
 * The latest reviewed cycles, running back from the last, in which the authority's framework was evidenced in
 * full within the cycle and the review found a target not achieved (oldest first). A cycle that breaks either
 * stops the run.
 */
function evidencedCyclesUnmet(facts: PupilPlanFacts): OapCycleFacts[] {
  const byId = new Map((facts.oapCycles ?? []).map((c) => [c.cycleId, c]));
  const run: OapCycleFacts[] = [];
  for (const cycle of reviewedCycles(facts).reverse()) {
    const oap = byId.get(cycle.id);
    if (!oap?.fullyEvidenced || unachievedTargets(cycle).length === 0) break;
    run.unshift(oap);
  }
  return run;
}

/** How many reviews running, up to the latest, found the same target (carried forward or reworded the same) not achieved. */
function repeatedMisses(facts: PupilPlanFacts): number {
  const reviewed = reviewedCycles(facts);
  const latest = reviewed.at(-1);
  if (!latest) return 0;
  let best = 0;
  for (const target of unachievedTargets(latest)) {
    let misses = 1;
    let current = target;
    let later = latest;
    for (const cycle of reviewed.slice(0, -1).reverse()) {
      if (cycle.number !== later.number - 1) break;
      const earlier = unachievedTargets(cycle).find((e) => continues(current, e));
      if (!earlier) break;
      misses++;
      current = earlier;
      later = cycle;
    }
    best = Math.max(best, misses);
  }
  return best;
}

/** The targets achieved out of those reviewed in the past year; null until two reviews recorded outcomes. */
function pastYearProgress(facts: PupilPlanFacts, ctx: QualityContext): { achieved: number; total: number; share: number } | null {
  const reviews = reviewedCycles(facts)
    .map((cycle) => cycle.review)
    .filter((review) => inPastYear(review.heldOn, ctx.today) && review.outcomes.length > 0);
  if (reviews.length < 2) return null;
  const outcomes = reviews.flatMap((review) => review.outcomes);
  const achieved = outcomes.filter((o) => o.outcome === 'achieved').length;
  return { achieved, total: outcomes.length, share: achieved / outcomes.length };
}
