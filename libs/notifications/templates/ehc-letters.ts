import { date, heading, line, link, list, para, pupilOf, sencoContact, sendiassAdvice, type Block, type Message } from './blocks.js';
import type { Branding, EhcReviewMessage } from './message.types.js';

/**
 * Messages about the review of an EHC plan, in plain English, saying what the law gives the parents (or the
 * young person): SEND Regulations 2014 regs 20–22 and the SEND Code of Practice 9.166–9.185, as the
 * project's docs/domain.md sets out under "EHC plan reviews and re-assessment".
 */
export function ehcReviewMessage(input: EhcReviewMessage, b: Branding): Message {
  switch (input.kind) {
    case 'ehc_review_invitation':
      return invitation(input, b);
    case 'ehc_review_advice':
      return advice(input, b);
    case 'ehc_review_report':
      return report(input, b);
    case 'ehc_review_deadline':
      return deadline(input);
  }
}

const RECOMMENDATION_WORDS: Record<string, string> = {
  maintain: 'keep the EHC plan as it is',
  amend: 'change (amend) the EHC plan',
  cease: 'stop (cease) the EHC plan',
};

const DEADLINE_WORDS: Record<string, string> = {
  meeting_due: 'the review meeting must be held',
  phase_transfer: 'the review before the move to the next school or college must be held and the plan amended',
  invitations_due: 'everyone must be invited to the review meeting',
  advice_circulation: 'the advice must be sent to everyone invited',
  report_due: 'the written report of the review must be sent',
  decision_overdue: 'the local authority should have decided whether to keep, change or stop the plan',
};

function invitation(input: Extract<EhcReviewMessage, { kind: 'ehc_review_invitation' }>, b: Branding): Message {
  const { first, full } = pupilOf(input.greeting);
  const where = line(input.place);
  const blocks: Block[] = [
    para(`You are invited to the review of ${first}'s EHC plan on ${date(input.meetingOn)}${where ? `, at ${where}` : ''}.`),
    heading('What the review is for'),
    para(
      `At the review we look at how ${first} is getting on with each outcome in the EHC plan, and whether the plan should stay as it is, change, or stop.`,
      'The local authority decides, after the review, using the report the school sends.',
    ),
    heading('Your rights'),
    list([
      'The law says you must be invited at least two weeks before the meeting, and you are.',
      `You can give your views, and so can ${first}. You can bring someone to support you.`,
      'The school will ask for advice from the people who work with your child and send it to you at least two weeks before the meeting.',
      'After the meeting, the school sends you the written report within two weeks.',
    ]),
    para('(SEND Regulations 2014, regulation 20, and the SEND Code of Practice, paragraphs 9.166 to 9.185.)'),
    heading('Who to contact at school'),
    ...sencoContact(b, true),
    heading('Free, independent advice'),
    ...sendiassAdvice(b),
    ...link('See the review here:', input.reviewUrl),
  ];
  return { subject: `Invitation: review of ${full}'s EHC plan on ${date(input.meetingOn)}`, blocks, signOff: 'signature' };
}

function advice(input: Extract<EhcReviewMessage, { kind: 'ehc_review_advice' }>, b: Branding): Message {
  const { first, full } = pupilOf(input.greeting);
  const items = input.advice.map((a) => `${line(a.from)}: ${line(a.summary)}`);
  const blocks: Block[] = [
    para(
      `Here is the advice and information gathered for the review of ${first}'s EHC plan${input.meetingOn ? ` on ${date(input.meetingOn)}` : ''}.`,
      'The law says it must reach everyone invited at least two weeks before the meeting, so there is time to read it.',
    ),
    ...(items.length > 0 ? [list(items)] : [para('Nobody has sent advice yet; the school will tell you if any arrives.')]),
    para('You can send your own views, or ask for anything to be discussed, before the meeting.', '(SEND Regulations 2014, regulation 20(4).)'),
    heading('Who to contact at school'),
    ...sencoContact(b, true),
    ...link('See the review here:', input.reviewUrl),
  ];
  return { subject: `Advice for the review of ${full}'s EHC plan`, blocks, signOff: 'signature' };
}

function report(input: Extract<EhcReviewMessage, { kind: 'ehc_review_report' }>, b: Branding): Message {
  const { first, full } = pupilOf(input.greeting);
  const recommendation = RECOMMENDATION_WORDS[input.recommendation] ?? input.recommendation;
  const blocks: Block[] = [
    para(`This is the report of the review of ${first}'s EHC plan held on ${date(input.heldOn)}.`),
    para(`The review recommends that the local authority should ${recommendation}.`),
    ...(line(input.proposedChanges) ? [heading('Changes proposed'), para(line(input.proposedChanges))] : []),
    heading('What happens next'),
    list([
      'The local authority must decide within four weeks of the meeting whether to keep, change or stop the plan, and tell you.',
      'If it decides to change the plan, it sends you the proposed changes and you can comment on them and ask for a particular school or college.',
      'If you disagree with the decision, you can appeal to the SEND Tribunal; you must first contact a mediation adviser.',
    ]),
    para('(SEND Regulations 2014, regulations 20 to 22; Children and Families Act 2014, sections 44 and 51.)'),
    heading('Free, independent advice'),
    ...sendiassAdvice(b),
    ...link('See the review here:', input.reviewUrl),
  ];
  return { subject: `Report of the review of ${full}'s EHC plan`, blocks, signOff: 'signature' };
}

function deadline(input: Extract<EhcReviewMessage, { kind: 'ehc_review_deadline' }>): Message {
  const { full } = pupilOf(input.greeting);
  const what = DEADLINE_WORDS[input.deadlineKind] ?? input.deadlineKind;
  const blocks: Block[] = [
    para(
      input.missed
        ? `For the review of ${full}'s EHC plan, ${what} by ${date(input.deadline)}. That date has passed, so this is raised with the headteacher.`
        : `For the review of ${full}'s EHC plan, ${what} by ${date(input.deadline)}.`,
    ),
    ...link('Open the review here:', input.reviewUrl),
  ];
  return {
    subject: input.missed ? `Missed EHC review deadline: ${full} (${date(input.deadline)})` : `EHC review deadline coming: ${full} (${date(input.deadline)})`,
    blocks,
    signOff: 'automatic',
  };
}
