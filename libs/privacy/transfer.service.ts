import { Injectable } from '@nestjs/common';
import { DocumentCopies, type DocumentCopy } from '#libs/attachments';
import { conflict, invalid } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { formatDate, type ReportDocument, type Section } from '#libs/documents';
import { EvidencePackService, buildEvidenceDocument, type EvidencePack } from '#libs/plans';
import { Pupil } from '#libs/register';
import { AuditService } from '#libs/audit';

/** The SEN record sent to a pupil's next school: who they are, their SEN history and every plan cycle in full. */
export interface TransferRecord {
  kind: 'sen-transfer-record';
  schemaVersion: 1;
  generatedAt: string;
  fromSchool: { name: string; urn: string; laName: string };
  pupil: { upn: string; firstName: string; lastName: string; dateOfBirth: string; leavingDate: string };
  /** The graduated-approach record: SEN history, views, professionals, every cycle with targets, provision and outcomes. */
  record: EvidencePack;
  /**
   * The files on the record that go with it: clean and not confidential, listed with their SHA-256 so the
   * receiving school can check the copies the SENCO sends. Confidential files (safeguarding, health letters)
   * are not listed: the designated safeguarding lead sends the child protection file separately
   * (docs/domain.md, "Records and data protection").
   */
  documents: DocumentCopy[];
}

/**
 * When a pupil leaves, the SENCO sends their SEN record to the receiving school (the Education (Pupil
 * Information) (England) Regulations 2005, reg 9: within 15 school days). Only a pupil with a leaving date
 * has one to send; the export is audited.
 */
@Injectable()
export class TransferService {
  constructor(
    private readonly evidence: EvidencePackService,
    private readonly audit: AuditService,
    private readonly tx: TenantTransactions,
    private readonly copies: DocumentCopies,
  ) {}

  /**
   * Marks the pupil's SEN record as sent to their next school on `sentOn` (not before they left, not in the
   * future). The retention rule then treats this school as not the last school (RetentionService).
   */
  async markSent(scope: SchoolScope, pupil: Pupil, sentOn: string, today: string): Promise<Pupil> {
    if (!pupil.leavingDate) {
      throw conflict('The pupil has no leaving date: record when they leave (PATCH the pupil with leavingDate) before marking their SEN record sent');
    }
    if (sentOn > today) throw invalid([{ field: 'sentOn', message: 'sentOn cannot be in the future' }]);
    if (pupil.admissionDate && sentOn < pupil.admissionDate)
      throw invalid([{ field: 'sentOn', message: 'sentOn cannot be before the pupil joined the school' }]);
    const m = this.tx.manager();
    await m.update(Pupil, { id: pupil.id, schoolId: scope.schoolId }, { recordSentOn: sentOn });
    await this.audit.record(scope, { action: 'pupil.transfer_sent', entityType: 'pupil', entityId: pupil.id, details: { sentOn } });
    return (await m.findOneBy(Pupil, { id: pupil.id, schoolId: scope.schoolId }))!;
  }

  async build(scope: SchoolScope, pupil: Pupil, format: string): Promise<TransferRecord> {
    if (!pupil.leavingDate) {
      throw conflict('The pupil has no leaving date: record when they leave (PATCH the pupil with leavingDate) before sending their SEN record on');
    }
    const pack = await this.evidence.build(scope, pupil.id);
    const files = await this.copies.forPupil(this.tx.manager(), scope.schoolId, pupil.id, { content: false, skipConfidential: true });
    await this.audit.record(scope, { action: 'pupil.transfer_exported', entityType: 'pupil', entityId: pupil.id, details: { format } });
    return {
      kind: 'sen-transfer-record',
      schemaVersion: 1,
      generatedAt: pack.generatedAt,
      fromSchool: pack.school,
      pupil: { upn: pupil.upn, firstName: pupil.legalFirstName, lastName: pupil.legalLastName, dateOfBirth: pupil.dateOfBirth, leavingDate: pupil.leavingDate },
      record: pack,
      documents: files.filter((d) => d.withheld === null),
    };
  }
}

/** The readable copy: the evidence pack's sections under a transfer heading, for the receiving SENCO. */
export function buildTransferDocument(t: TransferRecord): ReportDocument {
  const doc = buildEvidenceDocument(t.record);
  const name = `${t.pupil.firstName} ${t.pupil.lastName}`.trim();
  return {
    ...doc,
    title: `SEN record for transfer: ${name}`,
    heading: `SEN record of ${name}, for their next school`,
    description: `SEN record of ${name} from ${t.fromSchool.name}, for the receiving school`,
    intro: [
      `${t.fromSchool.name} (URN ${t.fromSchool.urn}) sends this record of the SEN support given to ${name}, who left on ${formatDate(t.pupil.leavingDate)}, so that their next school can carry on from where it stopped.`,
      ...doc.intro.slice(1),
    ],
    sections: [...doc.sections, transferDocumentsSection(t.documents)],
  };
}

function transferDocumentsSection(docs: DocumentCopy[]): Section {
  return {
    id: 'transfer-documents',
    title: 'Files sent with this record',
    blocks: [
      {
        kind: 'table',
        caption: 'Files on the record, sent with it as separate files (the SHA-256 identifies each copy)',
        columns: [
          { label: 'File', weight: 3 },
          { label: 'Type', weight: 2 },
          { label: 'Added', weight: 2 },
          { label: 'SHA-256', weight: 4 },
        ],
        rows: docs.map((d) => [d.filename, d.mediaType, formatDate(d.createdAt.slice(0, 10)), d.sha256]),
        empty: 'No files are sent with this record.',
      },
    ],
  };
}
