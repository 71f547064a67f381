import type { FlagSubject, QualityFlag } from '../domain/plan.types.js';

/**
 * Every red flag the quality check raises: its code, what it means in one plain sentence, and where the rule
 * comes from — the statute or Code of Practice paragraph and the parents' guidance it answers (the seed red
 * flags). The sources and the seed lines are set out in docs/domain.md, "Graduated approach" and "Red flags
 * and the rules that answer them"; a doc test keeps that table and this list in step.
 */

const RED_FLAGS = "Parents' guidance on SEN Support: red flags";
const SMART = 'SMART targets (specific, measurable, achievable, relevant, time-bound)';
const VAGUE_PROVISION = `${RED_FLAGS} (provision described in vague terms — 'support in class' without frequency, staffing or duration); SEND Code of Practice 6.48`;
const TARGET_PARTS = `SEND Code of Practice 6.48 (expected impact and a clear review date); ${SMART}`;
const EHC_REQUEST =
  'SEND Code of Practice 6.63 (where a pupil has not made expected progress despite relevant and purposeful action, consider requesting an EHC needs assessment); ' +
  `Children and Families Act 2014 s.36 (parents may request one too); ${RED_FLAGS} (targets not met over several cycles; a long time on SEN Support and still struggling)`;

export const FLAG_RULES = {
  no_plan: {
    summary: 'No agreed written plan',
    rule:
      `SEND Code of Practice 6.44 and 6.48 (on SEN Support, a written plan agreed with the parents); with an EHC plan, Children and Families Act 2014 ` +
      `s.42 (the provision the EHC plan specifies must be made) and s.66 (best endeavours), the school's plan being how it is delivered; ${RED_FLAGS} (no written plan)`,
  },
  too_few_reviews: {
    summary: 'Fewer than three meetings with the parents in the past year',
    rule: 'SEND Code of Practice 6.65 (meet parents at least three times each year; the meeting that agrees a plan counts)',
  },
  review_overdue: { summary: 'Review date passed with no review', rule: 'SEND Code of Practice 6.54 (review the support in line with the agreed date)' },
  review_date_slipped: { summary: 'Review date moved later', rule: `${RED_FLAGS} (review dates that keep slipping); SEND Code of Practice 6.54` },
  review_date_school_closed: {
    summary: 'Review date on a day the school is closed',
    rule: "SEND Code of Practice 6.48 (a clear date for review); the school's calendar (holidays, INSET days)",
  },
  no_senco_contact: {
    summary: 'Parents have no way to contact the SENCO',
    rule: `SEND Code of Practice 6.87–6.90 and 6.79 (the SENCO's contact details in the SEN information report); ${RED_FLAGS} (a SENCO you cannot reach)`,
  },
  formal_notice_pending: {
    summary: 'Parents not yet formally told their child receives SEN Support',
    rule: `Children and Families Act 2014 s.68 and SEND Code of Practice 6.43 and 6.48 (parents must be formally notified); ${RED_FLAGS} (formal notification when SEN Support begins)`,
  },
  monitoring_too_long: {
    summary: 'Monitored for more than a term with no decision',
    rule: `SEND Code of Practice 6.15–6.19 and 6.44 (decide whether to make special educational provision); ${RED_FLAGS} ('we are keeping an eye on them')`,
  },
  repeated_targets_not_met: { summary: 'The same target not met at reviews running: consider an EHC needs assessment', rule: EHC_REQUEST },
  long_support_little_progress: { summary: 'A long time on SEN Support with little progress: consider an EHC needs assessment', rule: EHC_REQUEST },
  no_targets: { summary: 'No targets', rule: 'SEND Code of Practice 6.48 (the expected impact on progress, development or behaviour)' },
  needs_not_specific: {
    summary: 'Needs given only as a code or a general phrase',
    rule: `SEND Code of Practice 6.45 (a clear analysis of the pupil's needs); ${RED_FLAGS} (needs described specifically, not just as a label)`,
  },
  no_pupil_views: {
    summary: "The pupil's own views not recorded",
    rule: `Children and Families Act 2014 s.19 and SEND Code of Practice 6.45 and 6.48 (the views of the pupil); ${RED_FLAGS} (input from the child)`,
  },
  no_home_role: {
    summary: 'The role of parents at home not recorded',
    rule: `SEND Code of Practice 6.48 (parental involvement to reinforce or contribute to progress at home); ${RED_FLAGS} (the role of parents at home)`,
  },
  target_no_measure: { summary: 'A target with no measure', rule: TARGET_PARTS },
  target_no_baseline: { summary: 'A target with no starting point', rule: TARGET_PARTS },
  target_no_success_criterion: { summary: 'A target with no success criterion', rule: TARGET_PARTS },
  target_no_date: { summary: 'A target with no date', rule: TARGET_PARTS },
  target_unmeasurable: {
    summary: 'A target nobody can measure',
    rule: `SEND Code of Practice 6.48 (expected impact on progress); ${SMART}; ${RED_FLAGS} (vague targets)`,
  },
  targets_unchanged: {
    summary: 'A target not met set again with the same support',
    rule: `${RED_FLAGS} (the same plan repeated without change, even if the child has not met the targets); SEND Code of Practice 6.54–6.56`,
  },
  report_not_reflected: {
    summary: "A professional's recommendation not reflected in the plan",
    rule: `SEND Code of Practice 6.45, 6.47 and 6.58–6.59 (specialist advice informs the plan); ${RED_FLAGS} (specialists' reports feed into the plan)`,
  },
  no_provision: { summary: 'No support listed', rule: 'SEND Code of Practice 6.48 (the adjustments, interventions and support to be put in place)' },
  no_targeted_support: {
    summary: 'Only ordinary classroom adjustments, no targeted support',
    rule: `Children and Families Act 2014 s.21(2) (provision additional to or different from what others of the same age get); SEND Code of Practice 6.37 and 6.48; ${RED_FLAGS} (generic classroom differentiation that every child gets)`,
  },
  provision_no_frequency: { summary: 'Support with no frequency', rule: VAGUE_PROVISION },
  provision_no_duration: { summary: 'Support with no duration', rule: VAGUE_PROVISION },
  provision_no_staff: { summary: 'Support with no member of staff', rule: VAGUE_PROVISION },
  class_teacher_not_responsible: {
    summary: 'Support only from a teaching assistant, no class-teacher part recorded',
    rule: `SEND Code of Practice 6.52 (the class teacher remains responsible, even where support is from a teaching assistant); ${RED_FLAGS} (the teacher cannot hand responsibility to a TA)`,
  },
  provision_under_delivered: {
    summary: 'Support delivered below 80% of what the plan promised',
    rule: `SEND Code of Practice 6.52 and 6.76–6.77 (provision delivered as planned, tracked on the provision map); ${RED_FLAGS} (what was promised versus what was delivered)`,
  },
  no_review_date: {
    summary: 'No review date',
    rule: `SEND Code of Practice 6.48 (a clear date for review); ${RED_FLAGS} (a concrete date, not 'next term')`,
  },
  review_date_too_far: {
    summary: "Review date beyond the school's review interval",
    rule: "SEND Code of Practice 6.48 (a clear date for review) and 6.65 (at least three times a year); the school's review interval",
  },
  no_parental_involvement: {
    summary: "No record of the parents' involvement",
    rule: `SEND Code of Practice 6.48 (agreed in consultation with the parent and the pupil); ${RED_FLAGS} (involvement, not just a signature)`,
  },
  review_without_parents: {
    summary: 'A review with no parent and no parental views',
    rule: `SEND Code of Practice 6.54–6.55 and 6.65 (the parents' views are part of every review); ${RED_FLAGS} (parents involved in all review discussions)`,
  },
  outcome_not_measured: {
    summary: 'A review outcome with no measured value',
    rule: `SEND Code of Practice 6.54–6.55 (review the impact against the expected outcomes); ${RED_FLAGS} ('making good progress' is not a review outcome)`,
  },
  oap_not_evidenced: {
    summary: 'Provision the local authority expects ordinarily not evidenced',
    rule: `Children and Families Act 2014 s.30 (the local offer: what the authority expects schools to provide) and SEND Code of Practice 6.48 and 6.72 (the adjustments, interventions and support, recorded); ${RED_FLAGS} (less than the authority's ordinarily available provision is a gap worth documenting)`,
  },
  oap_evidenced_targets_unmet: {
    summary: "The authority's ordinarily available provision given in full, and targets still not met: consider an EHC needs assessment",
    rule: `${EHC_REQUEST}; ${RED_FLAGS} (the ordinarily available provision provided in full while the child does not progress is evidence that the needs go beyond it)`,
  },
} as const satisfies Record<string, { summary: string; rule: string }>;

export type FlagCode = keyof typeof FLAG_RULES;

export const flag = (code: FlagCode, subject: FlagSubject, subjectId: string, message: string): QualityFlag => ({
  code,
  message,
  rule: FLAG_RULES[code].rule,
  subject,
  subjectId,
});
