import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CONSENT_GIVERS, PROFESSIONAL_ROLES, type ConsentGiver, type ProfessionalRole } from '#libs/vocabulary';
import { IsIsoDate } from '../../http/validators.js';

const given = (_: object, value: unknown) => value !== null && value !== undefined;
const oneOf = (field: string, values: readonly string[]) => ({ message: `${field} must be one of ${values.join(', ')}` });

// ---- input ----

export class ConsentDto {
  @ApiProperty({ description: 'The name of the parent or carer, or of the young person, who agreed' })
  @IsString()
  @Length(1, 200)
  givenBy: string;
  @ApiProperty({ enum: CONSENT_GIVERS }) @IsIn(CONSENT_GIVERS, oneOf('consent.relationship', CONSENT_GIVERS)) relationship: ConsentGiver;
  @ApiProperty({ description: 'The day consent was given' }) @IsIsoDate() givenOn: string;
  @ApiProperty({ description: 'What the sharing is for, as agreed (e.g. "assessment of speech and language needs")' })
  @IsString()
  @Length(3, 2000)
  purpose: string;
}

export class ShareInputDto {
  @ApiProperty({ description: 'Consent to share, recorded with the share: refused without it' })
  @IsDefined({ message: 'consent is required: record who agreed, when, and for what' })
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;
  @ApiProperty() @IsString() @Length(1, 200) professionalName: string;
  @ApiProperty() @IsEmail({}, { message: 'professionalEmail must be an email address' }) @MaxLength(254) professionalEmail: string;
  @ApiProperty({ enum: PROFESSIONAL_ROLES }) @IsIn(PROFESSIONAL_ROLES, oneOf('professionalRole', PROFESSIONAL_ROLES)) professionalRole: ProfessionalRole;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @Length(1, 200) organisation?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Days the link works, 1 to 30 (30 when not given)' })
  @ValidateIf(given)
  @IsInt()
  @Min(1)
  @Max(30)
  expiresInDays?: number | null;
  @ApiProperty({ description: 'Share the pupil summary: name, year, needs, current provision' }) @IsBoolean() summary: boolean;
  @ApiProperty({ description: 'Share the current plan (not a draft)' }) @IsBoolean() plan: boolean;
  @ApiPropertyOptional({ type: [String], description: 'Documents to share (clean ones only)' })
  @ValidateIf(given)
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'documentIds must be UUIDs' })
  documentIds?: string[];
}

export class SharedReportDecisionDto {
  @ApiProperty({ enum: ['accept', 'reject'] }) @IsIn(['accept', 'reject'], oneOf('decision', ['accept', 'reject'])) decision: 'accept' | 'reject';
}

// ---- output ----

export class ShareViewDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['view', 'download', 'upload'] }) action: string;
  @ApiProperty({ nullable: true, type: String }) documentId: string | null;
  @ApiProperty() occurredAt: string;
}

export class ShareDto {
  @ApiProperty() id: string;
  @ApiProperty() pupilId: string;
  @ApiProperty() professionalName: string;
  @ApiProperty() professionalEmail: string;
  @ApiProperty({ enum: PROFESSIONAL_ROLES }) professionalRole: string;
  @ApiProperty({ nullable: true, type: String }) organisation: string | null;
  @ApiProperty() consent: ConsentDto;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) state: string;
  @ApiProperty({ type: [String], description: 'summary, plan, or document:<id>' }) items: string[];
  @ApiProperty({ type: [ShareViewDto], description: 'Newest first' }) views: ShareViewDto[];
  @ApiProperty() createdAt: string;
}

export class SharedReportDto {
  @ApiProperty() id: string;
  @ApiProperty() shareId: string;
  @ApiProperty() pupilId: string;
  @ApiProperty() professionalName: string;
  @ApiProperty({ enum: PROFESSIONAL_ROLES }) professionalRole: string;
  @ApiProperty({ nullable: true, type: String }) organisation: string | null;
  @ApiProperty() reportDate: string;
  @ApiProperty() summary: string;
  @ApiProperty({ nullable: true, type: String }) recommendations: string | null;
  @ApiProperty({ enum: ['pending', 'accepted', 'rejected'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) professionalReportId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The report's file on the pupil's record (confidential), if one was sent" })
  documentId: string | null;
  @ApiProperty() createdAt: string;
}
