import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { academicYearBounds, academicYearOf } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { renderDocumentPdf } from '#libs/documents';
import { ProvisionMapQuery, pupilProvisionCsv, pupilProvisionDocument, schoolProvisionCsv, schoolProvisionDocument } from '#libs/interventions';
import { PupilsService, SchoolToday } from '#libs/register';
import { TenancyService } from '#libs/tenancy';
import { AuditService } from '#libs/audit';
import { AccessLogService } from '#libs/privacy';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { pupilViewer } from '../../http/viewers.js';
import { PupilProvisionMapDto, SchoolProvisionMapDto } from './provision-map.dto.js';
import { ProvisionMapDownloadQuery } from './provision-map-query.dto.js';
import { ReadReplica } from '../../http/read-replica.decorator.js';

/**
 * The provision map: for a pupil (their parents may see it: Code of Practice 6.76), and for the whole
 * school by intervention, area of need, year group and staff, against the notional SEN budget.
 */
@ApiTags('interventions')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class ProvisionMapController {
  constructor(
    private readonly provision: ProvisionMapQuery,
    private readonly pupils: PupilsService,
    private readonly tenancy: TenancyService,
    private readonly today: SchoolToday,
    private readonly audit: AuditService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Allow('senco', 'head', 'trust_lead', 'teacher', 'parent')
  @Get('pupils/:pupilId/provision-map')
  @ReadReplica()
  @Header('cache-control', 'no-store')
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({ type: PupilProvisionMapDto })
  async pupil(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: ProvisionMapDownloadQuery,
  ): Promise<unknown> {
    const format = query.format ?? 'json';
    const today = await this.today.of(school);
    const year = query.academicYear ?? academicYearOf(today);
    const pupil = await this.pupils.visible(school, pupilViewer(access), pupilId);
    await this.accessLog.read(school, pupilId, 'provision_map', access.roles);
    const { startsOn, endsOn } = academicYearBounds(year);
    const rows = await this.provision.pupil(school, pupilId, startsOn, endsOn, today);
    if (format === 'json') return { pupilId, academicYear: year, provisions: rows };
    await this.audit.record(school, { action: 'provision_map.exported', entityType: 'pupil', entityId: pupilId, details: { format } });
    const name = `provision-map-${pupil.upn}-${year}`;
    if (format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
      return pupilProvisionCsv(rows);
    }
    const schoolName = (await this.tenancy.getSchool(school)).name;
    void reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`);
    return renderDocumentPdf(
      pupilProvisionDocument(rows, `${pupil.preferredFirstName ?? pupil.legalFirstName} ${pupil.preferredLastName ?? pupil.legalLastName}`, schoolName, year),
    );
  }

  @Allow('senco', 'head', 'trust_lead')
  @Get('provision-map')
  @ReadReplica()
  @Header('cache-control', 'no-store')
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({ type: SchoolProvisionMapDto })
  async school(@School() school: SchoolScope, @Res({ passthrough: true }) reply: FastifyReply, @Query() query: ProvisionMapDownloadQuery): Promise<unknown> {
    const format = query.format ?? 'json';
    const today = await this.today.of(school);
    const year = query.academicYear ?? academicYearOf(today);
    const { startsOn, endsOn } = academicYearBounds(year);
    const map = await this.provision.school(school, year, startsOn, endsOn, today);
    if (format === 'json') return map;
    const name = `provision-map-${year}`;
    if (format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
      return schoolProvisionCsv(map);
    }
    void reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`);
    return renderDocumentPdf(schoolProvisionDocument(map, (await this.tenancy.getSchool(school)).name));
  }
}
