import { escapeHtml, formatDate } from '#libs/documents';
import { OUTCOME_LABELS, REVIEW_DECISION_LABELS } from '#libs/plans';
import { AREA_LABELS, NEED_LABELS } from '#libs/register';
import type { Branding, Greeting, MessageInput, RenderedMessage } from './message.types.js';

/*
 * Every message is first written as a list of plain-text blocks; the text and HTML bodies are both drawn
 * from those blocks, so they say the same thing. Nothing reaches the HTML without escapeHtml, and a URL
 * becomes a link only when it is http(s).
 */

type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'para'; lines: string[] }
  | { kind: 'list'; items: Item[] }
  /** A label and a URL; the URL goes on its own line in the text body. */
  | { kind: 'link'; label: string; url: string };

/** One list entry: its lines, and optionally a URL after them (own line in text, a link in HTML). */
interface Item {
  lines: string[];
  url?: string;
}

interface Message {
  subject: string;
  blocks: Block[];
  /** Parents get the school's signature; staff reminders say they were sent automatically. */
  signOff: 'signature' | 'automatic';
}

const TEXT_WIDTH = 78;
const MAX_TARGETS = 10;

// ---------------------------------------------------------------------------------------------------------
// Cleaning input values

/** Control characters (not tab or line breaks) and the bidirectional marks that can disguise text. */
const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** One line: hidden characters dropped, all runs of white space (line breaks too) as one space. */
function line(value: string | null | undefined): string {
  return (value ?? '').replace(HIDDEN, '').replace(/\s+/g, ' ').trim();
}

/** Free text that may have line breaks: its non-empty lines, each cleaned as `line`. */
function lines(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map(line)
    .filter((l) => l !== '');
}

/** A URL may be a link only when it is a well-formed http(s) URL with no spaces or quotes in it. */
function isWebUrl(url: string, httpsOnly = false): boolean {
  if (!(httpsOnly ? /^https:\/\/[^\s"'<>`]+$/i : /^https?:\/\/[^\s"'<>`]+$/i).test(url)) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || (!httpsOnly && parsed.protocol === 'http:')) && parsed.hostname !== '';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Words

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A whole number of days that can be said, else null (a bad count is left out rather than shown wrong). */
const dayCount = (n: number): number | null => (Number.isFinite(n) && n >= 0 ? Math.round(n) : null);

/** "today", "tomorrow", "in 7 days"; null when the count cannot be said. */
function inDays(n: number): string | null {
  const days = dayCount(n);
  if (days === null) return null;
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `in ${plural(days, 'day')}`;
}

const date = (iso: string | null | undefined) => formatDate(line(iso));

interface Pupil {
  /** The first name, or "your child" when none is held (parents' messages). */
  first: string;
  /** First and last name, or "the pupil" (staff messages). */
  full: string;
}

function pupilOf(g: Greeting): Pupil {
  const first = line(g.pupilFirstName);
  const full = line(`${line(g.pupilFirstName)} ${line(g.pupilLastName)}`);
  return { first: first || 'your child', full: full || 'the pupil' };
}

/** A paragraph of sentences; empty parts are left out and the first letter is a capital. */
const para = (...text: string[]): Block => ({ kind: 'para', lines: [capitalise(text.filter((t) => t !== '').join(' '))] });
const heading = (text: string): Block => ({ kind: 'heading', text: capitalise(text) });
const list = (items: (string | Item)[]): Block => ({
  kind: 'list',
  items: items.map((i) => (typeof i === 'string' ? { lines: [i] } : i)),
});
/** A link block, or nothing when no URL was given. */
const link = (label: string, url: string): Block[] => {
  const u = line(url);
  return u === '' ? [] : [{ kind: 'link', label, url: u }];
};

// ---------------------------------------------------------------------------------------------------------
// Shared parts

const SENCO_MEANS = 'The SENCO is the teacher who organises extra help for children with special educational needs.';
const SENDIASS_FULL = 'SEND Information, Advice and Support Service (SENDIASS)';

/**
 * Who the SENCO is and how to reach them; the school office when no way to reach them is set.
 * `formal`: the notice explains what a SENCO is; the other messages only name them.
 */
function sencoContact(b: Branding, formal: boolean): Block[] {
  const name = line(b.senco.name);
  const email = line(b.senco.email);
  const phone = line(b.senco.phone);
  const school = line(b.schoolName);
  const blocks: Block[] = formal
    ? [para(SENCO_MEANS, name ? `The SENCO is ${name}.` : '')]
    : [para(`If you have any questions, please talk to the SENCO${name ? `, ${name}` : ''}.`)];
  if (email || phone) {
    blocks.push(para('You can contact the SENCO by:'));
    const ways: string[] = [];
    if (email) ways.push(`Email: ${email}`);
    if (phone) ways.push(`Phone: ${phone}`);
    blocks.push(list(ways));
  } else {
    blocks.push(para(`To contact the SENCO, please contact the school office${school ? ` at ${school}` : ''}.`));
  }
  return blocks;
}

/** The local SENDIASS when the school set it; the general wording and the Local Offer always. */
function sendiassAdvice(b: Branding): Block[] {
  const name = line(b.sendiass.name);
  const phone = line(b.sendiass.phone);
  const url = line(b.sendiass.url);
  const blocks: Block[] = [];
  if (name) {
    blocks.push(para(`You can get free advice that does not come from the school from ${name}.`, `It is your local ${SENDIASS_FULL}.`));
  } else {
    blocks.push(para(`You can get free advice that does not come from the school from your local ${SENDIASS_FULL}.`));
  }
  blocks.push(para('SEND means special educational needs and disabilities. The advice is free, private and independent.'));
  const ways: Item[] = [];
  if (phone) ways.push({ lines: [`Phone: ${phone}`] });
  if (url) ways.push({ lines: ['Website:'], url });
  if (ways.length > 0) blocks.push({ kind: 'list', items: ways });
  blocks.push(
    para(
      "Your local council's Local Offer also lists help and services for children with SEND in your area.",
      `To find it, search online for your council's name and "Local Offer".`,
    ),
  );
  return blocks;
}

// ---------------------------------------------------------------------------------------------------------
// The messages

function senSupportStarted(input: Extract<MessageInput, { kind: 'sen_support_started' }>, b: Branding): Message {
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

function planAgreed(input: Extract<MessageInput, { kind: 'plan_agreed' }>, b: Branding): Message {
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

function reviewDue(input: Extract<MessageInput, { kind: 'review_due' }>, b: Branding): Message {
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

function reviewOverdue(input: Extract<MessageInput, { kind: 'review_overdue' }>): Message {
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

function reviewSummary(input: Extract<MessageInput, { kind: 'review_summary' }>, b: Branding): Message {
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

function compose(input: MessageInput, b: Branding): Message {
  switch (input.kind) {
    case 'sen_support_started':
      return senSupportStarted(input, b);
    case 'plan_agreed':
      return planAgreed(input, b);
    case 'review_due':
      return reviewDue(input, b);
    case 'review_overdue':
      return reviewOverdue(input);
    case 'review_summary':
      return reviewSummary(input, b);
    default: {
      const unknown: never = input;
      throw new Error(`no template for message kind ${JSON.stringify((unknown as { kind?: unknown }).kind)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Plain text

/** Words filled into lines of at most `width` characters; a longer word (a URL) has a line to itself. */
function wrap(text: string, first = '', rest = first, width = TEXT_WIDTH): string[] {
  const out: string[] = [];
  let current = first;
  let empty = true;
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (!empty && current.length + 1 + word.length > width) {
      out.push(current);
      current = rest + word;
    } else {
      current = empty ? current + word : `${current} ${word}`;
    }
    empty = false;
  }
  out.push(current);
  return out;
}

function textBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${block.text}\n${'-'.repeat(Math.min(block.text.length, TEXT_WIDTH))}`;
    case 'para':
      return block.lines.flatMap((l) => wrap(l)).join('\n');
    case 'list':
      return block.items
        .map((item) => {
          const out = item.lines.flatMap((l, i) => wrap(l, i === 0 ? '- ' : '  ', '  '));
          if (item.url) out.push(`  ${item.url}`);
          return out.join('\n');
        })
        .join('\n');
    case 'link':
      return [...wrap(block.label), block.url].join('\n');
  }
}

// ---------------------------------------------------------------------------------------------------------
// HTML

/** A link when the URL is http(s), else the URL as escaped text. */
function urlHtml(url: string): string {
  const safe = escapeHtml(url);
  return isWebUrl(url) ? `<a href="${safe}">${safe}</a>` : safe;
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2>${escapeHtml(block.text)}</h2>`;
    case 'para':
      return `<p>${block.lines.map(escapeHtml).join('<br>\n')}</p>`;
    case 'list': {
      const items = block.items.map((item) => {
        const body = item.lines.map(escapeHtml).join('<br>\n');
        return `<li>${body}${item.url ? ` ${urlHtml(item.url)}` : ''}</li>`;
      });
      return `<ul>\n${items.join('\n')}\n</ul>`;
    }
    case 'link':
      return `<p>${escapeHtml(block.label)}<br>\n${urlHtml(block.url)}</p>`;
  }
}

// ---------------------------------------------------------------------------------------------------------

/**
 * A message's subject, plain-text body and HTML body, in plain English for parents (or staff, for the staff
 * reminders). Dates are ISO `YYYY-MM-DD` and shown as "3 March 2026". The subject is one line, safe to use
 * as an email header.
 */
export function renderMessage(input: MessageInput, branding: Branding): RenderedMessage {
  const message = compose(input, branding);
  const subject = line(message.subject);
  const school = line(branding.schoolName);

  const recipient = line(input.greeting.recipientName);
  const greeting = para(`Dear ${recipient || (message.signOff === 'automatic' ? 'colleague' : 'parent or carer')},`);

  let signOff: Block;
  if (message.signOff === 'signature') {
    // The signature, then the school's name unless the signature already gives it.
    const signed = lines(branding.signature);
    if (school && !signed.some((l) => l.toLowerCase().includes(school.toLowerCase()))) signed.push(school);
    signOff = { kind: 'para', lines: ['Best wishes,', ...(signed.length > 0 ? signed : ['The school'])] };
  } else {
    signOff = para(`This is an automatic reminder from ${school || 'the school'}'s SEN records.`);
  }

  const blocks = [greeting, ...message.blocks, signOff];

  const text = [`${subject}\n${'='.repeat(Math.min(subject.length, TEXT_WIDTH))}`, ...blocks.map(textBlock)].join('\n\n') + '\n';

  const logoUrl = line(branding.logoUrl);
  const logo = isWebUrl(logoUrl, true) ? `<p><img src="${escapeHtml(logoUrl)}" alt="${escapeHtml(school)}" height="60"></p>\n` : '';
  const html =
    '<!DOCTYPE html>\n' +
    '<html lang="en-GB">\n' +
    '<head>\n' +
    '<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(subject)}</title>\n` +
    '</head>\n' +
    '<body>\n' +
    logo +
    `<h1>${escapeHtml(subject)}</h1>\n` +
    blocks.map(htmlBlock).join('\n') +
    '\n</body>\n' +
    '</html>\n';

  return { subject, text, html };
}
