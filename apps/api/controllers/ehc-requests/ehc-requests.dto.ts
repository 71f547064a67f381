import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import {
  EHC_CLOCKS,
  EHC_EXCEPTION_KINDS,
  EHC_OUTCOMES,
  REQUESTERS,
  type EhcClock,
  type EhcExceptionKind,
  type EhcOutcome,
  type Requester,
} from '#libs/ehc-requests';
import { OffsetPageQuery } from '../../http/paging.js';
import { IsIsoDate } from '../../http/validators.js';

const given = (_: object, value: unknown) => value !== null && value !== undefined;
const oneOf = (field: string, values: readonly string[]) => ({ message: `${field} must be one of ${values.join(', ')}` });
export const REQUEST_STATES = ['draft', 'awaiting_decision', 'assessing', 'refused', 'issued', 'withdrawn'] as const;

// ---- input ----

export class EhcRequestInputDto {
  @ApiProperty() @IsUUID('all', { message: 'pupilId must be a UUID' }) pupilId: string;
  @ApiProperty({ enum: REQUESTERS, description: 'Who asked the authority (CFA 2014 s.36): the school needs nobody’s permission, nor do the parents' })
  @IsIn(REQUESTERS, oneOf('requestedBy', REQUESTERS))
  requestedBy: Requester;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The day the local authority received the request; the statutory clocks run from it. Leave empty for a draft.',
  })
  @ValidateIf(given)
  @IsIsoDate()
  receivedOn?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The review whose "escalate" decision this request follows (prefills the evidence pack date)',
  })
  @ValidateIf(given)
  @IsUUID('all', { message: 'reviewId must be a UUID' })
  reviewId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The day of the evidence pack sent with it (the pack as generated for that day)' })
  @ValidateIf(given)
  @IsIsoDate()
  evidencePackOn?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'The pupil’s professional reports sent with it' })
  @ValidateIf(given)
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'professionalReportIds must be UUIDs' })
  professionalReportIds?: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @Length(1, 100) authorityReference?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) notes?: string | null;
}

export class EhcOutcomeInputDto {
  @ApiProperty({ enum: EHC_OUTCOMES }) @IsIn(EHC_OUTCOMES, oneOf('outcome', EHC_OUTCOMES)) outcome: EhcOutcome;
  @ApiProperty({ description: 'The day it happened (for a decision: the date of the authority’s letter)' }) @IsIsoDate() occurredOn: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) note?: string | null;
}

export class EhcExceptionInputDto {
  @ApiProperty({ enum: EHC_CLOCKS }) @IsIn(EHC_CLOCKS, oneOf('clock', EHC_CLOCKS)) clock: EhcClock;
  @ApiProperty({ enum: EHC_EXCEPTION_KINDS, description: 'The exception the authority relies on (SEND Regulations 2014 reg. 8(2), 10(4), 13(3))' })
  @IsIn(EHC_EXCEPTION_KINDS, oneOf('kind', EHC_EXCEPTION_KINDS))
  kind: EhcExceptionKind;
  @ApiProperty() @IsIsoDate() startsOn: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Empty while it lasts' }) @ValidateIf(given) @IsIsoDate() endsOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) note?: string | null;
}

export class EhcCorrectionInputDto {
  @ApiProperty({ description: 'The mistaken entry (it stays in the history, marked corrected)' })
  @IsUUID('all', { message: 'eventId must be a UUID' })
  eventId: string;
  @ApiProperty({ description: 'Why it was wrong' }) @IsString() @Length(1, 4000) note: string;
}

export class EhcRequestPageQuery extends OffsetPageQuery {
  @ApiPropertyOptional({ enum: REQUEST_STATES })
  @ValidateIf(given)
  @IsIn(REQUEST_STATES, oneOf('state', REQUEST_STATES))
  state?: (typeof REQUEST_STATES)[number];
}

// ---- output ----

export class ExceptionDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: EHC_CLOCKS }) clock: string;
  @ApiProperty({ enum: EHC_EXCEPTION_KINDS }) kind: string;
  @ApiProperty() startsOn: string;
  @ApiProperty({ nullable: true, type: String }) endsOn: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class ClockDto {
  @ApiProperty({ enum: EHC_CLOCKS }) clock: string;
  @ApiProperty() regulation: string;
  @ApiProperty({ nullable: true, type: String, description: 'The statutory due date; a recorded exception never moves it' }) dueOn: string | null;
  @ApiProperty({ enum: ['running', 'met', 'missed', 'not_applicable', 'paused'] }) state: string;
  @ApiProperty({ nullable: true, type: String }) doneOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) daysLeft: number | null;
  @ApiProperty({ type: [ExceptionDto] }) exceptions: ExceptionDto[];
}

export class AppealRightsDto {
  @ApiProperty({ enum: ['refused_to_assess', 'refused_to_issue'] }) decision: string;
  @ApiProperty() decidedOn: string;
  @ApiProperty({ nullable: true, type: String }) mediationCertificateOn: string | null;
  @ApiProperty({ description: '2 months from the decision letter, or 1 month from a later mediation certificate' }) appealBy: string;
  @ApiProperty({ nullable: true, type: String }) appealLodgedOn: string | null;
}

export class EhcEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['outcome', 'exception', 'correction'] }) kind: string;
  @ApiProperty({ nullable: true, enum: EHC_OUTCOMES, type: String }) outcome: string | null;
  @ApiProperty({ nullable: true, enum: EHC_CLOCKS, type: String }) clock: string | null;
  @ApiProperty({ nullable: true, enum: EHC_EXCEPTION_KINDS, type: String }) exceptionKind: string | null;
  @ApiProperty({ nullable: true, type: String }) occurredOn: string | null;
  @ApiProperty({ nullable: true, type: String }) endsOn: string | null;
  @ApiProperty({ nullable: true, type: String }) correctsId: string | null;
  @ApiProperty({ nullable: true, type: String }) correctedById: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() recordedAt: string;
}

export class EhcRequestDto {
  @ApiProperty() id: string;
  @ApiProperty() pupilId: string;
  @ApiProperty({ enum: REQUESTERS }) requestedBy: string;
  @ApiProperty({ nullable: true, type: String }) reviewId: string | null;
  @ApiProperty({ nullable: true, type: String }) evidencePackOn: string | null;
  @ApiProperty({ type: [String] }) professionalReportIds: string[];
  @ApiProperty({ nullable: true, type: String }) authorityReference: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ enum: REQUEST_STATES }) state: string;
  @ApiProperty({ nullable: true, type: String }) receivedOn: string | null;
  @ApiProperty({ type: [ClockDto] }) clocks: ClockDto[];
  @ApiProperty({ type: AppealRightsDto, nullable: true }) appealRights: AppealRightsDto | null;
  @ApiProperty({ type: [EhcEventDto] }) events: EhcEventDto[];
}

/** A request in the school's list, with whose it is. */
export class EhcRequestListItemDto extends EhcRequestDto {
  /** The pupil's name as the school uses it (preferred names first). */
  @ApiProperty() pupilName: string;
}

export class EhcRequestPageDto {
  @ApiProperty({ type: [EhcRequestListItemDto] }) items: EhcRequestListItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() offset: number;
  @ApiProperty() limit: number;
}
