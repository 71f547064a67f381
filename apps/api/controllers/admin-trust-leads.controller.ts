import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TrustInvitationService, type TrustInvitation, type TrustInvitationState } from '#libs/auth';
import { Allow } from '../http/policy.decorator.js';
import { UuidParam } from '../http/validators.js';
import { InviteTrustLeadDto, TrustLeadInvitationDto, TrustLeadsDto } from './admin-trust-leads.dto.js';

const toDto = (i: TrustInvitation & { state: TrustInvitationState }): TrustLeadInvitationDto => ({
  id: i.id,
  email: i.email,
  state: i.state,
  expiresAt: i.expiresAt,
  createdAt: i.createdAt,
});

/**
 * The platform admin appoints and removes a trust's leads (docs/security.md, "Platform administration"). The
 * invitation is emailed (never handed back: the admin is not the invitee); every action is in the admins' trail.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller({ path: 'admin/trusts/:trustId', version: '1' })
export class AdminTrustLeadsController {
  constructor(private readonly invitations: TrustInvitationService) {}

  @Allow('admin')
  @Get('leads')
  @ApiOkResponse({ type: TrustLeadsDto })
  async list(@Param('trustId', new UuidParam('trustId')) trustId: string): Promise<TrustLeadsDto> {
    const { leads, invitations } = await this.invitations.list(trustId);
    return { leads, invitations: invitations.map(toDto) };
  }

  @Allow('admin')
  @Post('lead-invitations')
  @ApiCreatedResponse({ type: TrustLeadInvitationDto })
  async invite(@Param('trustId', new UuidParam('trustId')) trustId: string, @Body() body: InviteTrustLeadDto): Promise<TrustLeadInvitationDto> {
    return toDto(Object.assign(await this.invitations.create(trustId, body.email), { state: 'pending' as const }));
  }

  @Allow('admin')
  @Delete('lead-invitations/:invitationId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async revoke(
    @Param('trustId', new UuidParam('trustId')) trustId: string,
    @Param('invitationId', new UuidParam('invitationId')) invitationId: string,
  ): Promise<void> {
    await this.invitations.revoke(trustId, invitationId);
  }

  @Allow('admin')
  @Delete('leads/:userId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('trustId', new UuidParam('trustId')) trustId: string, @Param('userId', new UuidParam('userId')) userId: string): Promise<void> {
    await this.invitations.removeLead(trustId, userId);
  }
}
