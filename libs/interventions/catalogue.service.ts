import { Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { conflict, notFound } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { INTERVENTION_CATALOGUE } from './domain/index.js';
import { Intervention } from './intervention.entity.js';

export type InterventionInput = Pick<
  Intervention,
  | 'name'
  | 'areaOfNeed'
  | 'description'
  | 'evidenceNotes'
  | 'frequencyCount'
  | 'frequencyPeriod'
  | 'sessionMinutes'
  | 'groupSize'
  | 'deliveringRole'
  | 'staffCostPerHourPence'
  | 'resourceCostPence'
  | 'suggestedMeasure'
>;

/** The school's catalogue of interventions, seeded on request with the common programmes. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
  ) {}

  async list(scope: SchoolScope, includeInactive = false): Promise<Intervention[]> {
    return this.tx.manager().find(Intervention, { where: { schoolId: scope.schoolId, ...(includeInactive ? {} : { active: true }) }, order: { name: 'ASC' } });
  }

  async get(scope: SchoolScope, id: string): Promise<Intervention> {
    const found = await this.tx.manager().findOneBy(Intervention, { id, schoolId: scope.schoolId });
    if (!found) throw notFound('Intervention');
    return found;
  }

  async create(scope: SchoolScope, input: InterventionInput): Promise<Intervention> {
    await this.assertNameFree(scope, input.name);
    const m = this.tx.manager();
    const saved = await m.save(m.create(Intervention, { ...input, schoolId: scope.schoolId, active: true }));
    await this.audit.record(scope, { action: 'intervention.created', entityType: 'intervention', entityId: saved.id });
    return saved;
  }

  async update(scope: SchoolScope, id: string, patch: Partial<InterventionInput> & { active?: boolean }): Promise<Intervention> {
    const current = await this.get(scope, id);
    if (patch.name !== undefined && patch.name.toLowerCase() !== current.name.toLowerCase()) await this.assertNameFree(scope, patch.name);
    await this.tx.manager().update(Intervention, { id, schoolId: scope.schoolId }, patch);
    await this.audit.record(scope, {
      action: 'intervention.updated',
      entityType: 'intervention',
      entityId: id,
      details: { fields: Object.keys(patch).sort().join(',') },
    });
    return this.get(scope, id);
  }

  /** Adds every programme of the built-in catalogue the school does not have yet (by name). Returns those added. */
  async seed(scope: SchoolScope): Promise<Intervention[]> {
    const m = this.tx.manager();
    const have = new Set((await m.find(Intervention, { where: { schoolId: scope.schoolId } })).map((i) => i.name.toLowerCase()));
    const missing = INTERVENTION_CATALOGUE.filter((c) => !have.has(c.name.toLowerCase()));
    if (missing.length === 0) return [];
    const rows = missing.map((c) =>
      m.create(Intervention, {
        schoolId: scope.schoolId,
        name: c.name,
        areaOfNeed: c.areaOfNeed,
        description: c.description,
        evidenceNotes: c.evidenceNotes,
        frequencyCount: c.frequencyCount,
        frequencyPeriod: c.frequencyPeriod,
        sessionMinutes: c.sessionMinutes,
        groupSize: c.groupSize,
        deliveringRole: c.deliveringRole,
        staffCostPerHourPence: null,
        resourceCostPence: null,
        suggestedMeasure: c.suggestedMeasure,
        active: true,
      }),
    );
    const saved = await m.save(rows);
    await this.audit.record(scope, { action: 'intervention.catalogue_seeded', entityType: 'intervention', details: { added: saved.length } });
    return saved;
  }

  private async assertNameFree(scope: SchoolScope, name: string): Promise<void> {
    const clash = await this.tx
      .manager()
      .createQueryBuilder(Intervention, 'i')
      .where('i.school_id = :schoolId and lower(i.name) = lower(:name)', { schoolId: scope.schoolId, name })
      .getExists();
    if (clash) throw conflict('The catalogue already has an intervention with this name', [{ field: 'name', message: 'name is already in the catalogue' }]);
  }
}
