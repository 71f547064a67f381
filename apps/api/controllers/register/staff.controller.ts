import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SchoolScope } from '#libs/database';
import { PupilsService } from '#libs/register';
import { School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import { UuidParam } from '../../http/validators.js';
import { StaffClassesDto } from './pupils.dto.js';

/** Which classes each member of staff teaches: what a teacher may see of the register follows from it. */
@ApiTags('register')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId/staff/:userId/classes', version: '1' })
export class StaffController {
  constructor(private readonly pupils: PupilsService) {}

  @Allow('senco', 'head')
  @Get()
  @ApiOkResponse({ type: StaffClassesDto })
  async get(@School() school: SchoolScope, @Param('userId', new UuidParam('userId')) userId: string): Promise<StaffClassesDto> {
    return { classNames: await this.pupils.staffClasses(school, userId) };
  }

  @Allow('senco', 'head')
  @Put()
  @ApiOkResponse({ type: StaffClassesDto })
  async set(@School() school: SchoolScope, @Param('userId', new UuidParam('userId')) userId: string, @Body() body: StaffClassesDto): Promise<StaffClassesDto> {
    return { classNames: await this.pupils.setStaffClasses(school, userId, body.classNames) };
  }
}
