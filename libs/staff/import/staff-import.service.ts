import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { Invitation, InvitationService, Membership, mayInvite, type Role } from '#libs/auth';
import { Clock, conflict, DomainError, invalid, notFound, requestContext, type FieldError } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { CsvFormatError, openCsv, PupilsService, type CsvRow } from '#libs/register';
import { PendingStaffClass } from './pending-staff-class.entity.js';
import { StaffImportBatch } from './staff-import-batch.entity.js';
import { planStaffRow, type StaffImportAction, type StaffRowPlan } from './staff-import-plan.js';
import { loadStaffNow } from './staff-now.js';
import { StaffMappingService, type StaffMappingChoice } from './staff-mapping.service.js';
import { resolveStaffColumns, type StaffMapping } from './staff-mappings.js';
import { groupStaffRows, type StaffEntry } from './staff-rows.js';

export const STAFF_IMPORT_MAX_BYTES = 2 * 1024 * 1024;
const MAX_ROWS = 5000;

export interface StaffImportRow {
  /** The file rows this member of staff is on (several when the file has one row per class). */
  rows: number[];
  email: string;
  name: string | null;
  role: string | null;
  classNames: string[];
  action: StaffImportAction;
  changes: string[];
  errors: FieldError[];
}

export interface StaffImportReport {
  importId: string;
  status: 'dry_run' | 'committed';
  mapping: string;
  rowCount: number;
  summary: Record<StaffImportAction, number>;
  staff: StaffImportRow[];
}

interface Planned {
  entry: StaffEntry;
  plan: StaffRowPlan;
  userId: string | null;
}

/**
 * Staff and class import from the MIS, shaped like the pupil import: the dry run reports per member of staff
 * what would change; the commit re-reads the same file (its SHA-256 must match) and applies everything in
 * the request's one transaction, or nothing if any row is refused. Matching is by email, so importing the
 * same file again changes nothing. New staff are invited through InvitationService; their classes wait in
 * pending_staff_classes until they accept.
 */
@Injectable()
export class StaffImportService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly invitations: InvitationService,
    private readonly pupils: PupilsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly mappings: StaffMappingService,
  ) {}

  async dryRun(
    scope: SchoolScope,
    callerRoles: readonly Role[],
    choice: StaffMappingChoice,
    source: AsyncIterable<Buffer | string>,
  ): Promise<StaffImportReport> {
    const mapping = await this.mappings.choose(scope, choice);
    const { planned, sha256, rowCount } = await this.plan(scope, callerRoles, mapping, source);
    const summary = summarise(planned);
    const m = this.tx.manager();
    const batch = await m.save(
      m.create(StaffImportBatch, {
        schoolId: scope.schoolId,
        mappingName: mapping.name,
        fileSha256: sha256,
        rowCount,
        status: 'dry_run',
        summary,
        createdBy: requestContext.get()?.userId ?? null,
        committedAt: null,
      }),
    );
    await this.audit.record(scope, { action: 'staff_import.dry_run', entityType: 'staff_import', entityId: batch.id, details: { ...summary } });
    return { importId: batch.id, status: 'dry_run', mapping: mapping.name, rowCount, summary, staff: planned.map(toRow) };
  }

  async commit(scope: SchoolScope, callerRoles: readonly Role[], importId: string, source: AsyncIterable<Buffer | string>): Promise<StaffImportReport> {
    const m = this.tx.manager();
    const batch = await m
      .createQueryBuilder(StaffImportBatch, 'b')
      .setLock('pessimistic_write')
      .where('b.id = :importId and b.school_id = :schoolId', { importId, schoolId: scope.schoolId })
      .getOne();
    if (!batch) throw notFound('Staff import');
    if (batch.status === 'committed') throw conflict('This staff import has already been applied');
    const mapping = await this.mappings.forCommit(scope, batch.mappingName, batch.createdAt);
    const { planned, sha256, rowCount } = await this.plan(scope, callerRoles, mapping, source);
    if (sha256 !== batch.fileSha256) throw conflict('This is not the file the dry run checked: run a new dry run for it');
    const summary = summarise(planned);
    const report = { importId, mapping: mapping.name, rowCount, summary, staff: planned.map(toRow) };
    if (summary.reject > 0) {
      throw new DomainError(422, 'import-rejected', `${summary.reject} member(s) of staff were refused, so nothing was imported`, rowErrors(planned), {
        report: { ...report, status: 'dry_run' },
      });
    }
    for (const p of planned) await this.apply(scope, callerRoles, p);
    await m.update(StaffImportBatch, { id: importId, schoolId: scope.schoolId }, { status: 'committed', committedAt: this.clock.now(), summary });
    await this.audit.record(scope, { action: 'staff_import.committed', entityType: 'staff_import', entityId: importId, details: { ...summary } });
    return { ...report, status: 'committed' };
  }

  private async apply(scope: SchoolScope, callerRoles: readonly Role[], { entry, plan, userId }: Planned): Promise<void> {
    if (plan.action === 'unchanged' || plan.action === 'reject' || !entry.role) return;
    const m = this.tx.manager();
    if (userId) {
      if (plan.addRole) {
        const membership = await m.save(m.create(Membership, { schoolId: scope.schoolId, userId, role: plan.addRole }));
        await this.audit.record(scope, { action: 'membership.created', entityType: 'membership', entityId: membership.id, details: { role: plan.addRole } });
      }
      // The register owns teaching assignments; its service replaces them and audits the change.
      if (plan.setClasses) await this.pupils.setStaffClasses(scope, userId, entry.classNames);
      return;
    }
    // The new invitation first: while the old is live, InvitationService.create keeps the classes parked for it.
    if (plan.action === 'invite' || plan.replaceInvitation) await this.invitations.create(scope, callerRoles, entry.email, entry.role);
    if (plan.replaceInvitation) await m.update(Invitation, { id: plan.replaceInvitation, schoolId: scope.schoolId }, { revokedAt: this.clock.now() });
    if (plan.setClasses) {
      await m.delete(PendingStaffClass, { schoolId: scope.schoolId, email: entry.email });
      if (entry.classNames.length > 0)
        await m.insert(
          PendingStaffClass,
          entry.classNames.map((className) => ({ schoolId: scope.schoolId, email: entry.email, className })),
        );
    }
  }

  private async plan(scope: SchoolScope, callerRoles: readonly Role[], mapping: StaffMapping, source: AsyncIterable<Buffer | string>) {
    const { rows, sha256 } = await readRows(source, mapping);
    const columns = rows.columns;
    const entries = groupStaffRows(rows.rows, mapping, columns);
    const now = await loadStaffNow(
      this.tx.manager(),
      scope,
      entries.flatMap((e) => (e.email && !e.email.includes('\u0000') ? [e.email] : [])),
      this.clock.now(),
    );
    const ctx = { knownClasses: now.knownClasses, mayImport: (role: Parameters<typeof mayInvite>[1]) => mayInvite(callerRoles, role) };
    const planned = entries.map((entry) => {
      const found = now.byEmail(entry.email);
      const plan = planStaffRow(entry, found, ctx);
      // The plan names fields; the report names the file's own column headers.
      plan.errors = plan.errors.map((e) => ({ ...e, field: columns[e.field as 'email' | 'role' | 'classes'] ?? e.field }));
      return { entry, plan, userId: found.member?.userId ?? null };
    });
    return { planned, sha256, rowCount: rows.rows.length };
  }
}

async function readRows(source: AsyncIterable<Buffer | string>, mapping: StaffMapping) {
  const hash = createHash('sha256');
  const hashed = (async function* () {
    for await (const chunk of source) {
      hash.update(chunk);
      yield chunk;
    }
  })();
  const rows: CsvRow[] = [];
  let columns: ReturnType<typeof resolveStaffColumns>['columns'];
  try {
    const csv = await openCsv(hashed, { maxBytes: STAFF_IMPORT_MAX_BYTES });
    const resolved = resolveStaffColumns(csv.headers, mapping);
    if (resolved.missing.length > 0) {
      csv.close();
      throw invalid(
        resolved.missing.map((header) => ({
          field: 'file',
          message: `the ${mapping.name} staff mapping needs a column '${header}', which the file does not have`,
        })),
        'The file’s columns do not match the mapping',
      );
    }
    columns = resolved.columns;
    for await (const row of csv.rows) {
      rows.push(row);
      if (rows.length > MAX_ROWS) throw new CsvFormatError(`the file has more than ${MAX_ROWS} rows; a school's staff list is shorter`, row.row);
    }
  } catch (err) {
    if (err instanceof CsvFormatError) {
      throw invalid([{ field: err.row === null ? 'file' : `row ${err.row}`, message: err.message }], 'The file could not be read as CSV; nothing was imported');
    }
    throw err;
  }
  if (rows.length === 0) throw invalid([{ field: 'file', message: 'the file has a header row but no staff' }]);
  return { rows: { rows, columns }, sha256: hash.digest('hex') };
}

function summarise(planned: Planned[]): Record<StaffImportAction, number> {
  const summary: Record<StaffImportAction, number> = { invite: 0, update: 0, unchanged: 0, reject: 0 };
  for (const p of planned) summary[p.plan.action] += 1;
  return summary;
}

const toRow = ({ entry, plan }: Planned): StaffImportRow => ({
  rows: entry.rows,
  email: entry.email,
  name: entry.name,
  role: entry.role,
  classNames: [...entry.classNames].sort(),
  action: plan.action,
  changes: plan.changes,
  errors: plan.errors.map((e) => ({ field: `row ${e.row}: ${e.field}`, message: e.message })),
});

/** The refused rows, each error naming its file row, for the problem's `errors` list. */
const rowErrors = (planned: Planned[]): FieldError[] => planned.flatMap((p) => toRow(p).errors).slice(0, 200);
