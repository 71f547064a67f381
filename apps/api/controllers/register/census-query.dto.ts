import { ApiProperty } from '@nestjs/swagger';
import { IsIsoDate } from '../../http/validators.js';

/** The census date a census export or check counts on (the register's history makes any date answerable). */
export class CensusDateQuery {
  @ApiProperty({ type: String, format: 'date', description: 'The census date (yyyy-mm-dd), e.g. the third Thursday of January' })
  @IsIsoDate({ message: 'date must be a census date written yyyy-mm-dd' })
  date!: string;
}
