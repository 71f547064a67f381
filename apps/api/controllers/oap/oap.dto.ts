import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateIf } from 'class-validator';
import { EVIDENCE_KINDS } from '#libs/oap';
import { AREAS_OF_NEED } from '#libs/register';
import { FREQUENCY_PERIODS } from '#libs/vocabulary';
import { IsIsoDate } from '../../http/validators.js';

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const given = (_: object, value: unknown) => value !== null && value !== undefined;

/** One expectation of a JSON framework file (docs/oap.md): checked row by row by the import, not here. */
export class OapExpectationFileDto {
  @ApiProperty({ description: 'Stable code, unique in the framework, e.g. "SEMH-3"' }) code: string;
  @ApiProperty({ enum: AREAS_OF_NEED }) areaOfNeed: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: "A level of the framework's own scale" }) level?: string | null;
  @ApiProperty({ description: 'What the authority expects, in your own words' }) text: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) evidence: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'For an intervention: its kind, found in plan lines and intervention names' })
  interventionKind?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) frequencyCount?: number | null;
  @ApiPropertyOptional({ nullable: true, enum: FREQUENCY_PERIODS }) frequencyPeriod?: string | null;
}

/** A framework file as JSON (or send CSV with the header fields as query parameters). */
export class OapFrameworkFileDto {
  @ApiProperty({ example: '886' }) laCode: string;
  @ApiProperty() name: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty({ description: "The authority's document: authority, title, year" }) source: string;
  @ApiPropertyOptional({ type: [String], description: "The authority's own levels or ranges, in order" }) scale?: string[];
  @ApiProperty({ type: [OapExpectationFileDto] }) expectations: OapExpectationFileDto[];
}

export class OapImportReportDto {
  @ApiProperty({ description: 'false for a dry run' }) stored: boolean;
  @ApiProperty({ nullable: true, type: String }) frameworkId: string | null;
  @ApiProperty() laCode: string;
  @ApiProperty() name: string;
  @ApiProperty() version: number;
  @ApiProperty() effectiveFrom: string;
  @ApiProperty() expectations: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Expectations per area of need' }) byArea: Record<string, number>;
  @ApiProperty({ description: 'Schools of the LA the importer can see' }) schoolsInLa: number;
}

export class OapFrameworkSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() laCode: string;
  @ApiProperty() name: string;
  @ApiProperty() version: number;
  @ApiProperty() effectiveFrom: string;
  @ApiProperty() sourceCitation: string;
  @ApiProperty({ type: [String] }) scale: string[];
}

export class OapFrameworkListItemDto extends OapFrameworkSummaryDto {
  @ApiProperty({ nullable: true, type: String, description: 'The owning trust; null for the platform' }) ownerTrustId: string | null;
  @ApiProperty() expectations: number;
}

export class OapExpectationDto {
  @ApiProperty() code: string;
  @ApiProperty({ enum: AREAS_OF_NEED }) areaOfNeed: string;
  @ApiProperty({ nullable: true, type: String }) level: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) evidence: string;
  @ApiProperty({ nullable: true, type: String }) interventionKind: string | null;
  @ApiProperty({ nullable: true, type: Number }) frequencyCount: number | null;
  @ApiProperty({ nullable: true, enum: FREQUENCY_PERIODS }) frequencyPeriod: string | null;
}

export class SchoolOapFrameworkDto {
  @ApiProperty({ nullable: true, type: OapFrameworkSummaryDto, description: "null: the school's LA has no framework in effect" })
  framework: OapFrameworkSummaryDto | null;
  @ApiProperty({ type: [OapExpectationDto] }) expectations: OapExpectationDto[];
}

/** The school's own whole-school offer: its expectations, in the form of a framework's (no level). */
export class SchoolOapOfferDto {
  @ApiProperty({ type: [OapExpectationDto] }) expectations: OapExpectationDto[];
}

/** The whole offer as saved: every row (an empty list clears it). Rows are checked as a framework file's are. */
export class SchoolOapOfferBodyDto {
  @ApiProperty({ type: [OapExpectationFileDto], maxItems: 200 }) expectations: OapExpectationFileDto[];
}

export class OapExpectationResultDto extends OapExpectationDto {
  @ApiProperty({ description: "The school's own offer's expectation, rather than the local authority's" }) own: boolean;
  @ApiProperty({ enum: ['evidenced', 'not_evidenced', 'not_applicable'] }) status: string;
  @ApiProperty({ nullable: true, enum: ['plan_provision', 'intervention', 'adjustment'] }) evidencedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) evidenceDescription: string | null;
  @ApiProperty({ nullable: true, type: String }) notApplicableReason: string | null;
  @ApiProperty({ description: 'The same in plain words, for parents' }) plain: string;
}

export class OapAreaDto {
  @ApiProperty({ enum: AREAS_OF_NEED }) code: string;
  @ApiProperty() label: string;
}

export class OapSummaryDto {
  @ApiProperty() evidenced: number;
  @ApiProperty() notEvidenced: number;
  @ApiProperty() notApplicable: number;
}

export class OapAdjustmentDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) expectationCode: string | null;
  @ApiProperty() description: string;
  @ApiProperty() startedOn: string;
}

export class PupilOapComparisonDto {
  @ApiProperty({ nullable: true, type: OapFrameworkSummaryDto }) framework: OapFrameworkSummaryDto | null;
  @ApiProperty({ type: [OapAreaDto] }) areas: OapAreaDto[];
  @ApiProperty({ type: [OapExpectationResultDto] }) expectations: OapExpectationResultDto[];
  @ApiProperty({ type: OapSummaryDto }) summary: OapSummaryDto;
  @ApiProperty({ type: [OapAdjustmentDto] }) adjustments: OapAdjustmentDto[];
}

/** An adjustment in class (wave 1) made for the pupil. */
export class RecordOapAdjustmentDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The framework expectation it meets, by code' })
  @ValidateIf(given)
  @Matches(CODE, { message: 'expectationCode must be an expectation code' })
  expectationCode?: string | null;

  @ApiProperty({ description: 'What the class teacher does differently, e.g. "Meet and greet at the door each morning"' })
  @IsString()
  @Length(1, 2000)
  description: string;

  @ApiProperty({ format: 'date' }) @IsIsoDate() startedOn: string;
}

/** Marks an expectation not applicable to the pupil, with the reason; a null reason removes the mark. */
export class MarkOapNotApplicableDto {
  @ApiProperty() @Matches(CODE, { message: 'expectationCode must be an expectation code' }) expectationCode: string;

  @ApiProperty({ nullable: true, type: String })
  @ValidateIf((_: object, value: unknown) => value !== null)
  @IsString()
  @Length(3, 2000)
  reason: string | null;
}
