import { Injectable } from '@nestjs/common';
import { Clock, conflict, notFound, requestContext } from '#libs/core';
import { TenantTransactions, schoolScope, type SchoolScope } from '#libs/database';
import { renderDocumentHtml, renderDocumentMarkdown, renderDocumentPdf } from '#libs/documents';
import { EVENT_TYPES, OutboxEvent, OutboxService } from '#libs/outbox';
import { SchoolToday } from '#libs/register';
import { TenancyService } from '#libs/tenancy';
import { buildReportDocument } from './report-document.js';
import { ReportFiguresQuery, type PublishedFigures } from './report-figures.js';
import { ReportRender, type RenderFormat } from './report-render.entity.js';
import { SenReport } from './sen-report.entity.js';

export const CONTENT_TYPES: Record<RenderFormat, string> = { pdf: 'application/pdf', html: 'text/html; charset=utf-8', md: 'text/markdown; charset=utf-8' };

/**
 * Report rendering as a background job: a request writes the render row and an outbox event in one
 * transaction; the worker renders it (the relay guarantees it runs, once its job does) and stores the file.
 */
@Injectable()
export class ReportRendersService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly outbox: OutboxService,
    private readonly figures: ReportFiguresQuery,
    private readonly tenancy: TenancyService,
    private readonly today: SchoolToday,
    private readonly clock: Clock,
  ) {}

  async request(scope: SchoolScope, reportId: string, format: RenderFormat): Promise<ReportRender> {
    const m = this.tx.manager();
    if (!(await m.existsBy(SenReport, { id: reportId, schoolId: scope.schoolId }))) throw notFound('Report');
    const render = await m.save(
      m.create(ReportRender, {
        schoolId: scope.schoolId,
        reportId,
        format,
        status: 'queued',
        content: null,
        bytes: null,
        renderMs: null,
        error: null,
        finishedAt: null,
        requestedBy: requestContext.get()?.userId ?? null,
      }),
    );
    await this.outbox.recordMany(scope, [
      { type: EVENT_TYPES.reportRenderRequested, subjectType: 'report_render', subjectId: render.id, payload: { reportId, format } },
    ]);
    return render;
  }

  async get(scope: SchoolScope, renderId: string): Promise<ReportRender> {
    const render = await this.tx.manager().findOne(ReportRender, {
      where: { id: renderId, schoolId: scope.schoolId },
      select: {
        id: true,
        schoolId: true,
        reportId: true,
        format: true,
        status: true,
        bytes: true,
        renderMs: true,
        error: true,
        requestedAt: true,
        finishedAt: true,
      },
    });
    if (!render) throw notFound('Render');
    return render;
  }

  async file(scope: SchoolScope, renderId: string): Promise<{ content: Buffer; format: RenderFormat }> {
    const render = await this.tx.manager().findOneBy(ReportRender, { id: renderId, schoolId: scope.schoolId });
    if (!render) throw notFound('Render');
    if (render.status !== 'done' || !render.content)
      throw conflict(render.status === 'failed' ? 'The render failed; request it again' : 'The render is not ready yet; poll its status');
    return { content: render.content, format: render.format };
  }

  /**
   * The worker's half: if the event asks for a render, make it (once: a done render is left alone) and mark
   * the event complete. Returns false for any other event.
   */
  async handle(schoolId: string, eventId: string): Promise<boolean> {
    const scope = schoolScope(schoolId);
    return this.tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
      const event = await m
        .createQueryBuilder(OutboxEvent, 'e')
        .setLock('pessimistic_write')
        .where('e.id = :eventId and e.school_id = :schoolId', { eventId, schoolId })
        .getOne();
      if (!event || event.type !== EVENT_TYPES.reportRenderRequested) return false;
      const render = await m.findOneBy(ReportRender, { id: event.subjectId, schoolId });
      if (render && render.status === 'queued') {
        const started = performance.now();
        try {
          const report = (await m.findOneBy(SenReport, { id: render.reportId, schoolId }))!;
          const figures =
            (report.figures as unknown as PublishedFigures | null) ??
            (await this.figures.published(scope, report.academicYear, await this.today.of(scope), report.complaintsCount));
          const doc = buildReportDocument(report, figures, (await this.tenancy.getSchool(scope)).name);
          const content =
            render.format === 'pdf'
              ? await renderDocumentPdf(doc)
              : Buffer.from(render.format === 'html' ? renderDocumentHtml(doc) : renderDocumentMarkdown(doc), 'utf8');
          await m.update(
            ReportRender,
            { id: render.id, schoolId },
            { status: 'done', content, bytes: content.length, renderMs: Math.round(performance.now() - started), finishedAt: this.clock.now() },
          );
        } catch (err) {
          await m.update(
            ReportRender,
            { id: render.id, schoolId },
            { status: 'failed', error: (err as Error).message.slice(0, 300), renderMs: Math.round(performance.now() - started), finishedAt: this.clock.now() },
          );
        }
      }
      const now = this.clock.now();
      await m.update(OutboxEvent, { id: eventId, schoolId }, { processedAt: event.processedAt ?? now, completedAt: now });
      return true;
    });
  }
}
