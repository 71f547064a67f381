import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/**
 * Offset pages with a total, for lists a school can grow into thousands of rows (red flags, messages to act
 * on, records due for deletion): the page knows how many pages there are, and a row is never left out
 * unseen behind a silent cap.
 */
/** `limit`: rows a page, 1 to 200, 50 by default; shared by the offset pages here and the keyset pages (the register). */
export function PageLimit(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 200 }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'limit must be a whole number' }),
    Min(1),
    Max(200),
  );
}

export class OffsetPageQuery {
  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: 100000, description: 'Rows to skip (the page number less one, times the limit)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0)
  @Max(100000)
  offset?: number;

  @PageLimit()
  limit?: number;
}

export const pageOf = (q: OffsetPageQuery) => ({ offset: q.offset ?? 0, limit: q.limit ?? 50 });

/** Keyset pages (the audit trail, the access log): `limit` as above and the previous page's `nextCursor`. */
export class KeysetPageQuery {
  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}
