import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PROFESSIONAL_ROLES, REFERRAL_STATUSES, type ProfessionalRole, type ReferralStatus } from '#libs/vocabulary';
import { IsIsoDate } from '../../http/validators.js';

const given = (_: object, value: unknown) => value !== null && value !== undefined;
const oneOf = (field: string, values: readonly string[]) => ({ message: `${field} must be one of ${values.join(', ')}` });

export class ReferralInputDto {
  @ApiProperty({ description: 'The service, e.g. "Northshire CAMHS"' }) @IsString() @Length(1, 200) serviceName: string;
  @ApiProperty({ enum: PROFESSIONAL_ROLES }) @IsIn(PROFESSIONAL_ROLES, oneOf('serviceKind', PROFESSIONAL_ROLES)) serviceKind: ProfessionalRole;
  @ApiProperty() @IsIsoDate() referredOn: string;
  @ApiProperty({ description: 'The wait the service gave, in weeks (1 to 104)' }) @IsInt() @Min(1) @Max(104) expectedWaitWeeks: number;
}

export class ReferralPatchDto {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES }) @ValidateIf(given) @IsIn(REFERRAL_STATUSES, oneOf('status', REFERRAL_STATUSES)) status?: ReferralStatus;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsIsoDate() seenOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) outcome?: string | null;
  @ApiPropertyOptional() @ValidateIf(given) @IsInt() @Min(1) @Max(104) expectedWaitWeeks?: number;
}

export class ReferralDto {
  @ApiProperty() id: string;
  @ApiProperty() pupilId: string;
  @ApiProperty() serviceName: string;
  @ApiProperty({ enum: PROFESSIONAL_ROLES }) serviceKind: string;
  @ApiProperty() referredOn: string;
  @ApiProperty() expectedWaitWeeks: number;
  @ApiProperty({ description: 'referredOn plus the expected wait' }) expectedBy: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) seenOn: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ description: 'Waiting past the expected wait' }) overdue: boolean;
}

export class OverdueReferralDto extends ReferralDto {
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
}
