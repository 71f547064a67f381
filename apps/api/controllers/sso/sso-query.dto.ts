import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** The start of an SSO sign-in: which school's provider to use (from the discovery step). */
export class SsoStartQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'school must be a school id' })
  school: string;
}
