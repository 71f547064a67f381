import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';

export class ChangeEmailDto {
  @ApiProperty({ example: 'new-address@example.org', description: 'A link to confirm it is sent here; the address changes only when it is used' })
  @IsEmail({}, { message: 'newEmail must be an email address' })
  @MaxLength(254)
  newEmail: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  currentPassword: string;
}

export class EmailChangeRequestedDto {
  @ApiProperty({ example: 'We have emailed a link to the new address. Your email address changes when you use it (within 24 hours).' })
  message: string;
}

export class ConfirmEmailDto {
  @ApiProperty({ description: 'The token from the emailed link (after #token=)', pattern: '^[A-Za-z0-9_-]{43}$' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the token from the emailed link' })
  token: string;
}
