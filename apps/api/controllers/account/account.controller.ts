import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountService } from '#libs/auth';
import { Access } from '../../http/current.decorator.js';
import { Authenticated } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { ChangePasswordDto, DeviceSessionDto } from './account.dto.js';

/** The signed-in user's own password and devices: each user acts only on their own account. */
@ApiTags('me')
@ApiBearerAuth()
@Controller({ path: 'me', version: '1' })
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Authenticated()
  @Post('password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password changed; every other session is signed out' })
  async changePassword(@Access() access: RequestAccess, @Body() body: ChangePasswordDto): Promise<void> {
    await this.account.changePassword(access.principal, body.currentPassword, body.newPassword);
  }

  @Authenticated()
  @Get('sessions')
  @ApiOkResponse({ type: [DeviceSessionDto] })
  sessions(@Access() access: RequestAccess): Promise<DeviceSessionDto[]> {
    return this.account.sessions(access.principal);
  }

  @Authenticated()
  @Delete('sessions/:deviceSessionId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'That session is signed out at once; its access token stops working' })
  async revokeSession(@Access() access: RequestAccess, @Param('deviceSessionId', new UuidParam('deviceSessionId')) sessionId: string): Promise<void> {
    await this.account.revokeSession(access.principal, sessionId);
  }
}
