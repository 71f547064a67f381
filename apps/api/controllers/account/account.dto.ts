import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#libs/auth';

export class ChangePasswordDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'Follows the password policy (docs/security.md): length, not a common password, not mostly your own email, name or school',
  })
  @IsString()
  @Length(1, 200)
  newPassword: string;
}

export class DeviceSessionDto {
  @ApiProperty({ description: 'The session: every token rotated from one sign-in' }) id: string;
  @ApiProperty({ example: 'Chrome on Windows' }) device: string;
  @ApiProperty({ format: 'date-time' }) signedInAt: Date;
  @ApiProperty({ format: 'date-time', description: 'When it last refreshed its access token' }) lastUsedAt: Date;
  @ApiProperty({ description: 'The session making this request' }) current: boolean;
}
