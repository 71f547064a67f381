import { addDays } from '#libs/core';
import { formatDate } from '#libs/documents';
import { FIDELITY_THRESHOLD } from '#libs/interventions';
import { PROFESSION_LABELS } from '../domain/labels.js';
import type { CycleFacts, DeliveryFacts, ProvisionFacts, QualityContext, QualityFlag, ReportFacts, TargetFacts, VersionFacts } from '../domain/plan.types.js';
import { needsAreSpecific, unreflectedRecommendations } from './matching.js';
import { flag, type FlagCode } from './rules.js';
import { closedOn, schoolDaysAfter } from './school-days.js';
import { continues, hasParent, reviewedVersion, sameWording, unachievedTargets } from './select.js';
import { inPastYear, isBlank, isUnmeasurable, normaliseText, plural, quote } from './text.js';

/** What a version is judged against: the reviewed cycles before its own (newest first) and the pupil's records. */
export interface VersionContext extends QualityContext {
  previousCycles: CycleFacts[];
  reports: ReportFacts[];
  deliveries: DeliveryFacts[];
}

const targetLabel = (target: TargetFacts) => (isBlank(target.description) ? 'A target with no wording' : `The target ${quote(target.description)}`);
const provisionLabel = (provision: ProvisionFacts) =>
  isBlank(provision.description) ? 'A piece of support with no description' : `The support ${quote(provision.description)}`;

/** The flags of one version of a plan: its own, then each target's, then each provision's. */
export function checkVersion(version: VersionFacts, ctx: VersionContext): QualityFlag[] {
  return [
    ...checkVersionItself(version, ctx),
    ...version.targets.flatMap((target) => checkTarget(target, version, ctx.previousCycles)),
    ...version.provisions.flatMap((provision) => checkProvision(provision, version, ctx)),
  ];
}

function checkVersionItself(version: VersionFacts, ctx: VersionContext): QualityFlag[] {
  const flags: QualityFlag[] = [];
  const add = (code: FlagCode, message: string) => flags.push(flag(code, 'version', version.id, message));
  if (!needsAreSpecific(version.needs)) {
    add(
      'needs_not_specific',
      "The pupil's needs are not described, or only as a code or a general phrase; say what the pupil finds hard and where they are now in each area of need.",
    );
  }
  if (isBlank(version.pupilViews))
    add('no_pupil_views', "The pupil's own views are not recorded; ask the pupil what helps, what is hard and what they would like, and write it down.");
  if (version.targets.length === 0) add('no_targets', 'This plan has no targets; add targets that say what the pupil should achieve by the review.');
  if (version.provisions.length === 0) {
    add('no_provision', 'This plan lists no support or interventions; add what will be provided, by whom, how often and for how long.');
  } else if (version.provisions.some((p) => p.staffRole === 'teaching_assistant') && !version.provisions.some((p) => p.staffRole === 'class_teacher')) {
    add(
      'class_teacher_not_responsible',
      "The support in this plan is delivered by a teaching assistant and nothing records the class teacher's part; add what the class teacher does, as they remain responsible for the pupil's progress.",
    );
  }
  // Everything from the class teacher, in class, with no group, session or catalogue intervention: what any pupil gets.
  if (version.provisions.length > 0 && version.provisions.every((p) => p.staffRole === 'class_teacher' && p.interventionId === null && p.groupSize === null)) {
    add(
      'no_targeted_support',
      'All the support in this plan is ordinary classroom teaching by the class teacher; add a targeted intervention, a small group or one-to-one time.',
    );
  }
  if (isBlank(version.homeSupport))
    add('no_home_role', 'The plan does not say how the parents will help at home; agree with the parents what they will do and record it.');

  if (version.reviewDate === null) {
    add('no_review_date', "This plan has no review date; set a concrete date, not just 'next term'.");
  } else {
    const latest = addDays(version.startsOn, ctx.reviewIntervalWeeks * 7);
    if (version.reviewDate > latest) {
      add(
        'review_date_too_far',
        `The review date of ${formatDate(version.reviewDate)} is more than the school's review interval of ${ctx.reviewIntervalWeeks} weeks after the plan starts on ${formatDate(version.startsOn)}; bring the review forward to ${formatDate(latest)} or earlier.`,
      );
    }
    const closed = version.reviewDate >= ctx.today ? closedOn(version.reviewDate, ctx.calendar) : null;
    if (closed) {
      const why = closed === 'weekend' ? 'a weekend' : closed === 'closure' ? 'a day the school is closed' : 'in the school holidays';
      add('review_date_school_closed', `The review date of ${formatDate(version.reviewDate)} is ${why}; move the review to a day the school is open.`);
    }
  }

  const missing = missingInvolvement(version);
  if (missing.length > 0) {
    const opening =
      version.involvement === null
        ? "There is no record of the parents' involvement in agreeing this plan"
        : "The record of the parents' involvement in agreeing this plan is incomplete";
    add('no_parental_involvement', `${opening} (${missing.join(', ')}); record the meeting with the parents, who came and what the parents said.`);
  }

  for (const report of ctx.reports) {
    if (report.reportDate > ctx.today || !inPastYear(report.reportDate, ctx.today)) continue;
    const missed = unreflectedRecommendations(report.recommendations, version);
    const [first, ...others] = missed;
    if (first === undefined) continue;
    const more = others.length > 0 ? ` and ${plural(others.length, 'other recommendation', 'other recommendations')}` : '';
    add(
      'report_not_reflected',
      `The ${PROFESSION_LABELS[report.profession].toLowerCase()}'s report of ${formatDate(report.reportDate)} recommends ${quote(first)}${more}, which no target or support in this plan reflects; add it to the plan or record why not.`,
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

/** The support of two plans is the same when each line has the same wording, staff, frequency and length. */
const supportKey = (p: ProvisionFacts) => [normaliseText(p.description), p.staffRole, p.frequencyCount, p.frequencyPeriod, p.minutesPerSession].join('|');
const sameSupport = (a: ProvisionFacts[], b: ProvisionFacts[]) => a.map(supportKey).sort().join('\n') === b.map(supportKey).sort().join('\n');

/**
 * How many of the earlier reviews in a row found this target not achieved with the same wording and the
 * same support as now: the same plan repeated. A changed target or changed support is a new attempt.
 */
function repeatedWithSameSupport(target: TargetFacts, version: VersionFacts, previous: CycleFacts[]): number {
  let repeats = 0;
  for (const cycle of previous) {
    const earlier = unachievedTargets(cycle).find((e) => continues(target, e) && sameWording(target, e));
    const plan = reviewedVersion(cycle);
    if (!earlier || !plan || !sameSupport(version.provisions, plan.provisions)) break;
    repeats++;
  }
  return repeats;
}

function checkTarget(target: TargetFacts, version: VersionFacts, previous: CycleFacts[]): QualityFlag[] {
  const label = targetLabel(target);
  const flags: QualityFlag[] = [];
  const add = (code: FlagCode, message: string) => flags.push(flag(code, 'target', target.id, message));

  if (isBlank(target.measure))
    add('target_no_measure', `${label} does not say how progress will be measured; add a measure such as a test, a count or an observation.`);
  if (isBlank(target.baseline)) add('target_no_baseline', `${label} has no starting point; record where the pupil is now so that progress can be seen.`);
  if (isBlank(target.successCriterion))
    add('target_no_success_criterion', `${label} does not say what success looks like; add the result expected by the review.`);
  if (target.targetDate === null) add('target_no_date', `${label} has no date; set the date by which it should be met.`);
  if (isUnmeasurable(target.description, target.successCriterion, target.measure)) {
    add('target_unmeasurable', `${label} is worded so that nobody can tell whether it has been met; say what the pupil will do and how often or how well.`);
  }
  const repeats = repeatedWithSameSupport(target, version, previous);
  if (repeats > 0) {
    const when = repeats === 1 ? 'last time' : `at the last ${repeats} reviews`;
    add(
      'targets_unchanged',
      `${label} was not achieved ${when} and has been set again unchanged with the same support; change the target or the support so this cycle has a better chance of working.`,
    );
  }
  return flags;
}

/** School days in one period of a provision's frequency (a term taken as 12 weeks, a half term as 6). */
const PERIOD_SCHOOL_DAYS = { day: 1, week: 5, fortnight: 10, month: 20, half_term: 30, term: 60 } as const;

/**
 * Sessions promised against sessions delivered, for a provision linked to an intervention in the catalogue:
 * promised = frequency × the school days elapsed since the provision started (no earlier than the plan), in
 * whole sessions; delivered = the sessions recorded as delivered in the pupil's groups of that intervention
 * in the same days. Judged once a full period has passed; a provision with no link cannot be matched to
 * sessions and is not judged.
 */
export function deliveryOf(provision: ProvisionFacts, version: VersionFacts, ctx: VersionContext): { promised: number; delivered: number } | null {
  if (provision.interventionId === null || provision.frequencyCount === null || provision.frequencyPeriod === null || version.status !== 'active') return null;
  const from = provision.startsOn !== null && provision.startsOn > version.startsOn ? provision.startsOn : version.startsOn;
  const to = provision.endsOn !== null && provision.endsOn < ctx.today ? provision.endsOn : ctx.today;
  const days = schoolDaysAfter(addDays(from, -1), to, ctx.calendar);
  const perPeriod = PERIOD_SCHOOL_DAYS[provision.frequencyPeriod];
  if (days < perPeriod) return null;
  const promised = Math.floor((provision.frequencyCount * days) / perPeriod);
  const sessions = ctx.deliveries.find((d) => d.interventionId === provision.interventionId)?.deliveredOn ?? [];
  return { promised, delivered: sessions.filter((date) => date >= from && date <= to).length };
}

function checkProvision(provision: ProvisionFacts, version: VersionFacts, ctx: VersionContext): QualityFlag[] {
  const label = provisionLabel(provision);
  const flags: QualityFlag[] = [];
  const add = (code: FlagCode, message: string) => flags.push(flag(code, 'provision', provision.id, message));

  if (provision.frequencyCount === null || provision.frequencyPeriod === null) {
    add('provision_no_frequency', `${label} does not say how often it happens; add how many sessions a week or other period.`);
  }
  if (provision.minutesPerSession === null) add('provision_no_duration', `${label} does not say how long each session lasts; add the minutes per session.`);
  if (provision.staffRole === null) add('provision_no_staff', `${label} does not say who delivers it; add the role of the member of staff.`);
  const delivery = deliveryOf(provision, version, ctx);
  if (delivery && delivery.delivered < FIDELITY_THRESHOLD * delivery.promised) {
    add(
      'provision_under_delivered',
      `${label} should have given about ${plural(delivery.promised, 'session', 'sessions')} by now but ${plural(delivery.delivered, 'session was', 'sessions were')} delivered, below 80% of what the plan promised; find out why and make up the missed sessions.`,
    );
  }
  return flags;
}
