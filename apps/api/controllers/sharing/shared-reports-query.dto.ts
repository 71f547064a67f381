import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const SHARED_REPORT_FILTERS = ['pending', 'accepted', 'rejected'] as const;

export class SharedReportsQuery {
  @ApiPropertyOptional({ enum: SHARED_REPORT_FILTERS })
  @IsOptional()
  @IsIn(SHARED_REPORT_FILTERS, { message: `status must be one of ${SHARED_REPORT_FILTERS.join(', ')}` })
  status?: (typeof SHARED_REPORT_FILTERS)[number];
}
