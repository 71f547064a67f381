import type {
  Attendee, CycleFacts, FlagSubject, ProvisionFacts, PupilPlanFacts, QualityContext, QualityFlag, ReviewFacts, TargetFacts,
  VersionFacts,
} from '../domain/plan.types.js';

/**
 * The plan quality check: the red flags of a pupil's SEN Support plan, from the SEND Code of Practice (2015)
 * graduated approach (assess, plan, do, review: 6.44–6.56, 6.65) and the parents' guidance on SEN Support
 * the product was built from. Pure: no clock, no I/O — "today" comes in the context.
 */

const RED_FLAGS = "Parents' guidance on SEN Support: red flags";
const SMART = 'SMART targets (specific, measurable, achievable, relevant, time-bound)';

export const FLAG_RULES = {
  no_plan: { rule: `SEND Code of Practice 6.44 and 6.48 (a written plan agreed with the parents); ${RED_FLAGS} (no written plan)` },
  too_few_reviews: { rule: 'SEND Code of Practice 6.65 (meet parents at least three times each year)' },
  review_overdue: { rule: 'SEND Code of Practice 6.54 (review the support in line with the agreed date)' },
  review_date_slipped: { rule: `${RED_FLAGS} (review dates that keep slipping); SEND Code of Practice 6.54` },
  no_targets: { rule: 'SEND Code of Practice 6.48 (the expected impact on progress, development or behaviour)' },
  target_no_measure: { rule: `SEND Code of Practice 6.48 (expected impact and a clear review date); ${SMART}` },
  target_no_baseline: { rule: `SEND Code of Practice 6.48 (expected impact and a clear review date); ${SMART}` },
  target_no_success_criterion: { rule: `SEND Code of Practice 6.48 (expected impact and a clear review date); ${SMART}` },
  target_no_date: { rule: `SEND Code of Practice 6.48 (expected impact and a clear review date); ${SMART}` },
  target_unmeasurable: { rule: `SEND Code of Practice 6.48 (expected impact on progress); ${SMART}; ${RED_FLAGS} (vague targets)` },
  targets_unchanged: {
    rule:
      `${RED_FLAGS} (the same plan repeated without change, even if the child has not met the targets); ` +
      'SEND Code of Practice 6.54–6.56',
  },
  no_provision: { rule: 'SEND Code of Practice 6.48 (the adjustments, interventions and support to be put in place)' },
  provision_no_frequency: {
    rule: `${RED_FLAGS} (provision described in vague terms — 'support in class' without frequency, staffing or duration); SEND Code of Practice 6.48`,
  },
  provision_no_duration: {
    rule: `${RED_FLAGS} (provision described in vague terms — 'support in class' without frequency, staffing or duration); SEND Code of Practice 6.48`,
  },
  provision_no_staff: {
    rule: `${RED_FLAGS} (provision described in vague terms — 'support in class' without frequency, staffing or duration); SEND Code of Practice 6.48`,
  },
  no_review_date: { rule: `SEND Code of Practice 6.48 (a clear date for review); ${RED_FLAGS} (a concrete date, not 'next term')` },
  review_date_too_far: {
    rule: "SEND Code of Practice 6.48 (a clear date for review) and 6.65 (at least three times a year); the school's review interval",
  },
  no_parental_involvement: {
    rule: `SEND Code of Practice 6.48 (agreed in consultation with the parent and the pupil); ${RED_FLAGS} (involvement, not just a signature)`,
  },
  review_without_parents: { rule: "SEND Code of Practice 6.54–6.55 and 6.65 (the parents' views are part of the review)" },
} as const satisfies Record<string, { rule: string }>;

export type FlagCode = keyof typeof FLAG_RULES;

const flag = (code: FlagCode, subject: FlagSubject, subjectId: string, message: string): QualityFlag => ({
  code,
  message,
  rule: FLAG_RULES[code].rule,
  subject,
  subjectId,
});

// ---------------------------------------------------------------------------------------------------------
// Text and dates

const isBlank = (text: string | null | undefined) => text == null || text.trim() === '';

/** Compares the wording of targets: case, spacing and a trailing full stop are not a change; null = blank. */
const normaliseText = (text: string | null) =>
  (text ?? '').toLowerCase().replace(/\s+/g, ' ').trim().replace(/[\s.,;:!?…]+$/, '');

/** A target's or provision's wording in a message, shortened so a long paragraph does not swamp it. */
const quote = (text: string) => {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= 60) return `"${clean}"`;
  const cut = clean.slice(0, 59);
  const space = cut.lastIndexOf(' ');
  return `"${(space > 40 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, '')}…"`;
};

const targetLabel = (target: TargetFacts) => (isBlank(target.description) ? 'A target with no wording' : `The target ${quote(target.description)}`);
const provisionLabel = (provision: ProvisionFacts) =>
  isBlank(provision.description) ? 'A piece of support with no description' : `The support ${quote(provision.description)}`;

const DAY_MS = 86_400_000;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const dayNumber = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
};
const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const addDays = (iso: string, days: number) => isoOfDay(dayNumber(iso) + days);
const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);

/** "3 March 2025": how a parent reads a date. */
const formatDate = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

/** The same calendar day a year earlier; 29 February falls back to 28 February. */
const oneYearBefore = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
const NUMBER_WORDS = ['no', 'one', 'two'];

const hasParent = (attendees: Attendee[]) => attendees.some((attendee) => attendee.role === 'parent');

// ---------------------------------------------------------------------------------------------------------
// Measurable wording

/**
 * Wording that names a hope, not something anyone could count or observe: "become more confident",
 * "improve social skills". Each is matched on word boundaries, in any case.
 */
const VAGUE_WORDING: RegExp[] = [
  /\b(more|increased|greater|growing|improved)\s+(self[- ])?confiden(t|ce)\b/i,
  /\b(gains?|grows?|builds?|develops?)\s+(in\s+|his\s+|her\s+|their\s+)?(self[- ])?confidence\b/i,
  /\bsocial\s+skills\b/i,
  /\bmakes?\s+((good|better|expected|more|accelerated)\s+)?progress\b/i,
  /\bsettle[sd]?\b/i,
  /\b(be|feel|feels|become)\s+(a\s+lot\s+|much\s+)?(happier|happy)\b/i,
  /\bbetter\s+behaviou?r\b/i,
  /\bbehaves?\s+better\b/i,
  /\b(try|tries)\s+harder\b/i,
  /\bengage[sd]?\s+more\b/i,
  /\bmore\s+engaged\b/i,
  /\b(focus|focuses|concentrate|concentrates)\s+better\b/i,
  /\bpays?\s+(more\s+|better\s+)?attention\b/i,
  /\bmore\s+independent\b/i,
  /\bindependence\b/i,
  /\baccess\s+(to\s+)?the\s+((whole|full|wider)\s+)?curriculum\b/i,
  /\bdevelop(s|ing)?\s+(\S+\s+){0,3}skills\b/i,
  /\bwork(s|ing)?\s+towards?\b/i,
  // "improve his reading" says nothing about how much; "improve his reading to ..." is left to the anchors.
  /\bimprove[sd]?\s+((his|her|their)\s+)?(reading|writing|spelling|maths|number|behaviou?r|attention|focus|communication|speech|language)((\s*,\s*|\s+and\s+)(reading|writing|spelling|maths|number|behaviou?r|attention|focus|communication|speech|language))*\s*([.!;]|$)/i,
  /\bfeels?\s+(better|calmer|safer|more\s+(settled|secure|relaxed))\b/i,
];

/** Anything that can be counted, timed, scored or checked: a target with one of these can be measured. */
const MEASURABLE_ANCHORS: RegExp[] = [
  /\d/,
  /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred|all|every|half)\b/i,
  /%/,
  /\bper\s*cent\b/i,
  /\bout\s+of\b/i,
  /\btimes\b/i,
  /\bminutes?\b/i,
  /\bseconds?\b/i,
  /\bwords\b/i,
  /\bsounds\b/i,
  /\bsentences\b/i,
  /\bwithout\s+(an?\s+)?(adult\s+)?(prompts?|prompting|adults?|support|help|reminders?)\b/i,
  /\bindependently\s+on\b/i,
  /\bcorrectly\b/i,
  /\bscores?\b/i,
  /\blevel\b/i,
  /\breading\s+age\b/i,
  /\bstandardi[sz]ed\b/i,
];

/**
 * True when the target's wording can never be measured ("will become more confident") and nothing in it —
 * the description, the success criterion or the measure — gives a number, a count or a test to check it
 * by. Wording that is not vague is not judged here: a missing measure or criterion has its own flag.
 */
export function isUnmeasurable(description: string, successCriterion: string | null, measure: string | null): boolean {
  const wording = [description, successCriterion ?? ''];
  if (!wording.some((text) => VAGUE_WORDING.some((pattern) => pattern.test(text)))) return false;
  // The measure is an anchor source only: "observation of confidence" as a measure does not make a target vague.
  const anchored = [...wording, measure ?? ''].some((text) => MEASURABLE_ANCHORS.some((pattern) => pattern.test(text)));
  return !anchored;
}

// ---------------------------------------------------------------------------------------------------------
// Selecting cycles and versions

/** The last cycle still being planned or delivered; a reviewed or closed cycle is history. */
const currentCycleOf = (facts: PupilPlanFacts): CycleFacts | null => {
  const open = facts.cycles.filter((cycle) => cycle.status === 'planning' || cycle.status === 'active');
  return open.reduce<CycleFacts | null>((last, cycle) => (last === null || cycle.number >= last.number ? cycle : last), null);
};

const latestVersion = (versions: VersionFacts[]): VersionFacts | null =>
  versions.reduce<VersionFacts | null>((last, version) => (last === null || version.version >= last.version ? version : last), null);

/** The active version if there is one, else the newest (a draft still being prepared). */
const versionInForce = (cycle: CycleFacts): VersionFacts | null =>
  cycle.versions.find((version) => version.status === 'active') ?? latestVersion(cycle.versions);

/** The plan the review looked at: the active one, or failing that the latest one agreed with the parents. */
const reviewedVersion = (cycle: CycleFacts): VersionFacts | null =>
  cycle.versions.find((version) => version.status === 'active') ??
  latestVersion(cycle.versions.filter((version) => version.agreedOn !== null));

const previousCycleOf = (facts: PupilPlanFacts, cycle: CycleFacts): CycleFacts | null =>
  facts.cycles.find((other) => other.number === cycle.number - 1 && other.review !== null) ?? null;

const byVersion = (a: VersionFacts, b: VersionFacts) => a.version - b.version;

// ---------------------------------------------------------------------------------------------------------
// Pupil level

const isOnRegister = (facts: PupilPlanFacts) => facts.status === 'K' || facts.status === 'E';

function checkPupil(facts: PupilPlanFacts, ctx: QualityContext): QualityFlag[] {
  if (!isOnRegister(facts)) return [];
  const flags: QualityFlag[] = [];

  if (!facts.cycles.some((cycle) => cycle.status === 'active')) {
    const drafting = facts.cycles.some((cycle) => cycle.status === 'planning');
    flags.push(
      flag(
        'no_plan',
        'pupil',
        facts.pupilId,
        drafting
          ? 'A plan is being drafted but none has been agreed and put in place; agree it with the parents and start it.'
          : 'There is no written plan in place; meet the parents to agree one with targets, support and a review date.',
      ),
    );
  }

  // "At least three times a year" can only be judged once the pupil has been on the register for a year.
  const yearAgo = oneYearBefore(ctx.today);
  if (facts.registerSince !== null && facts.registerSince <= yearAgo) {
    const held = facts.cycles.filter(
      (cycle) => cycle.review !== null && cycle.review.heldOn > yearAgo && cycle.review.heldOn <= ctx.today,
    ).length;
    if (held < 3) {
      const count = held === 0 ? 'No review meetings have' : `Only ${NUMBER_WORDS[held]} review ${held === 1 ? 'meeting has' : 'meetings have'}`;
      flags.push(
        flag(
          'too_few_reviews',
          'pupil',
          facts.pupilId,
          `${count} been held in the past year, but parents should be met at least three times a year; arrange the next review meeting.`,
        ),
      );
    }
  }
  return flags;
}

// ---------------------------------------------------------------------------------------------------------
// Cycle level

function checkCycle(cycle: CycleFacts, ctx: QualityContext): QualityFlag[] {
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
  for (let i = 0; i < dates.length; i++) {
    if (earliest !== null && dates[i] > earliest) {
      const to = dates.slice(i).reduce((latest, date) => (date > latest ? date : latest));
      return { from: earliest, to };
    }
    if (earliest === null || dates[i] < earliest) earliest = dates[i];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Version level

/** The flags of one version of a plan: its own, then each target's, then each provision's. */
export function checkVersion(version: VersionFacts, ctx: QualityContext & { previousCycle: CycleFacts | null }): QualityFlag[] {
  const unchanged = unachievedTargets(ctx.previousCycle);
  return [
    ...checkVersionItself(version, ctx),
    ...version.targets.flatMap((target) => checkTarget(target, unchanged)),
    ...version.provisions.flatMap(checkProvision),
  ];
}

function checkVersionItself(version: VersionFacts, ctx: QualityContext): QualityFlag[] {
  const flags: QualityFlag[] = [];
  if (version.targets.length === 0) {
    flags.push(flag('no_targets', 'version', version.id, 'This plan has no targets; add targets that say what the pupil should achieve by the review.'));
  }
  if (version.provisions.length === 0) {
    flags.push(
      flag(
        'no_provision',
        'version',
        version.id,
        'This plan lists no support or interventions; add what will be provided, by whom, how often and for how long.',
      ),
    );
  }

  if (version.reviewDate === null) {
    flags.push(flag('no_review_date', 'version', version.id, "This plan has no review date; set a concrete date, not just 'next term'."));
  } else {
    const latest = addDays(version.startsOn, ctx.reviewIntervalWeeks * 7);
    if (version.reviewDate > latest) {
      flags.push(
        flag(
          'review_date_too_far',
          'version',
          version.id,
          `The review date of ${formatDate(version.reviewDate)} is more than the school's review interval of ${ctx.reviewIntervalWeeks} weeks after the plan starts on ${formatDate(version.startsOn)}; bring the review forward to ${formatDate(latest)} or earlier.`,
        ),
      );
    }
  }

  const missing = missingInvolvement(version);
  if (missing.length > 0) {
    const opening =
      version.involvement === null
        ? "There is no record of the parents' involvement in agreeing this plan"
        : "The record of the parents' involvement in agreeing this plan is incomplete";
    flags.push(
      flag(
        'no_parental_involvement',
        'version',
        version.id,
        `${opening} (${missing.join(', ')}); record the meeting with the parents, who came and what the parents said.`,
      ),
    );
  }
  return flags;
}

function missingInvolvement(version: VersionFacts): string[] {
  const involvement = version.involvement;
  const missing: string[] = [];
  if (involvement === null || isBlank(involvement.meetingDate)) missing.push('no meeting date');
  if (involvement === null || !hasParent(involvement.attendees)) missing.push('no parent or carer among those who attended');
  if (involvement === null || isBlank(involvement.parentComments)) missing.push('no comments from the parents recorded');
  return missing;
}

/** The targets the previous cycle's review found not achieved, as worded in the plan it reviewed. */
function unachievedTargets(previousCycle: CycleFacts | null): TargetFacts[] {
  const review = previousCycle?.review;
  if (!previousCycle || !review) return [];
  const reviewed = reviewedVersion(previousCycle);
  if (!reviewed) return [];
  const notAchieved = new Set(review.outcomes.filter((outcome) => outcome.outcome === 'not_achieved').map((outcome) => outcome.targetId));
  return reviewed.targets.filter((target) => notAchieved.has(target.id));
}

const sameWording = (a: TargetFacts, b: TargetFacts) =>
  normaliseText(a.description) === normaliseText(b.description) &&
  normaliseText(a.measure) === normaliseText(b.measure) &&
  normaliseText(a.successCriterion) === normaliseText(b.successCriterion);

/** A target continues an earlier one if it says so (carriedFromId) or has the same wording. */
const continues = (target: TargetFacts, earlier: TargetFacts) =>
  target.carriedFromId === earlier.id ||
  (!isBlank(target.description) && normaliseText(target.description) === normaliseText(earlier.description));

function checkTarget(target: TargetFacts, unachieved: TargetFacts[]): QualityFlag[] {
  const label = targetLabel(target);
  const flags: QualityFlag[] = [];
  const add = (code: FlagCode, message: string) => flags.push(flag(code, 'target', target.id, message));

  if (isBlank(target.measure)) {
    add('target_no_measure', `${label} does not say how progress will be measured; add a measure such as a test, a count or an observation.`);
  }
  if (isBlank(target.baseline)) {
    add('target_no_baseline', `${label} has no starting point; record where the pupil is now so that progress can be seen.`);
  }
  if (isBlank(target.successCriterion)) {
    add('target_no_success_criterion', `${label} does not say what success looks like; add the result expected by the review.`);
  }
  if (target.targetDate === null) {
    add('target_no_date', `${label} has no date; set the date by which it should be met.`);
  }
  if (isUnmeasurable(target.description, target.successCriterion, target.measure)) {
    add(
      'target_unmeasurable',
      `${label} is worded so that nobody can tell whether it has been met; say what the pupil will do and how often or how well.`,
    );
  }
  if (unachieved.some((earlier) => continues(target, earlier) && sameWording(target, earlier))) {
    add(
      'targets_unchanged',
      `${label} was not achieved last time and has been set again unchanged; change the target or the support so this cycle has a better chance of working.`,
    );
  }
  return flags;
}

function checkProvision(provision: ProvisionFacts): QualityFlag[] {
  const label = provisionLabel(provision);
  const flags: QualityFlag[] = [];
  const add = (code: FlagCode, message: string) => flags.push(flag(code, 'provision', provision.id, message));

  if (provision.frequencyCount === null || provision.frequencyPeriod === null) {
    add('provision_no_frequency', `${label} does not say how often it happens; add how many sessions a week or other period.`);
  }
  if (provision.minutesPerSession === null) {
    add('provision_no_duration', `${label} does not say how long each session lasts; add the minutes per session.`);
  }
  if (provision.staffRole === null) {
    add('provision_no_staff', `${label} does not say who delivers it; add the role of the member of staff.`);
  }
  return flags;
}

// ---------------------------------------------------------------------------------------------------------
// Review level

/** The most recent review held; on the same day, the later cycle's. */
const latestReview = (facts: PupilPlanFacts): ReviewFacts | null =>
  facts.cycles.reduce<ReviewFacts | null>(
    (latest, cycle) => (cycle.review !== null && (latest === null || cycle.review.heldOn >= latest.heldOn) ? cycle.review : latest),
    null,
  );

function checkReview(review: ReviewFacts): QualityFlag[] {
  if (hasParent(review.attendees) || !isBlank(review.parentViews)) return [];
  return [
    flag(
      'review_without_parents',
      'review',
      review.id,
      `The review held on ${formatDate(review.heldOn)} had no parent or carer there and records no views from the parents; ask the parents for their views and record them.`,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Every flag for one pupil: the pupil's, then the current cycle's, then its version in force (with its
 * targets and provisions), then the latest review's. Earlier cycles are history and are not re-judged.
 */
export function checkPupilPlan(facts: PupilPlanFacts, ctx: QualityContext): QualityFlag[] {
  const current = currentCycleOf(facts);
  if (!isOnRegister(facts) && current === null) return [];

  const flags = checkPupil(facts, ctx);
  if (current) {
    flags.push(...checkCycle(current, ctx));
    const inForce = versionInForce(current);
    if (inForce) flags.push(...checkVersion(inForce, { ...ctx, previousCycle: previousCycleOf(facts, current) }));
  }
  const review = latestReview(facts);
  if (review) flags.push(...checkReview(review));
  return flags;
}
