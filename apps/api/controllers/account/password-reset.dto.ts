import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#libs/auth';

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'parent@example.org', description: 'The account’s email address. The answer is the same whether or not it has an account.' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class PasswordResetAcceptedDto {
  @ApiProperty({ example: 'If that address has an account, we have emailed it a link to choose a new password. The link works once, for 30 minutes.' })
  message: string;
}

export class PasswordResetCompleteDto {
  @ApiProperty({ description: 'The token from the emailed link (after #token=)', pattern: '^[A-Za-z0-9_-]{43}$' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the token from the emailed link' })
  token: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'Follows the password policy (docs/security.md): length, not a common password, not mostly your own email, name or school',
  })
  @IsString()
  @Length(1, 200)
  newPassword: string;
}
