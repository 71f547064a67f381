import type { Branding, Greeting, MessageInput, RenderedMessage } from './index.js';
import { renderMessage } from './index.js';

const branding: Branding = {
  schoolName: 'Oak Tree Primary School',
  logoUrl: 'https://cdn.example.org/oak-tree/logo.png',
  signature: 'Mrs A Example, SENCO',
  senco: { name: 'Mrs A Example', email: 'senco@oaktree.example.org', phone: '01234 567890' },
  sendiass: { name: 'Northshire SENDIASS', phone: '0300 123 4567', url: 'https://sendiass.northshire.example.org/' },
  appUrl: 'https://app.example.org/',
};

const greeting: Greeting = { recipientName: 'Ms Jo Parent', pupilFirstName: 'Sam', pupilLastName: 'Taylor' };

const PLAN_URL = 'https://app.example.org/plans/abc-123';
const VIEWS_URL = 'https://app.example.org/reviews/xyz-789/views';

type Of<K extends MessageInput['kind']> = Extract<MessageInput, { kind: K }>;

const started = (over: Partial<Of<'sen_support_started'>> = {}): Of<'sen_support_started'> => ({
  kind: 'sen_support_started',
  greeting,
  startDate: '2026-03-03',
  areasOfNeed: ['communication_and_interaction', 'cognition_and_learning'],
  needsDescribed: [],
  ...over,
});

const agreed = (over: Partial<Of<'plan_agreed'>> = {}): Of<'plan_agreed'> => ({
  kind: 'plan_agreed',
  greeting,
  version: 1,
  firstVersion: true,
  reviewDate: '2026-07-20',
  targets: ['Read 40 common words by sight', 'Ask for help when stuck, 3 times a lesson'],
  planUrl: PLAN_URL,
  ...over,
});

const due = (over: Partial<Of<'review_due'>> = {}): Of<'review_due'> => ({
  kind: 'review_due',
  greeting,
  reviewDate: '2026-03-12',
  daysBefore: 7,
  viewsUrl: VIEWS_URL,
  forStaff: false,
  ...over,
});

const overdue = (over: Partial<Of<'review_overdue'>> = {}): Of<'review_overdue'> => ({
  kind: 'review_overdue',
  greeting: { ...greeting, recipientName: 'Mrs A Example' },
  reviewDate: '2026-03-03',
  daysOverdue: 12,
  escalated: false,
  planUrl: PLAN_URL,
  ...over,
});

const summary = (over: Partial<Of<'review_summary'>> = {}): Of<'review_summary'> => ({
  kind: 'review_summary',
  greeting,
  heldOn: '2026-03-10',
  decision: 'continue',
  outcomes: [
    { target: 'Read 40 common words by sight', outcome: 'achieved', measuredValue: '42 of 40 words' },
    { target: 'Write two sentences on their own', outcome: 'partly_achieved', measuredValue: 'one sentence most days' },
    { target: 'Join in group talk', outcome: 'not_achieved', measuredValue: null },
  ],
  whatWorked: 'Short daily reading sessions with the teaching assistant.',
  whatDidNotWork: 'Homework reading logs were not filled in.',
  nextReviewDate: '2026-07-14',
  planUrl: PLAN_URL,
  ...over,
});

const render = (input: MessageInput, b: Branding = branding) => renderMessage(input, b);

/** White space runs as one space, so a phrase split by line wrapping still matches. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

/** What a reader sees of the HTML: tags dropped, entities decoded. */
function visible(html: string): string {
  return flat(
    html
      .replace(/<head>[\s\S]*<\/head>/, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

/** Each fact must be in the plain text and in what the HTML shows. */
function expectBoth(message: RenderedMessage, facts: string[]): void {
  const text = flat(message.text);
  const html = visible(message.html);
  for (const fact of facts) {
    expect({ fact, inText: text.includes(fact) }).toEqual({ fact, inText: true });
    expect({ fact, inHtml: html.includes(fact) }).toEqual({ fact, inHtml: true });
  }
}

function expectNeither(message: RenderedMessage, facts: string[]): void {
  const text = flat(message.text);
  const html = visible(message.html);
  for (const fact of facts) {
    expect({ fact, inText: text.includes(fact) }).toEqual({ fact, inText: false });
    expect({ fact, inHtml: html.includes(fact) }).toEqual({ fact, inHtml: false });
  }
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

/** The URL must be a line of its own in the text and a link in the HTML. */
function expectLinked(message: RenderedMessage, url: string): void {
  expect(message.text.split('\n').map((l) => l.trim())).toContain(url);
  expect(hrefs(message.html)).toContain(url);
}

const ALL: [string, MessageInput][] = [
  ['sen_support_started', started()],
  ['plan_agreed', agreed()],
  ['plan_agreed (changed)', agreed({ version: 3, firstVersion: false })],
  ['review_due (parent)', due()],
  ['review_due (staff)', due({ forStaff: true })],
  ['review_overdue', overdue()],
  ['review_overdue (escalated)', overdue({ escalated: true })],
  ['review_summary (continue)', summary()],
  ['review_summary (end_support)', summary({ decision: 'end_support' })],
  ['review_summary (escalate)', summary({ decision: 'escalate' })],
  ['review_summary (early_review)', summary({ decision: 'early_review' })],
  ['review_summary (reassessment_request)', summary({ decision: 'reassessment_request' })],
  ['sen_support_ended', { kind: 'sen_support_ended', greeting, endedOn: '2026-05-01', reason: null, toMonitoring: false }],
];

describe('sen_support_started: the formal notice', () => {
  const message = render(started());

  it('names the pupil and the school in the subject', () => {
    expect(message.subject).toBe('Formal notice: Sam is receiving SEN Support at Oak Tree Primary School');
  });

  it('says from when the school makes special educational provision, and what SEN Support means', () => {
    expectBoth(message, [
      'From 3 March 2026, Oak Tree Primary School is making special educational provision for Sam.',
      'This is called SEN Support.',
      'different from, or extra to, what most children of the same age get',
      'does not need a diagnosis',
      'SEN Support is not an EHC plan.',
      'EHC plan (Education, Health and Care plan)',
    ]);
    expect(message.text).not.toContain('2026-03-03');
  });

  it('describes the areas of need in plain words, never as codes or a label like a diagnosis, next to "no diagnosis needed"', () => {
    expectBoth(message, [
      'needs extra help with:',
      'talking, understanding others and getting on with people (communication and interaction)',
      'learning, for example reading, writing or maths (cognition and learning)',
      'A child does not need a diagnosis to get SEN Support.',
    ]);
    expectNeither(message, ['communication_and_interaction', 'SLCN', 'Speech, Language and Communication Needs', 'Disorder', 'Difficulty']);
    const semh = render(started({ areasOfNeed: ['social_emotional_mental_health'] }));
    expectBoth(semh, ['feelings, behaviour and wellbeing']);
    expectNeither(semh, ['SEMH']);
  });

  it("uses the plan's own words for the needs where the plan describes them", () => {
    const m = render(started({ needsDescribed: ['Sam finds it hard to follow spoken instructions in class.', '  '] }));
    expectBoth(m, [
      "you and the school described Sam's needs like this:",
      'Sam finds it hard to follow spoken instructions in class.',
      'does not need a diagnosis',
    ]);
    expectNeither(m, ['needs extra help with:', 'communication and interaction']);
  });

  it('tells parents they can ask for an EHC needs assessment themselves (s.36), with no minimum cycles, and the 6-week decision', () => {
    expectBoth(message, [
      'You can ask the local authority (your local council) for an EHC needs assessment for Sam yourself, at any time.',
      "You do not need the school's agreement (Children and Families Act 2014, section 36).",
      'There is no minimum number of Assess, Plan, Do, Review cycles before you can ask.',
      'within 6 weeks of receiving the request whether it will carry out the assessment',
      '(Special Educational Needs and Disability Regulations 2014, regulation 5)',
    ]);
  });

  it('says who the SENCO is and how to reach them', () => {
    expectBoth(message, ['The SENCO is Mrs A Example.', 'Email: senco@oaktree.example.org', 'Phone: 01234 567890']);
    expectNeither(message, ['school office']);
  });

  it('involves the parents: Assess, Plan, Do, Review at least three times a year, and their views', () => {
    expectBoth(message, ['Assess:', 'Plan:', 'Do:', 'Review:', 'at least three times a year', 'You can give your views']);
  });

  it('points to the local SENDIASS when the school set it, and to the Local Offer', () => {
    expectBoth(message, [
      'Northshire SENDIASS',
      'SEND Information, Advice and Support Service (SENDIASS)',
      'Phone: 0300 123 4567',
      'https://sendiass.northshire.example.org/',
      'Local Offer',
    ]);
    expectLinked(message, 'https://sendiass.northshire.example.org/');
  });

  it('says it is a formal notice the law requires and that it cannot be switched off', () => {
    expectBoth(message, ['formal notice', 'Children and Families Act 2014, section 68', 'cannot be switched off']);
  });

  it('falls back to the school office when no SENCO contact is set', () => {
    const none = render(started(), { ...branding, senco: { name: null, email: null, phone: null } });
    expectBoth(none, ['please contact the school office at Oak Tree Primary School']);
    expectNeither(none, ['Email:', 'Mrs A Example.', 'The SENCO is Mrs']);

    const nameOnly = render(started(), { ...branding, senco: { name: 'Mr B Sample', email: null, phone: null } });
    expectBoth(nameOnly, ['The SENCO is Mr B Sample.', 'please contact the school office']);
    const plan = render(agreed(), { ...branding, senco: { name: null, email: null, phone: null } });
    expectBoth(plan, ['please talk to the SENCO.', 'please contact the school office at Oak Tree Primary School']);

    const emailOnly = render(started(), { ...branding, senco: { name: null, email: 'office@oaktree.example.org', phone: null } });
    expectBoth(emailOnly, ['Email: office@oaktree.example.org']);
    expectNeither(emailOnly, ['Phone: 01234', 'school office']);
  });

  it('falls back to the general SENDIASS wording and the Local Offer when none is set', () => {
    const none = render(started(), { ...branding, sendiass: { name: null, phone: null, url: null } });
    expectBoth(none, ['does not come from the school from your local SEND Information, Advice and Support Service (SENDIASS).', "council's Local Offer"]);
    expectNeither(none, ['Northshire', '0300 123 4567', 'Website:']);
  });

  it('says the school will describe the needs with the parents when none is recorded (an NSA code has no area)', () => {
    const m = render(started({ areasOfNeed: [], needsDescribed: [] }));
    expectBoth(m, ['The school will describe where extra help is needed with you when you plan the support together.', 'does not need a diagnosis']);
    expectNeither(m, ['specialist assessment', 'NSA']);
  });
});

describe('sen_support_ended: SEN Support ended outside a review', () => {
  const ended = (over: Partial<Of<'sen_support_ended'>> = {}): Of<'sen_support_ended'> => ({
    kind: 'sen_support_ended',
    greeting,
    endedOn: '2026-05-01',
    reason: 'Sam now makes expected progress without extra help.',
    toMonitoring: false,
    ...over,
  });

  it('says what ends, why, what happens if concerns return, SENDIASS, the right to disagree and the s.36 right', () => {
    const m = render(ended());
    expect(m.subject).toBe('Sam is no longer on SEN Support at Oak Tree Primary School');
    expectBoth(m, [
      'From 1 May 2026, Sam is no longer on SEN Support.',
      "The school's reason: Sam now makes expected progress without extra help.",
      'If you, or the school, become worried again, please talk to the SENCO.',
      'You have the right to disagree with this decision.',
      "for an EHC needs assessment for Sam yourself, at any time, without the school's agreement (Children and Families Act 2014, section 36)",
      'Northshire SENDIASS',
      'Email: senco@oaktree.example.org',
    ]);
  });

  it('gives a general reason when none is recorded, and says so when the school keeps monitoring', () => {
    const m = render(ended({ reason: null, toMonitoring: true }));
    expectBoth(m, ['no longer needs help that is different from, or extra to,', 'keep a closer eye on how Sam is getting on']);
  });
});

describe('plan_agreed', () => {
  it('tells the parent the first plan was agreed, with its targets, review date and link', () => {
    const m = render(agreed());
    expect(m.subject).toBe("Sam's support plan has been agreed");
    expectBoth(m, [
      'Read 40 common words by sight',
      'Ask for help when stuck, 3 times a lesson',
      'reviewed on 20 July 2026',
      'please talk to the SENCO, Mrs A Example.',
      'Email: senco@oaktree.example.org',
    ]);
    expectLinked(m, PLAN_URL);
  });

  it('says a later version changed the plan', () => {
    const m = render(agreed({ version: 3, firstVersion: false }));
    expect(m.subject).toBe("Sam's support plan has changed");
    expectBoth(m, ["Sam's support plan has been changed.", 'version 3']);
  });

  it('lists at most 10 targets, then how many more', () => {
    const targets = Array.from({ length: 13 }, (_, i) => `Target number ${i + 1}.`);
    const m = render(agreed({ targets }));
    expectBoth(m, ['Target number 1.', 'Target number 10.', 'And 3 more.']);
    expectNeither(m, ['Target number 11.', 'Target number 13.']);
    expect(render(agreed({ targets: targets.slice(0, 10) })).text).not.toMatch(/more\./);
  });

  it('says the school will tell them the review date when none is set', () => {
    const m = render(agreed({ reviewDate: null }));
    expectBoth(m, ['The school will tell you the date of the next review.']);
    expectNeither(m, ['reviewed on']);
  });
});

describe('review_due', () => {
  it('invites the parent to give their views before the review', () => {
    const m = render(due());
    expect(m.subject).toBe("Reminder: Sam's review is in 7 days (12 March 2026)");
    expectBoth(m, ["Sam's support plan will be reviewed in 7 days, on 12 March 2026.", 'We would like to hear your views before the meeting.']);
    expectLinked(m, VIEWS_URL);
    expectNeither(m, ['observations']);
  });

  it('asks staff for their observations', () => {
    const m = render(due({ forStaff: true, greeting: { ...greeting, recipientName: 'Mr C Teacher' } }));
    expect(m.subject).toBe('Reminder: review for Sam Taylor in 7 days (12 March 2026)');
    expectBoth(m, ['Dear Mr C Teacher,', 'The support plan review for Sam Taylor is in 7 days, on 12 March 2026.', 'Please add your observations']);
    expectLinked(m, VIEWS_URL);
    expectNeither(m, ['hear your views']);
  });

  it('says tomorrow and today', () => {
    expect(render(due({ daysBefore: 1 })).subject).toBe("Reminder: Sam's review is tomorrow (12 March 2026)");
    expectBoth(render(due({ daysBefore: 0 })), ['reviewed today, on 12 March 2026']);
  });
});

describe('review_overdue', () => {
  it('tells the SENCO the review is overdue', () => {
    const m = render(overdue());
    expect(m.subject).toBe('Review overdue: Sam Taylor (due on 3 March 2026)');
    expectBoth(m, ['was due on 3 March 2026', 'It is now 12 days overdue.']);
    expectLinked(m, PLAN_URL);
    expectNeither(m, ['headteacher']);
  });

  it('says an escalated review is being raised with the head', () => {
    const m = render(overdue({ escalated: true, daysOverdue: 21 }));
    expect(m.subject).toBe('Escalated to the headteacher: review for Sam Taylor is 21 days overdue');
    expectBoth(m, ['has been overdue for 21 days', 'being raised with the headteacher', 'was due on 3 March 2026']);
  });

  it('says one day, not one days', () => {
    expectBoth(render(overdue({ daysOverdue: 1 })), ['It is now 1 day overdue.']);
  });
});

describe('review_summary', () => {
  it('gives each target with its outcome label and measured value', () => {
    const m = render(summary());
    expect(m.subject).toBe("What was agreed at Sam's review on 10 March 2026");
    expectBoth(m, [
      'Read 40 common words by sight',
      'Result: Achieved',
      'Measured: 42 of 40 words',
      'Result: Partly achieved',
      'Measured: one sentence most days',
      'Join in group talk',
      'Result: Not achieved',
      'Measured: nothing was recorded',
    ]);
    expectNeither(m, ['partly_achieved', 'not_achieved']);
  });

  it('says what worked, what did not, the decision in plain words, the next review and the link', () => {
    const m = render(summary());
    expectBoth(m, [
      'What worked',
      'Short daily reading sessions with the teaching assistant.',
      'What did not work',
      'Homework reading logs were not filled in.',
      'Decision: Continue SEN Support with a new plan.',
      'new plan with some changes',
      'The next review is on 14 July 2026.',
    ]);
    expectLinked(m, PLAN_URL);
  });

  it('escalation: the 6-week, 16-week and 20-week steps, and the appeal to the Tribunal after considering mediation', () => {
    const m = render(summary({ decision: 'escalate' }));
    expectBoth(m, [
      'Decision: Request an EHC needs assessment.',
      'ask the local authority (your local council) for an EHC needs assessment',
      'looks closely at',
      'Within 6 weeks: the local authority decides whether to carry out the assessment (regulation 5).',
      'Within 16 weeks: after an assessment, it decides whether to issue an EHC plan (regulation 10).',
      'Within 20 weeks: the final EHC plan is issued, if there is to be one (regulation 13).',
      'If the local authority decides not to carry out the assessment, you can appeal to the SEND Tribunal',
      '(the First-tier Tribunal, Special Educational Needs and Disability)',
      'within 2 months of the date of the decision letter',
      'you must consider mediation',
      'Northshire SENDIASS',
    ]);
  });

  it('ending SEN Support at a review: what ends, why, if concerns return, SENDIASS, the right to disagree and the s.36 right', () => {
    const m = render(summary({ decision: 'end_support' }));
    expectBoth(m, [
      'Decision: End SEN Support.',
      'From 10 March 2026, Sam is no longer on SEN Support.',
      'it was agreed at the review on 10 March 2026 that Sam no longer needs SEN Support.',
      'If concerns come back',
      'put SEN Support back in place at any time',
      'You have the right to disagree with this decision.',
      'complaints procedure',
      "for an EHC needs assessment for Sam yourself, at any time, without the school's agreement (Children and Families Act 2014, section 36)",
      'Northshire SENDIASS',
      'Phone: 0300 123 4567',
    ]);
  });

  it('an EHC plan pupil: an early review of the plan, or a request for re-assessment (s.44) with the appeal', () => {
    const early = render(summary({ decision: 'early_review' }));
    expectBoth(early, [
      'Decision: Ask for an early review of the EHC plan.',
      "to review Sam's EHC plan early, before the next annual review is due",
      '(Children and Families Act 2014, section 44)',
      'Northshire SENDIASS',
    ]);
    expectNeither(early, ['for an EHC needs assessment for Sam', 'Within 16 weeks']);
    const again = render(summary({ decision: 'reassessment_request' }));
    expectBoth(again, [
      'Decision: Ask for a re-assessment of the EHC needs.',
      "to re-assess Sam's education, health and care needs",
      '(Children and Families Act 2014, section 44)',
      'If the local authority decides not to re-assess, you can appeal to the SEND Tribunal',
      'within 2 months of the date of the decision letter',
    ]);
  });

  it('leaves out what was not given', () => {
    const m = render(summary({ whatWorked: null, whatDidNotWork: '  ', nextReviewDate: null }));
    expectNeither(m, ['What worked', 'What did not work', 'next review is on']);
  });
});

describe('every message', () => {
  it.each(ALL)('%s: is a complete small HTML document with one h1, the logo and the signature', (_name, input) => {
    const { html, subject } = render(input);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en-GB">')).toBe(true);
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('</body>\n</html>');
    expect(html).toContain('<img src="https://cdn.example.org/oak-tree/logo.png" alt="Oak Tree Primary School"');
    expect(subject).not.toMatch(/[\r\n]/);
    expect(visible(html)).toContain('Oak Tree Primary School');
  });

  it.each(ALL)('%s: keeps plain-text lines short, URLs apart', (_name, input) => {
    for (const l of render(input).text.split('\n')) {
      if (l.length > 78) expect(l.trim()).toMatch(/^\S+$/);
    }
  });

  it.each(ALL)('%s: names the child to parents by first name only', (name, input) => {
    const m = render(input);
    if (/staff|overdue/.test(name)) expectBoth(m, ['Sam Taylor']);
    else expectNeither(m, ['Taylor']);
  });

  it('signs parent messages with the signature and the school', () => {
    const m = render(agreed());
    expectBoth(m, ['Best wishes, Mrs A Example, SENCO Oak Tree Primary School']);
    expectBoth(render(agreed(), { ...branding, signature: null }), ['Best wishes, Oak Tree Primary School']);
  });

  it('shows the logo only from an https URL', () => {
    expect(render(agreed(), { ...branding, logoUrl: null }).html).not.toContain('<img');
    expect(render(agreed(), { ...branding, logoUrl: 'http://cdn.example.org/logo.png' }).html).not.toContain('<img');
    expect(render(agreed(), { ...branding, logoUrl: 'javascript:alert(1)' }).html).not.toContain('<img');
    expect(render(agreed(), { ...branding, logoUrl: 'data:image/png;base64,AAAA' }).html).not.toContain('<img');
  });
});

describe('hostile input', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const ATTR = '" onerror=alert(1) x="';
  const JS_URL = 'javascript:alert(1)';
  const hostileBranding: Branding = {
    schoolName: `Oak ${SCRIPT} & "Co"`,
    logoUrl: `https://cdn.example.org/logo.png${ATTR}`,
    signature: `Mrs ${SCRIPT}\nSENCO ${ATTR}`,
    senco: { name: SCRIPT, email: `a${ATTR}@example.org`, phone: SCRIPT },
    sendiass: { name: SCRIPT, phone: ATTR, url: JS_URL },
    appUrl: JS_URL,
  };
  const hostileGreeting: Greeting = { recipientName: ATTR, pupilFirstName: SCRIPT, pupilLastName: ATTR };
  const inputs: [string, MessageInput][] = [
    ['sen_support_started', started({ greeting: hostileGreeting })],
    ['plan_agreed', agreed({ greeting: hostileGreeting, targets: [SCRIPT, ATTR], planUrl: JS_URL })],
    ['review_due', due({ greeting: hostileGreeting, viewsUrl: JS_URL })],
    ['review_due (staff)', due({ greeting: hostileGreeting, viewsUrl: JS_URL, forStaff: true })],
    ['review_overdue', overdue({ greeting: hostileGreeting, escalated: true, planUrl: JS_URL })],
    [
      'review_summary',
      summary({
        greeting: hostileGreeting,
        decision: 'escalate',
        outcomes: [{ target: SCRIPT, outcome: 'achieved', measuredValue: ATTR }],
        whatWorked: SCRIPT,
        whatDidNotWork: ATTR,
        planUrl: JS_URL,
      }),
    ],
  ];
  const TAGS = new Set(['!DOCTYPE', 'html', 'head', 'meta', 'title', 'body', 'h1', 'h2', 'p', 'br', 'ul', 'li', 'a', 'img']);

  it.each(inputs)('%s: escapes every value and links no javascript: URL', (_name, input) => {
    const m = render(input, hostileBranding);
    expect(m.html).not.toContain('<script');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.html).not.toContain('" onerror');
    expect(m.html).toContain('&quot; onerror=alert(1)');
    expect(m.html).not.toMatch(/href="javascript:/i);
    for (const href of hrefs(m.html)) expect(href).toMatch(/^https?:\/\//);
    // The logo URL carried an attribute break-out: it is not used at all.
    expect(m.html).not.toContain('<img');
    for (const [, tag] of m.html.matchAll(/<\/?([!a-zA-Z0-9]+)/g)) expect(TAGS.has(tag!)).toBe(true);
    // Still shown (as text), so nothing the school entered disappears.
    expect(visible(m.html)).toContain(SCRIPT);
    expect(flat(m.text)).toContain(SCRIPT);
  });

  it('escapes the school name in the logo alt text', () => {
    const m = render(agreed(), { ...branding, schoolName: `Oak ${ATTR} ${SCRIPT}` });
    expect(m.html).toContain('<img src="https://cdn.example.org/oak-tree/logo.png" alt="Oak &quot; onerror=alert(1) x=&quot; &lt;script&gt;');
    expect(m.html).not.toContain('" onerror');
    expect(m.html).not.toContain('<script');
  });

  it('shows a javascript: link as text, not as a link', () => {
    const m = render(agreed({ planUrl: JS_URL }));
    expect(hrefs(m.html)).toEqual([]);
    expect(visible(m.html)).toContain(JS_URL);
    expect(m.text.split('\n')).toContain(JS_URL);
  });

  it('keeps the subject to one line however the names are written', () => {
    const m = render(started({ greeting: { ...greeting, pupilFirstName: 'Sam\r\nBcc: someone@example.org' } }));
    expect(m.subject).toBe('Formal notice: Sam Bcc: someone@example.org is receiving SEN Support at Oak Tree Primary School');
    expect(render(started(), { ...branding, schoolName: 'Oak\u202Eloohcs' }).subject).toBe('Formal notice: Sam is receiving SEN Support at Oakloohcs');
  });
});
