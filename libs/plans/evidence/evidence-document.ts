import { daysBetween, isIsoDate } from '#libs/core';
import { NOT_RECORDED, formatDate, formatTimestamp, type Block, type Group, type ReportDocument, type Section } from '#libs/documents';
import { AREA_LABELS, NEED_LABELS } from '#libs/register';
import {
  ATTENDEE_ROLE_LABELS,
  CYCLE_STATUS_LABELS,
  OUTCOME_LABELS,
  PROFESSION_LABELS,
  REVIEW_DECISION_LABELS,
  SEN_STATUS_LABELS,
  STAFF_ROLE_LABELS,
  formatDose,
} from '../domain/labels.js';
import { OUTCOMES, type Attendee, type NeedCode } from '../domain/plan.types.js';
import type { EvidenceCycle, EvidencePack, EvidenceProfessional } from './evidence-pack.types.js';
import { oapSection } from './evidence-oap-section.js';

/**
 * The evidence pack as a generic report document (`#libs/documents`): the renderers there turn it into
 * HTML and PDF, so both show the same words in the same order. Every string in it is plain text.
 */

/** The section headings in order (the renderers show them as the h2s). */
export const SECTION_TITLES = {
  pupil: '1. The pupil and the school',
  summary: '2. Summary: what has been tried, for how long, and what happened',
  history: '3. SEN history',
  views: '4. Views of the child, the parents and staff',
  professionals: '5. Professional involvement',
  cycles: '6. Each cycle of SEN Support in detail',
} as const;

const text = (value: string | null | undefined): string => (value != null && value.trim() !== '' ? value : NOT_RECORDED);
const date = (iso: string | null | undefined): string => (iso != null && iso.trim() !== '' ? formatDate(iso) : NOT_RECORDED);
/** A label for an enum value; a value the labels do not know is shown as it is rather than dropped. */
const label = <K extends string>(labels: Record<K, string>, key: K | null | undefined): string => (key == null ? NOT_RECORDED : (labels[key] ?? String(key)));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const need = (code: NeedCode | null) => (code ? `${label(NEED_LABELS, code)} (${code})` : NOT_RECORDED);
const attendees = (list: Attendee[]) =>
  list.length === 0 ? NOT_RECORDED : list.map((a) => `${text(a.name)} (${label(ATTENDEE_ROLE_LABELS, a.role)})`).join('; ');

/** "A, B and C". */
function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const VIEW_SOURCES: Record<EvidencePack['views'][number]['who'], string> = {
  pupil: 'The pupil',
  parent: 'Parent or carer',
  staff: 'Staff',
};

export function buildEvidenceDocument(pack: EvidencePack): ReportDocument {
  const pupilName = `${pack.pupil.firstName} ${pack.pupil.lastName}`.trim();
  return {
    title: `SEN Support evidence pack: ${pupilName}`,
    heading: `SEN Support evidence pack for ${pupilName}`,
    // The pupil is named in the title: the footer of each PDF page adds the school.
    subject: [pack.school.name],
    author: pack.school.name,
    description: `SEN Support evidence pack for ${pupilName}, for an EHC needs assessment request`,
    createdAt: pack.generatedAt,
    intro: [
      `A chronological record of the SEN Support that ${pack.school.name} has given ${pupilName} through the ` +
        'graduated approach (assess, plan, do, review): what the school has tried, for how long, and what happened. ' +
        `It is for ${pack.school.laName} with a request for an education, health and care (EHC) needs assessment.`,
      `Generated on ${formatTimestamp(pack.generatedAt)}. “${NOT_RECORDED}” marks information the school's records do not hold.`,
    ],
    sections: [
      pupilSection(pack, pupilName),
      summarySection(pack, pupilName),
      historySection(pack),
      viewsSection(pack),
      professionalsSection(pack),
      cyclesSection(pack),
      ...(pack.oap ? [oapSection(pack.oap)] : []),
    ],
  };
}

function pupilSection(pack: EvidencePack, pupilName: string): Section {
  const { pupil, school } = pack;
  return {
    id: 'pupil',
    title: SECTION_TITLES.pupil,
    blocks: [
      {
        kind: 'fields',
        fields: [
          { label: 'Name', value: text(pupilName) },
          { label: 'Date of birth', value: date(pupil.dateOfBirth) },
          { label: 'Year group', value: text(pupil.yearGroup) },
          { label: 'Unique pupil number (UPN)', value: text(pupil.upn) },
          { label: 'Current SEN status', value: label(SEN_STATUS_LABELS, pupil.currentStatus) },
          { label: 'Primary need', value: need(pupil.primaryNeed) },
          { label: 'Secondary need', value: pupil.secondaryNeed ? need(pupil.secondaryNeed) : 'None recorded' },
          { label: 'On the SEN register since', value: date(pupil.registerSince) },
          { label: 'School', value: school.urn ? `${text(school.name)} (URN ${school.urn})` : text(school.name) },
          { label: 'Local authority', value: text(school.laName) },
        ],
      },
    ],
  };
}

function summarySection(pack: EvidencePack, pupilName: string): Section {
  const s = pack.summary;
  const withOutcome = OUTCOMES.reduce((sum, o) => sum + (s.outcomes[o] ?? 0), 0);
  const withoutOutcome = Math.max(0, s.targetsSet - withOutcome);
  const outcomeWords = OUTCOMES.map((o) => `${s.outcomes[o] ?? 0} ${OUTCOME_LABELS[o].toLowerCase()}`);
  if (withoutOutcome > 0) outcomeWords.push(`${withoutOutcome} with no outcome recorded yet`);

  const story = [
    `${pack.school.name} has supported ${pupilName} through ${plural(s.cycles, 'cycle')} of SEN Support over ` +
      `${plural(s.weeksOfSupport, 'week')}${s.firstPlanOn ? `, starting on ${formatDate(s.firstPlanOn)}` : ''}.`,
    `${plural(s.reviewsHeld, 'review was', 'reviews were')} held${s.reviewsHeld > 0 ? `, ${s.reviewsLate === 0 ? 'none' : s.reviewsLate} of them late` : ''}.`,
    s.targetsSet > 0 ? `${plural(s.targetsSet, 'target was', 'targets were')} set: ${listInWords(outcomeWords)}.` : 'No targets were recorded.',
    s.escalatedOn ? `The school requested an EHC needs assessment on ${formatDate(s.escalatedOn)}.` : '',
  ]
    .filter(Boolean)
    .join(' ');

  return {
    id: 'summary',
    title: SECTION_TITLES.summary,
    blocks: [
      { kind: 'paragraph', text: story },
      {
        kind: 'fields',
        fields: [
          { label: 'Cycles of SEN Support', value: String(s.cycles) },
          { label: 'First plan started on', value: date(s.firstPlanOn) },
          { label: 'Weeks of SEN Support', value: String(s.weeksOfSupport) },
          { label: 'Reviews held', value: String(s.reviewsHeld) },
          { label: 'Reviews held late', value: String(s.reviewsLate) },
          { label: 'Targets set', value: String(s.targetsSet) },
          { label: 'EHC needs assessment requested on', value: date(s.escalatedOn) },
        ],
      },
      {
        kind: 'table',
        caption: 'What happened to the targets',
        columns: [
          { label: 'Outcome', weight: 3 },
          { label: 'Targets', weight: 1 },
        ],
        rows: [
          ...OUTCOMES.map((o) => [OUTCOME_LABELS[o], String(s.outcomes[o] ?? 0)]),
          ...(withoutOutcome > 0 ? [['No outcome recorded yet', String(withoutOutcome)]] : []),
        ],
        empty: 'No targets recorded.',
      },
      {
        kind: 'table',
        caption: 'Provision tried: how much, who delivered it, and when',
        columns: [
          { label: 'Provision', weight: 3 },
          { label: 'Delivered by', weight: 2 },
          { label: 'How much (dose)', weight: 3 },
          { label: 'From', weight: 2 },
          { label: 'To', weight: 2 },
          { label: 'Cycles', weight: 1.4 },
        ],
        rows: s.provisions.map((p) => [
          text(p.description),
          label(STAFF_ROLE_LABELS, p.staffRole),
          text(p.dose),
          date(p.from),
          p.to ? formatDate(p.to) : p.from ? 'To date' : NOT_RECORDED,
          String(p.cycles),
        ]),
        empty: 'No provision recorded.',
      },
    ],
  };
}

function historySection(pack: EvidencePack): Section {
  return {
    id: 'sen-history',
    title: SECTION_TITLES.history,
    blocks: [
      {
        kind: 'table',
        caption: 'SEN status over time, oldest first',
        columns: [
          { label: 'SEN status', weight: 2.4 },
          { label: 'From', weight: 2 },
          { label: 'To', weight: 2 },
          { label: 'Primary need', weight: 2.2 },
          { label: 'Secondary need', weight: 2.2 },
          { label: 'Reason for the change', weight: 3 },
        ],
        rows: pack.senHistory.map((h) => [
          label(SEN_STATUS_LABELS, h.status),
          date(h.startDate),
          h.endDate ? formatDate(h.endDate) : 'To date',
          need(h.primaryNeed),
          h.secondaryNeed ? need(h.secondaryNeed) : 'None',
          text(h.reason),
        ]),
        empty: `No SEN status history: ${NOT_RECORDED.toLowerCase()}.`,
      },
    ],
  };
}

function viewsSection(pack: EvidencePack): Section {
  return {
    id: 'views',
    title: SECTION_TITLES.views,
    blocks: [
      {
        kind: 'table',
        caption: 'Views given by the pupil, the parents and staff, oldest first',
        columns: [
          { label: 'Date', weight: 2 },
          { label: 'Whose view', weight: 1.5 },
          { label: 'When it was given', weight: 2 },
          { label: 'What they said', weight: 5 },
        ],
        rows: pack.views.map((v) => [date(v.date), label(VIEW_SOURCES, v.who), text(v.context), text(v.text)]),
        empty: `No views of the pupil, the parents or staff: ${NOT_RECORDED.toLowerCase()}.`,
      },
    ],
  };
}

function professionalsSection(pack: EvidencePack): Section {
  const group = (p: EvidenceProfessional, i: number): Group => ({
    kind: 'group',
    id: `professional-${i + 1}`,
    title: `${label(PROFESSION_LABELS, p.profession)}: ${text(p.name)}, ${date(p.reportDate)}`,
    blocks: [
      {
        kind: 'fields',
        fields: [
          { label: 'Profession', value: label(PROFESSION_LABELS, p.profession) },
          { label: 'Name', value: text(p.name) },
          { label: 'Organisation', value: text(p.organisation) },
          { label: 'Date of report', value: date(p.reportDate) },
          { label: 'Summary of the report', value: text(p.summary) },
          { label: 'Recommendations', value: text(p.recommendations) },
        ],
      },
    ],
  });
  return {
    id: 'professionals',
    title: SECTION_TITLES.professionals,
    blocks:
      pack.professionals.length === 0
        ? [{ kind: 'paragraph', text: `No reports from outside professionals: ${NOT_RECORDED.toLowerCase()}.` }]
        : pack.professionals.map(group),
  };
}

function cyclesSection(pack: EvidencePack): Section {
  return {
    id: 'cycles',
    title: SECTION_TITLES.cycles,
    blocks: pack.cycles.length === 0 ? [{ kind: 'paragraph', text: `No cycles of SEN Support: ${NOT_RECORDED.toLowerCase()}.` }] : pack.cycles.map(cycleGroup),
  };
}

function cycleTitle(c: EvidenceCycle): string {
  const from = formatDate(c.startsOn);
  if (c.review) return `Cycle ${c.number}: ${from} to ${formatDate(c.review.heldOn)}`;
  return `Cycle ${c.number}: from ${from} (${label(CYCLE_STATUS_LABELS, c.status).toLowerCase()})`;
}

function cycleGroup(c: EvidenceCycle): Group {
  const id = `cycle-${c.number}`;
  const sub = (key: string, title: string, blocks: Block[]): Group => ({ kind: 'group', id: `${id}-${key}`, title, blocks });
  const reviewed = c.review !== null;

  const involvement: Block[] = c.involvement
    ? [
        {
          kind: 'fields',
          fields: [
            { label: 'Meeting held on', value: date(c.involvement.meetingDate) },
            { label: 'Who attended', value: attendees(c.involvement.attendees) },
            { label: 'What the parents said', value: text(c.involvement.parentComments) },
          ],
        },
      ]
    : [{ kind: 'paragraph', text: `Parental involvement in agreeing this plan: ${NOT_RECORDED.toLowerCase()}.` }];

  const targets: Block = {
    kind: 'table',
    caption: `Targets for cycle ${c.number}`,
    columns: [
      { label: 'Target', weight: 3 },
      { label: 'Area of need', weight: 2 },
      { label: 'Measure', weight: 2 },
      { label: 'Baseline (starting point)', weight: 2 },
      { label: 'Success criterion', weight: 2 },
      { label: 'Target date', weight: 1.5 },
      { label: 'Outcome', weight: 1.5 },
      { label: 'Measured value', weight: 2 },
      { label: 'Comment', weight: 2 },
    ],
    rows: c.targets.map((t) => [
      text(t.description),
      label(AREA_LABELS, t.areaOfNeed),
      text(t.measure),
      text(t.baseline),
      text(t.successCriterion),
      date(t.targetDate),
      t.outcome ? label(OUTCOME_LABELS, t.outcome) : reviewed ? NOT_RECORDED : 'Not yet reviewed',
      text(t.measuredValue),
      text(t.comment),
    ]),
    empty: `Targets for this cycle: ${NOT_RECORDED.toLowerCase()}.`,
  };

  const provisions: Block = {
    kind: 'table',
    caption: `Provision in cycle ${c.number}`,
    columns: [
      { label: 'Provision', weight: 3 },
      { label: 'Staff role', weight: 2 },
      { label: 'Delivered by', weight: 2 },
      { label: 'How much (dose)', weight: 3 },
      { label: 'From', weight: 1.5 },
      { label: 'To', weight: 1.5 },
      { label: 'Sessions delivered', weight: 2 },
    ],
    rows: c.provisions.map((p) => [
      text(p.description),
      label(STAFF_ROLE_LABELS, p.staffRole),
      text(p.deliveredBy),
      formatDose(p),
      date(p.startsOn),
      date(p.endsOn),
      p.delivered ? `${plural(p.delivered.sessions, 'session')}, ${p.delivered.minutes} min in all` : NOT_RECORDED,
    ]),
    empty: `Provision for this cycle: ${NOT_RECORDED.toLowerCase()}.`,
  };

  const r = c.review;
  const review: Block[] = r
    ? [
        {
          kind: 'fields',
          fields: [
            { label: 'Review held on', value: date(r.heldOn) },
            { label: 'Review was due on', value: date(r.dueOn) },
            { label: 'Held late', value: lateness(r.late, r.heldOn, r.dueOn) },
            { label: 'Who attended', value: attendees(r.attendees) },
            { label: 'What worked', value: text(r.whatWorked) },
            { label: 'What did not work', value: text(r.whatDidNotWork) },
            { label: "The parents' views", value: text(r.parentViews) },
            { label: "The pupil's views", value: text(r.pupilViews) },
            { label: 'Decision', value: label(REVIEW_DECISION_LABELS, r.decision) },
            ...(r.decision === 'escalate' || r.ehcnaRequestedOn ? [{ label: 'EHC needs assessment requested on', value: date(r.ehcnaRequestedOn) }] : []),
          ],
        },
      ]
    : [{ kind: 'paragraph', text: `Not yet reviewed. Review date set: ${date(c.reviewDate)}.` }];

  return {
    kind: 'group',
    id,
    title: cycleTitle(c),
    blocks: [
      {
        kind: 'fields',
        fields: [
          { label: 'Status', value: label(CYCLE_STATUS_LABELS, c.status) },
          { label: 'Opened on', value: date(c.openedOn) },
          { label: 'Plan started on', value: date(c.startsOn) },
          { label: 'Put in place in the record on', value: date(c.activatedOn) },
          { label: 'Review date set', value: date(c.reviewDate) },
          { label: 'Plan version', value: String(c.version) },
          { label: 'Plan agreed with the parents on', value: date(c.agreedOn) },
        ],
      },
      sub('assess', 'Assess: needs and starting point', [
        {
          kind: 'table',
          caption: `Needs by area of need, cycle ${c.number}`,
          columns: [
            { label: 'Area of need', weight: 2 },
            { label: 'What the need is', weight: 5 },
          ],
          rows: c.needs.map((n) => [label(AREA_LABELS, n.area), text(n.description)]),
          empty: `Needs for this cycle: ${NOT_RECORDED.toLowerCase()}.`,
        },
        {
          kind: 'fields',
          fields: [
            { label: 'Strengths', value: text(c.strengths) },
            { label: 'Attainment and progress', value: text(c.attainment) },
            { label: "The pupil's views", value: text(c.pupilViews) },
            { label: "The parents' views", value: text(c.parentViews) },
            { label: 'Support at home', value: text(c.homeSupport) },
          ],
        },
      ]),
      sub('agreeing', 'Plan: how the parents were involved in agreeing it', involvement),
      sub('targets', 'Plan: targets and what happened', [targets]),
      sub('provision', 'Do: the provision', [provisions]),
      sub('review', 'Review', review),
    ],
  };
}

function lateness(late: boolean, heldOn: string, dueOn: string | null): string {
  if (!late) return 'No';
  const days = dueOn && isIsoDate(dueOn) && isIsoDate(heldOn) ? daysBetween(dueOn, heldOn) : null;
  if (days === null || days <= 0) return 'Yes';
  return `Yes, ${plural(days, 'day')} after it was due`;
}
