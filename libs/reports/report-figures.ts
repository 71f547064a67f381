import { Injectable } from '@nestjs/common';
import { academicYearBounds } from '#libs/core';
import { planForEachRun, TenantTransactions, withoutNestedLoops, type SchoolScope } from '#libs/database';
import { ehcReviewFigures, type EhcReviewFigures } from '#libs/ehc-plans';
import { ehcRequestFigures, type EhcRequestFigures } from '#libs/ehc-requests';
import { ProvisionMapQuery } from '#libs/interventions';
import { NEED_LABELS, RegisterQuery, yearGroupLabel, type NeedCode, type YearGroup } from '#libs/register';
import {
  OTHER_NEEDS,
  OTHER_NEEDS_LABEL,
  breakdownWithheld,
  mergeRareNeeds,
  nationalComparison,
  nationalShares,
  publish,
  publishGroup,
  publishShare,
  type NationalComparison,
  type Published,
} from './domain/index.js';
import { offerFigures, publishOffer, type OfferFigures, type PublishedOffer } from './report-offer.js';

type Share = { value: number | null; suppressed: boolean };

/** The figures as computed from the product's data, before suppression (never published as they are). */
export interface RawFigures {
  academicYear: number;
  /** The school's phase (schools.phase), for the national comparison; a trust's mixed roll-up: 'mixed-mainstream' or 'mixed'. */
  phase: string;
  asOf: string;
  roll: number;
  senSupport: number;
  ehcPlan: number;
  byNeed: { need: NeedCode; senSupport: number; ehcPlan: number }[];
  byYearGroup: { yearGroup: YearGroup; senSupport: number; ehcPlan: number }[];
  interventions: { name: string; pupils: number; deliveredHours: number }[];
  targets: { achieved: number; total: number };
  reviews: { onTime: number; withDueDate: number; withParents: number; total: number };
  delivery: { delivered: number; planned: number };
  /** Requests for an EHC needs assessment the authority received this year, and what became of them. */
  ehcRequests: EhcRequestFigures;
  /** EHC plan reviews (libs/ehc-plans); absent from a trust's roll-up. */
  ehcReviews?: EhcReviewFigures;
  /** The offer against the LA's ordinarily available provision; absent without a framework, and from a trust's roll-up. */
  offer?: OfferFigures;
}

/** The figures as a published report shows them: counts under 5 (and what would reveal them) suppressed. */
export interface PublishedFigures {
  academicYear: number;
  asOf: string;
  roll: Published;
  senSupport: Published;
  ehcPlan: Published;
  senSupportShare: Share;
  ehcPlanShare: Share;
  /** Why byNeed and byYearGroup are empty (a very small register), or null when they are published. */
  breakdownWithheld: string | null;
  /** Rare needs are merged into one 'other' row (domain/disclosure.ts). */
  byNeed: { need: NeedCode | typeof OTHER_NEEDS; label: string; senSupport: Published; ehcPlan: Published }[];
  byYearGroup: { yearGroup: string; senSupport: Published; ehcPlan: Published }[];
  /** Hours are null whenever the pupil count is hidden: hours per pupil are known, so hours would give the count away. */
  interventions: { name: string; pupils: Published; deliveredHours: number | null }[];
  targetsAchieved: Share;
  reviewsOnTime: Share;
  parentParticipation: Share;
  provisionDelivered: Share;
  /** EHC plan reviews held by their date, reports sent within two weeks, phase-transfer reviews by the deadline (absent before they were added). */
  ehcReviewsOnTime?: Share;
  ehcReportsWithinTwoWeeks?: Share;
  phaseTransfersOnTime?: Share;
  complaints: Published | null;
  /** Absent from reports published before requests were recorded. */
  ehcRequests?: { made: Published; agreedToAssess: Published; plansIssued: Published; refusals: Published };
  ehcDecisionsOnTime?: Share;
  /** All schools in England (kept for reports published before `comparison`). */
  national: ReturnType<typeof nationalShares>;
  /** The national figures for the school's own phase, mainstream, with source and year. */
  comparison: NationalComparison;
  /** The offer against the LA's ordinarily available provision (absent without a framework, or published before it). */
  offer?: PublishedOffer;
}

/**
 * The live figures of the report for a school and academic year: the register on the day (the end of the
 * year, or today while it runs), the interventions offered with pupils and hours, and how well the graduated
 * approach ran — targets achieved at review, reviews held on time and with parents, provision delivered.
 */
@Injectable()
export class ReportFiguresQuery {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly register: RegisterQuery,
    private readonly provision: ProvisionMapQuery,
  ) {}

  async raw(scope: SchoolScope, academicYear: number, today: string): Promise<RawFigures> {
    const { startsOn, endsOn } = academicYearBounds(academicYear);
    const asOf = today < endsOn ? today : endsOn;
    // A whole school's year: each statement planned for this school and these dates (prepared-statements.ts).
    await planForEachRun(this.tx.manager());
    const summary = await this.register.summary(scope, { asOf, statuses: ['N', 'monitoring', 'K', 'E'] });
    const [school] = await this.tx.manager().query<{ phase: string }[]>(`select phase from schools where id = $1`, [scope.schoolId]);
    const count = (status: string) => summary.byStatus.find((s) => s.status === status)?.count ?? 0;
    const needs = new Map<NeedCode, { senSupport: number; ehcPlan: number }>();
    for (const r of summary.byStatusAndNeed) {
      if (!r.primaryNeed || (r.status !== 'K' && r.status !== 'E')) continue;
      const n = needs.get(r.primaryNeed) ?? { senSupport: 0, ehcPlan: 0 };
      if (r.status === 'K') n.senSupport += r.count;
      else n.ehcPlan += r.count;
      needs.set(r.primaryNeed, n);
    }
    const years = new Map<YearGroup, { senSupport: number; ehcPlan: number }>();
    for (const r of summary.byYearGroup) {
      if (r.status !== 'K' && r.status !== 'E') continue;
      const y = years.get(r.yearGroup) ?? { senSupport: 0, ehcPlan: 0 };
      if (r.status === 'K') y.senSupport += r.count;
      else y.ehcPlan += r.count;
      years.set(r.yearGroup, y);
    }
    const map = await this.provision.school(scope, academicYear, startsOn, endsOn, asOf);
    const m = this.tx.manager();
    // The year's reviews and their outcomes, each read once by a hash join (withoutNestedLoops says why).
    const [targets] = await withoutNestedLoops(m, () =>
      m.query<{ achieved: number; total: number }[]>(
        `select count(*) filter (where o.outcome = 'achieved')::int as achieved, count(*)::int as total
           from review_outcomes o join plan_reviews r on r.school_id = o.school_id and r.id = o.review_id
          where r.school_id = $1 and r.held_on between $2 and $3`,
        [scope.schoolId, startsOn, asOf],
      ),
    );
    const [reviews] = await m.query<{ on_time: number; with_due_date: number; with_parents: number; total: number }[]>(
      `select count(*) filter (where due_on is not null and held_on <= due_on)::int as on_time,
              count(*) filter (where due_on is not null)::int as with_due_date,
              count(*) filter (where attendees @> '[{"role":"parent"}]'::jsonb or nullif(trim(parent_views), '') is not null)::int as with_parents,
              count(*)::int as total
         from plan_reviews where school_id = $1 and held_on between $2 and $3`,
      [scope.schoolId, startsOn, asOf],
    );
    return {
      academicYear,
      phase: school?.phase ?? 'primary',
      asOf,
      roll: summary.total,
      senSupport: count('K'),
      ehcPlan: count('E'),
      byNeed: [...needs.entries()]
        .map(([need, v]) => ({ need, ...v }))
        .sort((a, b) => b.senSupport + b.ehcPlan - (a.senSupport + a.ehcPlan) || a.need.localeCompare(b.need)),
      byYearGroup: [...years.entries()].map(([yearGroup, v]) => ({ yearGroup, ...v })),
      interventions: map.byIntervention.map((i) => ({ name: i.name, pupils: i.pupils, deliveredHours: i.deliveredHours })),
      targets: targets!,
      reviews: { onTime: reviews!.on_time, withDueDate: reviews!.with_due_date, withParents: reviews!.with_parents, total: reviews!.total },
      delivery: { delivered: map.byIntervention.reduce((a, i) => a + i.delivered, 0), planned: map.byIntervention.reduce((a, i) => a + i.planned, 0) },
      ehcRequests: await ehcRequestFigures(m, scope.schoolId, startsOn, asOf, asOf),
      ehcReviews: await ehcReviewFigures(m, scope.schoolId, startsOn, asOf),
      offer: await offerFigures(m, scope, asOf),
    };
  }

  async published(scope: SchoolScope, academicYear: number, today: string, complaints: number | null): Promise<PublishedFigures> {
    return publishFigures(await this.raw(scope, academicYear, today), complaints);
  }
}

/** Applies small-number suppression to every count and every share derived from counts. */
export function publishFigures(raw: RawFigures, complaints: number | null): PublishedFigures {
  const withheld = breakdownWithheld(raw.senSupport, raw.ehcPlan);
  const needs = withheld ? [] : mergeRareNeeds(raw.byNeed);
  const years = withheld ? [] : raw.byYearGroup;
  const needK = publishGroup(
    needs.map((n) => n.senSupport),
    raw.senSupport,
  );
  const needE = publishGroup(
    needs.map((n) => n.ehcPlan),
    raw.ehcPlan,
  );
  const yearK = publishGroup(
    years.map((y) => y.senSupport),
    raw.senSupport,
  );
  const yearE = publishGroup(
    years.map((y) => y.ehcPlan),
    raw.ehcPlan,
  );
  const interventionPupils = raw.interventions.map((i) => publish(i.pupils));
  return {
    academicYear: raw.academicYear,
    asOf: raw.asOf,
    roll: publish(raw.roll),
    senSupport: publish(raw.senSupport),
    ehcPlan: publish(raw.ehcPlan),
    senSupportShare: publishShare(raw.senSupport, raw.roll),
    ehcPlanShare: publishShare(raw.ehcPlan, raw.roll),
    breakdownWithheld: withheld,
    byNeed: needs.map((n, i) => ({
      need: n.need,
      label: n.need === OTHER_NEEDS ? OTHER_NEEDS_LABEL : NEED_LABELS[n.need],
      senSupport: needK[i]!,
      ehcPlan: needE[i]!,
    })),
    byYearGroup: years.map((y, i) => ({ yearGroup: yearGroupLabel(y.yearGroup), senSupport: yearK[i]!, ehcPlan: yearE[i]! })),
    interventions: raw.interventions.map((i, k) => ({
      name: i.name,
      pupils: interventionPupils[k]!,
      deliveredHours: interventionPupils[k]!.suppressed ? null : i.deliveredHours,
    })),
    targetsAchieved: publishShare(raw.targets.achieved, raw.targets.total),
    reviewsOnTime: publishShare(raw.reviews.onTime, raw.reviews.withDueDate),
    parentParticipation: publishShare(raw.reviews.withParents, raw.reviews.total),
    provisionDelivered: publishShare(raw.delivery.delivered, raw.delivery.planned),
    ...(raw.ehcReviews && {
      ehcReviewsOnTime: publishShare(raw.ehcReviews.heldOnTime, raw.ehcReviews.reviewsHeld),
      ehcReportsWithinTwoWeeks: publishShare(raw.ehcReviews.reportsWithinTwoWeeks, raw.ehcReviews.reviewsHeld),
      phaseTransfersOnTime: publishShare(raw.ehcReviews.phaseTransferOnTime, raw.ehcReviews.phaseTransferReviews),
    }),
    complaints: complaints === null ? null : publish(complaints),
    ehcRequests: {
      made: publish(raw.ehcRequests.requestsMade),
      agreedToAssess: publish(raw.ehcRequests.agreedToAssess),
      plansIssued: publish(raw.ehcRequests.plansIssued),
      refusals: publish(raw.ehcRequests.refusedToAssess + raw.ehcRequests.refusedToIssue),
    },
    ehcDecisionsOnTime: publishShare(raw.ehcRequests.assessDecisionsOnTime, raw.ehcRequests.assessDecisionsMade),
    national: nationalShares(raw.academicYear + 1),
    comparison: nationalComparison(raw.phase, raw.academicYear + 1),
    ...(raw.offer && { offer: publishOffer(raw.offer) }),
  };
}

/** Figures of several schools added up (a trust's roll-up), before suppression. */
export function sumFigures(all: RawFigures[], academicYear: number): RawFigures {
  const add = <K extends string>(rows: ({ [k in K]: string } & { senSupport: number; ehcPlan: number })[], key: K) => {
    const map = new Map<string, { senSupport: number; ehcPlan: number }>();
    for (const r of rows) {
      const v = map.get(r[key]) ?? { senSupport: 0, ehcPlan: 0 };
      v.senSupport += r.senSupport;
      v.ehcPlan += r.ehcPlan;
      map.set(r[key], v);
    }
    return [...map.entries()];
  };
  const interventions = new Map<string, { pupils: number; deliveredHours: number }>();
  for (const f of all) {
    for (const i of f.interventions) {
      const v = interventions.get(i.name) ?? { pupils: 0, deliveredHours: 0 };
      v.pupils += i.pupils;
      v.deliveredHours = Math.round((v.deliveredHours + i.deliveredHours) * 100) / 100;
      interventions.set(i.name, v);
    }
  }
  const total = (pick: (f: RawFigures) => number) => all.reduce((a, f) => a + pick(f), 0);
  const phases = new Set(all.map((f) => f.phase));
  const mainstream = [...phases].every((p) => ['primary', 'secondary', 'middle', 'all-through'].includes(p));
  return {
    academicYear,
    phase: phases.size === 1 ? [...phases][0]! : mainstream ? 'mixed-mainstream' : 'mixed',
    asOf:
      all
        .map((f) => f.asOf)
        .sort()
        .at(-1) ?? `${academicYear + 1}-07-31`,
    roll: total((f) => f.roll),
    senSupport: total((f) => f.senSupport),
    ehcPlan: total((f) => f.ehcPlan),
    byNeed: add(
      all.flatMap((f) => f.byNeed),
      'need',
    )
      .map(([need, v]) => ({ need: need as NeedCode, ...v }))
      .sort((a, b) => b.senSupport + b.ehcPlan - (a.senSupport + a.ehcPlan) || a.need.localeCompare(b.need)),
    byYearGroup: add(
      all.flatMap((f) => f.byYearGroup),
      'yearGroup',
    ).map(([yearGroup, v]) => ({ yearGroup: yearGroup as YearGroup, ...v })),
    interventions: [...interventions.entries()].map(([name, v]) => ({ name, ...v })).sort((a, b) => a.name.localeCompare(b.name)),
    targets: { achieved: total((f) => f.targets.achieved), total: total((f) => f.targets.total) },
    reviews: {
      onTime: total((f) => f.reviews.onTime),
      withDueDate: total((f) => f.reviews.withDueDate),
      withParents: total((f) => f.reviews.withParents),
      total: total((f) => f.reviews.total),
    },
    delivery: { delivered: total((f) => f.delivery.delivered), planned: total((f) => f.delivery.planned) },
    ehcRequests: {
      requestsMade: total((f) => f.ehcRequests.requestsMade),
      agreedToAssess: total((f) => f.ehcRequests.agreedToAssess),
      refusedToAssess: total((f) => f.ehcRequests.refusedToAssess),
      plansIssued: total((f) => f.ehcRequests.plansIssued),
      refusedToIssue: total((f) => f.ehcRequests.refusedToIssue),
      withdrawn: total((f) => f.ehcRequests.withdrawn),
      assessDecisionsOnTime: total((f) => f.ehcRequests.assessDecisionsOnTime),
      assessDecisionsMade: total((f) => f.ehcRequests.assessDecisionsMade),
      finalPlansOnTime: total((f) => f.ehcRequests.finalPlansOnTime),
    },
  };
}
