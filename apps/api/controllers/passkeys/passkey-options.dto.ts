import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What the API answers for navigator.credentials.create/get, in the WebAuthn JSON form @simplewebauthn/browser takes. */

const HINTS = ['hybrid', 'security-key', 'client-device'] as const;
const REQUIREMENT = ['discouraged', 'preferred', 'required'] as const;

export class RelyingPartyDto {
  @ApiProperty({ example: 'SEN Manager' }) name: string;
  @ApiPropertyOptional({ example: 'sen-manager.example', description: 'The RP ID passkeys are bound to' }) id?: string;
}

export class PasskeyUserDto {
  @ApiProperty({ description: 'The user handle, base64url' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() displayName: string;
}

export class CredentialParameterDto {
  @ApiProperty({ description: 'A COSE algorithm identifier', example: -7 }) alg: number;
  @ApiProperty({ enum: ['public-key'] }) type: 'public-key';
}

export class CredentialDescriptorDto {
  @ApiProperty({ description: 'Credential id, base64url' }) id: string;
  @ApiProperty({ example: 'public-key' }) type: string;
  @ApiPropertyOptional({ type: [String], example: ['internal'] }) transports?: string[];
}

export class AuthenticatorSelectionDto {
  @ApiPropertyOptional({ enum: ['cross-platform', 'platform'] }) authenticatorAttachment?: 'cross-platform' | 'platform';
  @ApiPropertyOptional() requireResidentKey?: boolean;
  @ApiPropertyOptional({ enum: REQUIREMENT }) residentKey?: (typeof REQUIREMENT)[number];
  @ApiPropertyOptional({ enum: REQUIREMENT }) userVerification?: (typeof REQUIREMENT)[number];
}

export class ExtensionInputsDto {
  @ApiPropertyOptional({ description: 'Ask the browser whether the credential is discoverable' }) credProps?: boolean;
}

export class PasskeyRegistrationOptionsDto {
  @ApiProperty({ type: RelyingPartyDto }) rp: RelyingPartyDto;
  @ApiProperty({ type: PasskeyUserDto }) user: PasskeyUserDto;
  @ApiProperty({ description: 'Single use, five minutes, kept server-side as its hash' }) challenge: string;
  @ApiProperty({ type: [CredentialParameterDto] }) pubKeyCredParams: CredentialParameterDto[];
  @ApiPropertyOptional({ description: 'Milliseconds' }) timeout?: number;
  @ApiPropertyOptional({ type: [CredentialDescriptorDto], description: "The user's passkeys already registered" })
  excludeCredentials?: CredentialDescriptorDto[];
  @ApiPropertyOptional({ type: AuthenticatorSelectionDto }) authenticatorSelection?: AuthenticatorSelectionDto;
  @ApiPropertyOptional({ enum: HINTS, isArray: true }) hints?: (typeof HINTS)[number][];
  @ApiPropertyOptional({ enum: ['direct', 'enterprise', 'indirect', 'none'] }) attestation?: 'direct' | 'enterprise' | 'indirect' | 'none';
  @ApiPropertyOptional({ type: ExtensionInputsDto }) extensions?: ExtensionInputsDto;
}

export class PasskeySignInOptionsDto {
  @ApiProperty({ description: 'Single use, five minutes, kept server-side as its hash' }) challenge: string;
  @ApiPropertyOptional({ description: 'Milliseconds' }) timeout?: number;
  @ApiPropertyOptional() rpId?: string;
  @ApiPropertyOptional({ type: [CredentialDescriptorDto], description: 'Empty: any passkey of this site (discoverable credentials)' })
  allowCredentials?: CredentialDescriptorDto[];
  @ApiPropertyOptional({ enum: REQUIREMENT }) userVerification?: (typeof REQUIREMENT)[number];
  @ApiPropertyOptional({ enum: HINTS, isArray: true }) hints?: (typeof HINTS)[number][];
  @ApiPropertyOptional({ type: ExtensionInputsDto }) extensions?: ExtensionInputsDto;
}
