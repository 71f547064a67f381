import { Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { conflict, invalid, notFound } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { SavedImportMapping } from '#libs/register';
import { readStaffDefinition, STAFF_MAPPINGS, validateStaffDefinition, type StaffMapping, type StaffMappingDefinition } from './staff-mappings.js';

export interface SavedStaffMapping extends StaffMapping {
  /** null for a built-in mapping, which cannot be edited or deleted. */
  id: string | null;
}

/** Which mapping a staff import uses: a built-in one by name, or one the school saved by id. */
export interface StaffMappingChoice {
  mapping?: string;
  mappingId?: string;
}

/**
 * A school's own staff-import mappings, kept in import_mappings (kind 'staff') beside the pupil import's
 * saved mappings: a name, which CSV header holds each staff field, and the class layout.
 */
@Injectable()
export class StaffMappingService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
  ) {}

  async list(scope: SchoolScope): Promise<SavedStaffMapping[]> {
    const saved = await this.tx.manager().find(SavedImportMapping, { where: { schoolId: scope.schoolId, kind: 'staff' }, order: { name: 'ASC' } });
    return [...Object.values(STAFF_MAPPINGS).map((m) => ({ ...m, id: null })), ...saved.map(toMapping)];
  }

  async create(scope: SchoolScope, name: string, definition: StaffMappingDefinition): Promise<SavedStaffMapping> {
    this.check(name, definition);
    const m = this.tx.manager();
    if (await m.existsBy(SavedImportMapping, { schoolId: scope.schoolId, kind: 'staff', name })) throw nameTaken(name);
    const saved = await m.save(m.create(SavedImportMapping, { schoolId: scope.schoolId, kind: 'staff', name, definition: stored(definition) }));
    await this.audit.record(scope, { action: 'staff_import_mapping.saved', entityType: 'import_mapping', entityId: saved.id, details: { name } });
    return toMapping(saved);
  }

  async update(scope: SchoolScope, id: string, name: string, definition: StaffMappingDefinition): Promise<SavedStaffMapping> {
    this.check(name, definition);
    const m = this.tx.manager();
    const saved = await this.find(scope, id);
    if (saved.name !== name && (await m.existsBy(SavedImportMapping, { schoolId: scope.schoolId, kind: 'staff', name }))) throw nameTaken(name);
    await m.update(SavedImportMapping, { id, schoolId: scope.schoolId }, { name, definition: stored(definition) });
    await this.audit.record(scope, { action: 'staff_import_mapping.saved', entityType: 'import_mapping', entityId: id, details: { name } });
    return toMapping({ ...saved, name, definition: stored(definition) });
  }

  async remove(scope: SchoolScope, id: string): Promise<void> {
    const saved = await this.find(scope, id);
    await this.tx.manager().delete(SavedImportMapping, { id, schoolId: scope.schoolId });
    await this.audit.record(scope, { action: 'staff_import_mapping.deleted', entityType: 'import_mapping', entityId: id, details: { name: saved.name } });
  }

  /** The mapping an import asked for; a pupil mapping's id is refused by name, not as "not found". */
  async choose(scope: SchoolScope, choice: StaffMappingChoice): Promise<StaffMapping> {
    if (choice.mappingId && choice.mapping) throw invalid([{ field: 'mappingId', message: 'give either mapping or mappingId, not both' }]);
    if (!choice.mappingId) return this.byName(scope, choice.mapping ?? 'standard');
    const saved = await this.tx.manager().findOneBy(SavedImportMapping, { id: choice.mappingId, schoolId: scope.schoolId });
    if (!saved) throw invalid([{ field: 'mappingId', message: 'the school has no saved mapping with this id' }]);
    if (saved.kind !== 'staff')
      throw invalid([{ field: 'mappingId', message: `'${saved.name}' is a pupil import mapping; a staff import needs a staff mapping` }]);
    return toMapping(saved);
  }

  /** A built-in mapping, or one the school saved, by name. */
  async byName(scope: SchoolScope, name: string): Promise<StaffMapping> {
    const builtIn = STAFF_MAPPINGS[name];
    if (builtIn) return builtIn;
    const saved = await this.saved(scope, name);
    if (!saved) {
      const names = [...Object.keys(STAFF_MAPPINGS), 'or one the school saved'].join(', ');
      throw invalid([{ field: 'mapping', message: `no staff mapping named '${name}'; use ${names}` }]);
    }
    return toMapping(saved);
  }

  /**
   * A dry run records the mapping's name; its commit reads the file with that mapping again. A saved mapping
   * edited, renamed or deleted since the dry run would read the file differently from what the report showed,
   * so the commit is refused rather than applying something nobody checked.
   */
  async forCommit(scope: SchoolScope, name: string, dryRunAt: Date): Promise<StaffMapping> {
    const builtIn = STAFF_MAPPINGS[name];
    if (builtIn) return builtIn;
    const saved = await this.saved(scope, name);
    if (!saved || saved.updatedAt > dryRunAt) throw conflict(`The staff mapping '${name}' changed after the dry run: run a new dry run with it`);
    return toMapping(saved);
  }

  private saved(scope: SchoolScope, name: string): Promise<SavedImportMapping | null> {
    return this.tx.manager().findOneBy(SavedImportMapping, { schoolId: scope.schoolId, kind: 'staff', name });
  }

  private check(name: string, definition: StaffMappingDefinition): void {
    if (name in STAFF_MAPPINGS)
      throw conflict(`'${name}' is a built-in staff mapping; choose another name`, [{ field: 'name', message: 'name is taken by a built-in mapping' }]);
    const errors = validateStaffDefinition(definition);
    if (errors.length > 0) throw invalid(errors);
  }

  private async find(scope: SchoolScope, id: string): Promise<SavedImportMapping> {
    const saved = await this.tx.manager().findOneBy(SavedImportMapping, { id, schoolId: scope.schoolId, kind: 'staff' });
    if (!saved) throw notFound('Staff import mapping');
    return saved;
  }
}

const nameTaken = (name: string) => conflict(`the school already has a staff mapping named '${name}'`, [{ field: 'name', message: 'name is taken' }]);

/**
 * Only the known fields that name a column are stored. The entity types `definition` as the pupil import's
 * (libs/register cannot know libs/staff); kind 'staff' rows are read back only through readStaffDefinition.
 */
const stored = (d: StaffMappingDefinition) => readStaffDefinition(d) as unknown as SavedImportMapping['definition'];

const toMapping = (saved: Pick<SavedImportMapping, 'id' | 'name' | 'definition'>): SavedStaffMapping => ({
  id: saved.id,
  name: saved.name,
  ...readStaffDefinition(saved.definition),
});
