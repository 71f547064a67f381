import { academicYearLabel } from '#libs/core';
import type { Block, ReportDocument, Section } from '#libs/documents';
import { PROTECTED_TEXT, describePublished, describeShare, sectionsFor, type NationalFigure, type Published } from './domain/index.js';
import type { PublishedFigures } from './report-figures.js';

const share = describeShare;
const n = (p: Published) => describePublished(p);
const col = (label: string, weight = 1) => ({ label, weight });

/** Paragraphs from the SENCO's text: blank lines separate them. */
function paragraphs(text: string | undefined): Block[] {
  const parts = (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length > 0 ? parts.map((p) => ({ kind: 'paragraph' as const, text: p })) : [{ kind: 'paragraph', text: '' }];
}

const nat = (f: NationalFigure | null) => (f ? `${f.value} (${f.year})` : 'not available');

/** The national column: by phase for figures fixed with a comparison, all schools for those fixed before. */
function national(figures: PublishedFigures): { heading: string; senSupport: string; ehcPlan: string; note: Block[] } {
  const c = figures.comparison;
  if (!c) {
    const all = figures.national;
    return { heading: `England (${all.year})`, senSupport: `${all.senSupportPercent}%`, ehcPlan: `${all.ehcPlanPercent}%`, note: [] };
  }
  return {
    heading: c.basis === 'no national comparison' ? 'England' : `England, ${c.basis}`,
    senSupport: nat(c.senSupport),
    ehcPlan: nat(c.ehcPlan),
    note: [{ kind: 'paragraph', text: c.withSen ? `Pupils with SEN in ${c.basis} in England: ${nat(c.withSen)}. ${c.note}` : c.note }],
  };
}

/**
 * The published report as a document: every required item under its heading (the item set the version was
 * written under), then the figures with the national figures for the school's phase beside them. Counts of 1–4
 * read "fewer than 5"; counts hidden to protect them read "not published, to protect privacy".
 */
export function buildReportDocument(
  report: { academicYear: number; version: number; itemSet?: number; texts: Record<string, string>; publishedAt: Date | null },
  figures: PublishedFigures,
  schoolName: string,
): ReportDocument {
  const year = academicYearLabel(report.academicYear);
  const narrative: Section[] = sectionsFor(report.itemSet).map((s, i) => ({
    id: s.key,
    title: `${i + 1}. ${s.heading}`,
    blocks:
      s.fields.length === 1
        ? paragraphs(report.texts[s.fields[0]!.key])
        : s.fields.map((f) => ({ kind: 'group' as const, id: f.key, title: f.label, blocks: paragraphs(report.texts[f.key]) })),
  }));
  const comparison = national(figures);
  const withheld: Block[] = figures.breakdownWithheld ? [{ kind: 'paragraph', text: figures.breakdownWithheld }] : [];
  const figuresSection: Section = {
    id: 'figures',
    title: `${narrative.length + 1}. Our figures for ${year}`,
    blocks: [
      {
        kind: 'paragraph',
        text: `Figures are from the school's records on ${figures.asOf}. To protect pupils' privacy, a number from 1 to 4 is shown as "fewer than 5", a number from which one could be worked out is shown as "${PROTECTED_TEXT}", and needs that fewer than 5 pupils have are counted under "Other needs".`,
      },
      {
        kind: 'table',
        caption: 'Pupils with special educational needs',
        columns: [col('', 2), col('Number'), col('Share of pupils'), col(comparison.heading)],
        rows: [
          ['SEN Support', n(figures.senSupport), share(figures.senSupportShare), comparison.senSupport],
          ['Education, health and care plan', n(figures.ehcPlan), share(figures.ehcPlanShare), comparison.ehcPlan],
          ['All pupils on roll', n(figures.roll), '', ''],
        ],
        empty: 'No pupils recorded.',
      },
      ...comparison.note,
      ...(withheld.length > 0
        ? withheld
        : [
            {
              kind: 'table' as const,
              caption: 'Primary need',
              columns: [col('Need', 3), col('SEN Support'), col('EHC plan')],
              rows: figures.byNeed.map((r) => [r.label, n(r.senSupport), n(r.ehcPlan)]),
              empty: 'No pupils with SEN recorded.',
            },
            {
              kind: 'table' as const,
              caption: 'Year group',
              columns: [col('Year group', 2), col('SEN Support'), col('EHC plan')],
              rows: figures.byYearGroup.map((r) => [r.yearGroup, n(r.senSupport), n(r.ehcPlan)]),
              empty: 'No pupils with SEN recorded.',
            },
          ]),
      {
        kind: 'table',
        caption: 'Interventions we ran',
        columns: [col('Intervention', 3), col('Pupils'), col('Hours delivered')],
        // Hours hidden with a hidden count: hours per pupil are known from the timetable, so hours give the count away.
        rows: figures.interventions.map((r) => [
          r.name,
          n(r.pupils),
          r.pupils.suppressed || r.deliveredHours === null ? PROTECTED_TEXT : String(r.deliveredHours),
        ]),
        empty: 'No intervention groups recorded this year.',
      },
      ...offerBlocks(figures),
      {
        kind: 'fields',
        fields: [
          { label: 'Targets achieved at review', value: share(figures.targetsAchieved) },
          { label: 'Reviews held on or before their date', value: share(figures.reviewsOnTime) },
          { label: 'Reviews with parents taking part', value: share(figures.parentParticipation) },
          { label: 'Intervention sessions delivered as planned', value: share(figures.provisionDelivered) },
          ...(figures.ehcReviewsOnTime ? [{ label: 'EHC plan annual reviews held on time', value: share(figures.ehcReviewsOnTime) }] : []),
          ...(figures.ehcReportsWithinTwoWeeks
            ? [{ label: 'EHC plan review reports sent within two weeks', value: share(figures.ehcReportsWithinTwoWeeks) }]
            : []),
          ...(figures.phaseTransfersOnTime ? [{ label: 'Phase-transfer reviews done by the deadline', value: share(figures.phaseTransfersOnTime) }] : []),
          { label: 'Complaints about SEN provision', value: figures.complaints === null ? 'Not recorded' : n(figures.complaints) },
          // Reports published before EHC requests were recorded have none of these figures.
          ...(figures.ehcRequests
            ? [
                { label: 'Requests for an EHC needs assessment received by the local authority', value: n(figures.ehcRequests.made) },
                { label: 'Of those, the authority agreed to assess', value: n(figures.ehcRequests.agreedToAssess) },
                { label: 'EHC plans issued', value: n(figures.ehcRequests.plansIssued) },
                { label: 'Decisions whether to assess made within 6 weeks', value: share(figures.ehcDecisionsOnTime!) },
              ]
            : []),
        ],
      },
    ],
  };
  return {
    title: `SEN Information Report ${year}: ${schoolName}`,
    heading: `SEN Information Report ${year}`,
    subject: [schoolName],
    intro: [
      `${schoolName}'s report on how it supports pupils with special educational needs and disabilities, as the Children and Families Act 2014 (section 69) and the SEND Regulations 2014 (Schedule 1) require.`,
      report.publishedAt
        ? `Published on ${report.publishedAt.toISOString().slice(0, 10)} (version ${report.version}).`
        : report.version === 0
          ? 'Not started: nothing has been saved for this year yet; the text shown is where the draft will start.'
          : `Draft, version ${report.version}: not published.`,
    ],
    sections: [...narrative, figuresSection],
  };
}

/** Our offer beside the local authority's ordinarily available provision (docs/oap.md), when its framework is in the product. */
function offerBlocks(figures: PublishedFigures): Block[] {
  const offer = figures.offer;
  if (!offer) return [];
  return [
    {
      kind: 'paragraph',
      text:
        `Our offer against the local authority's ordinarily available provision: ${offer.framework} (version ${offer.version}; source: ${offer.source}) ` +
        `sets out what schools are expected to provide from their own budgets before any extra funding. We record, for each pupil on SEN Support, ` +
        `which of its expectations for the pupil's needs we provide. Pupils on SEN Support with every expectation for their needs provided: ${share(offer.fullyEvidenced)}.`,
    },
    {
      kind: 'table',
      caption: 'What the local authority expects schools to provide ordinarily, by area of need',
      columns: [col('Area of need', 3), col('Expectations')],
      rows: offer.byArea.map((a) => [a.label, String(a.expectations)]),
      empty: 'None.',
    },
  ];
}
