import { renderDocumentHtml, renderDocumentMarkdown } from '#libs/documents';
import { REPORT_SECTIONS_V1 } from './domain/index.js';
import { buildReportDocument } from './report-document.js';
import { publishFigures, sumFigures, type PublishedFigures, type RawFigures } from './report-figures.js';

/** A mainstream primary school's figures before suppression. */
function raw(over: Partial<RawFigures> = {}): RawFigures {
  return {
    academicYear: 2025,
    phase: 'primary',
    asOf: '2026-07-20',
    roll: 210,
    senSupport: 22,
    ehcPlan: 6,
    byNeed: [
      { need: 'SLCN', senSupport: 12, ehcPlan: 3 },
      { need: 'SEMH', senSupport: 7, ehcPlan: 1 },
      { need: 'MLD', senSupport: 3, ehcPlan: 2 },
    ],
    byYearGroup: [
      { yearGroup: '3', senSupport: 12, ehcPlan: 3 },
      { yearGroup: '4', senSupport: 7, ehcPlan: 3 },
      { yearGroup: '5', senSupport: 3, ehcPlan: 0 },
    ],
    interventions: [
      { name: 'Catch Up Literacy', pupils: 3, deliveredHours: 12.5 },
      { name: 'ELSA', pupils: 8, deliveredHours: 20 },
    ],
    targets: { achieved: 30, total: 40 },
    reviews: { onTime: 20, withDueDate: 25, withParents: 18, total: 25 },
    delivery: { delivered: 80, planned: 100 },
    ehcRequests: {
      requestsMade: 20,
      agreedToAssess: 15,
      refusedToAssess: 1,
      plansIssued: 3,
      refusedToIssue: 0,
      withdrawn: 0,
      assessDecisionsOnTime: 15,
      assessDecisionsMade: 20,
      finalPlansOnTime: 2,
    },
    ...over,
  };
}

const report = { academicYear: 2025, version: 1, texts: {}, publishedAt: null };
const markdown = (f: PublishedFigures) => renderDocumentMarkdown(buildReportDocument(report, f, 'Example Primary'));
const row = (md: string, label: string) => md.split('\n').find((l) => l.startsWith(`| ${label} |`));

describe('the published figures', () => {
  it('says "fewer than 5" only of a cell of 1–4; a cell hidden to protect it reads "not published, to protect privacy"', () => {
    const f = publishFigures(raw(), null);
    // Year 5 has 3 on SEN support (primary); the next smallest, Year 4's 7, is hidden only so 22 − 12 − 7 does not give the 3 away.
    expect(f.byYearGroup.map((y) => y.senSupport)).toEqual([
      { value: 12, suppressed: false },
      { value: null, suppressed: true, reason: 'secondary' },
      { value: null, suppressed: true, reason: 'small' },
    ]);
    const md = markdown(f);
    // Columns: year group, SEN support, EHC plan (Year 4's 3 EHC plans are themselves 1–4).
    expect(row(md, 'Year 4')).toBe('| Year 4 | not published, to protect privacy | fewer than 5 |');
    expect(row(md, 'Year 5')).toBe('| Year 5 | fewer than 5 | 0 |');
    expect(renderDocumentHtml(buildReportDocument(report, f, 'Example Primary'))).toContain('not published, to protect privacy');
  });

  it('hides the hours delivered with the pupil count they belong to', () => {
    const f = publishFigures(raw(), null);
    expect(f.interventions).toEqual([
      { name: 'Catch Up Literacy', pupils: { value: null, suppressed: true, reason: 'small' }, deliveredHours: null },
      { name: 'ELSA', pupils: { value: 8, suppressed: false }, deliveredHours: 20 },
    ]);
    const md = markdown(f);
    expect(row(md, 'Catch Up Literacy')).not.toContain('12.5');
    expect(row(md, 'ELSA')).toContain('20');
  });

  it('merges needs fewer than 5 pupils have into "Other needs", so no rare need is named', () => {
    const f = publishFigures(raw(), null);
    expect(f.byNeed.map((n) => n.label)).toEqual([
      'Speech, Language and Communication Needs',
      'Social, Emotional and Mental Health',
      'Moderate Learning Difficulty',
    ]);
    const rare = publishFigures(
      raw({
        byNeed: [
          { need: 'SLCN', senSupport: 15, ehcPlan: 3 },
          { need: 'SEMH', senSupport: 6, ehcPlan: 2 },
          { need: 'HI', senSupport: 1, ehcPlan: 1 },
        ],
      }),
      null,
    );
    expect(rare.byNeed.map((n) => n.need)).toEqual(['SLCN', 'SEMH', 'other']);
    const md = markdown(rare);
    expect(md).toContain('| Other needs |');
    expect(md).not.toMatch(/Hearing/);
  });

  it('publishes no breakdown for a very small register, only a sentence saying why; the same rule for a total of 1–4', () => {
    const tiny = publishFigures(
      raw({ senSupport: 6, ehcPlan: 2, byNeed: [{ need: 'SLCN', senSupport: 6, ehcPlan: 2 }], byYearGroup: [{ yearGroup: '3', senSupport: 6, ehcPlan: 2 }] }),
      null,
    );
    expect(tiny.byNeed).toEqual([]);
    expect(tiny.byYearGroup).toEqual([]);
    expect(tiny.breakdownWithheld).toMatch(/fewer than 10 pupils on our SEN register/);
    const md = markdown(tiny);
    expect(md).toContain('We do not publish a breakdown by need or year group');
    expect(md).not.toMatch(/\| Year 3 \|/);
    const fewEhc = publishFigures(raw({ ehcPlan: 2 }), null);
    expect(fewEhc.byNeed).toEqual([]);
    expect(fewEhc.breakdownWithheld).toMatch(/education, health and care plan/);
  });

  it('applies the same rules to a trust’s figures added up', () => {
    const rollUp = publishFigures(
      sumFigures(
        [
          raw(),
          raw({
            phase: 'secondary',
            senSupport: 1,
            ehcPlan: 0,
            byNeed: [{ need: 'HI', senSupport: 1, ehcPlan: 0 }],
            byYearGroup: [{ yearGroup: '7', senSupport: 1, ehcPlan: 0 }],
            interventions: [],
          }),
        ],
        2025,
      ),
      null,
    );
    expect(rollUp.byNeed.map((n) => n.need)).toEqual(['SLCN', 'SEMH', 'MLD', 'other']);
    expect(rollUp.interventions.find((i) => i.name === 'Catch Up Literacy')!.deliveredHours).toBeNull();
    expect(rollUp.comparison.basis).toBe('mainstream schools');
  });

  it('compares with national figures for the school’s phase, with source and year', () => {
    const md = markdown(publishFigures(raw(), null));
    expect(md).toContain('England, mainstream primary schools');
    expect(row(md, 'Education, health and care plan')).toContain('about 3–4% (2025)');
    expect(md).toContain('Pupils with SEN in mainstream primary schools in England: 19.4% (2026)');
    expect(md).toMatch(/Special educational needs in England.*January 2025/);
  });

  it('renders figures fixed before reasons were recorded without claiming a hidden cell is under 5', () => {
    const f = publishFigures(raw(), null) as Partial<PublishedFigures>;
    const old = {
      ...f,
      comparison: undefined,
      breakdownWithheld: undefined,
      byYearGroup: f.byYearGroup!.map((y) => ({ ...y, senSupport: y.senSupport.suppressed ? { value: null, suppressed: true } : y.senSupport })),
    } as unknown as PublishedFigures;
    const md = renderDocumentMarkdown(buildReportDocument({ ...report, itemSet: 1 }, old, 'Example Primary'));
    expect(row(md, 'Year 5')).toContain('not published, to protect privacy');
    expect(md).toContain(`England (${f.national!.year})`);
    // A version written to item set 1 keeps its 17 sections.
    expect(md).not.toContain('Our SEN policy');
    expect(md).toContain(REPORT_SECTIONS_V1[16]!.heading);
  });
});

describe('EHC needs-assessment requests in the figures', () => {
  const field = (md: string, label: string) => md.split('\n').find((l) => l.startsWith(`- **${label}:**`));
  it('publishes requests made, agreed and plans issued with small counts suppressed, and decisions within 6 weeks as a share', () => {
    const published = publishFigures(raw(), null);
    expect(published.ehcRequests).toEqual({
      made: { value: 20, suppressed: false },
      agreedToAssess: { value: 15, suppressed: false },
      plansIssued: expect.objectContaining({ value: null, suppressed: true }),
      refusals: expect.objectContaining({ suppressed: true }),
    });
    expect(published.ehcDecisionsOnTime).toEqual({ value: 75, suppressed: false });
    const md = markdown(published);
    expect(field(md, 'Requests for an EHC needs assessment received by the local authority')).toContain('20');
    expect(field(md, 'Decisions whether to assess made within 6 weeks')).toContain('75');
  });

  it('adds them up across a trust, and leaves them out of a report published before they were recorded', () => {
    expect(sumFigures([raw(), raw()], 2025).ehcRequests.requestsMade).toBe(40);
    const { ehcRequests: _omitted, ehcDecisionsOnTime: _share, ...old } = publishFigures(raw(), null);
    expect(field(markdown(publishFigures(raw(), null)), 'EHC plans issued')).toEqual(expect.any(String));
    expect(field(markdown(old), 'EHC plans issued')).toBeUndefined();
  });
});
