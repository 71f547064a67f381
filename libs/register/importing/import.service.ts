import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { AuditService } from '#libs/audit';
import { Clock, conflict, DomainError, invalid, isIsoDate, notFound, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { Contact } from '../contact.entity.js';
import { PupilContact } from '../pupil-contact.entity.js';
import { ContactsService } from '../contacts.service.js';
import { ImportBatch } from '../import-batch.entity.js';
import { SavedImportMapping } from '../import-mapping.entity.js';
import { CsvFormatError, openCsv, type CsvRow } from '../import/csv-reader.js';
import { BUILT_IN_MAPPINGS, resolveMapping, validateMappingDefinition, type ImportMapping } from '../import/mappings.js';
import { parseImportRow } from '../import/row-parser.js';
import { Pupil } from '../pupil.entity.js';
import { toColumns } from '../pupils.service.js';
import { SenStatusEntry } from '../sen-status-entry.entity.js';
import { SenStatusService } from '../sen-status.service.js';
import { planRow } from './import-plan.js';
import { NoticeTally } from './import-notices.js';
import type { ImportAction, ImportOptions, ImportReport, ImportRowReport, PendingRow, RunState } from './import-report.js';
import { duplicateError, rejectDuplicates, rejectedFieldErrors } from './import-rejections.js';
import { School } from '#libs/tenancy';

export type { ImportAction, ImportOptions, ImportReport, ImportRowReport } from './import-report.js';

export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
const BATCH = 500;

/**
 * MIS import: a dry run reports, row by row, what would be created, updated or rejected; the commit
 * re-reads the same file (its SHA-256 must match) and applies everything in the request's one transaction,
 * or nothing if any row is rejected. Rows are read from the upload as a stream and handled in batches, so a
 * 10,000-row file is never held in memory whole. Matching is by UPN within the school, so re-importing the
 * same file changes nothing.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly status: SenStatusService,
    private readonly contacts: ContactsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async mappings(scope: SchoolScope): Promise<ImportMapping[]> {
    const saved = await this.tx.manager().find(SavedImportMapping, { where: { schoolId: scope.schoolId, kind: 'pupils' }, order: { name: 'ASC' } });
    return [...Object.values(BUILT_IN_MAPPINGS), ...saved.map((s) => ({ name: s.name, ...s.definition }))];
  }

  async saveMapping(scope: SchoolScope, name: string, definition: unknown): Promise<ImportMapping> {
    if (name in BUILT_IN_MAPPINGS)
      throw conflict(`'${name}' is a built-in mapping; choose another name`, [{ field: 'name', message: 'name is taken by a built-in mapping' }]);
    const errors = validateMappingDefinition({ name, ...(definition as object) });
    if (errors.length > 0) throw invalid(errors);
    const { pupil, contacts, surnamePosition } = definition as ImportMapping;
    const saved = { pupil, contacts: contacts ?? [], ...(surnamePosition ? { surnamePosition } : {}) };
    const m = this.tx.manager();
    await m.upsert(SavedImportMapping, { schoolId: scope.schoolId, kind: 'pupils', name, definition: saved }, ['schoolId', 'kind', 'name']);
    await this.audit.record(scope, { action: 'import_mapping.saved', entityType: 'import_mapping', details: { name } });
    return { name, ...saved };
  }

  async list(scope: SchoolScope): Promise<ImportBatch[]> {
    return this.tx.manager().find(ImportBatch, { where: { schoolId: scope.schoolId }, order: { createdAt: 'DESC' }, take: 50 });
  }

  async dryRun(
    scope: SchoolScope,
    mappingName: string,
    source: AsyncIterable<Buffer | string>,
    today: string,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    const mapping = await this.mapping(scope, mappingName);
    const goLive = await this.goLive(scope, options.goLive, today);
    const { state, sha256 } = await this.run(scope, source, mapping, today, { apply: false, skipRejected: false, goLive, knownDuplicates: [] });
    const m = this.tx.manager();
    const batch = await m.save(
      m.create(ImportBatch, {
        schoolId: scope.schoolId,
        mappingName: mapping.name,
        fileSha256: sha256,
        rowCount: state.rows.length,
        status: 'dry_run',
        summary: state.summary,
        duplicateRows: [...new Set(state.knownDuplicates.values())],
        createdBy: requestContext.get()?.userId ?? null,
        committedAt: null,
      }),
    );
    await this.audit.record(scope, { action: 'import.dry_run', entityType: 'import', entityId: batch.id, details: { ...state.summary } });
    return { importId: batch.id, status: 'dry_run', mapping: mapping.name, ...this.outcome(state), leftOut: [] };
  }

  async commit(
    scope: SchoolScope,
    importId: string,
    source: AsyncIterable<Buffer | string>,
    today: string,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    const m = this.tx.manager();
    const batch = await m
      .createQueryBuilder(ImportBatch, 'b')
      .setLock('pessimistic_write')
      .where('b.id = :importId and b.school_id = :schoolId', { importId, schoolId: scope.schoolId })
      .getOne();
    if (!batch) throw notFound('Import');
    if (batch.status === 'committed') throw conflict('This import has already been committed');
    const mapping = await this.mapping(scope, batch.mappingName);
    const goLive = await this.goLive(scope, options.goLive, today);
    const skipRejected = options.skipRejected === true;
    const { state, sha256 } = await this.run(scope, source, mapping, today, { apply: true, skipRejected, goLive, knownDuplicates: batch.duplicateRows });
    const report = { importId, mapping: mapping.name, ...this.outcome(state) };
    // Throwing rolls back the request's transaction: every row applied so far is undone with it.
    if (sha256 !== batch.fileSha256) throw conflict('This is not the file the dry run checked: run a new dry run for it');
    if (state.summary.reject > 0 && !skipRejected) {
      throw new DomainError(
        422,
        'import-rejected',
        `${state.summary.reject} row(s) were rejected, so nothing was imported (commit with skipRejected=true to import the other rows)`,
        rejectedFieldErrors(state.rows),
        { report: { ...report, status: 'dry_run', leftOut: [] } },
      );
    }
    if (report.notices.goLiveRequired) {
      throw new DomainError(422, 'go-live-required', 'The school’s go-live date is needed before pupils are placed on SEN Support', [
        {
          field: 'goLive',
          message:
            'this import places pupils on SEN Support and the school has no go-live date: give the date the school began using SEN Manager, so support that began before it is not notified again',
        },
      ]);
    }
    if (goLive.fromRequest) await m.update(School, { id: scope.schoolId }, { goLiveDate: goLive.date });
    const leftOut = state.rows.filter((r) => r.action === 'reject').map((r) => ({ row: r.row, errors: r.errors }));
    await m.update(ImportBatch, { id: importId, schoolId: scope.schoolId }, { status: 'committed', committedAt: this.clock.now(), summary: state.summary });
    await this.audit.record(scope, {
      action: 'import.committed',
      entityType: 'import',
      entityId: importId,
      details: { ...state.summary, leftOut: leftOut.length, noticesGivenOutside: report.notices.givenOutside },
    });
    return { ...report, status: 'committed', leftOut };
  }

  /** The go-live date to use: the school's once set (it is set once), else the one given with the request. */
  private async goLive(
    scope: SchoolScope,
    given: string | undefined,
    today: string,
  ): Promise<{ date: string | null; fromRequest: boolean; schoolHas: boolean }> {
    const school = await this.tx.manager().findOneByOrFail(School, { id: scope.schoolId });
    if (given !== undefined && (!isIsoDate(given) || given > today)) {
      throw invalid([{ field: 'goLive', message: 'goLive must be a date (yyyy-mm-dd) no later than today' }]);
    }
    if (school.goLiveDate !== null) {
      if (given !== undefined && given !== school.goLiveDate) {
        throw invalid([{ field: 'goLive', message: `the school's go-live date is already ${school.goLiveDate}; leave goLive out` }]);
      }
      return { date: school.goLiveDate, fromRequest: false, schoolHas: true };
    }
    return { date: given ?? null, fromRequest: given !== undefined, schoolHas: false };
  }

  private outcome(state: RunState) {
    const rejected = new Set(state.rows.filter((r) => r.action === 'reject').map((r) => r.row));
    const notices = state.notices.summary((row) => !rejected.has(row));
    return { rowCount: state.rows.length, summary: state.summary, rows: state.rows, notices };
  }

  private async mapping(scope: SchoolScope, name: string): Promise<ImportMapping> {
    const builtIn = (BUILT_IN_MAPPINGS as Record<string, ImportMapping>)[name];
    if (builtIn) return builtIn;
    const saved = await this.tx.manager().findOneBy(SavedImportMapping, { schoolId: scope.schoolId, kind: 'pupils', name });
    if (!saved) {
      // A staff mapping's columns mean nothing to the pupil import: say so rather than "no such mapping".
      const staff = await this.tx.manager().existsBy(SavedImportMapping, { schoolId: scope.schoolId, kind: 'staff', name });
      const message = staff
        ? `'${name}' is a staff import mapping; a pupil import needs a pupil mapping`
        : `no mapping named '${name}'; use standard, sims, arbor or one the school saved`;
      throw invalid([{ field: 'mapping', message }]);
    }
    return { name: saved.name, ...saved.definition };
  }

  private async run(
    scope: SchoolScope,
    source: AsyncIterable<Buffer | string>,
    mapping: ImportMapping,
    today: string,
    run: { apply: boolean; skipRejected: boolean; goLive: { date: string | null; schoolHas: boolean }; knownDuplicates: number[][] },
  ) {
    const hash = createHash('sha256');
    const hashed = (async function* () {
      for await (const chunk of source) {
        hash.update(chunk);
        yield chunk;
      }
    })();
    const state: RunState = {
      mapping,
      today,
      apply: run.apply,
      skipRejected: run.skipRejected,
      reason: `Imported from the school's MIS (${mapping.name} format)`,
      upnRows: new Map(),
      knownDuplicates: new Map(run.knownDuplicates.flatMap((group) => group.map((row) => [row, group] as const))),
      notices: new NoticeTally(run.goLive.date, run.goLive.schoolHas),
      knownEmails: new Map(),
      rows: [],
      summary: { create: 0, update: 0, unchanged: 0, reject: 0 },
    };
    try {
      const csv = await openCsv(hashed, { maxBytes: IMPORT_MAX_BYTES });
      const resolved = resolveMapping(csv.headers, mapping);
      if (resolved.errors.length > 0) {
        csv.close();
        throw invalid(
          resolved.errors.map((message) => ({ field: 'file', message })),
          'The file’s columns do not match the mapping',
        );
      }
      state.mapping = resolved.present;
      let batch: CsvRow[] = [];
      for await (const row of csv.rows) {
        batch.push(row);
        if (batch.length >= BATCH) {
          await this.batch(scope, batch, state);
          batch = [];
        }
      }
      if (batch.length > 0) await this.batch(scope, batch, state);
    } catch (err) {
      if (err instanceof CsvFormatError) {
        throw invalid(
          [{ field: err.row === null ? 'file' : `row ${err.row}`, message: err.message }],
          'The file could not be read as CSV; nothing was imported',
        );
      }
      throw err;
    }
    if (state.rows.length === 0) throw invalid([{ field: 'file', message: 'the file has a header row but no pupils' }]);
    rejectDuplicates(state, state.mapping.pupil.upn);
    return { state, sha256: hash.digest('hex') };
  }

  private async batch(scope: SchoolScope, rows: CsvRow[], state: RunState): Promise<void> {
    const m = this.tx.manager();
    const parsed = rows.map((r) => ({ row: r.row, result: parseImportRow(r.record, state.mapping, state.today) }));
    const upns = parsed.flatMap((p) => (p.result.ok ? [p.result.row.upn] : []));
    const pupils = upns.length ? await m.find(Pupil, { where: { schoolId: scope.schoolId, upn: In(upns) } }) : [];
    const byUpn = new Map(pupils.map((p) => [p.upn, p]));
    const ids = pupils.map((p) => p.id);
    const current = ids.length ? await m.find(SenStatusEntry, { where: { schoolId: scope.schoolId, pupilId: In(ids), endDate: IsNull() } }) : [];
    const currentBy = new Map(current.map((e) => [e.pupilId, e]));
    const linkedBy = await this.contacts.forPupils(scope, ids);
    const emails = [
      ...new Set(parsed.flatMap((p) => (p.result.ok ? p.result.row.contacts.flatMap((c) => (c.email ? [c.email.toLowerCase()] : [])) : []))),
    ].filter((e) => !state.knownEmails.has(e));
    if (emails.length) {
      for (const c of await m.find(Contact, { where: { schoolId: scope.schoolId, email: In(emails) } })) state.knownEmails.set(c.email!, c.id);
    }

    const toApply: PendingRow[] = [];
    for (const { row, result } of parsed) {
      if (!result.ok) {
        this.report(state, { row, upn: null, action: 'reject', changes: [], errors: result.errors, warnings: [] });
        continue;
      }
      const upn = result.row.upn;
      state.upnRows.set(upn, [...(state.upnRows.get(upn) ?? []), row]);
      const group = state.knownDuplicates.get(row);
      if (group) {
        this.report(state, { row, upn, action: 'reject', changes: [], errors: [duplicateError(state.mapping.pupil.upn, row, group)], warnings: [] });
        continue;
      }
      const pupil = byUpn.get(upn) ?? null;
      const current = pupil ? (currentBy.get(pupil.id) ?? null) : null;
      const linked = pupil ? (linkedBy.get(pupil.id) ?? []) : [];
      const plan = planRow(result.row, { pupil, current, contacts: linked }, state.mapping, state.today, state.knownEmails, state.reason);
      if (plan.errors.length > 0) {
        this.report(state, { row, upn, action: 'reject', changes: [], errors: plan.errors, warnings: result.warnings });
        continue;
      }
      state.notices.add(row, plan, current, linked);
      const action: ImportAction = !pupil ? 'create' : plan.changes.length > 0 ? 'update' : 'unchanged';
      // A later contact with the same email (a sibling's row) links to this one rather than duplicating it.
      for (const c of plan.contacts) if (c.kind === 'create' && c.details.email) state.knownEmails.set(c.details.email, `pending:${row}`);
      if (action !== 'unchanged') toApply.push({ pupil, current, linkedCount: linked.length, plan });
      this.report(state, { row, upn, action, changes: plan.changes, errors: [], warnings: result.warnings });
    }
    // Once any row is rejected an all-or-nothing commit will be refused, so there is no point writing more.
    if (state.apply && (state.skipRejected || state.summary.reject === 0)) await this.applyBatch(scope, toApply, state);
  }

  /** Writes a batch's changes in a handful of multi-row statements rather than several per pupil. */
  private async applyBatch(scope: SchoolScope, items: PendingRow[], state: RunState): Promise<void> {
    if (items.length === 0) return;
    const m = this.tx.manager();
    const created = items.filter((it) => !it.pupil);
    if (created.length > 0) {
      const result = await m.insert(
        Pupil,
        created.map((it) => ({ ...toColumns(it.plan.fields), upn: it.plan.fields.upn, passport: null, schoolId: scope.schoolId })),
      );
      created.forEach((it, i) => (it.pupilId = result.identifiers[i]!.id as string));
    }
    for (const it of items) {
      if (it.pupil) {
        it.pupilId = it.pupil.id;
        if (it.plan.pupilChanges.length > 0) await m.update(Pupil, { id: it.pupil.id, schoolId: scope.schoolId }, toColumns(it.plan.fields));
      }
    }

    const newContacts = items.flatMap((it) => it.plan.contacts.flatMap((c) => (c.kind === 'create' ? [{ it, c }] : [])));
    if (newContacts.length > 0) {
      const result = await m.insert(
        Contact,
        newContacts.map(({ c }) => ({ ...c.details, schoolId: scope.schoolId, userId: null })),
      );
      newContacts.forEach(({ c }, i) => {
        const id = result.identifiers[i]!.id as string;
        (c as { contactId?: string }).contactId = id;
        if (c.details.email) state.knownEmails.set(c.details.email, id);
      });
    }
    const links: Partial<PupilContact>[] = [];
    for (const it of items) {
      let priority = it.linkedCount;
      for (const c of it.plan.contacts) {
        if (c.kind === 'update') {
          if (Object.keys(c.details).length > 0) await this.contacts.update(scope, c.contactId, c.details);
          if (Object.keys(c.link).length > 0) await this.contacts.updateLink(scope, it.pupilId!, c.contactId, c.link);
          continue;
        }
        const contactId =
          c.kind === 'create' ? (c as { contactId?: string }).contactId! : c.contactId.startsWith('pending:') ? state.knownEmails.get(c.email)! : c.contactId;
        links.push({ schoolId: scope.schoolId, pupilId: it.pupilId!, contactId, ...c.link, priority: ++priority });
      }
    }
    if (links.length > 0) await m.insert(PupilContact, links);

    const changes = items.flatMap((it) =>
      it.plan.sen
        ? [{ pupilId: it.pupilId!, current: it.current, change: it.plan.sen, noticeGivenOutside: state.notices.givenOutside(it.plan, it.current) }]
        : [],
    );
    await this.status.appendMany(scope, changes);
  }

  private report(state: RunState, entry: ImportRowReport): void {
    state.rows.push(entry);
    state.summary[entry.action] += 1;
  }
}
