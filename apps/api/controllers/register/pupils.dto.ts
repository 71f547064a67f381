import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import {
  AREAS_OF_NEED,
  NEED_CODES,
  SEN_STATUSES,
  YEAR_GROUPS,
  YOUNG_PERSON_PARENTS_INFORMED,
  type YoungPersonParentsInformed,
  CONTACT_CHANNELS,
  RELATIONSHIPS,
  type Channel,
  type Relationship,
  type AreaOfNeed,
  type NeedCode,
  type SenStatus,
  type YearGroup,
} from '#libs/register';
import { IsIsoDate } from '../../http/validators.js';

const nullable = (_: object, value: unknown) => value !== null && value !== undefined;

export class CreatePupilDto {
  @ApiProperty({ example: 'B801200005001', description: 'Unique pupil number, check letter included' })
  @IsString()
  @Length(13, 13, { message: 'upn must be 13 characters' })
  upn: string;

  @IsString() @Length(1, 100) legalFirstName: string;
  @IsString() @Length(1, 100) legalLastName: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(nullable) @IsString() @MaxLength(100) preferredFirstName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(nullable) @IsString() @MaxLength(100) preferredLastName?: string | null;
  @ApiProperty({ example: '2017-03-14' }) @IsIsoDate() dateOfBirth: string;

  @ApiProperty({ enum: YEAR_GROUPS, description: 'N1, N2, R (Reception), then 1–13' })
  @IsIn(YEAR_GROUPS, { message: `yearGroup must be one of ${YEAR_GROUPS.join(', ')}` })
  yearGroup: YearGroup;

  @ApiPropertyOptional({ nullable: true, type: String, example: '3B' }) @ValidateIf(nullable) @IsString() @MaxLength(32) className?: string | null;

  @ApiPropertyOptional({ enum: ['M', 'F'], nullable: true, description: 'As the school census records it' })
  @ValidateIf(nullable)
  @IsIn(['M', 'F'], { message: 'gender must be M or F (as the school census records it)' })
  gender?: 'M' | 'F' | null;

  @ApiPropertyOptional({ description: 'Eligible for free school meals' }) @IsOptional() @IsBoolean() fsmEligible?: boolean;
  @ApiPropertyOptional({ description: 'English as an additional language' }) @IsOptional() @IsBoolean() eal?: boolean;
  @IsOptional() @IsBoolean() lookedAfter?: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(nullable) @IsIsoDate() admissionDate?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Last day on roll' }) @ValidateIf(nullable) @IsIsoDate() leavingDate?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pupil passport: what every adult teaching this pupil should know and do' })
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(4000)
  passport?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The pupil’s own email: a young person (over compulsory school age) gets formal notices there (CFA 2014 s.68)',
  })
  @ValidateIf(nullable)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({
    enum: YOUNG_PERSON_PARENTS_INFORMED,
    nullable: true,
    description:
      'For a young person: their parents get formal notices too because the young person agrees, or lacks capacity to decide; null: the young person only',
  })
  @ValidateIf(nullable)
  @IsIn(YOUNG_PERSON_PARENTS_INFORMED, { message: `youngPersonParentsInformed must be one of ${YOUNG_PERSON_PARENTS_INFORMED.join(', ')}, or null` })
  youngPersonParentsInformed?: YoungPersonParentsInformed | null;
}

export class UpdatePupilDto extends PartialType(CreatePupilDto) {}

export class ChangeSenStatusDto {
  @ApiProperty({ enum: SEN_STATUSES, description: 'N, K (SEN support), E (EHC plan), or the school-only monitoring stage' })
  @IsString()
  @Length(1, 40)
  status: string;

  @ApiProperty({ example: '2026-09-15', description: 'The day the new status begins' }) @IsIsoDate() startDate: string;

  @ApiPropertyOptional({ enum: NEED_CODES, nullable: true }) @ValidateIf(nullable) @IsString() primaryNeed?: string | null;
  @ApiPropertyOptional({ enum: NEED_CODES, nullable: true }) @ValidateIf(nullable) @IsString() secondaryNeed?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Required for E: the date the EHC plan was issued' })
  @ValidateIf(nullable)
  @IsIsoDate()
  ehcPlanDate?: string | null;

  @ApiProperty({ description: 'The evidence or reason for the change' }) @IsString() @Length(3, 2000) reason: string;

  @ApiPropertyOptional({
    description:
      'Required when entering SEN Support (K) with a start date more than 28 days ago: were the parents already told? ' +
      'true records the formal notice as given outside SEN Manager and sends nothing; false sends it now.',
  })
  @IsOptional()
  @IsBoolean()
  parentsAlreadyNotified?: boolean;
}

export class StatusEntryDto {
  id: string;
  @ApiProperty({ enum: SEN_STATUSES }) status: SenStatus;
  startDate: string;
  @ApiProperty({ nullable: true, type: String, description: 'Exclusive: the day the next status began' }) endDate: string | null;
  @ApiProperty({ enum: NEED_CODES, nullable: true }) primaryNeed: NeedCode | null;
  @ApiProperty({ enum: NEED_CODES, nullable: true }) secondaryNeed: NeedCode | null;
  @ApiProperty({ enum: AREAS_OF_NEED, nullable: true }) areaOfNeed: AreaOfNeed | null;
  ehcPlanDate: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Start of the unbroken time on the register (K or E)' }) placedOn: string | null;
  reason: string;
  recordedBy: string | null;
  recordedAt: Date;
  @ApiProperty({
    enum: ['sent', 'pending', 'given_outside'],
    nullable: true,
    description: 'For K: the formal notice to parents (CFA 2014 s.68); given_outside: the school told them outside SEN Manager, nothing was sent',
  })
  parentNotice: 'sent' | 'pending' | 'given_outside' | null;
  @ApiProperty({ nullable: true, type: Date }) parentsNotifiedAt: Date | null;
}

/** The pupil record's own fields, shared by the pupil and the register row. */
export class PupilFieldsDto {
  upn: string;
  legalFirstName: string;
  legalLastName: string;
  preferredFirstName: string | null;
  preferredLastName: string | null;
  dateOfBirth: string;
  @ApiProperty({ enum: YEAR_GROUPS }) yearGroup: YearGroup;
  className: string | null;
  gender: string | null;
  fsmEligible: boolean;
  eal: boolean;
  lookedAfter: boolean;
  admissionDate: string | null;
  leavingDate: string | null;
}

export class PupilDto extends PupilFieldsDto {
  id: string;
  passport: string | null;
}

/** What register staff also see: the young person's own notice details. */
export class YoungPersonDto {
  @ApiProperty({
    description: 'Over compulsory school age today (after the last Friday in June of the school year they turned 16): formal notices go to the pupil',
  })
  youngPerson: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The pupil’s own email' }) email: string | null;
  @ApiProperty({ enum: YOUNG_PERSON_PARENTS_INFORMED, nullable: true }) youngPersonParentsInformed: YoungPersonParentsInformed | null;
}

export class ContactLinkDto {
  contactId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  @ApiProperty({ enum: CONTACT_CHANNELS }) preferredChannel: Channel;
  @ApiProperty({ enum: RELATIONSHIPS }) relationship: Relationship;
  parentalResponsibility: boolean;
  @ApiProperty({ description: 'Has care of the pupil (Education Act 1996 s.576): gets formal notices even without parental responsibility' }) hasCare: boolean;
  priority: number;
  @ApiProperty({ description: 'Whether the contact has accepted a parent account' }) hasAccount: boolean;
}

export class PupilDetailDto extends PupilDto {
  @ApiPropertyOptional({ type: YoungPersonDto, description: 'Register staff only: who gets formal notices for a young person' })
  notices?: YoungPersonDto;
  @ApiProperty({ type: StatusEntryDto, nullable: true, description: 'The open entry of the SEN status timeline' }) currentStatus: StatusEntryDto | null;
  @ApiPropertyOptional({ type: [StatusEntryDto], description: 'Whole timeline; not shown to teachers' }) history?: StatusEntryDto[];
  @ApiPropertyOptional({ type: [ContactLinkDto], description: 'All contacts for register staff; a parent sees only their own record; teachers none' })
  contacts?: ContactLinkDto[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date',
    description:
      'Register staff only: the day the SEN record was sent to the next school (then this school keeps it under the shorter retention rule); null: not sent',
  })
  recordSentOn?: string | null;
}

export class TaughtPupilDto {
  id: string;
  @ApiProperty({ description: 'Preferred name where recorded' }) firstName: string;
  lastName: string;
  @ApiProperty({ enum: YEAR_GROUPS }) yearGroup: YearGroup;
  className: string | null;
  @ApiProperty({ enum: SEN_STATUSES }) status: SenStatus;
  @ApiProperty({ enum: NEED_CODES, nullable: true }) primaryNeed: NeedCode | null;
  @ApiProperty({ enum: NEED_CODES, nullable: true }) secondaryNeed: NeedCode | null;
  @ApiProperty({ enum: AREAS_OF_NEED, nullable: true }) areaOfNeed: AreaOfNeed | null;
  passport: string | null;
}

export class StaffClassesDto {
  @ApiProperty({ type: [String], example: ['3B', '4A'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  classNames: string[];
}
