import { formatDate, formatTimestamp } from '#libs/documents';
import { pdfText } from '#libs/testing';
import { OUTCOME_LABELS, REVIEW_DECISION_LABELS, formatDose } from '../domain/labels.js';
import type { Outcome } from '../domain/plan.types.js';
import { SECTION_TITLES } from './evidence-document.js';
import type { EvidenceCycle, EvidencePack, EvidenceProvision, EvidenceTarget } from './evidence-pack.types.js';
import { renderEvidenceHtml, renderEvidencePdf } from './evidence-render.js';

const HOSTILE = `<script>alert("gotcha")</script> & <img src=x onerror=alert(1)>`;

function target(description: string, outcome: Outcome | null, measuredValue: string | null, extra: Partial<EvidenceTarget> = {}): EvidenceTarget {
  return {
    description,
    areaOfNeed: 'cognition_and_learning',
    measure: 'Weekly probe by the class teacher',
    baseline: 'See the assessment',
    successCriterion: '4 of 5 probes',
    targetDate: '2025-03-21',
    outcome,
    measuredValue,
    comment: null,
    ...extra,
  };
}

function provision(description: string, extra: Partial<EvidenceProvision> = {}): EvidenceProvision {
  return {
    description,
    staffRole: 'teaching_assistant',
    deliveredBy: 'Mrs Agnieszka Nowak',
    frequencyCount: 3,
    frequencyPeriod: 'week',
    minutesPerSession: 10,
    groupSize: 1,
    startsOn: '2025-01-13',
    endsOn: '2025-03-27',
    delivered: null,
    ...extra,
  };
}

const cycle1: EvidenceCycle = {
  number: 1,
  status: 'closed',
  openedOn: '2025-01-06',
  startsOn: '2025-01-13',
  activatedOn: '2025-01-13',
  reviewDate: '2025-03-28',
  version: 1,
  needs: [
    { area: 'cognition_and_learning', description: 'Reads well below age-related expectations; weak phonics and sight vocabulary.' },
    { area: 'communication_and_interaction', description: 'Finds multi-step spoken instructions hard to follow.' },
  ],
  strengths: 'Creative, kind to younger pupils, loves drawing and Lego.',
  attainment: 'Phonics screening check: 18/40 in Year 1, 24/40 in Year 2.',
  pupilViews: 'I like it when Miss Nowak helps me. Reading makes my head hurt.',
  parentViews: 'We want Zoë to feel confident & to enjoy books.',
  homeSupport: 'Reading for 10 minutes each evening with Mum.',
  involvement: {
    meetingDate: '2025-01-10',
    attendees: [
      { name: 'Marta Łukasiewicz', role: 'parent' },
      { name: 'Mr Tom O’Neill', role: 'senco' },
    ],
    parentComments: 'Happy with the plan; asked for a home reading record.',
  },
  agreedOn: '2025-01-10',
  targets: [
    target('Read 40 of the first 100 high-frequency words on sight', 'achieved', '42 of 100 words'),
    target('Write a sentence with a capital letter and full stop independently', 'partly_achieved', '3 of 5 sentences'),
    target('Ask for help using her help card when stuck', 'not_achieved', 'Used twice in 6 weeks', { areaOfNeed: 'social_emotional_mental_health' }),
  ],
  provisions: [
    provision('Precision teaching of high-frequency words', { delivered: { sessions: 30, minutes: 300 } }),
    provision('Phonics keep-up group', { frequencyCount: 1, frequencyPeriod: 'day', minutesPerSession: 15, groupSize: 4 }),
  ],
  review: {
    heldOn: '2025-03-27',
    dueOn: '2025-03-28',
    late: false,
    attendees: [
      { name: 'Marta Łukasiewicz', role: 'parent' },
      { name: 'Zoë Łukasiewicz', role: 'pupil' },
      { name: 'Mr Tom O’Neill', role: 'senco' },
    ],
    whatWorked: 'Short daily precision teaching sessions.',
    whatDidNotWork: 'The help card: she is embarrassed to use it in front of others.',
    parentViews: 'Pleased with the sight words; worried about writing.',
    pupilViews: 'I know more words now.',
    decision: 'continue',
    ehcnaRequestedOn: null,
  },
};

const cycle2: EvidenceCycle = {
  number: 2,
  status: 'closed',
  openedOn: '2025-03-27',
  startsOn: '2025-04-22',
  activatedOn: '2025-04-22',
  reviewDate: '2025-07-11',
  version: 2,
  needs: [{ area: 'cognition_and_learning', description: 'Slow progress in reading and writing despite daily phonics.' }],
  strengths: 'Good oral vocabulary when talking about animals.',
  attainment: 'Reading age 5y 9m (chronological age 8y 5m).',
  pupilViews: null,
  parentViews: 'We see her getting upset at homework time.',
  homeSupport: null,
  involvement: null,
  agreedOn: '2025-04-22',
  targets: [
    target('Read 80 of the first 100 high-frequency words on sight', 'partly_achieved', '61 of 100 words'),
    target('Write three linked sentences about a picture', 'not_achieved', 'One sentence'),
    target('Move between lessons using a visual timetable without adult prompts', 'achieved', '4 of 5 days', { areaOfNeed: 'social_emotional_mental_health' }),
  ],
  provisions: [
    provision('Precision teaching of high-frequency words', { startsOn: '2025-04-22', endsOn: '2025-07-18', delivered: { sessions: 28, minutes: 280 } }),
    provision('Narrative and vocabulary programme from the speech and language therapy report', {
      frequencyCount: 2,
      frequencyPeriod: 'week',
      minutesPerSession: 20,
      groupSize: 2,
      startsOn: '2025-04-22',
      endsOn: '2025-07-18',
    }),
    provision('Lego-based therapy', {
      frequencyCount: null,
      frequencyPeriod: null,
      minutesPerSession: 45,
      groupSize: 3,
      startsOn: '2025-05-06',
      endsOn: '2025-07-18',
    }),
  ],
  review: {
    heldOn: '2025-07-18',
    dueOn: '2025-07-11',
    late: true,
    attendees: [
      { name: 'Marta Łukasiewicz', role: 'parent' },
      { name: 'Mr Tom O’Neill', role: 'senco' },
      { name: 'Dr Siobhán O’Connor', role: 'professional' },
    ],
    whatWorked: 'The visual timetable; Lego-based therapy helped her talk with peers.',
    whatDidNotWork: 'Writing targets: she avoids writing tasks.',
    parentViews: 'Still far behind her friends in reading.',
    pupilViews: null,
    decision: 'continue',
    ehcnaRequestedOn: null,
  },
};

const cycle3: EvidenceCycle = {
  number: 3,
  status: 'reviewed',
  openedOn: '2025-07-18',
  startsOn: '2025-09-08',
  activatedOn: '2025-09-08',
  reviewDate: '2025-12-12',
  version: 1,
  needs: [
    { area: 'cognition_and_learning', description: 'Specific learning difficulty (dyslexic profile) identified by the educational psychologist.' },
    { area: 'communication_and_interaction', description: 'Language disorder: weak understanding of complex sentences.' },
  ],
  strengths: 'Determined; good at maths reasoning when questions are read to her.',
  attainment: 'Reading age 6y 2m (chronological age 8y 11m).',
  pupilViews: 'I want to read chapter books like my friends.',
  parentViews: 'We think she needs more help than the school can give.',
  homeSupport: 'Audiobooks at bedtime; paired reading at weekends.',
  involvement: {
    meetingDate: '2025-09-05',
    attendees: [{ name: 'Marta Łukasiewicz', role: 'parent' }],
    parentComments: 'Agreed; asked the school to consider an EHC needs assessment.',
  },
  agreedOn: '2025-09-05',
  targets: [
    target('Read a book-band 4 (blue) text with 90% accuracy', 'not_achieved', '78% accuracy'),
    target('Follow a two-step instruction given to the whole class', 'partly_achieved', '2 of 5 observations', {
      areaOfNeed: 'communication_and_interaction',
      baseline: null,
    }),
    target('Stay in class for the whole of a morning session', 'achieved', '4 of 5 mornings', { areaOfNeed: 'social_emotional_mental_health' }),
  ],
  provisions: [
    provision('Narrative and vocabulary programme from the speech and language therapy report', {
      frequencyCount: 2,
      frequencyPeriod: 'week',
      minutesPerSession: 20,
      groupSize: 2,
      startsOn: '2025-09-08',
      endsOn: '2025-12-10',
      delivered: { sessions: 24, minutes: 480 },
    }),
    provision('Specialist teacher teaching (specific learning difficulties)', {
      staffRole: 'specialist_teacher',
      deliveredBy: 'Ms Chioma Adébáyọ̀',
      frequencyCount: 1,
      frequencyPeriod: 'month',
      minutesPerSession: 60,
      groupSize: 1,
      startsOn: '2025-09-08',
      endsOn: '2025-12-10',
      delivered: { sessions: 3, minutes: 180 },
    }),
  ],
  review: {
    heldOn: '2025-12-10',
    dueOn: '2025-12-12',
    late: false,
    attendees: [
      { name: 'Marta Łukasiewicz', role: 'parent' },
      { name: 'Mr Tom O’Neill', role: 'senco' },
    ],
    whatWorked: 'Specialist teacher sessions; she now stays in class in the mornings.',
    whatDidNotWork: 'Reading accuracy has not moved despite three cycles of support.',
    parentViews: 'We agree with asking for an EHC needs assessment.',
    pupilViews: 'Reading is still hard.',
    decision: 'escalate',
    ehcnaRequestedOn: '2025-12-15',
  },
};

const dose = (p: EvidenceProvision) => formatDose(p);

/** A fresh copy each time: tests change it freely. */
function fixture(): EvidencePack {
  return structuredClone<EvidencePack>({
    generatedAt: '2026-01-12T09:30:00.000Z',
    school: { name: 'St Aidan’s C of E Primary School', urn: '118234', laName: 'Kent County Council' },
    pupil: {
      firstName: 'Zoë',
      lastName: 'Łukasiewicz',
      dateOfBirth: '2017-02-14',
      yearGroup: 'Year 4',
      upn: 'A801200112345',
      currentStatus: 'K',
      primaryNeed: 'SPLD',
      secondaryNeed: 'SLCN',
      registerSince: '2025-01-06',
    },
    senHistory: [
      {
        status: 'monitoring',
        startDate: '2024-10-01',
        endDate: '2025-01-06',
        primaryNeed: null,
        secondaryNeed: null,
        reason: 'Class teacher concerned about reading',
      },
      { status: 'K', startDate: '2025-01-06', endDate: null, primaryNeed: 'SPLD', secondaryNeed: 'SLCN', reason: 'Little progress after a term of monitoring' },
    ],
    summary: {
      cycles: 3,
      firstPlanOn: '2025-01-13',
      weeksOfSupport: 47,
      reviewsHeld: 3,
      reviewsLate: 1,
      targetsSet: 9,
      outcomes: { achieved: 3, partly_achieved: 3, not_achieved: 3 },
      escalatedOn: '2025-12-15',
      provisions: [
        {
          description: 'Precision teaching of high-frequency words',
          staffRole: 'teaching_assistant',
          dose: dose(cycle1.provisions[0]!),
          from: '2025-01-13',
          to: '2025-07-18',
          cycles: 2,
        },
        {
          description: 'Phonics keep-up group',
          staffRole: 'teaching_assistant',
          dose: dose(cycle1.provisions[1]!),
          from: '2025-01-13',
          to: '2025-03-27',
          cycles: 1,
        },
        {
          description: 'Narrative and vocabulary programme from the speech and language therapy report',
          staffRole: 'teaching_assistant',
          dose: dose(cycle2.provisions[1]!),
          from: '2025-04-22',
          to: '2025-12-10',
          cycles: 2,
        },
        {
          description: 'Lego-based therapy',
          staffRole: 'teaching_assistant',
          dose: dose(cycle2.provisions[2]!),
          from: '2025-05-06',
          to: '2025-07-18',
          cycles: 1,
        },
        {
          description: 'Specialist teacher teaching (specific learning difficulties)',
          staffRole: 'specialist_teacher',
          dose: dose(cycle3.provisions[1]!),
          from: '2025-09-08',
          to: '2025-12-10',
          cycles: 1,
        },
      ],
    },
    professionals: [
      {
        profession: 'speech_and_language_therapist',
        name: 'Gráinne Müller',
        organisation: 'NHS Kent Community Health',
        reportDate: '2025-02-20',
        summary: 'Receptive language at the 5th centile (CELF-5). Expressive language within the average range.',
        recommendations: 'Narrative and vocabulary programme twice a week; simplify instructions; check understanding.',
      },
      {
        profession: 'educational_psychologist',
        name: 'Dr Siobhán O’Connor',
        organisation: 'Kent Educational Psychology Service',
        reportDate: '2025-06-10',
        summary: 'A specific learning difficulty (dyslexic profile) with slow processing speed; verbal reasoning average.',
        recommendations: null,
      },
    ],
    views: [
      { date: '2025-01-10', who: 'parent', context: 'Plan meeting, cycle 1', text: 'Zoë comes home exhausted & upset – she says the words “jump about”.' },
      { date: '2025-01-10', who: 'pupil', context: 'One-page profile', text: 'I like drawing. I don’t like reading out loud.' },
      { date: '2025-07-18', who: 'staff', context: 'Review, cycle 2', text: 'She tries hard but tires quickly × 3 times a morning.' },
      { date: '2025-12-10', who: 'parent', context: 'Review, cycle 3', text: HOSTILE },
    ],
    cycles: [cycle1, cycle2, cycle3],
  });
}

const escapeForTest = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const allTargets = (pack: EvidencePack) => pack.cycles.flatMap((c) => c.targets);
const headings = (html: string) => [...html.matchAll(/<h([1-6])[^>]*>(.*?)<\/h\1>/g)].map((m) => ({ level: Number(m[1]), text: m[2] }));
/** The HTML of the table row that holds `text`. */
function rowWith(html: string, text: string): string {
  const rows = [...html.matchAll(/<tr>.*?<\/tr>/gs)].map((m) => m[0]).filter((r) => r.includes(text));
  expect(rows.length).toBeGreaterThan(0);
  return rows[0]!;
}

describe('formatDose', () => {
  it('says how many sessions, how long, how often and in what group', () => {
    expect(formatDose({ frequencyCount: 3, frequencyPeriod: 'week', minutesPerSession: 30, groupSize: 4 })).toBe('3 × 30 min a week, group of 4');
    expect(formatDose({ frequencyCount: 1, frequencyPeriod: 'day', minutesPerSession: 20, groupSize: 1 })).toBe('daily, 20 min, 1:1');
    expect(formatDose({ frequencyCount: 1, frequencyPeriod: 'half_term', minutesPerSession: 60, groupSize: 1 })).toBe('once a half term, 60 min, 1:1');
    expect(formatDose({ frequencyCount: 2, frequencyPeriod: 'fortnight', minutesPerSession: 45, groupSize: 6 })).toBe('2 × 45 min a fortnight, group of 6');
  });

  it('shows every missing part as not stated rather than dropping it', () => {
    expect(formatDose({ frequencyCount: null, frequencyPeriod: null, minutesPerSession: 45, groupSize: 3 })).toBe('frequency not stated, 45 min, group of 3');
    expect(formatDose({ frequencyCount: 2, frequencyPeriod: 'week', minutesPerSession: null, groupSize: null })).toBe(
      '2 sessions a week, length not stated, group size not stated',
    );
    expect(formatDose({ frequencyCount: 1, frequencyPeriod: 'term', minutesPerSession: null, groupSize: 1 })).toBe('once a term, length not stated, 1:1');
    expect(formatDose({ frequencyCount: 4, frequencyPeriod: null, minutesPerSession: 15, groupSize: 1 })).toBe(
      '4 sessions (how often not stated), 15 min, 1:1',
    );
    expect(formatDose({ frequencyCount: null, frequencyPeriod: 'week', minutesPerSession: 15, groupSize: 2 })).toBe(
      'frequency not stated (sessions a week), 15 min, group of 2',
    );
    expect(formatDose({ frequencyCount: null, frequencyPeriod: null, minutesPerSession: null, groupSize: null })).toBe(
      'frequency not stated, length not stated, group size not stated',
    );
  });
});

describe('dates', () => {
  it('reads an ISO date as a calendar date', () => {
    expect(formatDate('2026-03-03')).toBe('3 March 2026');
    expect(formatDate('2024-02-29')).toBe('29 February 2024');
    expect(formatDate('2025-12-31')).toBe('31 December 2025');
  });

  it('shows a value that is not a real date as it is', () => {
    expect(formatDate('2025-02-29')).toBe('2025-02-29');
    expect(formatDate('soon')).toBe('soon');
  });

  it("gives the generated time in England's time", () => {
    expect(formatTimestamp('2026-01-12T09:30:00.000Z')).toBe('12 January 2026 at 09:30');
    expect(formatTimestamp('2025-07-01T23:30:00.000Z')).toBe('2 July 2025 at 00:30');
  });
});

describe('renderEvidenceHtml', () => {
  const pack = fixture();
  const html = renderEvidenceHtml(pack);

  it('is a standalone, English HTML5 document with a title and one h1', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toMatch(/<title>SEN Support evidence pack: Zoë Łukasiewicz \(St Aidan’s C of E Primary School\)<\/title>/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(headings(html).filter((h) => h.level === 1)).toHaveLength(1);
    expect(html).not.toMatch(/<(script|link|iframe)\b/i);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('has the sections in order as h2s, a h3 per cycle in order, and no skipped heading level', () => {
    const hs = headings(html);
    expect(hs.filter((h) => h.level === 2).map((h) => h.text)).toEqual(Object.values(SECTION_TITLES));
    const cycles = hs.filter((h) => h.level === 3 && h.text!.startsWith('Cycle ')).map((h) => h.text);
    expect(cycles).toEqual([
      'Cycle 1: 13 January 2025 to 27 March 2025',
      'Cycle 2: 22 April 2025 to 18 July 2025',
      'Cycle 3: 8 September 2025 to 10 December 2025',
    ]);
    // The cycles are all in the last section.
    const cyclesSection = hs.findIndex((h) => h.text === SECTION_TITLES.cycles);
    expect(hs.findIndex((h) => h.text!.startsWith('Cycle 1'))).toBeGreaterThan(cyclesSection);
    hs.forEach((h, i) => {
      if (i > 0) expect(h.level).toBeLessThanOrEqual(hs[i - 1]!.level + 1);
    });
  });

  it('shows who the pupil is', () => {
    expect(html).toContain('<dt>Date of birth</dt><dd>14 February 2017</dd>');
    expect(html).toContain('<dt>Unique pupil number (UPN)</dt><dd>A801200112345</dd>');
    expect(html).toContain('<dd>SEN Support (K)</dd>');
    expect(html).toContain('<dd>Specific Learning Difficulty (SPLD)</dd>');
    expect(html).toContain('<dd>Speech, Language and Communication Needs (SLCN)</dd>');
    expect(html).toContain('<dt>On the SEN register since</dt><dd>6 January 2025</dd>');
  });

  it('summarises what was tried, for how long and what happened', () => {
    expect(html).toContain('over 47 weeks, starting on 13 January 2025');
    expect(html).toContain('3 reviews were held, 1 of them late');
    expect(html).toContain('9 targets were set: 3 achieved, 3 partly achieved and 3 not achieved');
    expect(html).toContain('The school requested an EHC needs assessment on 15 December 2025.');
    expect(html).toContain('<dt>EHC needs assessment requested on</dt><dd>15 December 2025</dd>');
    expect(rowWith(html, '<th scope="row">Partly achieved</th>')).toContain('<td>3</td>');
    const lego = rowWith(html, '<th scope="row">Lego-based therapy</th>');
    expect(lego).toContain('frequency not stated, 45 min, group of 3');
    expect(lego).toContain('<td>6 May 2025</td><td>18 July 2025</td>');
  });

  it('shows every target with its outcome and measured value, and every outcome label', () => {
    for (const t of allTargets(pack)) {
      const row = rowWith(html, `<th scope="row">${escapeForTest(t.description)}</th>`);
      expect(row).toContain(`<td>${OUTCOME_LABELS[t.outcome!]}</td>`);
      expect(row).toContain(`<td>${escapeForTest(t.measuredValue!)}</td>`);
    }
    for (const label of Object.values(OUTCOME_LABELS)) expect(html).toContain(label);
  });

  it('uses real tables with captions and header scopes', () => {
    const tables = [...html.matchAll(/<table>(.*?)<\/table>/gs)].map((m) => m[1]);
    expect(tables.length).toBeGreaterThanOrEqual(10);
    for (const t of tables) {
      expect(t).toMatch(/^\s*<caption>[^<]+<\/caption>/);
      expect(t).toContain('<th scope="col">');
    }
    expect(html).toContain('<caption>Targets for cycle 3</caption>');
  });

  it('shows each review: dates, lateness, attendees, what worked and the decision', () => {
    expect(html).toContain('<dt>Held late</dt><dd>Yes, 7 days after it was due</dd>');
    expect(html).toContain('Dr Siobhán O’Connor (Professional)');
    expect(html).toContain(`<dt>Decision</dt><dd>${REVIEW_DECISION_LABELS.escalate}</dd>`);
    expect(html).toContain('<dt>What did not work</dt><dd>Reading accuracy has not moved despite three cycles of support.</dd>');
  });

  it('shows delivered sessions, or that delivery was not recorded', () => {
    expect(rowWith(html, '<td>Ms Chioma Adébáyọ̀</td>')).toContain('<td>3 sessions, 180 min in all</td></tr>');
    expect(rowWith(html, '<th scope="row">Phonics keep-up group</th><td>Teaching assistant</td><td>Mrs')).toContain(
      '<span class="gap">Not recorded</span></td></tr>',
    );
  });

  it('escapes every string from the pack', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;gotcha&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('exhausted &amp; upset – she says the words “jump about”.');

    const hostile = fixture();
    hostile.pupil.firstName = '<b>Bad</b>';
    hostile.school.name = 'A & B "School"';
    hostile.cycles[0]!.targets[0]!.description = '<i>x</i> & y';
    hostile.professionals[0]!.organisation = "O'Brien <Trust>";
    const out = renderEvidenceHtml(hostile);
    expect(out).not.toMatch(/<b>|<i>|<Trust>/);
    expect(out).toContain('&lt;b&gt;Bad&lt;/b&gt;');
    expect(out).toContain('A &amp; B &quot;School&quot;');
    expect(out).toContain('&lt;i&gt;x&lt;/i&gt; &amp; y');
    expect(out).toContain('O&#39;Brien &lt;Trust&gt;');
  });

  it('marks gaps as "Not recorded"', () => {
    const gap = '<span class="gap">Not recorded</span>';
    // A target with no baseline, a provision with no delivery record, a report with no recommendations.
    expect(rowWith(html, 'Follow a two-step instruction')).toContain(`<td>${gap}</td>`);
    expect(html).toContain(`<dt>Recommendations</dt><dd>${gap}</dd>`);
    expect(html).toContain(`<dt>Support at home</dt><dd>${gap}</dd>`);
    expect(html).toContain('Parental involvement in agreeing this plan: not recorded.');

    const sparse = fixture();
    sparse.pupil.registerSince = null;
    sparse.pupil.upn = '';
    sparse.views = [];
    sparse.professionals = [];
    sparse.summary.escalatedOn = null;
    sparse.cycles[2] = { ...cycle3, status: 'active', review: null, targets: [{ ...cycle3.targets[0]!, outcome: null, measuredValue: null }] };
    const out = renderEvidenceHtml(sparse);
    expect(out).toContain(`<dt>On the SEN register since</dt><dd>${gap}</dd>`);
    expect(out).toContain(`<dt>Unique pupil number (UPN)</dt><dd>${gap}</dd>`);
    expect(out).toContain(`<dt>EHC needs assessment requested on</dt><dd>${gap}</dd>`);
    expect(out).toContain('No views of the pupil, the parents or staff: not recorded.');
    expect(out).toContain('No reports from outside professionals: not recorded.');
    expect(out).toContain('Not yet reviewed. Review date set: 12 December 2025.');
    expect(rowWith(out, 'Read a book-band 4')).toContain('<td>Not yet reviewed</td>');
    expect(headings(out).map((h) => h.text)).toContain('Cycle 3: from 8 September 2025 (in progress)');
  });
});

describe('renderEvidencePdf', () => {
  const pack = fixture();
  let pdf: Buffer;
  let parsed: { pages: number; text: string; title: string | null };

  beforeAll(async () => {
    pdf = await renderEvidencePdf(pack);
    parsed = await pdfText(pdf);
  });

  it('is a PDF that opens, over several numbered pages, with its title set', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(parsed.pages).toBeGreaterThan(1);
    expect(parsed.pages).toBeLessThan(30);
    expect(parsed.text).toContain(`Page 1 of ${parsed.pages}`);
    expect(parsed.text).toContain(`Page ${parsed.pages} of ${parsed.pages}`);
    expect(parsed.title).toBe('SEN Support evidence pack: Zoë Łukasiewicz');
  });

  it('keeps non-Latin-1 names and punctuation intact', () => {
    expect(parsed.text.startsWith('SEN Support evidence pack for Zoë Łukasiewicz')).toBe(true);
    expect(parsed.text).toContain('Dr Siobhán O’Connor');
    expect(parsed.text).toContain('Gráinne Müller');
    expect(parsed.text).toContain('St Aidan’s C of E Primary School');
    expect(parsed.text).toContain('exhausted & upset – she says the words “jump about”.');
    expect(parsed.text).toContain('3 × 10 min a week, 1:1');
  });

  it('has the sections in the same order as the HTML', () => {
    const at = Object.values(SECTION_TITLES).map((t) => parsed.text.indexOf(t));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const cycles = [1, 2, 3].map((n) => parsed.text.indexOf(`Cycle ${n}: `));
    expect(cycles[0]).toBeGreaterThan(at[5]!);
    expect([...cycles].sort((a, b) => a - b)).toEqual(cycles);
  });

  it('contains every target, its outcome and measured value, and every outcome label', () => {
    for (const t of allTargets(pack)) {
      const at = parsed.text.indexOf(t.description);
      expect(at).toBeGreaterThan(0);
      // The target's own outcome and measure follow it before the next target starts.
      const after = parsed.text.slice(at, at + 900);
      expect(after).toContain(`Outcome ${OUTCOME_LABELS[t.outcome!]}`);
      expect(after).toContain(`Measured value ${t.measuredValue}`);
    }
    for (const label of Object.values(OUTCOME_LABELS)) expect(parsed.text).toContain(label);
    expect(parsed.text).toContain(REVIEW_DECISION_LABELS.escalate);
    expect(parsed.text).toContain('The school requested an EHC needs assessment on 15 December 2025.');
  });

  it('shows hostile text as text and gaps as "Not recorded"', () => {
    expect(parsed.text).toContain(HOSTILE);
    expect(parsed.text).toContain('Recommendations Not recorded');
    expect(parsed.text).toContain('frequency not stated, 45 min, group of 3');
  });
});

describe('renderEvidencePdf with very long text', () => {
  it('runs long text over pages without losing any of it', async () => {
    const pack = fixture();
    const sentence = (n: number) => `Observation ${n}: she read the passage aloud and needed prompting on most lines.`;
    const long = Array.from({ length: 120 }, (_, i) => sentence(i + 1)).join(' ');
    pack.views[0]!.text = long;
    pack.cycles[0]!.review!.whatWorked = long;
    pack.cycles[0]!.targets[0]!.comment = 'x'.repeat(400);
    const short = await pdfText(await renderEvidencePdf(fixture()));
    const { pages, text } = await pdfText(await renderEvidencePdf(pack));
    expect(pages).toBeGreaterThan(short.pages + 2);
    expect(text.split(sentence(120)).length - 1).toBe(2);
    expect(text).toContain(sentence(1));
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });
});

describe('pdfText', () => {
  it('rejects a buffer that is not a PDF, or only part of one', async () => {
    await expect(pdfText(Buffer.from('this is not a PDF at all'))).rejects.toThrow();
    await expect(pdfText(Buffer.alloc(0))).rejects.toThrow();
    const pdf = await renderEvidencePdf(fixture());
    await expect(pdfText(pdf.subarray(0, Math.floor(pdf.length / 2)))).rejects.toThrow(/Invalid PDF/);
  });
});
