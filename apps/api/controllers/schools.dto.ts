import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { SCHOOL_PHASES, type SchoolPhase } from '#libs/tenancy';
import { INVITABLE_ROLES, type SchoolRole } from '#libs/auth';
import { IsEmail, MaxLength } from 'class-validator';

export class CreateTrustDto {
  @ApiProperty({ example: 'Riverside Learning Trust' })
  @IsString()
  @Length(2, 200)
  name: string;
}

export class TrustDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class CreateSchoolDto {
  @ApiProperty({ example: '123456', description: 'DfE unique reference number (6 digits)' })
  @Matches(/^\d{6}$/, { message: 'urn must be 6 digits' })
  urn: string;

  @ApiProperty({ example: 'Riverside Primary School' })
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiProperty({ enum: SCHOOL_PHASES })
  @IsIn(SCHOOL_PHASES, { message: `phase must be one of ${SCHOOL_PHASES.join(', ')}` })
  phase: SchoolPhase;

  @ApiProperty({ example: '801', description: 'DfE local authority number (3 digits)' })
  @Matches(/^\d{3}$/, { message: 'laCode must be 3 digits' })
  laCode: string;

  @ApiProperty({ example: 'Bristol' })
  @IsString()
  @Length(2, 100)
  laName: string;

  @ApiPropertyOptional({ example: 'Europe/London' })
  @IsOptional()
  @Matches(/^[A-Za-z_]+\/[A-Za-z_]+$/, { message: 'timezone must be an IANA time zone such as Europe/London' })
  timezone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'trustId must be a UUID' })
  trustId?: string;
}

export class SchoolDto {
  @ApiProperty() id: string;
  @ApiProperty() urn: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SCHOOL_PHASES }) phase: string;
  @ApiProperty() laCode: string;
  @ApiProperty() laName: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ nullable: true, type: String }) trustId: string | null;
  @ApiProperty({ minimum: 6, maximum: 12, description: 'Weeks from a support plan starting to its review (default 12, about a term)' }) reviewIntervalWeeks: number;
}

export class UpdateSchoolSettingsDto {
  @ApiPropertyOptional({ minimum: 6, maximum: 12, description: 'Weeks from a support plan starting to its review: at least termly, 6–12 weeks' })
  @IsOptional()
  @IsInt({ message: 'reviewIntervalWeeks must be a whole number of weeks' })
  @Min(6, { message: 'reviewIntervalWeeks must be between 6 and 12 weeks' })
  @Max(12, { message: 'reviewIntervalWeeks must be between 6 and 12 weeks' })
  reviewIntervalWeeks?: number;
}

export class CreateInvitationDto {
  @ApiProperty({ example: 'teacher@example.org' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: INVITABLE_ROLES })
  @IsIn(INVITABLE_ROLES, { message: `role must be one of ${INVITABLE_ROLES.join(', ')}` })
  role: SchoolRole;
}

export class InvitationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: INVITABLE_ROLES }) role: string;
  @ApiProperty() email: string;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ nullable: true, type: Date }) acceptedAt: Date | null;
}

export class CreatedInvitationDto extends InvitationDto {
  @ApiProperty({ description: 'Single-use token, shown only now' }) token: string;
  @ApiProperty({ description: 'Link for the invitee' }) acceptUrl: string;
}
