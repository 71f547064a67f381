import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { QueryEnum } from '../../http/query.js';

export class StaffImportQuery {
  @QueryEnum(['standard', 'sims', 'arbor'], { description: 'The file format: standard (default), or a SIMS-like or Arbor-like staff export' })
  mapping?: 'standard' | 'sims' | 'arbor';

  @ApiPropertyOptional({ format: 'uuid', description: 'A staff mapping the school saved (GET …/staff-import-mappings), instead of mapping' })
  @IsOptional()
  @IsUUID('all', { message: 'mappingId must be the id of a saved staff mapping' })
  mappingId?: string;
}
