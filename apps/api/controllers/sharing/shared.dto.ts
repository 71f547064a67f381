import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsIsoDate } from '../../http/validators.js';

const given = (_: object, value: unknown) => value !== null && value !== undefined;

export class ShareCodeInputDto {
  @ApiProperty({ description: 'The 6-digit code emailed to the professional' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class SharedReportInputDto {
  @ApiProperty() @IsIsoDate() reportDate: string;
  @ApiProperty() @IsString() @Length(1, 20000) summary: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @MaxLength(20000) recommendations?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf(given) @IsString() @Length(1, 200) organisation?: string | null;
}

export class SharedIntroDto {
  @ApiProperty() schoolName: string;
  @ApiProperty() professionalName: string;
  @ApiProperty() expiresAt: string;
}

export class CodeRequestedDto {
  @ApiProperty({ description: 'Always true: whether a code was sent is not told apart' }) requested: boolean;
}

export class ShareSessionDto {
  @ApiProperty({ description: 'Send as the X-Share-Session header on the record and report routes' }) sessionKey: string;
  @ApiProperty() expiresAt: string;
}

export class SharedSummaryDto {
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() yearGroup: number;
  @ApiProperty({ nullable: true, type: String }) senStatus: string | null;
  @ApiProperty({ type: [String] }) needs: string[];
  @ApiProperty({ type: [String] }) provision: string[];
}

export class SharedPlanDto {
  @ApiProperty() version: number;
  @ApiProperty() status: string;
  @ApiProperty({ type: [String] }) needs: string[];
  @ApiProperty({ type: [String] }) targets: string[];
  @ApiProperty({ type: [String] }) provision: string[];
}

export class SharedDocumentDto {
  @ApiProperty() id: string;
  @ApiProperty() filename: string;
  @ApiProperty({ description: 'The type sniffed from the content at upload' }) mediaType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
}

export class SharedRecordDto extends SharedIntroDto {
  @ApiProperty({ nullable: true, type: SharedSummaryDto }) summary: SharedSummaryDto | null;
  @ApiProperty({ nullable: true, type: SharedPlanDto }) plan: SharedPlanDto | null;
  @ApiProperty({ type: [SharedDocumentDto], description: 'Documents the school chose to share, clean and still on the record' })
  documents: SharedDocumentDto[];
}

export class SharedFileReceiptDto {
  @ApiProperty() filename: string;
  @ApiProperty() size: number;
  @ApiProperty({ enum: ['pending'], description: 'The file is checked for viruses before the school opens it' }) status: string;
}

export class SharedReportReceiptDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['pending'] }) status: string;
}
