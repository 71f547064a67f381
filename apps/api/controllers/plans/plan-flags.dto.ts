import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { FLAG_RULES } from '#libs/plans';
import { SEN_STATUSES, YEAR_GROUPS } from '#libs/register';
import { OffsetPageQuery } from '../../http/paging.js';
import { FlaggedPupilDto } from './plans.dto.js';

/** Lists are comma-separated (`yearGroup=7,8`); every value is checked and a bad one named. */
export class FlagsFilterQuery {
  @ApiPropertyOptional({ description: `Year groups, comma-separated, from ${YEAR_GROUPS.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  yearGroup?: string;

  @ApiPropertyOptional({ description: `SEN status today, comma-separated, from ${SEN_STATUSES.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  status?: string;

  @ApiPropertyOptional({ description: 'Start of a name, or a whole UPN' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class FlagsPageQuery extends IntersectionType(FlagsFilterQuery, OffsetPageQuery) {
  @ApiPropertyOptional({ enum: Object.keys(FLAG_RULES), description: 'Only pupils with this kind of flag, showing only it' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  code?: string;
}

export class FlagsPageDto {
  @ApiProperty({ description: 'Pupils matching, over every page' }) total: number;
  offset: number;
  limit: number;
  items: FlaggedPupilDto[];
}

export class FlagCountDto {
  @ApiProperty({ example: 'no_plan' }) code: string;
  @ApiProperty({ description: 'The code in words', example: 'No plan' }) label: string;
  @ApiProperty({ description: 'The guidance or rule the flag comes from' }) rule: string;
  @ApiProperty({ description: 'Pupils with at least one flag of this code' }) pupils: number;
  @ApiProperty({ description: 'Flags of this code (one pupil may have several)' }) flags: number;
}

export class FlagsSummaryDto {
  @ApiProperty({ description: 'Pupils with at least one flag' }) pupils: number;
  @ApiProperty({ type: [FlagCountDto], description: 'Most pupils first; only codes some pupil has' }) byCode: FlagCountDto[];
}
