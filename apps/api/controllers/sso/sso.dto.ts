import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SsoProviderColumns } from '#libs/sso';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';

export class SsoDiscoverDto {
  @ApiProperty({ example: 'teacher@riverside.sch.uk', description: 'Only its domain is used' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class SsoChoiceDto {
  @ApiProperty({ enum: ['school', 'trust'], description: "A school's own provider, or a trust's for all the schools it covers" })
  kind: 'school' | 'trust';
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The school or trust, as the person knows it' }) name: string;
  @ApiProperty({ description: 'Navigate the browser here to sign in with the school or trust account' }) startUrl: string;
}

export class SsoDiscoveryDto {
  @ApiProperty({ type: [SsoChoiceDto], description: 'Schools and trusts whose single sign-on takes this email domain (often none)' })
  choices: SsoChoiceDto[];
}

export class UpdateSsoSettingsDto {
  @ApiProperty({ example: 'https://login.microsoftonline.com/{tenant-id}/v2.0', description: 'The OpenID Connect issuer URL' })
  @IsUrl({ require_tld: false, protocols: ['https', 'http'], require_protocol: true }, { message: 'issuer must be a URL' })
  @MaxLength(500)
  issuer: string;

  @ApiProperty({ description: 'The client (application) id registered with the provider' })
  @IsString()
  @Length(1, 200)
  clientId: string;

  @ApiPropertyOptional({ description: 'Write-only; omit to keep the stored one. Required the first time.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  clientSecret?: string;

  @ApiProperty({ type: [String], example: ['riverside.sch.uk'], description: 'Email domains whose staff may sign in this way' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(/^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, { each: true, message: 'allowedDomains must be domains such as riverside.sch.uk' })
  allowedDomains: string[];

  @ApiProperty()
  @IsBoolean()
  enabled: boolean;
}

export class SsoSettingsDto {
  @ApiProperty() configured: boolean;
  @ApiProperty({ nullable: true, type: String }) issuer: string | null;
  @ApiProperty({ nullable: true, type: String }) clientId: string | null;
  @ApiProperty({ description: 'Whether a client secret is stored (it is never returned)' }) hasClientSecret: boolean;
  @ApiProperty({ type: [String] }) allowedDomains: string[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ description: 'Register this redirect URI with the provider' }) redirectUri: string;
  @ApiProperty({ nullable: true, type: Date }) updatedAt: Date | null;
}

/** The settings as the head or trust lead sees them: the secret is never returned, only whether one is stored. */
export function ssoSettingsDto(c: SsoProviderColumns | null, redirectUri: string): SsoSettingsDto {
  return {
    configured: c !== null,
    issuer: c?.issuer ?? null,
    clientId: c?.clientId ?? null,
    hasClientSecret: Boolean(c?.clientSecretSealed),
    allowedDomains: c?.allowedDomains ?? [],
    enabled: c?.enabled ?? false,
    redirectUri,
    updatedAt: c?.updatedAt ?? null,
  };
}
