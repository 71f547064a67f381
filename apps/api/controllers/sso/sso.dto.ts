import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';

export class SsoDiscoverDto {
  @ApiProperty({ example: 'teacher@riverside.sch.uk', description: 'Only its domain is used' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class SsoSchoolChoiceDto {
  @ApiProperty() schoolId: string;
  @ApiProperty() schoolName: string;
  @ApiProperty({ description: 'Navigate the browser here to sign in with the school account' }) startUrl: string;
}

export class SsoDiscoveryDto {
  @ApiProperty({ type: [SsoSchoolChoiceDto], description: 'Schools whose single sign-on takes this email domain (often none)' })
  schools: SsoSchoolChoiceDto[];
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
