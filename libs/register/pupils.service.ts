import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '#libs/audit';
import { Membership, normaliseEmail } from '#libs/auth';
import { conflict, invalid, notFound } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import type { NeedCode, SenStatus } from './domain/needs.js';
import type { YoungPersonParentsInformed } from './domain/young-person.js';
import { numberToYearGroup, yearGroupToNumber, type YearGroup } from './domain/year-groups.js';
import { Pupil } from './pupil.entity.js';
import { checkPupil, type PupilFields } from './pupil.rules.js';
import { pupilVisibleSql, type Viewer } from './pupil-visibility.js';
import { StaffClass } from './staff-class.entity.js';

export interface TaughtSenPupil {
  id: string;
  firstName: string;
  lastName: string;
  yearGroup: YearGroup;
  className: string | null;
  status: SenStatus;
  primaryNeed: NeedCode | null;
  secondaryNeed: NeedCode | null;
  passport: string | null;
}

interface RawTaught {
  id: string;
  first_name: string;
  last_name: string;
  year_group: number;
  class_name: string | null;
  passport: string | null;
  status: SenStatus;
  primary_need: NeedCode | null;
  secondary_need: NeedCode | null;
}

/** Kept beside the census fields: the passport, and the young person's own notice details. */
export interface PupilExtras {
  passport?: string | null;
  email?: string | null;
  youngPersonParentsInformed?: YoungPersonParentsInformed | null;
}
export type PupilPatch = Partial<PupilFields> & PupilExtras;

/** The extras given, the email normalised; absent ones left out so an update leaves them as they are. */
function extrasOf(input: PupilExtras): PupilExtras {
  const out: PupilExtras = {};
  if (input.passport !== undefined) out.passport = input.passport;
  if (input.email !== undefined) out.email = input.email ? normaliseEmail(input.email) : null;
  if (input.youngPersonParentsInformed !== undefined) out.youngPersonParentsInformed = input.youngPersonParentsInformed;
  return out;
}

@Injectable()
export class PupilsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
  ) {}

  async create(scope: SchoolScope, input: PupilFields & PupilExtras, today: string): Promise<Pupil> {
    const { errors, upn } = checkPupil(input, today);
    if (errors.length > 0) throw invalid(errors);
    const m = this.tx.manager();
    if (await m.existsBy(Pupil, { schoolId: scope.schoolId, upn })) {
      throw conflict('A pupil with this UPN is already on the school’s roll', [
        { field: 'upn', message: 'upn is already used by another pupil in this school' },
      ]);
    }
    const pupil = await m.save(
      m.create(Pupil, {
        ...toColumns(input),
        upn,
        passport: null,
        email: null,
        youngPersonParentsInformed: null,
        ...extrasOf(input),
        schoolId: scope.schoolId,
      }),
    );
    await this.audit.record(scope, { action: 'pupil.created', entityType: 'pupil', entityId: pupil.id });
    return pupil;
  }

  async update(scope: SchoolScope, pupilId: string, patch: PupilPatch, today: string): Promise<Pupil> {
    const m = this.tx.manager();
    const pupil = await this.lock(scope, pupilId);
    // Only what differs from what is stored: a form saved unchanged writes nothing, not even an audit line.
    const stored: Record<string, unknown> = {
      ...fromColumns(pupil),
      passport: pupil.passport,
      email: pupil.email,
      youngPersonParentsInformed: pupil.youngPersonParentsInformed,
    };
    const asStored: Record<string, unknown> = { ...patch, ...extrasOf(patch) };
    const changed = Object.keys(patch)
      .filter((k) => asStored[k] !== undefined && JSON.stringify(asStored[k]) !== JSON.stringify(stored[k]))
      .sort();
    if (changed.length === 0) return pupil;
    const merged: PupilFields = { ...fromColumns(pupil), ...patch };
    const { errors, upn } = checkPupil(merged, today);
    if (errors.length > 0) throw invalid(errors);
    if (upn !== pupil.upn && (await m.existsBy(Pupil, { schoolId: scope.schoolId, upn }))) {
      throw conflict('A pupil with this UPN is already on the school’s roll', [
        { field: 'upn', message: 'upn is already used by another pupil in this school' },
      ]);
    }
    const changes = { ...toColumns(merged), upn, ...extrasOf(patch) };
    await m.update(Pupil, { id: pupil.id, schoolId: scope.schoolId }, changes);
    // Field names only: never the values.
    await this.audit.record(scope, {
      action: 'pupil.updated',
      entityType: 'pupil',
      entityId: pupil.id,
      details: { fields: changed.join(',') },
    });
    return (await m.findOneBy(Pupil, { id: pupil.id, schoolId: scope.schoolId }))!;
  }

  async lock(scope: SchoolScope, pupilId: string): Promise<Pupil> {
    const pupil = await this.tx
      .manager()
      .createQueryBuilder(Pupil, 'p')
      .setLock('pessimistic_write')
      .where('p.id = :pupilId and p.school_id = :schoolId', { pupilId, schoolId: scope.schoolId })
      .getOne();
    if (!pupil) throw notFound('Pupil');
    return pupil;
  }

  /** A pupil the viewer may see, or 404 (the same answer as for a pupil that does not exist). */
  async visible(scope: SchoolScope, viewer: Viewer, pupilId: string): Promise<Pupil> {
    const pupil = await this.tx
      .manager()
      .createQueryBuilder(Pupil, 'p')
      .where('p.id = :pupilId and p.school_id = :schoolId', { pupilId, schoolId: scope.schoolId })
      .andWhere(pupilVisibleSql('p', viewer.access, ':viewer'), { viewer: viewer.userId })
      .getOne();
    if (!pupil) throw notFound('Pupil');
    return pupil;
  }

  /** The children a parent's account is linked to through the school's contacts. */
  async childrenOf(scope: SchoolScope, userId: string): Promise<Pupil[]> {
    return this.tx
      .manager()
      .createQueryBuilder(Pupil, 'p')
      .where('p.school_id = :schoolId', { schoolId: scope.schoolId })
      .andWhere(pupilVisibleSql('p', ['linked'], ':viewer'), { viewer: userId })
      .orderBy('p.date_of_birth', 'ASC')
      .getMany();
  }

  /**
   * The SEN pupils (K or E today) in the classes a member of staff teaches and the intervention groups they
   * run, with what a teacher must know: needs and the pupil passport, not the whole register.
   */
  async taughtSen(scope: SchoolScope, userId: string, today: string): Promise<TaughtSenPupil[]> {
    const rows: RawTaught[] = await this.tx.manager().query(
      `select p.id, coalesce(p.preferred_first_name, p.legal_first_name) as first_name, coalesce(p.preferred_last_name, p.legal_last_name) as last_name,
              p.year_group, p.class_name, p.passport, e.status, e.primary_need, e.secondary_need
         from pupils p
         join sen_status_entries e on e.school_id = p.school_id and e.pupil_id = p.id and e.end_date is null and e.status in ('K', 'E')
        where p.school_id = $1 and (p.leaving_date is null or p.leaving_date >= $3)
          and (exists (select 1 from staff_classes sc where sc.school_id = p.school_id and sc.class_name = p.class_name and sc.user_id = $2)
               or exists (select 1 from group_enrolments ge join group_staff gs on gs.school_id = ge.school_id and gs.group_id = ge.group_id
                           join intervention_groups g on g.school_id = ge.school_id and g.id = ge.group_id
                           where ge.school_id = p.school_id and ge.pupil_id = p.id and gs.user_id = $2
                             and ge.starts_on <= $3 and least(coalesce(ge.ends_on, g.ends_on), g.ends_on) >= $3))
        order by p.class_name, last_name, first_name, p.id`,
      [scope.schoolId, userId, today],
    );
    return rows.map((r) => ({
      id: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      yearGroup: numberToYearGroup(r.year_group),
      className: r.class_name,
      status: r.status,
      primaryNeed: r.primary_need,
      secondaryNeed: r.secondary_need,
      passport: r.passport,
    }));
  }

  async staffClasses(scope: SchoolScope, userId: string): Promise<string[]> {
    await this.assertStaff(scope, userId);
    const rows = await this.tx.manager().find(StaffClass, { where: { schoolId: scope.schoolId, userId }, order: { className: 'ASC' } });
    return rows.map((r) => r.className);
  }

  /** Replaces the classes a member of staff teaches. */
  async setStaffClasses(scope: SchoolScope, userId: string, classNames: string[]): Promise<string[]> {
    await this.assertStaff(scope, userId);
    const m = this.tx.manager();
    const wanted = [...new Set(classNames.map((c) => c.trim()).filter(Boolean))];
    await m.delete(StaffClass, { schoolId: scope.schoolId, userId });
    if (wanted.length > 0)
      await m.insert(
        StaffClass,
        wanted.map((className) => ({ schoolId: scope.schoolId, userId, className })),
      );
    await this.audit.record(scope, { action: 'staff_classes.set', entityType: 'user', entityId: userId, details: { count: wanted.length } });
    return wanted.sort();
  }

  private async assertStaff(scope: SchoolScope, userId: string): Promise<void> {
    const staff = await this.tx.manager().existsBy(Membership, { schoolId: scope.schoolId, userId, role: In(['teacher', 'senco', 'head']) });
    if (!staff) throw notFound('Member of staff');
  }
}

export function toColumns(p: PupilFields): Omit<Partial<Pupil>, 'yearGroup'> & { yearGroup: number } {
  return {
    legalFirstName: p.legalFirstName.trim(),
    legalLastName: p.legalLastName.trim(),
    preferredFirstName: p.preferredFirstName?.trim() || null,
    preferredLastName: p.preferredLastName?.trim() || null,
    dateOfBirth: p.dateOfBirth,
    yearGroup: yearGroupToNumber(p.yearGroup),
    className: p.className?.trim() || null,
    gender: p.gender ?? null,
    fsmEligible: p.fsmEligible,
    eal: p.eal,
    lookedAfter: p.lookedAfter,
    admissionDate: p.admissionDate ?? null,
    leavingDate: p.leavingDate ?? null,
  };
}

export function fromColumns(p: Pupil): PupilFields {
  return {
    upn: p.upn,
    legalFirstName: p.legalFirstName,
    legalLastName: p.legalLastName,
    preferredFirstName: p.preferredFirstName,
    preferredLastName: p.preferredLastName,
    dateOfBirth: p.dateOfBirth,
    yearGroup: yearGroupOf(p),
    className: p.className,
    gender: (p.gender as 'M' | 'F' | null) ?? null,
    fsmEligible: p.fsmEligible,
    eal: p.eal,
    lookedAfter: p.lookedAfter,
    admissionDate: p.admissionDate,
    leavingDate: p.leavingDate,
  };
}

export const yearGroupOf = (p: Pick<Pupil, 'yearGroup'>): YearGroup => numberToYearGroup(p.yearGroup);
