import { Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { addDays, invalid, notFound, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { Pupil, SchoolToday } from '#libs/register';
import type { ProfessionalRole, ReferralStatus } from '#libs/vocabulary';
import { Referral } from './referral.entity.js';

export interface ReferralInput {
  serviceName: string;
  serviceKind: ProfessionalRole;
  referredOn: string;
  expectedWaitWeeks: number;
}

export interface ReferralPatch {
  status?: ReferralStatus;
  seenOn?: string | null;
  outcome?: string | null;
  expectedWaitWeeks?: number;
}

export interface ReferralView extends Referral {
  /** When the family was told they would be seen by: referred on + the expected wait. */
  expectedBy: string;
  overdue: boolean;
}

export interface OverdueReferral extends ReferralView {
  firstName: string;
  lastName: string;
}

/** Referrals to outside services, and the ones past their expected wait that the SENCO should chase. */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    private readonly today: SchoolToday,
  ) {}

  async create(scope: SchoolScope, pupilId: string, input: ReferralInput): Promise<ReferralView> {
    const m = this.tx.manager();
    const pupil = await m.findOneBy(Pupil, { id: pupilId, schoolId: scope.schoolId });
    if (!pupil) throw notFound('Pupil');
    const today = await this.today.of(scope);
    if (input.referredOn > today) throw invalid([{ field: 'referredOn', message: `referredOn ${input.referredOn} is in the future` }]);
    const saved = await m.save(
      m.create(Referral, {
        ...input,
        schoolId: scope.schoolId,
        pupilId,
        status: 'waiting',
        seenOn: null,
        outcome: null,
        createdBy: requestContext.get()?.userId ?? null,
      }),
    );
    await this.audit.record(scope, {
      action: 'referral.created',
      entityType: 'pupil',
      entityId: pupilId,
      details: { referralId: saved.id, kind: input.serviceKind },
    });
    return view(saved, today);
  }

  async forPupil(scope: SchoolScope, pupilId: string): Promise<ReferralView[]> {
    const m = this.tx.manager();
    if (!(await m.findOneBy(Pupil, { id: pupilId, schoolId: scope.schoolId }))) throw notFound('Pupil');
    const today = await this.today.of(scope);
    return (await m.find(Referral, { where: { schoolId: scope.schoolId, pupilId }, order: { referredOn: 'DESC', createdAt: 'DESC' } })).map((r) =>
      view(r, today),
    );
  }

  /** Seen needs the day seen; a referral seen or closed is no longer overdue. */
  async update(scope: SchoolScope, id: string, patch: ReferralPatch): Promise<ReferralView> {
    const m = this.tx.manager();
    const referral = await m.findOneBy(Referral, { id, schoolId: scope.schoolId });
    if (!referral) throw notFound('Referral');
    const today = await this.today.of(scope);
    const next = { ...referral, ...patch };
    if (next.status === 'seen' && !next.seenOn) throw invalid([{ field: 'seenOn', message: 'seenOn is required when the status is seen' }]);
    if (next.seenOn && next.seenOn > today) throw invalid([{ field: 'seenOn', message: `seenOn ${next.seenOn} is in the future` }]);
    if (next.seenOn && next.seenOn < referral.referredOn) throw invalid([{ field: 'seenOn', message: 'seenOn is before the day of the referral' }]);
    if (next.status === 'waiting' && next.seenOn) throw invalid([{ field: 'status', message: 'a referral with a day seen is not waiting' }]);
    await m.update(
      Referral,
      { id, schoolId: scope.schoolId },
      { status: next.status, seenOn: next.seenOn, outcome: next.outcome, expectedWaitWeeks: next.expectedWaitWeeks },
    );
    await this.audit.record(scope, {
      action: 'referral.updated',
      entityType: 'pupil',
      entityId: referral.pupilId,
      details: { referralId: id, status: next.status },
    });
    return view((await m.findOneBy(Referral, { id, schoolId: scope.schoolId }))!, today);
  }

  /** Waiting referrals past their expected wait, longest overdue first: the SENCO's list to chase. */
  async overdue(scope: SchoolScope): Promise<OverdueReferral[]> {
    const today = await this.today.of(scope);
    const rows = await this.tx
      .manager()
      .createQueryBuilder(Referral, 'r')
      .innerJoin(Pupil, 'p', 'p.id = r.pupil_id')
      .addSelect('coalesce(p.preferred_first_name, p.legal_first_name)', 'first_name')
      .addSelect('coalesce(p.preferred_last_name, p.legal_last_name)', 'last_name')
      .where(`r.school_id = :schoolId and r.status = 'waiting' and r.referred_on + r.expected_wait_weeks * 7 < :today`, { schoolId: scope.schoolId, today })
      .orderBy('r.referred_on + r.expected_wait_weeks * 7', 'ASC')
      .limit(500)
      .getRawAndEntities<{ first_name: string; last_name: string }>();
    return rows.entities.map((r, i) => ({ ...view(r, today), firstName: rows.raw[i]!.first_name, lastName: rows.raw[i]!.last_name }));
  }
}

function view(r: Referral, today: string): ReferralView {
  const expectedBy = addDays(r.referredOn, r.expectedWaitWeeks * 7);
  return Object.assign(r, { expectedBy, overdue: r.status === 'waiting' && expectedBy < today });
}
