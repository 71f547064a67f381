import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID, ValidateIf } from 'class-validator';
import { DOCUMENT_CONTEXT_KINDS, type DocumentContext, type DocumentContextKind } from '#libs/attachments';

/** The piece of the pupil's record a document belongs to: both parameters or neither. */
export class DocumentContextQuery {
  @ApiPropertyOptional({
    enum: DOCUMENT_CONTEXT_KINDS,
    description: 'With contextId: a professional report, plan cycle, plan review, EHC request or annual review',
  })
  @ValidateIf((q: DocumentContextQuery) => q.contextId !== undefined || q.contextKind !== undefined)
  @IsIn(DOCUMENT_CONTEXT_KINDS, { message: `contextKind must be one of ${DOCUMENT_CONTEXT_KINDS.join(', ')} (it is required with contextId)` })
  contextKind?: DocumentContextKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'The id of the professional report, plan cycle, plan review, EHC request or annual review' })
  @ValidateIf((q: DocumentContextQuery) => q.contextId !== undefined || q.contextKind !== undefined)
  @IsUUID('all', { message: 'contextId must be a UUID (it is required with contextKind)' })
  contextId?: string;
}

export const contextOf = (q: DocumentContextQuery): DocumentContext | undefined =>
  q.contextKind && q.contextId ? { kind: q.contextKind, id: q.contextId } : undefined;
