import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID, ValidateIf } from 'class-validator';
import { invalid } from '#libs/core';
import type { SsoOwner } from '#libs/sso';

/** The start of an SSO sign-in: which school's or trust's provider to use (from the discovery step); exactly one. */
export class SsoStartQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "A school's own provider (or its trust's, when it has none)" })
  @ValidateIf((q: SsoStartQuery) => q.trust === undefined)
  @IsUUID('all', { message: 'school must be a school id' })
  school?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A trust's provider, for every school of the trust it covers" })
  @ValidateIf((q: SsoStartQuery) => q.school === undefined)
  @IsUUID('all', { message: 'trust must be a trust id' })
  trust?: string;
}

/** The provider's owner the query names; both at once is refused, naming the second. */
export function startOwner(query: SsoStartQuery): SsoOwner {
  if (query.school !== undefined && query.trust !== undefined) throw invalid([{ field: 'trust', message: 'give school or trust, not both' }]);
  return query.school !== undefined ? { kind: 'school', id: query.school } : { kind: 'trust', id: query.trust! };
}
