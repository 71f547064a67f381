import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { TWO_FACTOR_POLICY_ROLES, type TwoFactorPolicyRole } from '#libs/auth';

export class SecondFactorChallengeDto {
  @ApiProperty({ enum: [true], description: 'The password was right; a second factor is wanted before any session starts' })
  secondFactorRequired: true;
  @ApiProperty({ description: 'Send to /v1/auth/two-factor/verify (single use, minutes long); it is not a session' }) challengeToken: string;
  @ApiProperty({ description: 'Seconds until the challenge expires' }) expiresIn: number;
  @ApiProperty({ description: 'The user must use a second factor but has none: set one up now (/v1/auth/two-factor/enrol)' })
  enrolmentRequired: boolean;
}

export class ChallengeDto {
  @ApiProperty({ minLength: 20, maxLength: 200 })
  @IsString()
  @Length(20, 200)
  challengeToken: string;
}

export class VerifySecondFactorDto extends ChallengeDto {
  @ApiPropertyOptional({ example: '123456', description: 'The 6-digit code from the authenticator app' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({ example: 'a1b2c-3d4e5-f6a7b-8c9d0', description: 'One of the recovery codes, instead of a code' })
  @IsOptional()
  @IsString()
  @Length(10, 40)
  recoveryCode?: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'Base32 key to type into an authenticator app; shown once' }) secret: string;
  @ApiProperty({ description: 'otpauth:// link for apps that open it' }) uri: string;
}

export class ConfirmTotpDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'Ten single-use codes, shown this once; keep them somewhere safe' }) recoveryCodes: string[];
}

export class TwoFactorStatusDto {
  @ApiProperty({ enum: ['none', 'pending', 'on'] }) totp: 'none' | 'pending' | 'on';
  @ApiProperty() recoveryCodesLeft: number;
  @ApiProperty({ description: 'A school policy (or being a platform admin) requires a second factor' }) required: boolean;
}

export class TwoFactorPolicyDto {
  @ApiProperty({ enum: TWO_FACTOR_POLICY_ROLES, isArray: true, description: 'Roles that must sign in with a second factor' })
  @IsArray()
  @ArrayMaxSize(3)
  @IsIn(TWO_FACTOR_POLICY_ROLES, { each: true, message: `roles must each be one of ${TWO_FACTOR_POLICY_ROLES.join(', ')}` })
  roles: TwoFactorPolicyRole[];
}

export class TwoFactorResetDto {
  @ApiProperty({ description: "The staff member's email" })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}
