import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { INVITEE_ROLES, RECOMMENDATIONS, REQUESTED_BY, type InviteeRole, type Recommendation, type RequestedBy } from '#libs/ehc-plans';
import { NEED_CODES, YEAR_GROUPS, type NeedCode } from '#libs/register';
import { OffsetPageQuery } from '../../http/paging.js';
import { IsIsoDate } from '../../http/validators.js';

const given = (_: object, value: unknown) => value !== null && value !== undefined;
const oneOf = (field: string, values: readonly string[]) => ({ message: `${field} must be one of ${values.join(', ')}` });
const TRANSFER_SETTINGS = [...YEAR_GROUPS, 'none'] as const;

export class EhcPlanOutcomeDto {
  @ApiProperty({ description: 'The plan section or heading, e.g. "E1 Communication"' }) @IsString() @Length(1, 200) section: string;
  @ApiProperty() @IsString() @Length(1, 2000) outcome: string;
}

export class IssuedPlanInputDto {
  @ApiProperty({ description: 'The date the local authority issued the final plan' }) @IsIsoDate() issuedOn: string;
  @ApiProperty({ description: 'The local authority that maintains the plan' }) @IsString() @Length(1, 200) authority: string;
  @ApiProperty({ type: [EhcPlanOutcomeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => EhcPlanOutcomeDto)
  outcomes: EhcPlanOutcomeDto[];
  @ApiPropertyOptional({
    nullable: true,
    enum: TRANSFER_SETTINGS,
    description: "The year group the pupil leaves the phase from, or none; default: the school phase's",
  })
  @ValidateIf(given)
  @IsIn(TRANSFER_SETTINGS, oneOf('transferSetting', TRANSFER_SETTINGS))
  transferSetting?: string | null;
  @ApiPropertyOptional({ nullable: true, enum: NEED_CODES, description: 'Only when the pupil has no primary need on the register yet' })
  @ValidateIf(given)
  @IsIn(NEED_CODES, oneOf('primaryNeed', NEED_CODES))
  primaryNeed?: NeedCode | null;
}

export class EhcPlanVersionDto {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
  @ApiProperty() issuedOn: string;
  @ApiProperty() authority: string;
  @ApiProperty({ type: [EhcPlanOutcomeDto] }) outcomes: EhcPlanOutcomeDto[];
  @ApiProperty({ nullable: true, type: String }) transferSetting: string | null;
  @ApiProperty({ nullable: true, type: String }) proposedAmendedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) finalAmendedOn: string | null;
}

export class EhcInviteeDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: INVITEE_ROLES }) role: string;
  @ApiProperty() name: string;
  @ApiProperty() invitedOn: string;
  @ApiProperty({ description: 'Invited less than two weeks before the meeting' }) late: boolean;
  @ApiProperty({ nullable: true, type: String }) adviceRequestedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) adviceReceivedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) adviceSummary: string | null;
}

export class EhcProgressDto {
  @ApiProperty({ description: 'The plan outcome, numbered from 0' }) @Type(() => Number) @IsInt() @Min(0) outcome: number;
  @ApiProperty() @IsString() @Length(1, 4000) progress: string;
}

export class EhcPreparingForAdulthoodDto {
  @ApiProperty() @IsString() @Length(1, 4000) employment: string;
  @ApiProperty() @IsString() @Length(1, 4000) independentLiving: string;
  @ApiProperty() @IsString() @Length(1, 4000) communityParticipation: string;
  @ApiProperty() @IsString() @Length(1, 4000) health: string;
}

export class EhcReviewDto {
  @ApiProperty() id: string;
  @ApiProperty() pupilId: string;
  @ApiProperty() planId: string;
  @ApiProperty({ enum: ['annual', 'interim', 'early'] }) kind: string;
  @ApiProperty({ nullable: true, type: String }) requestedBy: string | null;
  @ApiProperty({ enum: ['due', 'scheduled', 'held', 'reported', 'decided'] }) status: string;
  @ApiProperty() dueOn: string;
  @ApiProperty({ nullable: true, type: String, description: 'The phase-transfer deadline (reg. 18), when it comes first' }) transferDeadline: string | null;
  @ApiProperty() holdBy: string;
  @ApiProperty({ nullable: true, type: String }) meetingOn: string | null;
  @ApiProperty({ nullable: true, type: String }) place: string | null;
  @ApiProperty({ nullable: true, type: String }) adviceCirculatedOn: string | null;
  @ApiProperty() adviceCirculatedLate: boolean;
  @ApiProperty({ nullable: true, type: String }) heldOn: string | null;
  @ApiProperty({ nullable: true, type: String }) pupilViews: string | null;
  @ApiProperty({ nullable: true, type: String }) parentViews: string | null;
  @ApiProperty({ nullable: true, type: [EhcProgressDto] }) progress: EhcProgressDto[] | null;
  @ApiProperty({ nullable: true, type: EhcPreparingForAdulthoodDto }) preparingForAdulthood: EhcPreparingForAdulthoodDto | null;
  @ApiProperty({ nullable: true, enum: RECOMMENDATIONS }) recommendation: string | null;
  @ApiProperty({ nullable: true, type: String }) proposedChanges: string | null;
  @ApiProperty({ nullable: true, type: String }) reportSentOn: string | null;
  @ApiProperty({ nullable: true, enum: RECOMMENDATIONS }) decision: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionOn: string | null;
  @ApiProperty({ type: [EhcInviteeDto] }) invitees: EhcInviteeDto[];
}

export class PupilEhcPlanDto {
  @ApiProperty({ type: [EhcPlanVersionDto], description: 'Newest first' }) versions: EhcPlanVersionDto[];
  @ApiProperty({ type: [EhcReviewDto], description: 'Newest first' }) reviews: EhcReviewDto[];
}

export class EhcRecordedPlanDto {
  @ApiProperty({ type: EhcPlanVersionDto }) plan: EhcPlanVersionDto;
  @ApiProperty({ description: 'False when the same plan was already recorded (nothing changed)' }) created: boolean;
}

export class EhcReviewRequestDto {
  @ApiProperty({ enum: ['interim', 'early'] }) @IsIn(['interim', 'early'], oneOf('kind', ['interim', 'early'])) kind: 'interim' | 'early';
  @ApiProperty({ enum: REQUESTED_BY }) @IsIn(REQUESTED_BY, oneOf('requestedBy', REQUESTED_BY)) requestedBy: RequestedBy;
}

export class EhcScheduleDto {
  @ApiProperty() @IsIsoDate() meetingOn: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(200) place?: string | null;
}

export class EhcInviteeInputDto {
  @ApiProperty({ enum: INVITEE_ROLES }) @IsIn(INVITEE_ROLES, oneOf('role', INVITEE_ROLES)) role: InviteeRole;
  @ApiProperty({ description: 'A name or a service, e.g. "Local authority SEN team"' }) @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ description: 'Advice and information asked of them with the invitation (reg. 20(4))' })
  @IsOptional()
  @IsBoolean()
  adviceRequested?: boolean;
}

export class EhcInvitationInputDto {
  @ApiProperty() @IsIsoDate() invitedOn: string;
  @ApiPropertyOptional({ description: 'Record an invitation sent less than two weeks before the meeting anyway, flagged' })
  @IsOptional()
  @IsBoolean()
  recordLate?: boolean;
  @ApiProperty({ type: [EhcInviteeInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => EhcInviteeInputDto)
  invitees: EhcInviteeInputDto[];
}

export class EhcAdviceInputDto {
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsIsoDate() requestedOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsIsoDate() receivedOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) summary?: string | null;
}

export class EhcCirculationInputDto {
  @ApiProperty() @IsIsoDate() circulatedOn: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() recordLate?: boolean;
}

export class EhcMeetingInputDto {
  @ApiProperty() @IsIsoDate() heldOn: string;
  @ApiProperty() @IsString() @Length(1, 4000) pupilViews: string;
  @ApiProperty() @IsString() @Length(1, 4000) parentViews: string;
  @ApiProperty({ type: [EhcProgressDto], description: 'Progress against every outcome of the plan' })
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => EhcProgressDto)
  progress: EhcProgressDto[];
  @ApiProperty({ enum: RECOMMENDATIONS }) @IsIn(RECOMMENDATIONS, oneOf('recommendation', RECOMMENDATIONS)) recommendation: Recommendation;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(4000) proposedChanges?: string | null;
  @ApiPropertyOptional({ nullable: true, type: EhcPreparingForAdulthoodDto, description: 'Required from Year 9 (Code 8.9, 9.179)' })
  @ValidateIf(given)
  @ValidateNested()
  @Type(() => EhcPreparingForAdulthoodDto)
  preparingForAdulthood?: EhcPreparingForAdulthoodDto | null;
}

export class EhcReportInputDto {
  @ApiProperty({ description: 'When the report went to the authority and every invitee' }) @IsIsoDate() sentOn: string;
}

export class EhcDecisionInputDto {
  @ApiProperty({ enum: RECOMMENDATIONS }) @IsIn(RECOMMENDATIONS, oneOf('decision', RECOMMENDATIONS)) decision: Recommendation;
  @ApiProperty() @IsIsoDate() decidedOn: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsIsoDate() proposedAmendedOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsIsoDate() finalAmendedOn?: string | null;
}

export class EhcReviewListItemDto {
  @ApiProperty() id: string;
  @ApiProperty() pupilId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() kind: string;
  @ApiProperty() status: string;
  @ApiProperty() holdBy: string;
  @ApiProperty({ nullable: true, type: String }) transferDeadline: string | null;
  @ApiProperty({ nullable: true, type: String }) meetingOn: string | null;
  @ApiProperty() invited: boolean;
  @ApiProperty({ nullable: true, type: String }) adviceCirculatedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) heldOn: string | null;
  @ApiProperty({ nullable: true, type: String }) reportSentOn: string | null;
  @ApiProperty({ nullable: true, type: String }) decision: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionOn: string | null;
}

export class EhcReviewPageDto {
  @ApiProperty() total: number;
  @ApiProperty() offset: number;
  @ApiProperty() limit: number;
  @ApiProperty({ type: [EhcReviewListItemDto] }) items: EhcReviewListItemDto[];
}

export class EhcReviewPageQuery extends OffsetPageQuery {}
