import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SchoolScope } from '#libs/database';
import { AccessLogService } from '#libs/privacy';
import { ReferralsService, type ReferralView } from '#libs/sharing';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { OverdueReferralDto, ReferralDto, ReferralInputDto, ReferralPatchDto } from './referrals.dto.js';

const toDto = (r: ReferralView): ReferralDto => ({
  id: r.id,
  pupilId: r.pupilId,
  serviceName: r.serviceName,
  serviceKind: r.serviceKind,
  referredOn: r.referredOn,
  expectedWaitWeeks: r.expectedWaitWeeks,
  expectedBy: r.expectedBy,
  status: r.status,
  seenOn: r.seenOn,
  outcome: r.outcome,
  overdue: r.overdue,
});

/** Referrals to outside services: the SENCO records and chases them; the head reads them too. */
@ApiTags('sharing')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Allow('senco', 'head')
  @Post('pupils/:pupilId/referrals')
  @ApiCreatedResponse({ type: ReferralDto })
  async create(
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Body() body: ReferralInputDto,
  ): Promise<ReferralDto> {
    return toDto(await this.referrals.create(school, pupilId, body));
  }

  @Allow('senco', 'head')
  @Get('pupils/:pupilId/referrals')
  @ApiOkResponse({ type: [ReferralDto] })
  async list(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<ReferralDto[]> {
    const list = await this.referrals.forPupil(school, pupilId);
    await this.accessLog.read(school, pupilId, 'referrals', access.roles);
    return list.map(toDto);
  }

  @Allow('senco', 'head')
  @Patch('referrals/:referralId')
  @ApiOkResponse({ type: ReferralDto })
  async update(
    @School() school: SchoolScope,
    @Param('referralId', new UuidParam('referralId')) id: string,
    @Body() body: ReferralPatchDto,
  ): Promise<ReferralDto> {
    return toDto(await this.referrals.update(school, id, body));
  }

  /** Waiting past the expected wait and not seen: the SENCO's list to chase. */
  @Allow('senco', 'head')
  @Get('referrals/overdue')
  @ApiOkResponse({ type: [OverdueReferralDto] })
  async overdue(@School() school: SchoolScope, @Access() access: RequestAccess): Promise<OverdueReferralDto[]> {
    const list = await this.referrals.overdue(school);
    for (const pupilId of new Set(list.map((r) => r.pupilId))) await this.accessLog.read(school, pupilId, 'referrals', access.roles);
    return list.map((r) => ({ ...toDto(r), firstName: r.firstName, lastName: r.lastName }));
  }
}
