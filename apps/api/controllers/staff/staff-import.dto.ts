import { ApiProperty } from '@nestjs/swagger';
import { FieldErrorDto } from '../register/imports.dto.js';

export class StaffImportSummaryDto {
  @ApiProperty({ description: 'New staff to invite' }) invite: number;
  @ApiProperty({ description: 'Staff or pending invitations whose role or classes change' }) update: number;
  unchanged: number;
  reject: number;
}

export class StaffImportRowDto {
  @ApiProperty({ type: [Number], description: 'The spreadsheet rows of this member of staff (the header is row 1)' }) rows: number[];
  email: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['senco', 'head', 'teacher'] }) role: string | null;
  @ApiProperty({ type: [String] }) classNames: string[];
  @ApiProperty({ enum: ['invite', 'update', 'unchanged', 'reject'] }) action: string;
  @ApiProperty({ type: [String] }) changes: string[];
  @ApiProperty({ type: [FieldErrorDto], description: 'Why the row is refused, each naming its row and column' }) errors: FieldErrorDto[];
}

export class StaffImportReportDto {
  @ApiProperty({ description: 'Apply this dry run with POST …/staff-imports/{staffImportId}/commit and the same file' }) importId: string;
  @ApiProperty({ enum: ['dry_run', 'committed'] }) status: string;
  mapping: string;
  rowCount: number;
  summary: StaffImportSummaryDto;
  @ApiProperty({ type: [StaffImportRowDto] }) staff: StaffImportRowDto[];
}
