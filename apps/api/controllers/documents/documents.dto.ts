import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { DOCUMENT_CONTEXT_KINDS, DOCUMENT_STATUSES, UPLOADER_KINDS } from '#libs/attachments';

export class DocumentContextDto {
  @ApiProperty({ enum: DOCUMENT_CONTEXT_KINDS }) kind: string;
  @ApiProperty() id: string;
}

export class DocumentDto {
  @ApiProperty() id: string;
  @ApiProperty() pupilId: string;
  @ApiProperty({ description: 'As uploaded, without path parts or control characters' }) filename: string;
  @ApiProperty({ description: 'Sniffed from the content, not the name' }) mediaType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: 'Hex SHA-256 of the content' }) sha256: string;
  @ApiProperty({ enum: DOCUMENT_STATUSES, description: 'Only a clean document can be downloaded' }) status: string;
  @ApiProperty({ description: 'Seen only by the SENCO and the head' }) confidential: boolean;
  @ApiProperty({ description: "Shown to the pupil's parents (they always see their own uploads)" }) sharedWithParents: boolean;
  @ApiProperty({ enum: UPLOADER_KINDS }) uploaderKind: string;
  @ApiProperty({ nullable: true, type: DocumentContextDto, description: 'The piece of the record it belongs to, or null for the record itself' })
  context: DocumentContextDto | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) scannedAt: string | null;
}

export class DocumentPatchDto {
  @ApiPropertyOptional({ description: 'Confidential documents (safeguarding, health letters) are hidden from teachers and parents' })
  @IsOptional()
  @IsBoolean()
  confidential?: boolean;

  @ApiPropertyOptional({ description: "Shown to the pupil's parents; never together with confidential" })
  @IsOptional()
  @IsBoolean()
  sharedWithParents?: boolean;
}

export class DocumentLimitsDto {
  @ApiProperty({ description: 'The largest file accepted, in bytes' }) maxBytes: number;
  @ApiProperty({ type: [String], description: 'Media types accepted (checked from the content)' }) mediaTypes: string[];
}
