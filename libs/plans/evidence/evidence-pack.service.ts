import { Injectable } from '@nestjs/common';
import { Clock, daysBetween, notFound } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { Pupil, SchoolToday, SenStatusService, numberToYearGroup, yearGroupLabel } from '#libs/register';
import { TenancyService } from '#libs/tenancy';
import type { Outcome } from '../domain/plan.types.js';
import { formatDose } from '../domain/labels.js';
import { PlanStore, versionInForce, type CycleRecord } from '../plan.store.js';
import { ContributionsService } from '../contributions.service.js';
import type { EvidenceCycle, EvidencePack, EvidenceSummary } from './evidence-pack.types.js';
import { oapFactsFor } from '#libs/oap';

/**
 * Builds one pupil's evidence pack: every cycle, in order, with what was planned, what was provided and what
 * happened, plus the professionals' advice and everyone's views. Agreed versions only, never drafts: the pack
 * records what the school committed to.
 */
@Injectable()
export class EvidencePackService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly store: PlanStore,
    private readonly status: SenStatusService,
    private readonly contributions: ContributionsService,
    private readonly tenancy: TenancyService,
    private readonly today: SchoolToday,
    private readonly clock: Clock,
  ) {}

  async build(scope: SchoolScope, pupilId: string): Promise<EvidencePack> {
    const pupil = await this.tx.manager().findOneBy(Pupil, { id: pupilId, schoolId: scope.schoolId });
    if (!pupil) throw notFound('Pupil');
    const [school, record, history, reports, today] = [
      await this.tenancy.getSchool(scope),
      await this.store.loadOne(scope, pupilId),
      await this.status.timeline(scope, pupilId),
      await this.contributions.reports(scope, pupilId),
      await this.today.of(scope),
    ];
    const current = history.find((e) => e.endDate === null) ?? null;
    // Sessions of the school's interventions the pupil was at, so provision linked to one shows its delivery.
    const attended = await this.tx.manager().query<Attended[]>(
      `select s.date::text as date, s.actual_minutes as minutes, g.intervention_id
         from session_attendance a
         join intervention_sessions s on s.school_id = a.school_id and s.id = a.session_id and s.status = 'delivered'
         join intervention_groups g on g.school_id = s.school_id and g.id = s.group_id
        where a.school_id = $1 and a.pupil_id = $2 and a.present`,
      [scope.schoolId, pupilId],
    );
    const cycles = record.cycles.map((c) => toEvidenceCycle(c, attended, today)).filter((c): c is EvidenceCycle => c !== null);
    const views: EvidencePack['views'] = [];
    for (const c of record.cycles) {
      const v = versionInForce(c)?.version;
      if (v?.agreedOn && v.pupilViews) views.push({ date: v.startsOn, who: 'pupil', context: `Cycle ${c.cycle.number}: plan`, text: v.pupilViews });
      if (v?.agreedOn && v.parentViews) views.push({ date: v.startsOn, who: 'parent', context: `Cycle ${c.cycle.number}: plan`, text: v.parentViews });
      if (v?.involvement?.parentComments)
        views.push({
          date: v.involvement.meetingDate,
          who: 'parent',
          context: `Cycle ${c.cycle.number}: agreeing the plan`,
          text: v.involvement.parentComments,
        });
      for (const k of c.contributions) {
        views.push({
          date: k.createdAt.toISOString().slice(0, 10),
          who: k.authorKind,
          context: `Cycle ${c.cycle.number}: before the review`,
          text: k.measuredValue ? `${k.body} (measured: ${k.measuredValue})` : k.body,
        });
      }
      const r = c.review?.review;
      if (r?.pupilViews) views.push({ date: r.heldOn, who: 'pupil', context: `Cycle ${c.cycle.number}: review`, text: r.pupilViews });
      if (r?.parentViews) views.push({ date: r.heldOn, who: 'parent', context: `Cycle ${c.cycle.number}: review`, text: r.parentViews });
    }
    views.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const oap = await oapFactsFor(this.tx.manager(), scope, [pupilId], today);
    return {
      oap: oap.found && {
        framework: oap.found.framework.name,
        version: oap.found.framework.version,
        source: oap.found.framework.sourceCitation,
        expectations: oap.pupils.get(pupilId)!.results.map((r) => ({
          code: r.code,
          text: r.text,
          status: r.status,
          evidence: r.status === 'not_applicable' ? r.notApplicableReason : r.evidenceDescription,
        })),
        cycles: oap.pupils
          .get(pupilId)!
          .cycles.map(({ from, to, fullyEvidenced, delivered, targetsMet }) => ({ from, to, fullyEvidenced, delivered, targetsMet })),
      },
      generatedAt: this.clock.now().toISOString(),
      school: { name: school.name, urn: school.urn, laName: school.laName },
      pupil: {
        firstName: pupil.preferredFirstName ?? pupil.legalFirstName,
        lastName: pupil.preferredLastName ?? pupil.legalLastName,
        dateOfBirth: pupil.dateOfBirth,
        yearGroup: yearGroupLabel(numberToYearGroup(pupil.yearGroup)),
        upn: pupil.upn,
        currentStatus: current?.status ?? 'N',
        primaryNeed: current?.primaryNeed ?? null,
        secondaryNeed: current?.secondaryNeed ?? null,
        registerSince: current?.registerSince ?? null,
      },
      senHistory: history.map((e) => ({
        status: e.status,
        startDate: e.startDate,
        endDate: e.endDate,
        primaryNeed: e.primaryNeed,
        secondaryNeed: e.secondaryNeed,
        reason: e.reason,
      })),
      summary: summarise(cycles, today),
      professionals: reports.map((r) => ({
        profession: r.profession,
        name: r.professionalName,
        organisation: r.organisation,
        reportDate: r.reportDate,
        summary: r.summary,
        recommendations: r.recommendations,
      })),
      views,
      cycles,
    };
  }
}

interface Attended {
  date: string;
  minutes: number;
  intervention_id: string;
}

/** A cycle as it ran: its active (or last agreed) version; a cycle never agreed is left out. */
function toEvidenceCycle(c: CycleRecord, attended: Attended[], today: string): EvidenceCycle | null {
  const agreed = c.versions.filter((v) => v.version.agreedOn !== null);
  const ran = agreed.find((v) => v.version.status === 'active') ?? agreed.at(-1);
  if (!ran) return null;
  const v = ran.version;
  const outcomes = new Map((c.review?.outcomes ?? []).map((o) => [o.targetId, o]));
  const r = c.review?.review ?? null;
  return {
    number: c.cycle.number,
    status: c.cycle.status,
    openedOn: c.cycle.openedOn,
    startsOn: v.startsOn,
    activatedOn: c.cycle.activatedOn,
    reviewDate: v.reviewDate,
    version: v.version,
    needs: v.needs,
    strengths: v.strengths,
    attainment: v.attainment,
    pupilViews: v.pupilViews,
    parentViews: v.parentViews,
    homeSupport: v.homeSupport,
    involvement: v.involvement,
    agreedOn: v.agreedOn,
    targets: ran.targets.map((t) => ({
      description: t.description,
      areaOfNeed: t.areaOfNeed,
      measure: t.measure,
      baseline: t.baseline,
      successCriterion: t.successCriterion,
      targetDate: t.targetDate,
      outcome: outcomes.get(t.id)?.outcome ?? null,
      measuredValue: outcomes.get(t.id)?.measuredValue ?? null,
      comment: outcomes.get(t.id)?.comment ?? null,
    })),
    // Delivery is known for provision linked to an intervention: the sessions the pupil was at during the cycle.
    provisions: ran.provisions.map((p) => ({
      description: p.description,
      staffRole: p.staffRole,
      deliveredBy: p.deliveredBy,
      frequencyCount: p.frequencyCount,
      frequencyPeriod: p.frequencyPeriod,
      minutesPerSession: p.minutesPerSession,
      groupSize: p.groupSize,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      delivered:
        p.interventionId === null ? null : deliveredBetween(attended, p.interventionId, p.startsOn ?? v.startsOn, p.endsOn ?? c.review?.review.heldOn ?? today),
    })),
    review: r
      ? {
          heldOn: r.heldOn,
          dueOn: r.dueOn,
          late: r.dueOn !== null && r.heldOn > r.dueOn,
          attendees: r.attendees,
          whatWorked: r.whatWorked,
          whatDidNotWork: r.whatDidNotWork,
          parentViews: r.parentViews,
          pupilViews: r.pupilViews,
          decision: r.decision,
          ehcnaRequestedOn: r.ehcnaRequestedOn,
        }
      : null,
  };
}

function deliveredBetween(attended: Attended[], interventionId: string, from: string, to: string) {
  const at = attended.filter((a) => a.intervention_id === interventionId && a.date >= from && a.date <= to);
  return { sessions: at.length, minutes: at.reduce((n, a) => n + a.minutes, 0) };
}

function summarise(cycles: EvidenceCycle[], today: string): EvidenceSummary {
  const outcomes: Record<Outcome, number> = { achieved: 0, partly_achieved: 0, not_achieved: 0 };
  for (const c of cycles) for (const t of c.targets) if (t.outcome) outcomes[t.outcome] += 1;
  const first = cycles[0];
  const firstPlanOn = first?.startsOn ?? null;
  const last = cycles.at(-1);
  const end = last?.review?.heldOn ?? today;
  const provisions = new Map<string, EvidenceSummary['provisions'][number]>();
  for (const c of cycles) {
    for (const p of c.provisions) {
      const key = `${p.description.trim().toLowerCase()}|${p.staffRole ?? ''}`;
      const from = p.startsOn ?? c.startsOn;
      const to = p.endsOn ?? c.review?.heldOn ?? null;
      const seen = provisions.get(key);
      if (!seen) provisions.set(key, { description: p.description, staffRole: p.staffRole, dose: formatDose(p), from, to, cycles: 1 });
      else provisions.set(key, { ...seen, dose: formatDose(p), to, cycles: seen.cycles + 1 });
    }
  }
  return {
    cycles: cycles.length,
    firstPlanOn,
    weeksOfSupport: firstPlanOn ? Math.max(0, Math.floor(daysBetween(firstPlanOn, end) / 7)) : 0,
    reviewsHeld: cycles.filter((c) => c.review).length,
    reviewsLate: cycles.filter((c) => c.review?.late).length,
    targetsSet: cycles.reduce((n, c) => n + c.targets.length, 0),
    outcomes,
    escalatedOn: cycles.find((c) => c.review?.decision === 'escalate')?.review?.ehcnaRequestedOn ?? null,
    provisions: [...provisions.values()],
  };
}
