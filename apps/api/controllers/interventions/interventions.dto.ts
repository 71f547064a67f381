import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ABSENCE_REASONS,
  CANCEL_REASONS,
  CLOSURE_KINDS,
  SESSION_STATUSES,
  type AbsenceReason,
  type CancelReason,
  type ClosureKind,
  type Weekday,
} from '#libs/interventions';
import { FREQUENCY_PERIODS, STAFF_ROLES, type FrequencyPeriod, type StaffRole } from '#libs/plans';
import { AREAS_OF_NEED, type AreaOfNeed } from '#libs/register';
import { IsDecimal, IsIsoDate } from '../../http/validators.js';

const given = (_: object, value: unknown) => value !== null && value !== undefined;
const oneOf = (field: string, values: readonly (string | number)[]) => ({ message: `${field} must be one of ${values.join(', ')}` });
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

// ---- catalogue ----

export class InterventionInputDto {
  @ApiProperty({ example: 'Catch Up Literacy' }) @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ enum: AREAS_OF_NEED, nullable: true })
  @ValidateIf(given)
  @IsIn(AREAS_OF_NEED, oneOf('areaOfNeed', AREAS_OF_NEED))
  areaOfNeed?: AreaOfNeed | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) description?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) evidenceNotes?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @ValidateIf(given) @IsInt() @Min(1) @Max(100) frequencyCount?: number | null;
  @ApiPropertyOptional({ enum: FREQUENCY_PERIODS, nullable: true })
  @ValidateIf(given)
  @IsIn(FREQUENCY_PERIODS, oneOf('frequencyPeriod', FREQUENCY_PERIODS))
  frequencyPeriod?: FrequencyPeriod | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @ValidateIf(given) @IsInt() @Min(1) @Max(390) sessionMinutes?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @ValidateIf(given) @IsInt() @Min(1) @Max(60) groupSize?: number | null;
  @ApiPropertyOptional({ enum: STAFF_ROLES, nullable: true })
  @ValidateIf(given)
  @IsIn(STAFF_ROLES, oneOf('deliveringRole', STAFF_ROLES))
  deliveringRole?: StaffRole | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Staff cost of an hour of delivery, in pence' })
  @ValidateIf(given)
  @IsInt()
  @Min(0)
  @Max(100_000)
  staffCostPerHourPence?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Resource cost per group run, in pence' })
  @ValidateIf(given)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  resourceCostPence?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(100) suggestedMeasure?: string | null;
}

export class InterventionPatchDto extends InterventionInputDto {
  // Optional here though the inherited type says string: the plugin reads the type, so it must be told.
  @ApiPropertyOptional() @ValidateIf(given) @IsString() @Length(1, 200) declare name: string;
  @ApiPropertyOptional({ description: 'false to stop offering it (kept for the record)' }) @ValidateIf(given) @IsBoolean() active?: boolean;
}

export class InterventionDto {
  id: string;
  name: string;
  @ApiProperty({ enum: AREAS_OF_NEED, nullable: true }) areaOfNeed: string | null;
  description: string | null;
  evidenceNotes: string | null;
  @ApiProperty({ nullable: true, type: Number }) frequencyCount: number | null;
  @ApiProperty({ enum: FREQUENCY_PERIODS, nullable: true }) frequencyPeriod: string | null;
  @ApiProperty({ nullable: true, type: Number }) sessionMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) groupSize: number | null;
  @ApiProperty({ enum: STAFF_ROLES, nullable: true }) deliveringRole: string | null;
  @ApiProperty({ nullable: true, type: Number }) staffCostPerHourPence: number | null;
  @ApiProperty({ nullable: true, type: Number }) resourceCostPence: number | null;
  suggestedMeasure: string | null;
  active: boolean;
}

// ---- calendar ----

export class TermDto {
  @ApiProperty({ example: 'Autumn' }) @IsString() @Length(1, 50) name: string;
  @IsIsoDate() startsOn: string;
  @IsIsoDate() endsOn: string;
}

export class ClosureDto {
  @ApiProperty({ enum: CLOSURE_KINDS }) @IsIn(CLOSURE_KINDS, oneOf('kind', CLOSURE_KINDS)) kind: ClosureKind;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(100) name?: string | null;
  @IsIsoDate() startsOn: string;
  @IsIsoDate() endsOn: string;
}

export class CalendarInputDto {
  @ApiProperty({ type: [TermDto] }) @IsArray() @ArrayMaxSize(6) @ValidateNested({ each: true }) @Type(() => TermDto) terms: TermDto[];
  @ApiProperty({ type: [ClosureDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ClosureDto) closures: ClosureDto[];
}

export class CalendarDto {
  academicYear: number;
  terms: TermDto[];
  closures: ClosureDto[];
  @ApiProperty({ description: 'Planned sessions added or removed to follow the calendar' }) sessionsChanged: number;
}

export class BudgetInputDto {
  @ApiProperty({ description: 'The notional SEN budget for the year, in pence' }) @IsInt() @Min(0) @Max(100_000_000_000) amountPence: number;
}

export class BudgetDto {
  academicYear: number;
  amountPence: number;
}

// ---- groups ----

export class SlotDto {
  @ApiProperty({ enum: [1, 2, 3, 4, 5], description: 'Monday = 1' }) @IsInt() @IsIn([1, 2, 3, 4, 5], oneOf('weekday', [1, 2, 3, 4, 5])) weekday: Weekday;
  @ApiProperty({ example: '09:15' }) @IsString() @Matches(TIME, { message: 'startTime must be a time written HH:MM' }) startTime: string;
  @ApiProperty({ example: 20 }) @IsInt({ message: 'minutes must be a whole number' }) minutes: number;
}

export class EnrolmentInputDto {
  @IsUUID('all', { message: 'pupilId must be a UUID' }) pupilId: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Default: the group’s start' }) @ValidateIf(given) @IsIsoDate() startsOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Reading age (months)' }) @ValidateIf(given) @IsString() @MaxLength(100) measureName?:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @ValidateIf(given) @IsDecimal(2) @Min(-999999) @Max(999999) entryValue?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsIsoDate() entryOn?: string | null;
}

export class GroupInputDto {
  @IsUUID('all', { message: 'interventionId must be a UUID' }) interventionId: string;
  @ApiProperty({ example: 'Catch Up Literacy, Year 4' }) @IsString() @Length(1, 200) name: string;
  @IsIsoDate() startsOn: string;
  @IsIsoDate() endsOn: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(100) location?: string | null;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(10) @IsUUID('all', { each: true, message: 'staffUserIds must be UUIDs' }) staffUserIds: string[];
  @ApiProperty({ type: [SlotDto] }) @IsArray() @ArrayMaxSize(25) @ValidateNested({ each: true }) @Type(() => SlotDto) schedule: SlotDto[];
  @ApiPropertyOptional({ type: [EnrolmentInputDto] })
  @ValidateIf(given)
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => EnrolmentInputDto)
  pupils?: EnrolmentInputDto[];
}

export class GroupPatchDto {
  @ValidateIf(given) @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(100) location?: string | null;
  @ValidateIf(given) @IsIsoDate() endsOn?: string;
  @ApiPropertyOptional({ type: [String] })
  @ValidateIf(given)
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true, message: 'staffUserIds must be UUIDs' })
  staffUserIds?: string[];
}

export class ScheduleInputDto {
  @ApiProperty({ type: [SlotDto] }) @IsArray() @ArrayMaxSize(25) @ValidateNested({ each: true }) @Type(() => SlotDto) schedule: SlotDto[];
}

export class EnrolmentPatchDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The last day in the group' }) @ValidateIf(given) @IsIsoDate() endsOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(100) measureName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @ValidateIf(given) @IsDecimal(2) @Min(-999999) @Max(999999) entryValue?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsIsoDate() entryOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @ValidateIf(given) @IsDecimal(2) @Min(-999999) @Max(999999) exitValue?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsIsoDate() exitOn?: string | null;
}

export class EnrolmentDto {
  id: string;
  pupilId: string;
  firstName: string;
  lastName: string;
  startsOn: string;
  endsOn: string | null;
  measureName: string | null;
  @ApiProperty({ nullable: true, type: Number }) entryValue: number | null;
  entryOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) exitValue: number | null;
  exitOn: string | null;
}

export class GroupStaffDto {
  userId: string;
  name: string;
}

export class GroupDto {
  id: string;
  interventionId: string;
  interventionName: string;
  name: string;
  startsOn: string;
  endsOn: string;
  location: string | null;
  staff: GroupStaffDto[];
  schedule: SlotDto[];
  pupils: EnrolmentDto[];
  plannedSessions: number;
}

// ---- sessions ----

export class AttendanceInputDto {
  @IsUUID('all', { message: 'pupilId must be a UUID' }) pupilId: string;
  @IsBoolean() present: boolean;
  @ApiPropertyOptional({ enum: ABSENCE_REASONS, nullable: true })
  @ValidateIf(given)
  @IsIn(ABSENCE_REASONS, oneOf('absenceReason', ABSENCE_REASONS))
  absenceReason?: AbsenceReason | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 5 }) @ValidateIf(given) @IsInt() @Min(1) @Max(5) progressScore?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(2000) observation?: string | null;
}

export class SessionRecordDto {
  @ApiProperty({ enum: ['delivered', 'cancelled'] }) @IsIn(['delivered', 'cancelled'], oneOf('status', ['delivered', 'cancelled'])) status:
    'delivered' | 'cancelled';
  @ApiPropertyOptional({ enum: CANCEL_REASONS, nullable: true })
  @ValidateIf(given)
  @IsIn(CANCEL_REASONS, oneOf('cancelReason', CANCEL_REASONS))
  cancelReason?: CancelReason | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Default: the planned length' }) @ValidateIf(given) @IsInt() actualMinutes?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(2000) note?: string | null;
  @ApiPropertyOptional({ type: [AttendanceInputDto], description: 'For a delivered session: every pupil in the group that day' })
  @ValidateIf(given)
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => AttendanceInputDto)
  attendance?: AttendanceInputDto[];
}

export class SessionRecordItemDto extends SessionRecordDto {
  @IsUUID('all', { message: 'sessionId must be a UUID' }) sessionId: string;
}

export class RecordSessionsDto {
  @ApiProperty({ type: [SessionRecordItemDto] })
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => SessionRecordItemDto)
  sessions: SessionRecordItemDto[];
}

export class CorrectSessionDto extends SessionRecordDto {
  @ApiProperty({ description: 'Why the record is being corrected' }) @IsString() @Length(1, 1000) reason: string;
}

export class AttendanceDto {
  pupilId: string;
  present: boolean;
  @ApiProperty({ enum: ABSENCE_REASONS, nullable: true }) absenceReason: string | null;
  @ApiProperty({ nullable: true, type: Number }) progressScore: number | null;
  observation: string | null;
}

export class SessionDto {
  id: string;
  groupId: string;
  date: string;
  @ApiProperty({ example: '09:15' }) startTime: string;
  minutes: number;
  @ApiProperty({ enum: SESSION_STATUSES }) status: string;
  @ApiProperty({ enum: CANCEL_REASONS, nullable: true }) cancelReason: string | null;
  @ApiProperty({ nullable: true, type: Number }) actualMinutes: number | null;
  note: string | null;
  @ApiProperty({ nullable: true, type: Date }) recordedAt: Date | null;
  @ApiProperty({ type: [String], description: 'Pupils in the group that day' }) enrolled: string[];
  attendance: AttendanceDto[];
}

export class MySessionsGroupDto {
  groupId: string;
  groupName: string;
  location: string | null;
  sessions: SessionDto[];
}

export class CorrectionDto {
  id: string;
  correctedBy: string | null;
  correctedAt: Date;
  reason: string;
  @ApiProperty({ type: Object, description: 'The record as it was before' }) previous: Record<string, unknown>;
}

export class CalendarFeedDto {
  @ApiProperty({ description: 'Private link to subscribe to in a calendar app; creating a new one revokes the old' }) url: string;
}
