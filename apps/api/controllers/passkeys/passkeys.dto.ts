import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, Equals, IsArray, IsIn, IsInt, IsNotEmptyObject, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

/** The browser's answers (the JSON @simplewebauthn/browser produces), checked for shape here and for meaning by the server library. */

const B64URL = /^[A-Za-z0-9_-]*$/;
const b64url = (field: string) => ({ message: `${field} must be base64url` });
// Attestation objects can carry certificate chains; 16 KB is ample for 'none' and for any packed attestation.
const LONG = 16_384;

export class CredPropsDto {
  @ApiPropertyOptional({ description: 'Whether the credential is discoverable' }) rk?: boolean;
}

export class ExtensionResultsDto {
  @ApiPropertyOptional({ type: CredPropsDto, description: 'Whether the credential is discoverable, when the browser says' }) credProps?: CredPropsDto;
}

export class AttestationResponseDto {
  @ApiProperty() @IsString() @Length(1, LONG) @Matches(B64URL, b64url('credential.response.clientDataJSON')) clientDataJSON: string;
  @ApiProperty() @IsString() @Length(1, LONG) @Matches(B64URL, b64url('credential.response.attestationObject')) attestationObject: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, LONG)
  @Matches(B64URL, b64url('credential.response.authenticatorData'))
  authenticatorData?: string;
  // Not an enum: browsers add transports over time, and an unknown one is only a hint, never a reason to refuse.
  @ApiPropertyOptional({ type: [String], example: ['internal', 'hybrid'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @Length(1, 16, { each: true, message: 'credential.response.transports must each be 1 to 16 characters' })
  transports?: string[];
  @ApiPropertyOptional() @IsOptional() @IsInt() publicKeyAlgorithm?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, LONG) @Matches(B64URL, b64url('credential.response.publicKey')) publicKey?: string;
}

export class AssertionResponseDto {
  @ApiProperty() @IsString() @Length(1, LONG) @Matches(B64URL, b64url('credential.response.clientDataJSON')) clientDataJSON: string;
  @ApiProperty() @IsString() @Length(1, LONG) @Matches(B64URL, b64url('credential.response.authenticatorData')) authenticatorData: string;
  @ApiProperty() @IsString() @Length(1, LONG) @Matches(B64URL, b64url('credential.response.signature')) signature: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) @Matches(B64URL, b64url('credential.response.userHandle')) userHandle?: string;
}

class CredentialDto {
  @ApiProperty({ description: 'Credential id, base64url' }) @IsString() @Length(1, 1400) @Matches(B64URL, b64url('credential.id')) id: string;
  @ApiProperty() @IsString() @Length(1, 1400) @Matches(B64URL, b64url('credential.rawId')) rawId: string;
  @ApiProperty({ enum: ['public-key'] }) @Equals('public-key', { message: 'credential.type must be public-key' }) type: 'public-key';
  @ApiProperty({ type: ExtensionResultsDto }) @IsObject() clientExtensionResults: ExtensionResultsDto;
  @ApiPropertyOptional({ enum: ['cross-platform', 'platform'] })
  @IsOptional()
  @IsIn(['cross-platform', 'platform'], { message: 'credential.authenticatorAttachment must be cross-platform or platform' })
  authenticatorAttachment?: 'cross-platform' | 'platform';
}

export class RegistrationCredentialDto extends CredentialDto {
  @ApiProperty({ type: AttestationResponseDto }) @IsNotEmptyObject() @ValidateNested() @Type(() => AttestationResponseDto) response: AttestationResponseDto;
}

export class AuthenticationCredentialDto extends CredentialDto {
  @ApiProperty({ type: AssertionResponseDto }) @IsNotEmptyObject() @ValidateNested() @Type(() => AssertionResponseDto) response: AssertionResponseDto;
}

export class RegisterPasskeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Work laptop', description: 'Your name for it, to tell your passkeys apart' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @Length(1, 100)
  name: string;

  @ApiProperty({ type: RegistrationCredentialDto, description: 'What navigator.credentials.create answered (startRegistration)' })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => RegistrationCredentialDto)
  credential: RegistrationCredentialDto;
}

export class PasskeySignInDto {
  @ApiProperty({ type: AuthenticationCredentialDto, description: 'What navigator.credentials.get answered (startAuthentication)' })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => AuthenticationCredentialDto)
  credential: AuthenticationCredentialDto;
}

export class PasskeyDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'Work laptop' }) name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Last sign-in with it; null if never' }) lastUsedAt: Date | null;
}
