import { ApiProperty } from '@nestjs/swagger';
import { NEED_CODES, SEN_STATUSES, type NeedCode, type SenStatus } from '#libs/register';

/** Pupils with one census SEN provision code (the school's monitoring stage counts as N). */
export class CensusProvisionCountDto {
  @ApiProperty({ enum: ['E', 'K', 'N'] }) provision: 'E' | 'K' | 'N';
  count: number;
}

/** Pupils on the register (K or E) with one primary need; null: none recorded, which the census refuses. */
export class CensusNeedCountDto {
  @ApiProperty({ enum: SEN_STATUSES }) status: SenStatus;
  @ApiProperty({ enum: NEED_CODES, nullable: true }) primaryNeed: NeedCode | null;
  count: number;
}

/** The census check: what the census-ready export would return on the date, counted. */
export class CensusCheckDto {
  @ApiProperty({ description: 'The census date checked' }) date: string;
  @ApiProperty({ description: 'Pupils on roll on the date' }) total: number;
  byProvision: CensusProvisionCountDto[];
  byProvisionAndNeed: CensusNeedCountDto[];
  @ApiProperty({ description: 'Pupils on the register with no primary need: the census would refuse them' }) missingNeed: number;
}
