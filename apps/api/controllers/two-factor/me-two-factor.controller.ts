import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SecondFactor, TotpFactors, User } from '#libs/auth';
import { conflict } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { Access } from '../../http/current.decorator.js';
import { Authenticated } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { ConfirmTotpDto, RecoveryCodesDto, TotpEnrolmentDto, TwoFactorStatusDto } from './two-factor.dto.js';

/** A user's own second factors: any user may add one (parents opt in); some roles must. */
@ApiTags('me')
@ApiBearerAuth()
@Controller({ path: 'me/two-factor', version: '1' })
export class MeTwoFactorController {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly totp: TotpFactors,
    private readonly secondFactor: SecondFactor,
  ) {}

  @Authenticated()
  @Get()
  @ApiOkResponse({ type: TwoFactorStatusDto })
  async status(@Access() access: RequestAccess): Promise<TwoFactorStatusDto> {
    const m = this.tx.manager();
    const status = await this.totp.status(m, access.principal.userId);
    return { ...status, required: await this.secondFactor.required(m, access.principal.userId) };
  }

  @Authenticated()
  @Post('totp')
  @HttpCode(200)
  @ApiOkResponse({ type: TotpEnrolmentDto, description: 'A new key, shown this once; confirm it with a first code' })
  async startTotp(@Access() access: RequestAccess): Promise<TotpEnrolmentDto> {
    const m = this.tx.manager();
    const user = await m.findOneByOrFail(User, { id: access.principal.userId });
    return this.totp.start(m, user.id, user.email);
  }

  @Authenticated()
  @Post('totp/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesDto, description: 'The app is on; ten recovery codes, shown this once' })
  async confirmTotp(@Access() access: RequestAccess, @Body() body: ConfirmTotpDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.totp.confirm(this.tx.manager(), access.principal.userId, body.code) };
  }

  @Authenticated()
  @Delete('totp')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The authenticator app and the recovery codes are removed' })
  async removeTotp(@Access() access: RequestAccess): Promise<void> {
    await this.totp.remove(this.tx.manager(), access.principal.userId);
  }

  @Authenticated()
  @Post('recovery-codes')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesDto, description: 'Ten new codes; the earlier ones stop working' })
  async newRecoveryCodes(@Access() access: RequestAccess): Promise<RecoveryCodesDto> {
    const m = this.tx.manager();
    if (!(await this.totp.hasFactor(m, access.principal.userId))) throw conflict('Set up an authenticator app first');
    return { recoveryCodes: await this.totp.newRecoveryCodes(m, access.principal.userId) };
  }
}
