import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { PupilDocument } from '#libs/attachments';
import { AuditService } from '#libs/audit';
import { APP_CONFIG, Clock, conflict, invalid, notFound, requestContext, type AppConfig } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { OutboxService } from '#libs/outbox';
import { Pupil, SchoolToday } from '#libs/register';
import { TenancyService } from '#libs/tenancy';
import { PROFESSIONAL_ROLE_LABELS, type ConsentGiver, type ProfessionalRole, type ShareItemKind } from '#libs/vocabulary';
import { ProfessionalShare } from './professional-share.entity.js';
import { ShareItem } from './share-item.entity.js';
import { SHARE_SECRET_SLOT, queueShareEmail } from './share-mail.js';
import { hashSecret, newShareToken } from './share-secrets.js';
import { ShareView } from './share-view.entity.js';

export const DEFAULT_SHARE_DAYS = 30;

export interface NewShare {
  professionalName: string;
  professionalEmail: string;
  professionalRole: ProfessionalRole;
  organisation: string | null;
  consent: { givenBy: string; relationship: ConsentGiver; givenOn: string; purpose: string };
  /** 1 to 30; 30 when not given. */
  expiresInDays: number | null;
  summary: boolean;
  plan: boolean;
  documentIds: string[];
}

export interface ShareRecord {
  share: ProfessionalShare;
  state: 'active' | 'expired' | 'revoked';
  items: ShareItem[];
  views: ShareView[];
}

/**
 * The SENCO's side of sharing a pupil's record with an outside professional: the share rests on recorded
 * consent, holds the chosen items, and reaches the professional by a link emailed to them (docs/security.md,
 * "Sharing with professionals"). The link's token is shown to nobody else and stored only as a hash.
 */
@Injectable()
export class SharesService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly today: SchoolToday,
    private readonly tenancy: TenancyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(scope: SchoolScope, pupilId: string, input: NewShare): Promise<ShareRecord> {
    const m = this.tx.manager();
    const pupil = await m.findOneBy(Pupil, { id: pupilId, schoolId: scope.schoolId });
    if (!pupil) throw notFound('Pupil');
    const today = await this.today.of(scope);
    if (input.consent.givenOn > today) throw invalid([{ field: 'consent.givenOn', message: `consent.givenOn ${input.consent.givenOn} is in the future` }]);
    if (!input.summary && !input.plan && input.documentIds.length === 0)
      throw invalid([{ field: 'summary', message: 'choose at least one thing to share: the summary, the plan or a document' }]);
    const documentIds = await this.shareableDocuments(scope, pupilId, input.documentIds);
    const days = input.expiresInDays ?? DEFAULT_SHARE_DAYS;
    const token = newShareToken();
    const now = this.clock.now();
    const share = await m.save(
      m.create(ProfessionalShare, {
        schoolId: scope.schoolId,
        pupilId,
        professionalName: input.professionalName,
        professionalEmail: input.professionalEmail.trim().toLowerCase(),
        professionalRole: input.professionalRole,
        organisation: input.organisation,
        consentGivenBy: input.consent.givenBy,
        consentRelationship: input.consent.relationship,
        consentGivenOn: input.consent.givenOn,
        consentPurpose: input.consent.purpose,
        tokenHash: hashSecret(token),
        expiresAt: new Date(now.getTime() + days * 86_400_000),
        revokedAt: null,
        createdBy: requestContext.get()?.userId ?? null,
      }),
    );
    const kinds: ShareItemKind[] = [...(input.summary ? ['summary' as const] : []), ...(input.plan ? ['plan' as const] : [])];
    await m.insert(ShareItem, [
      ...kinds.map((kind) => ({ schoolId: scope.schoolId, shareId: share.id, pupilId, kind, documentId: null })),
      ...documentIds.map((documentId) => ({ schoolId: scope.schoolId, shareId: share.id, pupilId, kind: 'document' as const, documentId })),
    ]);
    const school = await this.tenancy.getSchool(scope);
    await queueShareEmail(m, this.outbox, this.config.dataEncryptionKey, scope, now, {
      shareId: share.id,
      kind: 'share_link',
      secret: token,
      to: share.professionalEmail,
      subject: `${school.name} has shared a pupil's SEN information with you`,
      paragraphs: [
        `Dear ${share.professionalName},`,
        `${school.name} has shared information about a pupil with you as ${PROFESSIONAL_ROLE_LABELS[share.professionalRole].toLowerCase()}, with the consent of the ${share.consentRelationship.replace('_', ' ')}, for this purpose: ${share.consentPurpose}`,
        `Open it here: ${this.config.publicUrl}/shared/${SHARE_SECRET_SLOT}`,
        `The link works until ${share.expiresAt.toISOString().slice(0, 10)}. Before anything is shown you will be asked for a one-time code, which we email to this address when you ask for it on that page. You can also send your report back through the same link.`,
        `If you were not expecting this, please tell the school and do not forward this email.`,
      ],
    });
    await this.audit.record(scope, {
      action: 'sharing.share_created',
      entityType: 'pupil',
      entityId: pupilId,
      details: { shareId: share.id, role: share.professionalRole, days, consentRelationship: share.consentRelationship, documents: documentIds.length },
    });
    return this.one(scope, share);
  }

  async list(scope: SchoolScope, pupilId: string): Promise<ShareRecord[]> {
    const m = this.tx.manager();
    const pupil = await m.findOneBy(Pupil, { id: pupilId, schoolId: scope.schoolId });
    if (!pupil) throw notFound('Pupil');
    const shares = await m.find(ProfessionalShare, { where: { schoolId: scope.schoolId, pupilId }, order: { createdAt: 'DESC' } });
    if (shares.length === 0) return [];
    const ids = shares.map((s) => s.id);
    const items = await m.find(ShareItem, { where: { schoolId: scope.schoolId, shareId: In(ids) } });
    const views = await m.find(ShareView, { where: { schoolId: scope.schoolId, shareId: In(ids) }, order: { occurredAt: 'DESC' } });
    return shares.map((share) => this.toRecord(share, items, views));
  }

  /** The link stops working at once; the share and its view log stay on the pupil's record. */
  async revoke(scope: SchoolScope, shareId: string): Promise<ShareRecord> {
    const m = this.tx.manager();
    const share = await m.findOneBy(ProfessionalShare, { id: shareId, schoolId: scope.schoolId });
    if (!share) throw notFound('Share');
    if (share.revokedAt) throw conflict('This share is already revoked');
    share.revokedAt = this.clock.now();
    await m.update(ProfessionalShare, { id: share.id, schoolId: scope.schoolId }, { revokedAt: share.revokedAt });
    await this.audit.record(scope, { action: 'sharing.share_revoked', entityType: 'pupil', entityId: share.pupilId, details: { shareId: share.id } });
    return this.one(scope, share);
  }

  /**
   * The chosen documents, each named by its place in the list when refused: it must be this pupil's, and clean
   * (a file still waiting for its scan, or quarantined, is never sent to anyone).
   */
  private async shareableDocuments(scope: SchoolScope, pupilId: string, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const docs = await this.tx.manager().findBy(PupilDocument, { schoolId: scope.schoolId, pupilId, id: In(unique) });
    const byId = new Map(docs.map((d) => [d.id, d]));
    const errors = ids.flatMap((id, i) => {
      const doc = byId.get(id);
      const field = `documentIds[${i}]`;
      if (!doc) return [{ field, message: `${field} is not a document on this pupil's record` }];
      if (doc.status !== 'clean') return [{ field, message: `${field} has not passed its virus scan and cannot be shared` }];
      return [];
    });
    if (errors.length > 0) throw invalid(errors);
    return unique;
  }

  private async one(scope: SchoolScope, share: ProfessionalShare): Promise<ShareRecord> {
    const m = this.tx.manager();
    const items = await m.find(ShareItem, { where: { schoolId: scope.schoolId, shareId: share.id } });
    const views = await m.find(ShareView, { where: { schoolId: scope.schoolId, shareId: share.id }, order: { occurredAt: 'DESC' } });
    return this.toRecord(share, items, views);
  }

  private toRecord(share: ProfessionalShare, items: ShareItem[], views: ShareView[]): ShareRecord {
    const state = share.revokedAt ? 'revoked' : share.expiresAt <= this.clock.now() ? 'expired' : 'active';
    return { share, state, items: items.filter((i) => i.shareId === share.id), views: views.filter((v) => v.shareId === share.id) };
  }
}
