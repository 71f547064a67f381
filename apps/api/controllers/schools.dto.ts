import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';

const given = (_: object, value: unknown) => value !== null && value !== undefined;
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
  id: string;
  name: string;
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

  @IsOptional()
  @IsUUID('all', { message: 'trustId must be a UUID' })
  trustId?: string;
}

export class SchoolDto {
  id: string;
  urn: string;
  name: string;
  @ApiProperty({ enum: SCHOOL_PHASES }) phase: string;
  laCode: string;
  laName: string;
  timezone: string;
  trustId: string | null;
  @ApiProperty({ minimum: 6, maximum: 12, description: 'Weeks from a support plan starting to its review (default 12, about a term)' })
  reviewIntervalWeeks: number;
  logoUrl: string | null;
  emailSignature: string | null;
  sencoName: string | null;
  sencoEmail: string | null;
  sencoPhone: string | null;
  sendiassName: string | null;
  sendiassPhone: string | null;
  sendiassUrl: string | null;
  @ApiProperty({ type: [Number] }) reminderLeadDays: number[];
  overdueRepeatDays: number;
  overdueHeadAfterDays: number;
  @ApiProperty({ minimum: 25, maximum: 100, description: 'SEN records are kept until date of birth + this many years (default 31), then listed for erasure' })
  retentionYears: number;
  @ApiProperty({
    minimum: 1,
    maximum: 25,
    description:
      'Records of pupils whose SEN record was sent to their next school, or who were never on the SEN register, are kept this many years after leaving (default 1)',
  })
  leaverRetentionYears: number;
}

export class UpdateSchoolSettingsDto {
  @ApiPropertyOptional({ minimum: 25, maximum: 100, description: 'Years after date of birth that SEN records are kept (head only; IRMS default 31)' })
  @IsOptional()
  @IsInt({ message: 'retentionYears must be a whole number of years' })
  @Min(25, { message: 'retentionYears must be between 25 and 100 years' })
  @Max(100, { message: 'retentionYears must be between 25 and 100 years' })
  retentionYears?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 25,
    description: 'Years after leaving that the records of pupils sent on to their next school, or never on the SEN register, are kept (head only; default 1)',
  })
  @IsOptional()
  @IsInt({ message: 'leaverRetentionYears must be a whole number of years' })
  @Min(1, { message: 'leaverRetentionYears must be between 1 and 25 years' })
  @Max(25, { message: 'leaverRetentionYears must be between 1 and 25 years' })
  leaverRetentionYears?: number;

  @ApiPropertyOptional({
    enum: SCHOOL_PHASES,
    description: 'The school’s phase: the SEN Information Report compares its figures with national figures for this phase',
  })
  @IsOptional()
  @IsIn(SCHOOL_PHASES, { message: `phase must be one of ${SCHOOL_PHASES.join(', ')}` })
  phase?: SchoolPhase;

  @ApiPropertyOptional({ minimum: 6, maximum: 12, description: 'Weeks from a support plan starting to its review: at least termly, 6–12 weeks' })
  @IsOptional()
  @IsInt({ message: 'reviewIntervalWeeks must be a whole number of weeks' })
  @Min(6, { message: 'reviewIntervalWeeks must be between 6 and 12 weeks' })
  @Max(12, { message: 'reviewIntervalWeeks must be between 6 and 12 weeks' })
  reviewIntervalWeeks?: number;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'https URL of the logo shown in emails' })
  @ValidateIf(given)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'logoUrl must be an https URL' })
  @MaxLength(500)
  logoUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'How emails are signed, e.g. "Mrs A Example, SENCO"' })
  @ValidateIf(given)
  @IsString()
  @MaxLength(500)
  emailSignature?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(200) sencoName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf(given)
  @IsEmail({}, { message: 'sencoEmail must be an email address' })
  @MaxLength(254)
  sencoEmail?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(40) sencoPhone?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The local SEND Information, Advice and Support Service' })
  @ValidateIf(given)
  @IsString()
  @MaxLength(200)
  sendiassName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(40) sendiassPhone?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf(given)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'sendiassUrl must be a web address' })
  @MaxLength(500)
  sendiassUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, type: [Number], description: 'Days before a review that reminders go (1–60, up to 3; null: 14 and 3)' })
  @ValidateIf(given)
  @IsArray()
  @ArrayMaxSize(3)
  @IsInt({ each: true, message: 'reminderLeadDays must be whole numbers of days' })
  @Min(1, { each: true, message: 'reminderLeadDays must be between 1 and 60' })
  @Max(60, { each: true, message: 'reminderLeadDays must be between 1 and 60' })
  reminderLeadDays?: number[] | null;

  @ApiPropertyOptional({ description: 'Repeat an overdue notice to the SENCO every this many days (1–28)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(28)
  overdueRepeatDays?: number;
  @ApiPropertyOptional({ description: 'Days overdue before the head is told too (1–90)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  overdueHeadAfterDays?: number;
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
  id: string;
  @ApiProperty({ enum: INVITABLE_ROLES }) role: string;
  email: string;
  expiresAt: Date;
  @ApiProperty({ nullable: true, type: Date }) acceptedAt: Date | null;
}

export class CreatedInvitationDto extends InvitationDto {
  @ApiProperty({ description: 'Single-use token, shown only now' }) token: string;
  @ApiProperty({ description: 'Link for the invitee' }) acceptUrl: string;
}
