import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { Redis } from 'ioredis';
import { In, IsNull, MoreThan } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { DocumentsService, PupilDocument } from '#libs/attachments';
import { APP_CONFIG, Clock, conflict, invalid, notFound, requestContext, unauthorized, type AppConfig } from '#libs/core';
import { TenantTransactions, schoolScope } from '#libs/database';
import { OutboxService } from '#libs/outbox';
import { AccessEvent } from '#libs/privacy';
import { REDIS } from '#libs/queue';
import { TenancyService } from '#libs/tenancy';
import { ProfessionalShare } from './professional-share.entity.js';
import { ShareCode } from './share-code.entity.js';
import { ShareItem } from './share-item.entity.js';
import { SHARE_SECRET_SLOT, queueShareEmail } from './share-mail.js';
import { SHARE_TOKEN, hashCode, hashSecret, newShareCode, newShareToken, sameHash } from './share-secrets.js';
import { ShareView, type ShareViewAction } from './share-view.entity.js';
import { SharedReport } from './shared-report.entity.js';
import { readPlan, readSummary, type SharedPlan, type SharedSummary } from './shared-record.js';

export const CODE_MINUTES = 10;
export const CODE_ATTEMPTS = 5;
/** Codes a link may ask for in an hour: enough for a mistyped address or a slow inbox, too few to farm. */
export const CODES_PER_HOUR = 5;
export const SESSION_MINUTES = 60;

export interface SharedIntro {
  schoolName: string;
  professionalName: string;
  expiresAt: Date;
}

/** A document the share holds, as the professional's page lists it. */
export interface SharedDocument {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
}

export interface SharedContent extends SharedIntro {
  summary: SharedSummary | null;
  plan: SharedPlan | null;
  documents: SharedDocument[];
}

export interface UploadedReport {
  reportDate: string;
  summary: string;
  recommendations: string | null;
  organisation: string | null;
}

/**
 * The professional's side of a share, reached by the link alone (no account). Everything here is hostile
 * input: an unknown, expired or revoked link gets the same 404; nothing is shown until a one-time code sent to
 * the professional's email is entered; every read is logged in the pupil's access log under the share.
 */
@Injectable()
export class SharedAccessService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly tenancy: TenancyService,
    private readonly documents: DocumentsService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async intro(token: string): Promise<SharedIntro> {
    const share = await this.find(token);
    return this.inSchool(share, async () => {
      const school = await this.tenancy.getSchool(schoolScope(share.schoolId));
      return { schoolName: school.name, professionalName: share.professionalName, expiresAt: share.expiresAt };
    });
  }

  /** Emails a new code, unless this link asked for too many this hour (the answer is the same either way). */
  async requestCode(token: string): Promise<void> {
    const share = await this.find(token);
    await this.inSchool(share, async (m) => {
      const now = this.clock.now();
      const recent = await m.countBy(ShareCode, { schoolId: share.schoolId, shareId: share.id, createdAt: MoreThan(new Date(now.getTime() - 3_600_000)) });
      if (recent >= CODES_PER_HOUR) return;
      const code = newShareCode();
      await m.insert(ShareCode, {
        schoolId: share.schoolId,
        shareId: share.id,
        pupilId: share.pupilId,
        codeHash: hashCode(share.id, code),
        expiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000),
        attempts: 0,
        usedAt: null,
        sessionHash: null,
        sessionExpiresAt: null,
      });
      const school = await this.tenancy.getSchool(schoolScope(share.schoolId));
      await queueShareEmail(m, this.outbox, this.config.dataEncryptionKey, schoolScope(share.schoolId), now, {
        shareId: share.id,
        kind: 'share_code',
        secret: code,
        to: share.professionalEmail,
        subject: `Your code to view what ${school.name} shared`,
        paragraphs: [
          `Dear ${share.professionalName},`,
          `Your one-time code is ${SHARE_SECRET_SLOT}. It works once, for ${CODE_MINUTES} minutes.`,
          `If you did not ask for a code, you can ignore this email.`,
        ],
      });
    });
  }

  /**
   * Checks the newest open code. Wrong guesses are counted in Redis (a refusal changes no row), and the code
   * dies after a few; the right one is used up and opens a viewing session of an hour.
   */
  async openSession(token: string, code: string): Promise<{ sessionKey: string; expiresAt: Date }> {
    const share = await this.find(token);
    const opened = await this.inSchool(share, async (m) => {
      const now = this.clock.now();
      const open = await m.findOne(ShareCode, {
        where: { schoolId: share.schoolId, shareId: share.id, usedAt: IsNull(), expiresAt: MoreThan(now) },
        order: { createdAt: 'DESC' },
      });
      if (!open) return null;
      const key = `share-code-failures:${open.id}`;
      const failures = Number((await this.redis.get(key)) ?? 0);
      if (failures >= CODE_ATTEMPTS) return null;
      if (!/^\d{6}$/.test(code) || !sameHash(open.codeHash, hashCode(share.id, code))) {
        await this.redis
          .multi()
          .incr(key)
          .pexpire(key, (CODE_MINUTES + 1) * 60_000)
          .exec();
        return null;
      }
      const sessionKey = newShareToken();
      const expiresAt = new Date(now.getTime() + SESSION_MINUTES * 60_000);
      await m.update(
        ShareCode,
        { id: open.id, schoolId: share.schoolId },
        { attempts: failures + 1, usedAt: now, sessionHash: hashSecret(sessionKey), sessionExpiresAt: expiresAt },
      );
      return { sessionKey, expiresAt };
    });
    if (!opened) throw invalid([{ field: 'code', message: 'the code is wrong, used or expired: ask for a new one if needed' }]);
    return opened;
  }

  async content(token: string, sessionKey: string | undefined): Promise<SharedContent> {
    const share = await this.find(token);
    return this.inSchool(share, async (m) => {
      await this.checkSession(m, share, sessionKey);
      const items = await m.findBy(ShareItem, { schoolId: share.schoolId, shareId: share.id });
      const kinds = new Set(items.map((i) => i.kind));
      const school = await this.tenancy.getSchool(schoolScope(share.schoolId));
      const summary = kinds.has('summary') ? await readSummary(m, share.schoolId, share.pupilId) : null;
      const plan = kinds.has('plan') ? await readPlan(m, share.schoolId, share.pupilId) : null;
      const documents = (await this.sharedDocuments(m, share, items)).map(({ id, filename, mediaType, size }) => ({ id, filename, mediaType, size }));
      await this.log(m, share, 'view');
      return { schoolName: school.name, professionalName: share.professionalName, expiresAt: share.expiresAt, summary, plan, documents };
    });
  }

  /**
   * One document of the share, for download. The same 404 for a document the share does not hold, one since
   * deleted from the record, and one no longer clean: the professional learns nothing about the rest.
   */
  async document(token: string, sessionKey: string | undefined, documentId: string): Promise<{ document: PupilDocument; body: Readable }> {
    const share = await this.find(token);
    const document = await this.inSchool(share, async (m) => {
      await this.checkSession(m, share, sessionKey);
      const items = await m.findBy(ShareItem, { schoolId: share.schoolId, shareId: share.id, kind: 'document', documentId });
      const [doc] = await this.sharedDocuments(m, share, items);
      if (!doc) throw notFound('Document');
      await this.log(m, share, 'download', doc.id);
      return doc;
    });
    return { document, body: await this.documents.content(schoolScope(share.schoolId), document) };
  }

  /** The share's documents still on the pupil's record and clean, in the order they were uploaded. */
  private async sharedDocuments(m: EntityManager, share: ProfessionalShare, items: ShareItem[]): Promise<PupilDocument[]> {
    const ids = items.flatMap((i) => (i.kind === 'document' && i.documentId ? [i.documentId] : []));
    if (ids.length === 0) return [];
    return m.find(PupilDocument, {
      where: { schoolId: share.schoolId, pupilId: share.pupilId, id: In(ids), status: 'clean' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** The professional's report arrives pending: the SENCO accepts it into the pupil's professional reports, or rejects it. */
  async upload(token: string, sessionKey: string | undefined, input: UploadedReport): Promise<SharedReport> {
    const share = await this.find(token);
    return this.inSchool(share, async (m) => {
      await this.checkSession(m, share, sessionKey);
      const today = this.clock.now().toISOString().slice(0, 10);
      if (input.reportDate > today) throw invalid([{ field: 'reportDate', message: `reportDate ${input.reportDate} is in the future` }]);
      const report = await m.save(
        m.create(SharedReport, {
          schoolId: share.schoolId,
          shareId: share.id,
          pupilId: share.pupilId,
          professionalName: share.professionalName,
          professionalRole: share.professionalRole,
          organisation: input.organisation ?? share.organisation,
          reportDate: input.reportDate,
          summary: input.summary,
          recommendations: input.recommendations,
          documentId: null,
          status: 'pending',
          decidedBy: null,
          decidedAt: null,
          professionalReportId: null,
        }),
      );
      await m.insert(ShareView, { schoolId: share.schoolId, shareId: share.id, pupilId: share.pupilId, action: 'upload', documentId: null });
      return report;
    });
  }

  /**
   * The professional's report file, for a report they sent through this link and that still waits for the
   * SENCO. It is stored and scanned like any document, confidential until the SENCO decides who else sees it.
   */
  async uploadFile(token: string, sessionKey: string | undefined, reportId: string, file: { filename: string; body: Readable }): Promise<PupilDocument> {
    const share = await this.find(token);
    return this.inSchool(share, async (m) => {
      await this.checkSession(m, share, sessionKey);
      const report = await m.findOneBy(SharedReport, { id: reportId, schoolId: share.schoolId, shareId: share.id });
      if (!report) throw notFound('Report');
      if (report.status !== 'pending') throw conflict(`The school has already ${report.status} this report`);
      if (report.documentId) throw conflict('A file is already attached to this report');
      const doc = await this.documents.upload(schoolScope(share.schoolId), share.pupilId, { ...file, uploaderKind: 'professional', confidential: true });
      await m.update(SharedReport, { id: report.id, schoolId: share.schoolId }, { documentId: doc.id });
      await m.insert(ShareView, { schoolId: share.schoolId, shareId: share.id, pupilId: share.pupilId, action: 'upload', documentId: doc.id });
      return doc;
    });
  }

  /** The same 404 for a malformed, unknown, revoked or expired link: nothing tells them apart. */
  private async find(token: string): Promise<ProfessionalShare> {
    const missing = notFound('Shared record');
    if (!SHARE_TOKEN.test(token)) throw missing;
    const tokenHash = hashSecret(token);
    const share = await this.tx.run({ schoolIds: [] }, async (m) => {
      await m.query(`select set_config('app.share_token_hash', $1, true)`, [tokenHash]);
      return m.findOneBy(ProfessionalShare, { tokenHash });
    });
    if (!share || share.revokedAt || share.expiresAt <= this.clock.now()) throw missing;
    return share;
  }

  /** The share's school, every pupil visible: each method reads only the share's own pupil. */
  private inSchool<T>(share: ProfessionalShare, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.tx.run({ schoolIds: [share.schoolId], pupilAccess: 'all' }, fn);
  }

  private async checkSession(m: EntityManager, share: ProfessionalShare, sessionKey: string | undefined): Promise<void> {
    const refused = unauthorized('Enter the one-time code we emailed you first');
    if (!sessionKey || !SHARE_TOKEN.test(sessionKey)) throw refused;
    const session = await m.findOneBy(ShareCode, {
      schoolId: share.schoolId,
      shareId: share.id,
      sessionHash: hashSecret(sessionKey),
      sessionExpiresAt: MoreThan(this.clock.now()),
    });
    if (!session) throw refused;
  }

  private async log(m: EntityManager, share: ProfessionalShare, action: ShareViewAction, documentId: string | null = null): Promise<void> {
    await m.insert(ShareView, { schoolId: share.schoolId, shareId: share.id, pupilId: share.pupilId, action, documentId });
    await m.insert(AccessEvent, {
      schoolId: share.schoolId,
      pupilId: share.pupilId,
      actorUserId: null,
      actorRoles: 'professional',
      resource: documentId ? 'documents' : 'shared_record',
      requestId: requestContext.get()?.requestId ?? null,
      shareId: share.id,
    });
  }
}
