import { Injectable } from '@nestjs/common';
import { DocumentsService, PupilDocument } from '#libs/attachments';
import { AuditService } from '#libs/audit';
import { Clock, conflict, notFound, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { ContributionsService, type Profession } from '#libs/plans';
import type { ProfessionalRole } from '#libs/vocabulary';
import { SharedReport, type SharedReportStatus } from './shared-report.entity.js';

/** The plans' professions for the roles a share names (an outreach teacher is a specialist teacher there). */
const PROFESSION: Record<ProfessionalRole, Profession> = {
  educational_psychologist: 'educational_psychologist',
  speech_and_language_therapist: 'speech_and_language_therapist',
  paediatrician: 'paediatrician',
  camhs: 'camhs',
  outreach_teacher: 'specialist_teacher',
  other: 'other',
};

/** Reports professionals sent back through a share link, waiting for the SENCO's decision. */
@Injectable()
export class SharedReportsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly contributions: ContributionsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly documents: DocumentsService,
  ) {}

  async list(scope: SchoolScope, filter: { pupilId?: string; status?: SharedReportStatus }): Promise<SharedReport[]> {
    return this.tx.manager().find(SharedReport, {
      where: { schoolId: scope.schoolId, ...(filter.pupilId ? { pupilId: filter.pupilId } : {}), ...(filter.status ? { status: filter.status } : {}) },
      order: { createdAt: 'DESC' },
      take: 200,
    });
  }

  /**
   * Accepting adds it to the pupil's professional reports (as recorded by the SENCO who accepted it); its file
   * stays on the record, confidential until the SENCO changes that. Rejecting removes the file.
   */
  async decide(scope: SchoolScope, id: string, decision: 'accept' | 'reject'): Promise<SharedReport> {
    const m = this.tx.manager();
    const report = await m.findOneBy(SharedReport, { id, schoolId: scope.schoolId });
    if (!report) throw notFound('Shared report');
    if (report.status !== 'pending') throw conflict(`This report was already ${report.status}`);
    let professionalReportId: string | null = null;
    if (decision === 'accept') {
      const added = await this.contributions.addReport(scope, report.pupilId, {
        profession: PROFESSION[report.professionalRole],
        professionalName: report.professionalName,
        organisation: report.organisation,
        reportDate: report.reportDate,
        summary: report.summary,
        recommendations: report.recommendations,
      });
      professionalReportId = added.id;
      if (report.documentId)
        await m.update(PupilDocument, { id: report.documentId, schoolId: scope.schoolId }, { contextKind: 'professional_report', contextId: added.id });
    }
    const status = decision === 'accept' ? 'accepted' : 'rejected';
    const patch = { status, decidedBy: requestContext.get()?.userId ?? null, decidedAt: this.clock.now(), professionalReportId } as const;
    await m.update(SharedReport, { id, schoolId: scope.schoolId }, patch);
    // A rejected report's file does not stay on the pupil's record.
    if (decision === 'reject' && report.documentId) {
      const doc = await m.findOneBy(PupilDocument, { id: report.documentId, schoolId: scope.schoolId });
      if (doc) await this.documents.remove(scope, doc);
    }
    await this.audit.record(scope, { action: `sharing.report_${status}`, entityType: 'pupil', entityId: report.pupilId, details: { sharedReportId: id } });
    return { ...report, ...patch };
  }
}
