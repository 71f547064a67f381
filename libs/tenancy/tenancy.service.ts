import { Injectable } from '@nestjs/common';
import type { Role } from '#libs/vocabulary';
import { conflict, forbidden, notFound } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { School, type SchoolPhase } from './school.entity.js';
import { Trust } from './trust.entity.js';

export interface NewSchool {
  urn: string;
  name: string;
  phase: SchoolPhase;
  laCode: string;
  laName: string;
  timezone?: string;
  trustId?: string | null;
}

/** What a school's own staff may change about it. */
export type SchoolSettings = Partial<
  Pick<
    School,
    | 'reviewIntervalWeeks'
    | 'logoUrl'
    | 'emailSignature'
    | 'sencoName'
    | 'sencoEmail'
    | 'sencoPhone'
    | 'sendiassName'
    | 'sendiassPhone'
    | 'sendiassUrl'
    | 'reminderLeadDays'
    | 'overdueRepeatDays'
    | 'overdueHeadAfterDays'
    | 'retentionYears'
    | 'leaverRetentionYears'
    | 'phase'
  >
>;

/** Provisioning (platform admin) and reading schools and trusts. */
@Injectable()
export class TenancyService {
  constructor(private readonly tx: TenantTransactions) {}

  async createTrust(name: string): Promise<Trust> {
    const m = this.tx.manager();
    const trust = m.create(Trust, { name });
    return m.save(trust);
  }

  async createSchool(input: NewSchool): Promise<School> {
    const m = this.tx.manager();
    if (input.trustId && !(await m.existsBy(Trust, { id: input.trustId }))) throw notFound('Trust');
    if (await m.existsBy(School, { urn: input.urn })) {
      throw conflict('A school with this URN already exists', [{ field: 'urn', message: 'urn is already registered' }]);
    }
    const school = m.create(School, { ...input, trustId: input.trustId ?? null, timezone: input.timezone ?? 'Europe/London' });
    return m.save(school);
  }

  async listSchools(): Promise<School[]> {
    return this.tx.manager().find(School, { order: { name: 'ASC' } });
  }

  /**
   * School settings its own staff may change (the route limits who may change any). How long children's
   * records are kept is the head's decision alone (the school's retention policy).
   */
  async updateSettings(
    scope: SchoolScope,
    changerRoles: readonly Role[],
    settings: SchoolSettings,
  ): Promise<{ school: School; changed: (keyof SchoolSettings)[] }> {
    if ((settings.retentionYears !== undefined || settings.leaverRetentionYears !== undefined) && !changerRoles.includes('head')) {
      throw forbidden('Only the head may change how long SEN records are kept');
    }
    // Only what differs from what is stored: a form saved unchanged writes nothing.
    const current = await this.getSchool(scope);
    const changes = Object.fromEntries(
      Object.entries(settings).filter(([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify(current[k as keyof School])),
    ) as SchoolSettings;
    const changed = Object.keys(changes).sort() as (keyof SchoolSettings)[];
    if (changed.length === 0) return { school: current, changed };
    await this.tx.manager().update(School, { id: scope.schoolId }, changes);
    return { school: await this.getSchool(scope), changed };
  }

  async getSchool(scope: SchoolScope): Promise<School> {
    const school = await this.tx.manager().findOneBy(School, { id: scope.schoolId });
    if (!school) throw notFound('School');
    return school;
  }
}
