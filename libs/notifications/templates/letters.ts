import { OUTCOME_LABELS, REVIEW_DECISION_LABELS } from '#libs/plans';
import type { AreaOfNeed } from '#libs/register';
import {
  capitalise,
  date,
  dayCount,
  heading,
  inDays,
  line,
  lines,
  link,
  list,
  MAX_TARGETS,
  para,
  plural,
  pupilOf,
  sencoContact,
  sendiassAdvice,
  type Block,
  type Message,
} from './blocks.js';
import type { Branding, MessageInput } from './message.types.js';
import { assessmentRight, ehcPlanRequest, endOfSupport, escalation } from './statutory.js';

/** The four broad areas of need (Code of Practice 6.28–6.35) in everyday words, the Code's name after. */
const PLAIN_AREAS: Record<AreaOfNeed, string> = {
  communication_and_interaction: 'talking, understanding others and getting on with people (communication and interaction)',
  cognition_and_learning: 'learning, for example reading, writing or maths (cognition and learning)',
  social_emotional_mental_health: 'feelings, behaviour and wellbeing (social, emotional and mental health)',
  sensory_and_physical: 'seeing, hearing, moving or other physical needs (sensory and physical needs)',
};

// ---------------------------------------------------------------------------------------------------------
// The messages

export function senSupportStarted(input: Extract<MessageInput, { kind: 'sen_support_started' }>, b: Branding): Message {
  const { first } = pupilOf(input.greeting);
  const school = line(b.schoolName) || 'the school';
  const described = input.needsDescribed.map(line).filter((d) => d !== '');
  const areas = [...new Set(input.areasOfNeed)].map((a) => PLAIN_AREAS[a]).filter((a): a is string => !!a);

  const blocks: Block[] = [
    para(`From ${date(input.startDate)}, ${school} is making special educational provision for ${first}.`, 'This is called SEN Support.'),

    heading('What SEN Support means'),
    para(
      'SEN stands for special educational needs.',
      `SEN Support means that ${first} will get extra help at school.`,
      'This help is different from, or extra to, what most children of the same age get.',
    ),
    para(
      'SEN Support is not an EHC plan.',
      'An EHC plan (Education, Health and Care plan) is a legal document from the local council.',
      'It is for children who need more help than SEN Support can give.',
    ),

    heading(`Where ${first} needs extra help`),
  ];
  // In the words agreed with the parents (the plan's own), else a plain description of the broad area: never a
  // census code or a label that reads like a diagnosis, which SEN Support does not need.
  if (described.length > 0) {
    blocks.push(para(`In ${first}'s support plan, you and the school described ${first}'s needs like this:`), list(described));
  } else if (areas.length > 0) {
    blocks.push(para(`The school has seen that ${first} needs extra help with:`), list(areas));
    blocks.push(para('The school will describe this in more detail with you when you plan the support together.'));
  } else {
    blocks.push(para('The school will describe where extra help is needed with you when you plan the support together. The SENCO can tell you more.'));
  }
  blocks.push(para('A child does not need a diagnosis to get SEN Support.'));

  blocks.push(
    heading('Working together'),
    para(`You will be part of planning and checking ${first}'s support.`, 'The school does this in four steps:'),
    list([
      `Assess: the school finds out what ${first} needs.`,
      'Plan: you and the school agree the help and the targets.',
      'Do: the school gives the help.',
      'Review: together you look at what worked and decide what to do next.',
    ]),
    para('The school will meet you at least three times a year to plan and review the support.', 'You can give your views at any time, and so can your child.'),

    heading('Who to contact at school'),
    ...sencoContact(b, true),

    ...assessmentRight(first),

    heading('Free, independent advice'),
    ...sendiassAdvice(b),

    heading('This is a formal notice'),
    para('The law says the school must send you this notice', '(Children and Families Act 2014, section 68, and the SEND Code of Practice, paragraph 6.48).'),
    para('It is a formal notice the school must send, so it cannot be switched off.'),
  );

  return {
    subject: `Formal notice: ${first} is receiving SEN Support at ${school}`,
    blocks,
    signOff: 'signature',
  };
}

export function planAgreed(input: Extract<MessageInput, { kind: 'plan_agreed' }>, b: Branding): Message {
  const { first } = pupilOf(input.greeting);
  const version = Number.isFinite(input.version) ? String(input.version) : null;
  const targets = input.targets.map(line).filter((t) => t !== '');
  const shown = targets.slice(0, MAX_TARGETS);
  const more = targets.length - shown.length;

  const blocks: Block[] = input.firstVersion
    ? [para(`${first}'s support plan has been agreed.`)]
    : [
        para(
          `${first}'s support plan has been changed.`,
          version ? `The new version (version ${version}) has been agreed.` : 'The new version has been agreed.',
        ),
      ];
  blocks.push(para(`A support plan sets out the targets ${first} is working towards and the extra help the school will give.`));

  blocks.push(heading('The targets'));
  if (shown.length === 0) {
    blocks.push(para('The plan does not list any targets yet.'));
  } else {
    blocks.push(para(shown.length === 1 ? 'The target in the plan is:' : 'The targets in the plan are:'), list(shown));
    if (more > 0) blocks.push(para(`And ${more} more. You can read them all in the plan.`));
  }

  blocks.push(heading('The next review'));
  if (line(input.reviewDate)) {
    blocks.push(para(`The plan will be reviewed on ${date(input.reviewDate)}.`, `At the review, you and the school will look at how ${first} is getting on.`));
  } else {
    blocks.push(para('The school will tell you the date of the next review.'));
  }

  blocks.push(...link('You can read the plan here:', input.planUrl));
  blocks.push(...sencoContact(b, false));

  return {
    subject: input.firstVersion ? `${capitalise(first)}'s support plan has been agreed` : `${capitalise(first)}'s support plan has changed`,
    blocks,
    signOff: 'signature',
  };
}

export function reviewDue(input: Extract<MessageInput, { kind: 'review_due' }>, b: Branding): Message {
  const { first, full } = pupilOf(input.greeting);
  const on = date(input.reviewDate);
  const when = inDays(input.daysBefore);
  const whenOn = when ? `${when}, on ${on}` : `on ${on}`;

  if (input.forStaff) {
    return {
      subject: `Reminder: review for ${full} ${when ? `${when} (${on})` : `on ${on}`}`,
      blocks: [
        para(`The support plan review for ${full} is ${whenOn}.`),
        heading('Please add your observations'),
        para(
          'Please add your observations before the meeting.',
          'Say what is going well, what is still hard, and what progress you have seen towards the targets.',
        ),
        ...link('Add your observations here:', input.viewsUrl),
      ],
      signOff: 'automatic',
    };
  }

  return {
    subject: `Reminder: ${first}'s review is ${when ? `${when} (${on})` : `on ${on}`}`,
    blocks: [
      para(`${first}'s support plan will be reviewed ${whenOn}.`),
      para(`At the review, you and the school will look at how ${first} is getting on and agree what happens next.`),
      heading('Tell us your views'),
      para(
        'We would like to hear your views before the meeting.',
        'What is going well? What is hard? Is there anything you are worried about?',
        `You could also ask ${first} what they think.`,
      ),
      ...link('You can give your views here:', input.viewsUrl),
      ...sencoContact(b, false),
    ],
    signOff: 'signature',
  };
}

export function reviewOverdue(input: Extract<MessageInput, { kind: 'review_overdue' }>): Message {
  const { full } = pupilOf(input.greeting);
  const due = date(input.reviewDate);
  const days = dayCount(input.daysOverdue);
  const overdue = days === null ? 'It is now overdue.' : `It is now ${plural(days, 'day')} overdue.`;

  const blocks: Block[] = [para(`The support plan review for ${full} was due on ${due}.`, overdue)];
  if (input.escalated) {
    blocks.push(
      para(
        days === null ? 'The review is still overdue,' : `The review has been overdue for ${plural(days, 'day')},`,
        'so it is being raised with the headteacher.',
      ),
    );
  }
  blocks.push(
    para(
      'Please hold the review as soon as you can.',
      'Agree a date with the parents and invite them to give their views.',
      'SEN Support should be reviewed with parents at least three times a year.',
    ),
    ...link('Open the plan here:', input.planUrl),
  );

  return {
    subject: input.escalated
      ? `Escalated to the headteacher: review for ${full} is ${days === null ? 'overdue' : `${plural(days, 'day')} overdue`}`
      : `Review overdue: ${full} (due on ${due})`,
    blocks,
    signOff: 'automatic',
  };
}

export function reviewSummary(input: Extract<MessageInput, { kind: 'review_summary' }>, b: Branding): Message {
  const { first } = pupilOf(input.greeting);
  const held = date(input.heldOn);

  const blocks: Block[] = [
    para(`${first}'s support plan was reviewed on ${held}.`, 'This message tells you what was agreed.'),
    heading(`How ${first} got on with the targets`),
  ];
  const outcomes = input.outcomes.filter((o) => line(o.target) !== '' || o.outcome);
  if (outcomes.length === 0) {
    blocks.push(para('No targets were looked at in this review.'));
  } else {
    blocks.push(
      list(
        outcomes.map((o) => {
          const measured = line(o.measuredValue);
          return {
            lines: [
              ...lines(o.target),
              `Result: ${OUTCOME_LABELS[o.outcome] ?? line(o.outcome)}`,
              measured ? `Measured: ${measured}` : 'Measured: nothing was recorded',
            ],
          };
        }),
      ),
    );
  }

  const worked = lines(input.whatWorked);
  if (worked.length > 0) blocks.push(heading('What worked'), { kind: 'para', lines: worked });
  const didNot = lines(input.whatDidNotWork);
  if (didNot.length > 0) blocks.push(heading('What did not work'), { kind: 'para', lines: didNot });

  blocks.push(heading('What happens next'), para(`Decision: ${REVIEW_DECISION_LABELS[input.decision] ?? line(input.decision)}.`));
  switch (input.decision) {
    case 'continue':
      blocks.push(
        para(
          `${first} will keep getting SEN Support.`,
          'The school will make a new plan with some changes, based on what was learned at this review.',
          'You will be asked to help with the new plan.',
        ),
      );
      break;
    case 'end_support':
      blocks.push(...endOfSupport(first, input.heldOn, `it was agreed at the review on ${held} that ${first} no longer needs SEN Support.`, false));
      break;
    case 'escalate':
      blocks.push(...escalation(first));
      break;
    case 'early_review':
    case 'reassessment_request':
      blocks.push(...ehcPlanRequest(first, input.decision));
      break;
  }
  if (line(input.nextReviewDate)) blocks.push(para(`The next review is on ${date(input.nextReviewDate)}.`));
  // Every decision that changes what the law gives the child comes with where to get independent advice.
  if (input.decision !== 'continue') blocks.push(heading('Free, independent advice'), ...sendiassAdvice(b));

  blocks.push(...link('You can read the review and the plan here:', input.planUrl));
  blocks.push(...sencoContact(b, false));

  return { subject: `What was agreed at ${first}'s review on ${held}`, blocks, signOff: 'signature' };
}

/** SEN Support ended outside a review (a status change): the same facts the review's letter gives. */
export function senSupportEnded(input: Extract<MessageInput, { kind: 'sen_support_ended' }>, b: Branding): Message {
  const { first } = pupilOf(input.greeting);
  const school = line(b.schoolName) || 'the school';
  return {
    subject: `${capitalise(first)} is no longer on SEN Support at ${school}`,
    blocks: [
      ...endOfSupport(first, input.endedOn, input.reason, input.toMonitoring),
      heading('Free, independent advice'),
      ...sendiassAdvice(b),
      heading('Who to contact at school'),
      ...sencoContact(b, false),
    ],
    signOff: 'signature',
  };
}
