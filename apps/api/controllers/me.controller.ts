import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { TenantTransactions } from '#libs/database';
import { User } from '#libs/auth';
import { notFound } from '#libs/core';
import { Access } from '../http/current.decorator.js';
import { Authenticated } from '../http/policy.decorator.js';
import type { RequestAccess } from '../http/tenant-request.js';

class SchoolAccessDto {
  @ApiProperty() schoolId: string;
  @ApiProperty({ type: [String] }) roles: string[];
}

class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty() isPlatformAdmin: boolean;
  @ApiProperty({ type: [SchoolAccessDto] }) schools: SchoolAccessDto[];
}

@ApiTags('me')
@ApiBearerAuth()
@Controller({ path: 'me', version: '1' })
export class MeController {
  constructor(private readonly tx: TenantTransactions) {}

  @Authenticated()
  @Get()
  @ApiOkResponse({ type: MeDto })
  async me(@Access() access: RequestAccess): Promise<MeDto> {
    const user = await this.tx.manager().findOneBy(User, { id: access.principal.userId });
    if (!user) throw notFound('User');
    const schools = Object.entries(access.principal.schoolRoles).map(([schoolId, roles]) => ({ schoolId, roles }));
    return { id: user.id, email: user.email, displayName: user.displayName, isPlatformAdmin: user.isPlatformAdmin, schools };
  }
}
