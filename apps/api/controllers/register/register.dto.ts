import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  AREAS_OF_NEED,
  NEED_CODES,
  REGISTER_SORTS,
  SEN_STATUSES,
  YEAR_GROUPS,
  type AreaOfNeed,
  type NeedCode,
  type RegisterSort,
  type SenStatus,
  type YearGroup,
} from '#libs/register';
import { PageLimit } from '../../http/paging.js';
import { IsIsoDate } from '../../http/validators.js';
import { PupilFieldsDto } from './pupils.dto.js';

const BOOL = ['true', 'false'] as const;

/** Lists are comma-separated (`status=K,E`); every value is checked and a bad one named. */
export class RegisterFilterQuery {
  @ApiPropertyOptional({ description: 'Read the register as of this day (default today)', example: '2026-01-15' })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;

  @ApiPropertyOptional({ description: `Comma-separated, from ${SEN_STATUSES.join(', ')}; default K,E (the register)`, example: 'K,E' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  status?: string;

  @ApiPropertyOptional({ description: `Primary need, comma-separated, from ${NEED_CODES.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  need?: string;

  @ApiPropertyOptional({ description: `Area of need of the primary need, comma-separated, from ${AREAS_OF_NEED.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  area?: string;

  @ApiPropertyOptional({ description: `Comma-separated, from ${YEAR_GROUPS.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  yearGroup?: string;

  @ApiPropertyOptional({ description: 'Class or form names, comma-separated' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  className?: string;

  @ApiPropertyOptional({ enum: BOOL }) @IsOptional() @IsString() @MaxLength(10) fsm?: string;
  @ApiPropertyOptional({ enum: BOOL }) @IsOptional() @IsString() @MaxLength(10) eal?: string;
  @ApiPropertyOptional({ enum: BOOL }) @IsOptional() @IsString() @MaxLength(10) lookedAfter?: string;
  @ApiPropertyOptional({ description: 'Placed on the register on or after' }) @IsOptional() @IsIsoDate() placedFrom?: string;
  @ApiPropertyOptional({ description: 'Placed on the register on or before' }) @IsOptional() @IsIsoDate() placedTo?: string;
  @ApiPropertyOptional({ description: 'Start of a name, or a whole UPN' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class RegisterPageQuery extends RegisterFilterQuery {
  @ApiPropertyOptional({ enum: REGISTER_SORTS, default: 'name' })
  @IsOptional()
  @IsIn(REGISTER_SORTS, { message: `sort must be one of ${REGISTER_SORTS.join(', ')}` })
  sort?: RegisterSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: 'asc' | 'desc';

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(2000) cursor?: string;
}

export class RegisterRowDto extends PupilFieldsDto {
  pupilId: string;
  @ApiProperty({ enum: SEN_STATUSES }) status: SenStatus;
  statusSince: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Start of the unbroken time on the register' }) placedOn: string | null;
  @ApiProperty({ enum: NEED_CODES, nullable: true }) primaryNeed: NeedCode | null;
  @ApiProperty({ enum: NEED_CODES, nullable: true }) secondaryNeed: NeedCode | null;
  @ApiProperty({ enum: AREAS_OF_NEED, nullable: true }) areaOfNeed: AreaOfNeed | null;
  ehcPlanDate: string | null;
  @ApiProperty({
    enum: ['sent', 'pending', 'given_outside'],
    nullable: true,
    description: 'For K: the formal notice to parents (given_outside: the school told them before or outside SEN Manager; nothing was sent)',
  })
  parentNotice: 'sent' | 'pending' | 'given_outside' | null;
  @ApiProperty({ nullable: true, type: Date }) parentsNotifiedAt: Date | null;
}

export class RegisterPageDto {
  asOf: string;
  items: RegisterRowDto[];
  nextCursor: string | null;
}

// Exported because the generated Swagger metadata (apps/api/swagger-metadata.ts) refers to them by name.
export class StatusCountDto {
  @ApiProperty({ enum: SEN_STATUSES }) status: SenStatus;
  count: number;
}
export class StatusNeedCountDto extends StatusCountDto {
  @ApiProperty({ enum: NEED_CODES, nullable: true }) primaryNeed: NeedCode | null;
}
export class YearStatusCountDto extends StatusCountDto {
  @ApiProperty({ enum: YEAR_GROUPS }) yearGroup: YearGroup;
}

export class RegisterSummaryDto {
  asOf: string;
  total: number;
  byStatus: StatusCountDto[];
  byStatusAndNeed: StatusNeedCountDto[];
  byYearGroup: YearStatusCountDto[];
}
