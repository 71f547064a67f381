import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsObject, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MAX_CONTACT_GROUPS, SURNAME_POSITIONS, type ContactField, type PupilField, type SurnamePosition } from '#libs/register';
import { IsIsoDate } from '../../http/validators.js';

export const MAPPING_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** One column header; a mapping names the file's columns, never values. The staff mappings' DTO uses it too. */
export const Column =
  (description: string, required = false): PropertyDecorator =>
  (target, key) => {
    (required ? ApiProperty : ApiPropertyOptional)({ description, minLength: 1, maxLength: 100 })(target, key);
    if (required) IsDefined({ message: `${String(key)} must name a column` })(target, key);
    else IsOptional()(target, key);
    IsString()(target, key);
    Length(1, 100)(target, key);
  };

/** Pupil field → the CSV column holding it. Every field is named, so the OpenAPI document types them. */
export class PupilColumnsDto implements Partial<Record<PupilField, string>> {
  @Column('Unique Pupil Number (required)') upn?: string;
  @Column('Legal forename (required unless legalFullName is mapped)') legalFirstName?: string;
  @Column('Legal surname (required unless legalFullName is mapped)') legalLastName?: string;
  @Column('One column with the whole legal name, split into forename and surname ("Smith, Jane" or "Jane Smith")') legalFullName?: string;
  @Column('Preferred forename') preferredFirstName?: string;
  @Column('Preferred surname') preferredLastName?: string;
  @Column('Date of birth (required)') dateOfBirth?: string;
  @Column('National curriculum year group (required)') yearGroup?: string;
  @Column('Class or registration group') className?: string;
  @Column('Gender (M or F)') gender?: string;
  @Column('Free school meals eligibility (Y/N)') fsm?: string;
  @Column('English as an additional language (Y/N)') eal?: string;
  @Column('Looked after by the local authority (Y/N)') lookedAfter?: string;
  @Column('Admission date') admissionDate?: string;
  @Column('Leaving date') leavingDate?: string;
  @Column('SEN status (N, K, E)') senStatus?: string;
  @Column('Primary need (census code)') primaryNeed?: string;
  @Column('Secondary need (census code)') secondaryNeed?: string;
  @Column('The day the current SEN status began') senStartDate?: string;
  @Column('The date the EHC plan was issued; when absent an E pupil is imported with the date unknown') ehcPlanDate?: string;
}

/** Contact field → the CSV column holding it, for one contact slot ("Contact 1 …"). */
export class ContactColumnsDto implements Partial<Record<ContactField, string>> {
  @Column('Forename (or map fullName)') firstName?: string;
  @Column('Surname (or map fullName)') lastName?: string;
  @Column('One column with the whole name ("Mrs Jane Smith", "Smith, Jane"), split into forename and surname') fullName?: string;
  @Column('Relationship to the pupil') relationship?: string;
  @Column('Parental responsibility (Y/N)') parentalResponsibility?: string;
  @Column('Email address') email?: string;
  @Column('Phone number') phone?: string;
  @Column('Preferred contact method') preferredChannel?: string;
  @Column('Has care of the pupil (Y/N): a parent in education law (Education Act 1996 s.576) even without parental responsibility') hasCare?: string;
}

export class ImportMappingDto {
  name: string;
  pupil: PupilColumnsDto;
  contacts: ContactColumnsDto[];
  @ApiPropertyOptional({ enum: SURNAME_POSITIONS, description: 'In a full-name column without a comma, which word is the surname (default last)' })
  surnamePosition?: SurnamePosition;
}

export class SaveImportMappingDto {
  @ApiProperty({ type: PupilColumnsDto, example: { upn: 'Pupil UPN', legalFullName: 'Name', dateOfBirth: 'DOB', yearGroup: 'NC Year' } })
  @IsObject()
  @ValidateNested()
  @Type(() => PupilColumnsDto)
  pupil: PupilColumnsDto;

  @ApiPropertyOptional({ type: [ContactColumnsDto], maxItems: MAX_CONTACT_GROUPS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CONTACT_GROUPS)
  @ValidateNested({ each: true })
  @Type(() => ContactColumnsDto)
  contacts?: ContactColumnsDto[];

  @ApiPropertyOptional({ enum: SURNAME_POSITIONS })
  @IsOptional()
  @IsIn(SURNAME_POSITIONS, { message: 'surnamePosition must be first or last' })
  surnamePosition?: SurnamePosition;
}

export class SuggestMappingDto {
  @ApiProperty({
    type: [String],
    maxItems: 300,
    example: ['UPN', 'Legal Surname', 'Legal Forename', 'DOB', 'Year Group', 'Reg Group', 'Contact 1 Name'],
    description: "The file's header row",
  })
  @IsArray()
  @ArrayMaxSize(300)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  headers: string[];
}

export class DryRunQuery {
  @ApiPropertyOptional({ description: 'standard (default), sims, arbor, bromcom, scholarpack, or a mapping the school saved' })
  @IsOptional()
  @Matches(MAPPING_NAME, { message: 'mapping must be the name of a mapping' })
  mapping?: string;

  @ApiPropertyOptional({ description: 'Preview with this go-live date (when the school has none yet): SEN Support that began before it sends no notice' })
  @IsOptional()
  @IsIsoDate()
  goLive?: string;
}

export class CommitQuery {
  @ApiPropertyOptional({
    description: 'The day the school began using SEN Manager; required (once) when the import places pupils on SEN Support and the school has none',
  })
  @IsOptional()
  @IsIsoDate()
  goLive?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: import the accepted rows and leave the rejected ones out (listed in leftOut); default all or nothing',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'skipRejected must be true or false' })
  skipRejected?: 'true' | 'false';
}

export class FieldErrorDto {
  field: string;
  message: string;
}

export class ImportRowDto {
  @ApiProperty({ description: 'Spreadsheet row: the header is row 1' }) row: number;
  upn: string | null;
  @ApiProperty({ enum: ['create', 'update', 'unchanged', 'reject'] }) action: string;
  @ApiProperty({ type: [String] }) changes: string[];
  errors: FieldErrorDto[];
  @ApiProperty({ type: [FieldErrorDto], description: 'To complete later; the row is still imported' }) warnings: FieldErrorDto[];
}

export class ImportSummaryDto {
  create: number;
  update: number;
  unchanged: number;
  reject: number;
}

export class ImportNoticesDto {
  @ApiProperty({ description: 'Pupils entering SEN Support whose parents the commit would send the formal notice (CFA 2014 s.68)' }) toSend: number;
  @ApiProperty({ description: 'Distinct parents and carers with parental responsibility those notices go to' }) parents: number;
  @ApiProperty({ description: 'Pupils whose SEN Support began before the go-live date: recorded as notified outside SEN Manager, nothing sent' })
  givenOutside: number;
  goLiveDate: string | null;
  @ApiProperty({ description: 'The commit must be given goLive: the school has none and the file places pupils on SEN Support' }) goLiveRequired: boolean;
}

export class LeftOutRowDto {
  row: number;
  errors: FieldErrorDto[];
}

export class ImportReportDto {
  @ApiProperty({ description: 'Commit this dry run with POST …/imports/{importId}/commit and the same file' }) importId: string;
  @ApiProperty({ enum: ['dry_run', 'committed'] }) status: string;
  mapping: string;
  rowCount: number;
  summary: ImportSummaryDto;
  rows: ImportRowDto[];
  notices: ImportNoticesDto;
  @ApiProperty({ type: [LeftOutRowDto], description: 'A commit with skipRejected: the rows not imported, and why' }) leftOut: LeftOutRowDto[];
}

export class ImportBatchDto {
  id: string;
  mapping: string;
  @ApiProperty({ enum: ['dry_run', 'committed'] }) status: string;
  rowCount: number;
  summary: ImportSummaryDto;
  createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) committedAt: Date | null;
}
