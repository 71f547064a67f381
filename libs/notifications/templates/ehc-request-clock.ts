import { date, link, para, pupilOf, type Message } from './blocks.js';
import type { MessageInput } from './message.types.js';

const WHAT: Record<string, string> = {
  assess_decision: "the local authority's decision whether to carry out an EHC needs assessment (6 weeks from the request)",
  issue_decision: "the local authority's decision whether to issue an EHC plan (16 weeks from the request)",
  final_plan: 'the final EHC plan (20 weeks from the request)',
  school_advice: "the school's advice to the local authority (6 weeks from its request for it)",
};

/** A reminder to the SENCO (and the head once missed) of a statutory clock of an EHC needs-assessment request. */
export function ehcRequestClock(input: Extract<MessageInput, { kind: 'ehc_request_clock' }>): Message {
  const { full } = pupilOf(input.greeting);
  const what = WHAT[input.clock] ?? 'a statutory step of the request';
  const due = date(input.dueOn);
  const state =
    input.reminder === 'missed'
      ? `was due on ${due} and nothing is recorded yet.`
      : input.reminder === 'today'
        ? `is due today (${due}).`
        : `is due on ${due}.`;
  const act =
    input.clock === 'school_advice'
      ? 'Please send the school’s advice, then record the day it was sent.'
      : 'If the authority has decided, record its decision and the date of its letter; if not, you may wish to ask the authority when it will.';
  return {
    subject: `${input.reminder === 'missed' ? 'Missed' : 'Coming up'}: EHC request for ${full}, ${input.clock.replaceAll('_', ' ')} (${due})`,
    blocks: [para(`For the EHC needs-assessment request for ${full}, ${what}`, state), para(act), ...link('Open the request here:', input.requestUrl)],
    signOff: 'automatic',
  };
}
