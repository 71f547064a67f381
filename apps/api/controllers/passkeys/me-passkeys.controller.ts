import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PasskeyRegistration } from '#libs/auth';
import { Access } from '../../http/current.decorator.js';
import { Authenticated } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { PasskeyRegistrationOptionsDto } from './passkey-options.dto.js';
import { PasskeyDto, RegisterPasskeyDto } from './passkeys.dto.js';

/** A user's own passkeys (docs/security.md, Passkeys): anyone signed in may add them; each acts only on their own. */
@ApiTags('me')
@ApiBearerAuth()
@Controller({ path: 'me/passkeys', version: '1' })
export class MePasskeysController {
  constructor(private readonly passkeys: PasskeyRegistration) {}

  @Authenticated()
  @Get()
  @ApiOkResponse({ type: [PasskeyDto] })
  list(@Access() access: RequestAccess): Promise<PasskeyDto[]> {
    return this.passkeys.list(access.principal);
  }

  @Authenticated()
  @Post('options')
  @HttpCode(200)
  @ApiOkResponse({ type: PasskeyRegistrationOptionsDto, description: 'For navigator.credentials.create; the challenge is single-use and lasts five minutes' })
  options(@Access() access: RequestAccess): Promise<PasskeyRegistrationOptionsDto> {
    return this.passkeys.options(access.principal);
  }

  @Authenticated()
  @Post('verify')
  @ApiCreatedResponse({ type: PasskeyDto, description: 'The passkey is registered' })
  register(@Access() access: RequestAccess, @Body() body: RegisterPasskeyDto): Promise<PasskeyDto> {
    return this.passkeys.register(access.principal, body.credential, body.name);
  }

  @Authenticated()
  @Delete(':passkeyId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The passkey is removed and can no longer sign in' })
  async remove(@Access() access: RequestAccess, @Param('passkeyId', new UuidParam('passkeyId')) passkeyId: string): Promise<void> {
    await this.passkeys.remove(access.principal, passkeyId);
  }
}
