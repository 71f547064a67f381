import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SchoolScope } from '#libs/database';
import { StaffMappingService, type SavedStaffMapping } from '#libs/staff';
import { School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import { UuidParam } from '../../http/validators.js';
import { SaveStaffMappingDto, StaffMappingDto } from './staff-mappings.dto.js';

/** The service keeps only the fields that name a column (a DTO instance may carry absent ones as undefined). */
const definition = (body: SaveStaffMappingDto) => ({ columns: body.columns, classLayout: body.classLayout });

/** A school's saved staff-import mappings, beside the built-in ones; pick one at import with ?mappingId=. */
@ApiTags('staff')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId/staff-import-mappings', version: '1' })
export class StaffMappingsController {
  constructor(private readonly mappings: StaffMappingService) {}

  @Allow('senco', 'head')
  @Get()
  @ApiOkResponse({ type: [StaffMappingDto] })
  async list(@School() school: SchoolScope): Promise<SavedStaffMapping[]> {
    return this.mappings.list(school);
  }

  @Allow('senco', 'head')
  @Post()
  @ApiCreatedResponse({ type: StaffMappingDto })
  async create(@School() school: SchoolScope, @Body() body: SaveStaffMappingDto): Promise<SavedStaffMapping> {
    return this.mappings.create(school, body.name, definition(body));
  }

  @Allow('senco', 'head')
  @Put(':staffMappingId')
  @ApiOkResponse({ type: StaffMappingDto })
  async update(
    @School() school: SchoolScope,
    @Param('staffMappingId', new UuidParam('staffMappingId')) id: string,
    @Body() body: SaveStaffMappingDto,
  ): Promise<SavedStaffMapping> {
    return this.mappings.update(school, id, body.name, definition(body));
  }

  @Allow('senco', 'head')
  @Delete(':staffMappingId')
  @HttpCode(204)
  async remove(@School() school: SchoolScope, @Param('staffMappingId', new UuidParam('staffMappingId')) id: string): Promise<void> {
    await this.mappings.remove(school, id);
  }
}
