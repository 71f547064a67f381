import type { Block, ReportDocument, Section } from '#libs/documents';
import { academicYearLabel } from '#libs/interventions';
import { REPORT_SECTIONS, describePublished, type Published } from './domain/index.js';
import type { PublishedFigures } from './report-figures.js';

const share = (s: { value: number | null; suppressed: boolean }) => (s.suppressed ? 'not published (fewer than 5)' : s.value === null ? 'none this year' : `${s.value}%`);
const n = (p: Published) => describePublished(p);
const col = (label: string, weight = 1) => ({ label, weight });

/** Paragraphs from the SENCO's text: blank lines separate them. */
function paragraphs(text: string | undefined): Block[] {
  const parts = (text ?? '').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 ? parts.map((p) => ({ kind: 'paragraph' as const, text: p })) : [{ kind: 'paragraph', text: '' }];
}

/**
 * The published report as a document: every required item under its heading, then the figures (counts under
 * 5 shown as "fewer than 5"), with the national figures beside the school's.
 */
export function buildReportDocument(report: { academicYear: number; version: number; texts: Record<string, string>; publishedAt: Date | null }, figures: PublishedFigures, schoolName: string): ReportDocument {
  const year = academicYearLabel(report.academicYear);
  const narrative: Section[] = REPORT_SECTIONS.map((s, i) => ({
    id: s.key,
    title: `${i + 1}. ${s.heading}`,
    blocks: s.fields.length === 1
      ? paragraphs(report.texts[s.fields[0]!.key])
      : s.fields.map((f) => ({ kind: 'group' as const, id: f.key, title: f.label, blocks: paragraphs(report.texts[f.key]) })),
  }));
  const nat = figures.national;
  const figuresSection: Section = {
    id: 'figures',
    title: `${narrative.length + 1}. Our figures for ${year}`,
    blocks: [
      { kind: 'paragraph', text: `Figures are from the school's records on ${figures.asOf}. To protect pupils' privacy, any number under 5 (or one from which it could be worked out) is shown as "fewer than 5".` },
      {
        kind: 'table',
        caption: 'Pupils with special educational needs',
        columns: [col('', 2), col('Number'), col('Share of pupils'), col(`England (${nat.year})`)],
        rows: [
          ['SEN Support', n(figures.senSupport), share(figures.senSupportShare), `${nat.senSupportPercent}%`],
          ['Education, health and care plan', n(figures.ehcPlan), share(figures.ehcPlanShare), `${nat.ehcPlanPercent}%`],
          ['All pupils on roll', n(figures.roll), '', ''],
        ],
        empty: 'No pupils recorded.',
      },
      {
        kind: 'table',
        caption: 'Primary need',
        columns: [col('Need', 3), col('SEN Support'), col('EHC plan')],
        rows: figures.byNeed.map((r) => [r.label, n(r.senSupport), n(r.ehcPlan)]),
        empty: 'No pupils with SEN recorded.',
      },
      {
        kind: 'table',
        caption: 'Year group',
        columns: [col('Year group', 2), col('SEN Support'), col('EHC plan')],
        rows: figures.byYearGroup.map((r) => [r.yearGroup, n(r.senSupport), n(r.ehcPlan)]),
        empty: 'No pupils with SEN recorded.',
      },
      {
        kind: 'table',
        caption: 'Interventions we ran',
        columns: [col('Intervention', 3), col('Pupils'), col('Hours delivered')],
        rows: figures.interventions.map((r) => [r.name, n(r.pupils), String(r.deliveredHours)]),
        empty: 'No intervention groups recorded this year.',
      },
      {
        kind: 'fields',
        fields: [
          { label: 'Targets achieved at review', value: share(figures.targetsAchieved) },
          { label: 'Reviews held on or before their date', value: share(figures.reviewsOnTime) },
          { label: 'Reviews with parents taking part', value: share(figures.parentParticipation) },
          { label: 'Intervention sessions delivered as planned', value: share(figures.provisionDelivered) },
          { label: 'Complaints about SEN provision', value: figures.complaints === null ? 'Not recorded' : n(figures.complaints) },
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
      report.publishedAt ? `Published on ${report.publishedAt.toISOString().slice(0, 10)} (version ${report.version}).` : `Draft, version ${report.version}: not published.`,
    ],
    sections: [...narrative, figuresSection],
  };
}
