import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { renderDocumentPdf } from '#libs/documents';
import { academicYearBounds, academicYearOf, invalid } from '#libs/core';
import {
  ProvisionMapQuery,
  pupilProvisionCsv,
  pupilProvisionDocument,
  schoolProvisionCsv,
  schoolProvisionDocument,
} from '#libs/interventions';
import { PupilsService, SchoolToday } from '#libs/register';
import { TenancyService } from '#libs/tenancy';
import { AuditService } from '#libs/audit';
import { AccessLogService } from '#libs/privacy';
import { Access } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { PupilProvisionMapDto, SchoolProvisionMapDto } from './interventions.dto.js';

const FORMATS = ['json', 'csv', 'pdf'] as const;
const viewer = (a: RequestAccess) => ({ userId: a.principal.userId, access: a.scope.pupilAccess ?? [] });

function yearOf(raw: string | undefined, today: string): number {
  if (raw === undefined) return academicYearOf(today);
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw) || year < 2000 || year > 2100) throw invalid([{ field: 'academicYear', message: 'academicYear must be a year such as 2026 (for 2026/27)' }]);
  return year;
}
function formatOf(raw: string | undefined): (typeof FORMATS)[number] {
  const f = raw ?? 'json';
  if (!(FORMATS as readonly string[]).includes(f)) throw invalid([{ field: 'format', message: `format must be one of ${FORMATS.join(', ')}` }]);
  return f as (typeof FORMATS)[number];
}

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
  @Header('cache-control', 'no-store')
  @ApiQuery({ name: 'academicYear', required: false, description: 'Default: the current year' })
  @ApiQuery({ name: 'format', required: false, enum: FORMATS })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({ type: PupilProvisionMapDto })
  async pupil(
    @Access() access: RequestAccess,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('academicYear') yearParam?: string,
    @Query('format') formatParam?: string,
  ): Promise<unknown> {
    const school = access.school!;
    const format = formatOf(formatParam);
    const today = await this.today.of(school);
    const year = yearOf(yearParam, today);
    const pupil = await this.pupils.visible(school, viewer(access), pupilId);
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
    return renderDocumentPdf(pupilProvisionDocument(rows, `${pupil.preferredFirstName ?? pupil.legalFirstName} ${pupil.preferredLastName ?? pupil.legalLastName}`, schoolName, year));
  }

  @Allow('senco', 'head', 'trust_lead')
  @Get('provision-map')
  @Header('cache-control', 'no-store')
  @ApiQuery({ name: 'academicYear', required: false, description: 'Default: the current year' })
  @ApiQuery({ name: 'format', required: false, enum: FORMATS })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({ type: SchoolProvisionMapDto })
  async school(@Access() access: RequestAccess, @Res({ passthrough: true }) reply: FastifyReply, @Query('academicYear') yearParam?: string, @Query('format') formatParam?: string): Promise<unknown> {
    const school = access.school!;
    const format = formatOf(formatParam);
    const today = await this.today.of(school);
    const year = yearOf(yearParam, today);
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
