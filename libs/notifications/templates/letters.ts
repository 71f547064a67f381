import { OUTCOME_LABELS, REVIEW_DECISION_LABELS } from '#libs/plans';
import { AREA_LABELS, NEED_LABELS } from '#libs/register';
import { capitalise, date, dayCount, heading, inDays, line, lines, link, list, MAX_TARGETS, para, plural, pupilOf, sencoContact, sendiassAdvice, type Block, type Message } from './blocks.js';
import type { Branding, MessageInput } from './message.types.js';

// ---------------------------------------------------------------------------------------------------------
// The messages

export function senSupportStarted(input: Extract<MessageInput, { kind: 'sen_support_started' }>, b: Branding): Message {
  const { first } = pupilOf(input.greeting);
  const school = line(b.schoolName) || 'the school';
  const areas = [...new Set(input.areasOfNeed)].map((a) => AREA_LABELS[a] ?? line(a));
  const needs = [...new Set(input.needs)].map((n) => NEED_LABELS[n] ?? line(n));

  const blocks: Block[] = [
    para(`From ${date(input.startDate)}, ${school} is making special educational provision for ${first}.`, 'This is called SEN Support.'),

    heading('What SEN Support means'),
    para(
      'SEN stands for special educational needs.',
      `SEN Support means that ${first} will get extra help at school.`,
      'This help is different from, or extra to, what most children of the same age get.',
    ),
    para('A child does not need a diagnosis to get SEN Support.'),
    para(
      'SEN Support is not an EHC plan.',
      'An EHC plan (Education, Health and Care plan) is a legal document from the local council.',
      'It is for children who need more help than SEN Support can give.',
    ),

    heading(`Where ${first} needs extra help`),
  ];
  if (areas.length === 0 && needs.length === 0) {
    blocks.push(para('The school has not recorded the area of need yet. The SENCO can tell you more.'));
  } else {
    blocks.push(para('An area of need is the part of learning or school life where a child needs extra help.'));
    if (areas.length > 0) {
      blocks.push(para(areas.length === 1 ? 'The school has recorded this area of need:' : 'The school has recorded these areas of need:'));
      blocks.push(list(areas));
    }
    if (needs.length > 0) {
      blocks.push(para(needs.length === 1 ? 'The type of need recorded is:' : 'The types of need recorded are:'));
      blocks.push(list(needs));
    }
  }

  blocks.push(
    heading('Working together'),
    para(`You will be part of planning and checking ${first}'s support.`, 'The school does this in four steps:'),
    list([
      `Assess: the school finds out what ${first} needs.`,
      'Plan: you and the school agree the help and the targets.',
      'Do: the school gives the help.',
      'Review: together you look at what worked and decide what to do next.',
    ]),
    para(
      'The school will meet you at least three times a year to plan and review the support.',
      'You can give your views at any time, and so can your child.',
    ),

    heading('Who to contact at school'),
    ...sencoContact(b, true),

    heading('Free, independent advice'),
    ...sendiassAdvice(b),

    heading('This is a formal notice'),
    para(
      'The law says the school must send you this notice',
      '(Children and Families Act 2014, section 68, and the SEND Code of Practice, paragraph 6.43).',
    ),
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
    : [para(`${first}'s support plan has been changed.`, version ? `The new version (version ${version}) has been agreed.` : 'The new version has been agreed.')];
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
    blocks.push(
      para(`The plan will be reviewed on ${date(input.reviewDate)}.`, `At the review, you and the school will look at how ${first} is getting on.`),
    );
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
      blocks.push(
        para(
          `SEN Support for ${first} will end.`,
          `This means ${first} will not have a support plan any more.`,
          `Teachers will still keep an eye on how ${first} is getting on.`,
          'If you are worried at any time, please talk to the SENCO.',
        ),
      );
      break;
    case 'escalate':
      blocks.push(
        para(
          'The school will ask the local authority (your local council) for an EHC needs assessment.',
          `This is when the council looks closely at ${first}'s needs.`,
          `It then decides if ${first} needs an EHC plan (Education, Health and Care plan).`,
          'An EHC plan is a legal document that says what help a child must get.',
        ),
        para(
          'The whole process can take up to 20 weeks.',
          `${first} will keep getting SEN Support while this happens.`,
          'The council will write to you about each step.',
        ),
      );
      break;
  }
  if (line(input.nextReviewDate)) blocks.push(para(`The next review is on ${date(input.nextReviewDate)}.`));
  if (input.decision === 'escalate') blocks.push(heading('Free, independent advice'), ...sendiassAdvice(b));

  blocks.push(...link('You can read the review and the plan here:', input.planUrl));
  blocks.push(...sencoContact(b, false));

  return { subject: `What was agreed at ${first}'s review on ${held}`, blocks, signOff: 'signature' };
}
