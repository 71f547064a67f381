import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '#libs/privacy';
import { KeysetPageQuery } from '../../http/paging.js';
import { QueryEnum } from '../../http/query.js';

/** A page of a pupil's access log, newest first. */
export class AccessLogQuery extends KeysetPageQuery {}

/** A page of the school's access log, optionally only one reader's reads. */
export class SchoolAccessLogQuery extends KeysetPageQuery {
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'Only this user’s reads' })
  @IsOptional()
  @IsUUID('all', { message: 'actorUserId must be a user id (uuid)' })
  actorUserId?: string;
}

/** A subject access export or transfer record download: JSON unless asked otherwise. */
export class ExportFormatQuery {
  @QueryEnum(EXPORT_FORMATS, { default: 'json' })
  format?: ExportFormat;
}
