import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DocumentCopies, type DocumentCopy } from '#libs/attachments';
import { AuditService } from '#libs/audit';
import { Clock, conflict, notFound, requestContext } from '#libs/core';
import { TenantTransactions, schoolScope, type SchoolScope } from '#libs/database';
import { formatTimestamp, renderDocumentHtml, renderDocumentPdf, type Block, type ReportDocument, type Section } from '#libs/documents';
import { EVENT_TYPES, OutboxService } from '#libs/outbox';
import { TenancyService } from '#libs/tenancy';
import { SubjectAccessExport } from './subject-access-export.entity.js';

export const EXPORT_FORMATS = ['json', 'html', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Everything held about one pupil and the contacts linked to them, as the export's JSON carries it. */
export interface SubjectAccessContent {
  kind: 'subject-access-export';
  schemaVersion: 1;
  generatedAt: string;
  school: { name: string; urn: string };
  pupil: Record<string, unknown>;
  contacts: Record<string, unknown>[];
  /** Every table holding rows about the pupil, by table name, each with its rows (an empty list says "none held"). */
  records: Record<string, Record<string, unknown>[]>;
  /** Messages sent to the contacts' in-app inboxes about this pupil. */
  inboxMessages: Record<string, unknown>[];
  /** The audit trail of changes to this pupil's record (ids and codes). */
  auditEvents: Record<string, unknown>[];
  /**
   * The files on the pupil's record, each with its content (base64) when clean; a pending, unscannable or
   * infected file is listed with the reason its content is withheld. Confidential files are included and
   * flagged, for the school's review before release (docs/security.md, "Subject access export").
   */
  documents: DocumentCopy[];
}

/** Never exported: credentials, and an earlier export's own files. */
const WITHHELD_COLUMN = /(hash|token|secret|password)/i;
const SKIPPED_TABLES = new Set(['subject_access_exports']);
/** The HTML copy of an email repeats its text; the text is kept. */
const SKIPPED_COLUMNS = new Set(['body_html']);

const TITLES: Record<string, string> = {
  sen_status_entries: 'SEN status history',
  plan_cycles: 'Support plan cycles',
  plan_versions: 'Support plan versions',
  plan_targets: 'Targets',
  plan_provisions: 'Provision in the plans',
  plan_reviews: 'Reviews',
  review_outcomes: 'Review outcomes per target',
  plan_contributions: 'Views given',
  professional_reports: 'Professional reports and advice',
  group_enrolments: 'Intervention groups joined',
  session_attendance: 'Intervention sessions attended',
  deliveries: 'Notifications sent to contacts',
  access_events: 'Who read the record (access log)',
  retention_items: 'Retention decisions',
  pupil_contacts: 'Links to contacts',
  ehc_requests: 'Requests for an EHC needs assessment',
  ehc_request_events: 'EHC request outcomes, exceptions and corrections',
  ehc_request_reminders: 'EHC request clock reminders',
  professional_shares: 'Shared with outside professionals (with the consent recorded)',
  share_items: 'What each share held',
  share_codes: 'One-time codes asked for by the professional',
  share_views: 'When the professional viewed the shared record',
  shared_reports: 'Reports sent back by professionals',
  referrals: 'Referrals to outside services',
  documents: 'Documents on the record (name, type, size, SHA-256 and scan result)',
  oap_adjustments: 'Adjustments made in class (ordinarily available provision)',
  oap_not_applicable: "Authority expectations marked not applicable, with the school's reasons",
};

/**
 * Subject access: a request writes the export row and an outbox event in one transaction; the worker gathers
 * everything held about the pupil (every table with a pupil_id column, found from the catalogue, so a table
 * added later is exported without anyone remembering it) and renders it as JSON, HTML and PDF.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly tenancy: TenancyService,
    private readonly clock: Clock,
    private readonly documents: DocumentCopies,
  ) {}

  async request(scope: SchoolScope, pupilId: string): Promise<SubjectAccessExport> {
    const m = this.tx.manager();
    const row = await m.save(
      m.create(SubjectAccessExport, {
        schoolId: scope.schoolId,
        pupilId,
        status: 'queued',
        requestedBy: requestContext.get()?.userId ?? null,
        finishedAt: null,
        content: null,
        html: null,
        pdf: null,
        error: null,
      }),
    );
    await this.outbox.recordMany(scope, [
      { type: EVENT_TYPES.subjectAccessRequested, subjectType: 'subject_access_export', subjectId: row.id, payload: { pupilId } },
    ]);
    await this.audit.record(scope, { action: 'pupil.subject_access_requested', entityType: 'pupil', entityId: pupilId, details: { exportId: row.id } });
    return this.get(scope, row.id);
  }

  async get(scope: SchoolScope, exportId: string): Promise<SubjectAccessExport> {
    const row = await this.tx.manager().findOne(SubjectAccessExport, {
      where: { id: exportId, schoolId: scope.schoolId },
      select: { id: true, schoolId: true, pupilId: true, status: true, requestedBy: true, requestedAt: true, finishedAt: true, error: true },
    });
    if (!row) throw notFound('Subject access export');
    return row;
  }

  async list(scope: SchoolScope, pupilId: string): Promise<SubjectAccessExport[]> {
    return this.tx.manager().find(SubjectAccessExport, {
      where: { schoolId: scope.schoolId, pupilId },
      select: { id: true, schoolId: true, pupilId: true, status: true, requestedBy: true, requestedAt: true, finishedAt: true, error: true },
      order: { requestedAt: 'DESC' },
    });
  }

  async file(scope: SchoolScope, exportId: string, format: ExportFormat): Promise<{ pupilId: string; body: unknown }> {
    const row = await this.tx.manager().findOneBy(SubjectAccessExport, { id: exportId, schoolId: scope.schoolId });
    if (!row) throw notFound('Subject access export');
    if (row.status !== 'done') throw conflict(row.status === 'failed' ? 'The export failed; request it again' : 'The export is not ready yet; poll its status');
    const body = format === 'json' ? row.content : format === 'html' ? row.html : row.pdf;
    return { pupilId: row.pupilId, body };
  }

  /** The worker's half: gathers and renders a queued export (once: a done export is left alone). */
  async make(m: EntityManager, schoolId: string, exportId: string): Promise<void> {
    const row = await m.findOne(SubjectAccessExport, { where: { id: exportId, schoolId }, select: { id: true, pupilId: true, status: true } });
    if (!row || row.status !== 'queued') return;
    // A database error inside the gather aborts the transaction: the savepoint lets the export still be marked
    // failed (so the SENCO sees it and asks again) instead of staying queued while the job retries.
    await m.query('savepoint subject_access_gather');
    try {
      const content = await this.gather(m, schoolScope(schoolId), row.pupilId);
      const doc = buildSubjectAccessDocument(content);
      const pdf = await renderDocumentPdf(doc);
      await m.update(
        SubjectAccessExport,
        { id: row.id, schoolId },
        { status: 'done', content, html: renderDocumentHtml(doc), pdf, finishedAt: this.clock.now() },
      );
      await m.query('release savepoint subject_access_gather');
    } catch (err) {
      await m.query('rollback to savepoint subject_access_gather');
      await m.update(
        SubjectAccessExport,
        { id: row.id, schoolId },
        { status: 'failed', error: (err as Error).name.slice(0, 300), finishedAt: this.clock.now() },
      );
    }
  }

  /** Reads inside the caller's transaction (school scope, every pupil visible). */
  async gather(m: EntityManager, scope: SchoolScope, pupilId: string): Promise<SubjectAccessContent> {
    const one = async (sql: string, params: unknown[]) => (await m.query<{ row: Record<string, unknown> }[]>(sql, params)).map((r) => clean(r.row));
    const [pupil] = await one(`select to_jsonb(p) as row from pupils p where p.school_id = $1 and p.id = $2`, [scope.schoolId, pupilId]);
    if (!pupil) throw notFound('Pupil');
    const tables = (
      await m.query<{ name: string }[]>(
        `select c.table_name as name from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and c.column_name = 'pupil_id' and t.table_type = 'BASE TABLE'
          -- A school's tables only (platform_deliveries has a pupil_id column, always null, and no school).
          and exists (select 1 from information_schema.columns s
                       where s.table_schema = c.table_schema and s.table_name = c.table_name and s.column_name = 'school_id')
        order by c.table_name`,
      )
    )
      .map((t) => t.name)
      .filter((t) => !SKIPPED_TABLES.has(t));
    const records: Record<string, Record<string, unknown>[]> = {};
    for (const table of tables) {
      // The name comes from the catalogue, quoted as an identifier.
      records[table] = await one(`select to_jsonb(t) as row from "${table.replaceAll('"', '""')}" t where t.school_id = $1 and t.pupil_id = $2 order by t.id`, [
        scope.schoolId,
        pupilId,
      ]);
    }
    const contacts = await one(
      `select to_jsonb(c) as row from contacts c join pupil_contacts pc on pc.contact_id = c.id
        where pc.school_id = $1 and pc.pupil_id = $2 order by c.id`,
      [scope.schoolId, pupilId],
    );
    const inboxMessages = await one(
      `select to_jsonb(i) as row from inbox_messages i join deliveries d on d.school_id = i.school_id and d.id = i.delivery_id
        where i.school_id = $1 and d.pupil_id = $2 order by i.id`,
      [scope.schoolId, pupilId],
    );
    const auditEvents = await one(
      `select to_jsonb(a) as row from audit_events a where a.school_id = $1 and (a.entity_id = $2 or a.details->>'pupilId' = $2::text) order by a.occurred_at, a.id`,
      [scope.schoolId, pupilId],
    );
    const documents = await this.documents.forPupil(m, scope.schoolId, pupilId, { content: true, skipConfidential: false });
    const school = await this.tenancy.getSchool(scope);
    return {
      kind: 'subject-access-export',
      schemaVersion: 1,
      generatedAt: this.clock.now().toISOString(),
      school: { name: school.name, urn: school.urn },
      pupil,
      contacts,
      records,
      inboxMessages,
      auditEvents,
      documents,
    };
  }
}

function clean(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !WITHHELD_COLUMN.test(k) && !SKIPPED_COLUMNS.has(k)));
}

const label = (key: string) => {
  const words = key.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? formatTimestamp(value) : value;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function rowBlocks(prefix: string, rows: Record<string, unknown>[], empty: string): Block[] {
  if (rows.length === 0) return [{ kind: 'paragraph', text: empty }];
  return rows.map((row, i) => ({
    kind: 'group',
    id: `${prefix}-${i + 1}`,
    title: `Record ${i + 1} of ${rows.length}`,
    blocks: [{ kind: 'fields', fields: Object.entries(row).map(([k, v]) => ({ label: label(k), value: show(v) })) }],
  }));
}

/** The readable copy: the same content as the JSON, every field labelled, in sections a parent can follow. */
export function buildSubjectAccessDocument(c: SubjectAccessContent): ReportDocument {
  const name = [c.pupil.legal_first_name, c.pupil.legal_last_name].filter(Boolean).join(' ');
  const sections: Section[] = [
    { id: 'pupil', title: 'The pupil', blocks: [{ kind: 'fields', fields: Object.entries(c.pupil).map(([k, v]) => ({ label: label(k), value: show(v) })) }] },
    { id: 'contacts', title: 'Parents and contacts linked to the pupil', blocks: rowBlocks('contact', c.contacts, 'No contacts are held.') },
    ...Object.entries(c.records).map(([table, rows]) => ({
      id: `t-${table}`,
      title: TITLES[table] ?? label(table),
      blocks: rowBlocks(`t-${table}`, rows, 'None held.'),
    })),
    { id: 'inbox', title: 'In-app messages to contacts', blocks: rowBlocks('inbox', c.inboxMessages, 'None held.') },
    { id: 'audit', title: 'Changes made to the record (audit trail)', blocks: rowBlocks('audit', c.auditEvents, 'None held.') },
    documentsSection(c.documents),
  ];
  return {
    title: 'Subject access export',
    heading: `Subject access export: ${name}`,
    subject: [name, c.school.name],
    intro: [
      `Everything ${c.school.name} holds in this system about ${name} and the contacts linked to them, gathered on ${formatTimestamp(c.generatedAt)}.`,
      'It is provided under the right of access in UK GDPR Article 15. A machine-readable copy (JSON) holds the same content, and the files on the record themselves. Sign-in credentials are not included, nor are earlier exports.',
    ],
    sections,
    author: c.school.name,
  };
}

/** The files: listed here, their content in the JSON copy; a withheld file says why. */
function documentsSection(docs: DocumentCopy[]): Section {
  const blocks: Block[] = docs.map((d, i) => ({
    kind: 'group',
    id: `document-${i + 1}`,
    title: d.filename,
    blocks: [
      {
        kind: 'fields',
        fields: [
          { label: 'Type', value: d.mediaType },
          { label: 'Size (bytes)', value: String(d.size) },
          { label: 'SHA-256', value: d.sha256 },
          { label: 'Added', value: formatTimestamp(d.createdAt) },
          { label: 'Added by', value: d.uploaderKind === 'parent' ? 'A parent' : 'School staff' },
          { label: 'Marked confidential', value: d.confidential ? 'Yes' : 'No' },
          { label: 'Content', value: d.withheld ? `Not included: ${d.withheld}` : 'Included in the JSON copy' },
        ],
      },
    ],
  }));
  return { id: 'documents', title: 'Files on the record', blocks: blocks.length ? blocks : [{ kind: 'paragraph', text: 'None held.' }] };
}
