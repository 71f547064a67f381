import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_MIN_LENGTH } from '#libs/auth';
import { IsEmail, IsString, Length, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'senco@demo.school' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  password: string;
}

export class RefreshDto {
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class AcceptInvitationDto {
  @IsString()
  @Length(20, 200)
  token: string;

  @ApiProperty({ example: 'Sam Taylor', description: 'Name shown to colleagues; ignored when the email already has an account' })
  @IsString()
  @Length(1, 200)
  displayName: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: 200,
    description: 'A new password follows the password policy (docs/security.md); or the existing account password',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(200)
  password: string;
}

export class TokenPairDto {
  accessToken: string;
  refreshToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
}

export class WebSessionDto {
  @ApiProperty({ description: 'Keep in memory only' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ description: 'Send as the x-csrf-token header on web/refresh and web/logout' }) csrfToken: string;
}
