import { date, heading, line, para, list, type Block } from './blocks.js';

/*
 * What the letters tell parents of their rights, each with the law it comes from (docs/domain.md,
 * "Parents' right to request an EHC needs assessment", "EHC timescales", "Appeals and mediation", "EHC plan
 * reviews and re-assessment", "Who is a parent" and "No diagnosis is needed").
 */

const LA = 'the local authority (your local council)';

/** The s.36 right: a parent may ask for an EHC needs assessment themselves, with no cycles to go through first. */
export function assessmentRight(first: string): Block[] {
  return [
    heading('You can ask for an EHC needs assessment yourself'),
    para(
      `You can ask ${LA} for an EHC needs assessment for ${first} yourself, at any time.`,
      "You do not need the school's agreement (Children and Families Act 2014, section 36).",
      `An EHC needs assessment is when the council looks closely at ${first}'s needs and decides if ${first} needs an EHC plan.`,
    ),
    para(
      'There is no minimum number of Assess, Plan, Do, Review cycles before you can ask.',
      'The local authority must tell you within 6 weeks of receiving the request whether it will carry out the assessment',
      '(Special Educational Needs and Disability Regulations 2014, regulation 5).',
    ),
  ];
}

/** The Tribunal appeal against a refusal: 2 months from the decision letter, mediation considered first. */
function tribunal(what: string): Block {
  return para(
    `If the local authority decides not to ${what}, you can appeal to the SEND Tribunal`,
    '(the First-tier Tribunal, Special Educational Needs and Disability).',
    'You must appeal within 2 months of the date of the decision letter (or within 1 month of a mediation certificate, if that is later).',
    'Before you appeal you must consider mediation: the decision letter tells you how to contact a mediation adviser.',
  );
}

/** The escalation letter: the school asks for an EHC needs assessment; the statutory steps and the appeal. */
export function escalation(first: string): Block[] {
  return [
    para(
      `The school will ask ${LA} for an EHC needs assessment for ${first}.`,
      `This is when the council looks closely at ${first}'s needs.`,
      `It then decides if ${first} needs an EHC plan (Education, Health and Care plan), a legal document that says what help a child must get.`,
    ),
    heading('What happens and when'),
    para('The time limits count from the day the local authority receives the request (Special Educational Needs and Disability Regulations 2014):'),
    list([
      'Within 6 weeks: the local authority decides whether to carry out the assessment (regulation 5).',
      'Within 16 weeks: after an assessment, it decides whether to issue an EHC plan (regulation 10).',
      'Within 20 weeks: the final EHC plan is issued, if there is to be one (regulation 13). You have at least 15 days to comment on the draft plan first.',
    ]),
    para(`${first} will keep getting SEN Support while this happens.`, 'The council will write to you about each step.'),
    heading('If the local authority says no'),
    tribunal('carry out the assessment'),
  ];
}

/** A pupil who has an EHC plan: the school asks for an early review of it, or for a re-assessment (s.44). */
export function ehcPlanRequest(first: string, kind: 'early_review' | 'reassessment_request'): Block[] {
  if (kind === 'early_review') {
    return [
      para(
        `The school will ask ${LA} to review ${first}'s EHC plan early, before the next annual review is due.`,
        'An EHC plan must be reviewed at least every 12 months, and it can be reviewed sooner when needs change (Children and Families Act 2014, section 44).',
      ),
      para(
        'You will be invited to the review meeting at least 2 weeks before it, and asked for your views.',
        `You can also ask the local authority for an early review of ${first}'s EHC plan yourself.`,
      ),
      para(`${first} keeps all the help the EHC plan gives while this happens.`),
    ];
  }
  return [
    para(
      `The school will ask ${LA} to re-assess ${first}'s education, health and care needs, because they seem to have changed.`,
      'A parent, a young person or the school can ask for a re-assessment (Children and Families Act 2014, section 44).',
      'The local authority decides whether to re-assess and writes to you with its decision.',
    ),
    para('You can also ask for a re-assessment yourself.', `${first} keeps all the help the EHC plan gives while this happens.`),
    heading('If the local authority says no'),
    tribunal('re-assess'),
  ];
}

/** Ending SEN Support: what ends, why, what happens if concerns come back, and the right to disagree. */
export function endOfSupport(first: string, endedOn: string, reason: string | null, toMonitoring: boolean): Block[] {
  const why = line(reason);
  return [
    heading('What ends'),
    para(
      `From ${date(endedOn)}, ${first} is no longer on SEN Support.`,
      `The school will stop the extra help in ${first}'s support plan, and there will be no more support plan reviews.`,
      toMonitoring
        ? `The school will keep a closer eye on how ${first} is getting on for a while.`
        : `${first}'s teachers will keep an eye on how ${first} is getting on, as they do for every child.`,
    ),
    heading('Why'),
    para(
      why
        ? `The school's reason: ${why}`
        : `The school decided ${first} no longer needs help that is different from, or extra to, what most children of the same age get.`,
    ),
    heading('If concerns come back'),
    para(
      'If you, or the school, become worried again, please talk to the SENCO.',
      `The school can look at ${first}'s needs again and put SEN Support back in place at any time.`,
    ),
    heading('If you disagree'),
    para(
      'You have the right to disagree with this decision. Please tell the SENCO first, so the school can explain it and listen to you.',
      "If you are still unhappy, you can use the school's complaints procedure.",
    ),
    para(
      `You can still ask ${LA} for an EHC needs assessment for ${first} yourself, at any time, without the school's agreement (Children and Families Act 2014, section 36).`,
    ),
  ];
}
