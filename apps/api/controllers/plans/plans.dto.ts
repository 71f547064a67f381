import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import {
  ATTENDEE_ROLES,
  CYCLE_STATUSES,
  FLAG_SUBJECTS,
  FREQUENCY_PERIODS,
  OUTCOMES,
  PROFESSIONS,
  REVIEW_DECISIONS,
  STAFF_ROLES,
  VERSION_STATUSES,
  CONTRIBUTION_AUTHORS,
  type AttendeeRole,
  type FrequencyPeriod,
  type Outcome,
  type Profession,
  type ReviewDecision,
  type StaffRole,
} from '#libs/plans';
import { AREAS_OF_NEED, SEN_STATUSES, YEAR_GROUPS, type AreaOfNeed } from '#libs/register';
import { IsIsoDate } from '../../http/validators.js';

const given = (_: object, value: unknown) => value !== null && value !== undefined;
const oneOf = (field: string, values: readonly string[]) => ({ message: `${field} must be one of ${values.join(', ')}` });

// ---- input ----

export class NeedDescriptionDto {
  @ApiProperty({ enum: AREAS_OF_NEED }) @IsIn(AREAS_OF_NEED, oneOf('area', AREAS_OF_NEED)) area: AreaOfNeed;
  @ApiProperty({ description: 'The need described specifically: what the pupil finds hard, when, and how it shows' })
  @IsString()
  @Length(1, 4000)
  description: string;
}

export class AttendeeDto {
  @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: ATTENDEE_ROLES }) @IsIn(ATTENDEE_ROLES, oneOf('role', ATTENDEE_ROLES)) role: AttendeeRole;
}

export class InvolvementDto {
  @ApiProperty({ description: 'When the plan was discussed with the parents' }) @IsIsoDate() meetingDate: string;
  @ApiProperty({ type: [AttendeeDto] }) @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => AttendeeDto) attendees: AttendeeDto[];
  @ApiProperty({ description: 'What the parents said: a signature alone is not involvement' }) @IsString() @MaxLength(4000) parentComments: string;
}

export class TargetInputDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The stored target of this cycle this line is, as read from the plan: the draft keeps it (same id) rather than replacing it',
  })
  @ValidateIf(given)
  @IsUUID('all', { message: 'id must be a UUID' })
  id?: string | null;
  @ApiProperty({ example: 'Read the 100 high-frequency words accurately' }) @IsString() @Length(1, 2000) description: string;
  @ApiPropertyOptional({ enum: AREAS_OF_NEED, nullable: true })
  @ValidateIf(given)
  @IsIn(AREAS_OF_NEED, oneOf('areaOfNeed', AREAS_OF_NEED))
  areaOfNeed?: AreaOfNeed | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Flash-card check of the 100 words, weekly' })
  @ValidateIf(given)
  @IsString()
  @MaxLength(1000)
  measure?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '35 of 100 words' }) @ValidateIf(given) @IsString() @MaxLength(1000) baseline?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '80 of 100 words on two checks in a row',
    description: 'The target value or success criterion',
  })
  @ValidateIf(given)
  @IsString()
  @MaxLength(1000)
  successCriterion?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsIsoDate() targetDate?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The previous cycle’s target this one carries forward' })
  @ValidateIf(given)
  @IsUUID('all', { message: 'carriedFromId must be a UUID' })
  carriedFromId?: string | null;
}

export class ProvisionInputDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The stored provision of this cycle this line is, as read from the plan: the draft keeps it (same id) rather than replacing it',
  })
  @ValidateIf(given)
  @IsUUID('all', { message: 'id must be a UUID' })
  id?: string | null;
  @ApiProperty({ example: 'Precision teaching of high-frequency words' }) @IsString() @Length(1, 2000) description: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The intervention in the school’s catalogue, so delivery can be shown against the plan' })
  @ValidateIf(given)
  @IsUUID('all', { message: 'interventionId must be a UUID' })
  interventionId?: string | null;
  @ApiPropertyOptional({ enum: STAFF_ROLES, nullable: true })
  @ValidateIf(given)
  @IsIn(STAFF_ROLES, oneOf('staffRole', STAFF_ROLES))
  staffRole?: StaffRole | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(200) deliveredBy?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 3 }) @ValidateIf(given) @IsInt() @Min(1) @Max(100) frequencyCount?: number | null;
  @ApiPropertyOptional({ enum: FREQUENCY_PERIODS, nullable: true })
  @ValidateIf(given)
  @IsIn(FREQUENCY_PERIODS, oneOf('frequencyPeriod', FREQUENCY_PERIODS))
  frequencyPeriod?: FrequencyPeriod | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 15 }) @ValidateIf(given) @IsInt() @Min(1) @Max(600) minutesPerSession?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 1 }) @ValidateIf(given) @IsInt() @Min(1) @Max(60) groupSize?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsIsoDate() startsOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsIsoDate() endsOn?: string | null;
}

export class PlanContentDto {
  @ApiProperty({ example: '2026-09-14' }) @IsIsoDate() startsOn: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'A concrete review date, within the school’s review interval' })
  @ValidateIf(given)
  @IsIsoDate()
  reviewDate?: string | null;
  @ApiPropertyOptional({ type: [NeedDescriptionDto] })
  @ValidateIf(given)
  @IsArray()
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => NeedDescriptionDto)
  needs?: NeedDescriptionDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) strengths?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Current attainment' }) @ValidateIf(given) @IsString() @MaxLength(4000) attainment?:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) pupilViews?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) parentViews?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'What the parents will do at home' })
  @ValidateIf(given)
  @IsString()
  @MaxLength(4000)
  homeSupport?: string | null;
  @ApiPropertyOptional({ type: InvolvementDto, nullable: true })
  @ValidateIf(given)
  @ValidateNested()
  @Type(() => InvolvementDto)
  involvement?: InvolvementDto | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why this version changes the one before' })
  @ValidateIf(given)
  @IsString()
  @MaxLength(2000)
  changeSummary?: string | null;
  @ApiPropertyOptional({ type: [TargetInputDto] })
  @ValidateIf(given)
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => TargetInputDto)
  targets?: TargetInputDto[];
  @ApiPropertyOptional({ type: [ProvisionInputDto] })
  @ValidateIf(given)
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ProvisionInputDto)
  provisions?: ProvisionInputDto[];
}

export class OutcomeInputDto {
  @IsUUID('all', { message: 'targetId must be a UUID' }) targetId: string;
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES, oneOf('outcome', OUTCOMES)) outcome: Outcome;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The measured value, against the baseline' })
  @ValidateIf(given)
  @IsString()
  @MaxLength(1000)
  measuredValue?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(2000) comment?: string | null;
}

export class ReviewInputDto {
  @IsIsoDate() heldOn: string;
  @ApiProperty({ type: [AttendeeDto] }) @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => AttendeeDto) attendees: AttendeeDto[];
  @ApiProperty({ type: [OutcomeInputDto], description: 'One for every target of the plan under review' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => OutcomeInputDto)
  outcomes: OutcomeInputDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) whatWorked?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) whatDidNotWork?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) parentViews?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) pupilViews?: string | null;
  @ApiProperty({ enum: REVIEW_DECISIONS, description: 'continue (next cycle, with changes), end_support, or escalate (request an EHC needs assessment)' })
  @IsIn(REVIEW_DECISIONS, oneOf('decision', REVIEW_DECISIONS))
  decision: ReviewDecision;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'For escalate: when the assessment was requested (default: the review day)' })
  @ValidateIf(given)
  @IsIsoDate()
  ehcnaRequestedOn?: string | null;
}

export class ContributionInputDto {
  @ApiProperty({ description: 'Views before the review, or an observation of progress' }) @IsString() @Length(1, 4000) body: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'A target of the plan in place this is about' })
  @ValidateIf(given)
  @IsUUID('all', { message: 'targetId must be a UUID' })
  targetId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(1000) measuredValue?: string | null;
}

export class ProfessionalReportInputDto {
  @ApiProperty({ enum: PROFESSIONS }) @IsIn(PROFESSIONS, oneOf('profession', PROFESSIONS)) profession: Profession;
  @IsString() @Length(1, 200) professionalName: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(200) organisation?: string | null;
  @IsIsoDate() reportDate: string;
  @IsString() @Length(1, 8000) summary: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(8000) recommendations?: string | null;
}

// ---- output ----

export class FlagDto {
  @ApiProperty({ example: 'target_unmeasurable' }) code: string;
  message: string;
  @ApiProperty({ description: 'The guidance or rule the flag comes from' }) rule: string;
  @ApiProperty({ enum: FLAG_SUBJECTS }) subject: string;
  subjectId: string;
}

export class TargetDto {
  id: string;
  description: string;
  @ApiProperty({ enum: AREAS_OF_NEED, nullable: true }) areaOfNeed: string | null;
  measure: string | null;
  baseline: string | null;
  successCriterion: string | null;
  targetDate: string | null;
  carriedFromId: string | null;
}

export class ProvisionDto {
  id: string;
  description: string;
  interventionId: string | null;
  @ApiProperty({ enum: STAFF_ROLES, nullable: true }) staffRole: string | null;
  deliveredBy: string | null;
  @ApiProperty({ nullable: true, type: Number }) frequencyCount: number | null;
  @ApiProperty({ enum: FREQUENCY_PERIODS, nullable: true }) frequencyPeriod: string | null;
  @ApiProperty({ nullable: true, type: Number }) minutesPerSession: number | null;
  @ApiProperty({ nullable: true, type: Number }) groupSize: number | null;
  startsOn: string | null;
  endsOn: string | null;
  @ApiProperty({ example: '3 × 15 min a week, 1:1' }) dose: string;
}

export class VersionSummaryDto {
  id: string;
  version: number;
  @ApiProperty({ enum: VERSION_STATUSES }) status: string;
  agreedOn: string | null;
  activatedOn: string | null;
  supersededOn: string | null;
  changeSummary: string | null;
}

export class VersionDto extends VersionSummaryDto {
  cycleId: string;
  pupilId: string;
  startsOn: string;
  reviewDate: string | null;
  needs: NeedDescriptionDto[];
  strengths: string | null;
  attainment: string | null;
  pupilViews: string | null;
  parentViews: string | null;
  homeSupport: string | null;
  @ApiProperty({ type: InvolvementDto, nullable: true }) involvement: InvolvementDto | null;
  updatedAt: Date;
  targets: TargetDto[];
  provisions: ProvisionDto[];
  @ApiProperty({ type: [FlagDto], description: 'The quality check of this version' }) flags: FlagDto[];
}

export class OutcomeDto {
  targetId: string;
  @ApiProperty({ enum: OUTCOMES }) outcome: string;
  measuredValue: string | null;
  comment: string | null;
}

export class ReviewDto {
  id: string;
  cycleId: string;
  versionId: string;
  heldOn: string;
  dueOn: string | null;
  @ApiProperty({ description: 'Held after the review date the plan set' }) late: boolean;
  attendees: AttendeeDto[];
  outcomes: OutcomeDto[];
  whatWorked: string | null;
  whatDidNotWork: string | null;
  parentViews: string | null;
  pupilViews: string | null;
  @ApiProperty({ enum: REVIEW_DECISIONS }) decision: string;
  ehcnaRequestedOn: string | null;
}

export class ContributionDto {
  id: string;
  @ApiProperty({ enum: CONTRIBUTION_AUTHORS }) authorKind: string;
  @ApiProperty({ description: 'Given by the caller' }) own: boolean;
  targetId: string | null;
  body: string;
  measuredValue: string | null;
  createdAt: Date;
}

export class CycleDto {
  id: string;
  pupilId: string;
  number: number;
  @ApiProperty({ enum: CYCLE_STATUSES }) status: string;
  openedOn: string;
  activatedOn: string | null;
  reviewDate: string | null;
  reviewedOn: string | null;
  previousCycleId: string | null;
  @ApiProperty({ type: VersionDto, nullable: true, description: 'The plan in place' }) inForce: VersionDto | null;
  @ApiProperty({ type: VersionDto, nullable: true, description: 'A newer version not yet in place: a draft (staff only) or agreed' })
  pending: VersionDto | null;
  versions: VersionSummaryDto[];
  @ApiProperty({ type: ReviewDto, nullable: true }) review: ReviewDto | null;
  contributions: ContributionDto[];
}

export class CycleSummaryDto {
  id: string;
  number: number;
  @ApiProperty({ enum: CYCLE_STATUSES }) status: string;
  openedOn: string;
  activatedOn: string | null;
  reviewDate: string | null;
  reviewedOn: string | null;
  @ApiProperty({ enum: REVIEW_DECISIONS, nullable: true }) decision: string | null;
  @ApiProperty({ description: 'Outcomes at the review, by kind' }) achieved: number;
  partlyAchieved: number;
  notAchieved: number;
}

export class PupilPlanDto {
  pupilId: string;
  @ApiProperty({ enum: SEN_STATUSES }) status: string;
  @ApiProperty({ type: CycleDto, nullable: true, description: 'The open cycle, or the last one' }) current: CycleDto | null;
  @ApiProperty({ type: [CycleSummaryDto], description: 'Every cycle, oldest first' }) cycles: CycleSummaryDto[];
  @ApiProperty({ type: [FlagDto], description: 'Every red flag of the pupil’s plan' }) flags: FlagDto[];
}

export class ReviewResultDto {
  review: ReviewDto;
  @ApiProperty({ type: CycleDto, nullable: true, description: 'The cycle the review opened (continue or escalate)' }) nextCycle: CycleDto | null;
}

export class FlaggedPupilDto {
  pupilId: string;
  firstName: string;
  lastName: string;
  @ApiProperty({ enum: YEAR_GROUPS }) yearGroup: string;
  className: string | null;
  @ApiProperty({ enum: SEN_STATUSES }) status: string;
  flags: FlagDto[];
}

export class ProfessionalReportDto {
  id: string;
  @ApiProperty({ enum: PROFESSIONS }) profession: string;
  professionalName: string;
  organisation: string | null;
  reportDate: string;
  summary: string;
  recommendations: string | null;
  cycleId: string | null;
}
