import { IsAcademicYear } from '../../http/academic-year.js';
import { QueryEnum } from '../../http/query.js';

export const PROVISION_MAP_FORMATS = ['json', 'csv', 'pdf'] as const;

export class ProvisionMapDownloadQuery {
  @IsAcademicYear({ description: 'The academic year by its starting calendar year (2026 for 2026/27). Default: the current year' })
  academicYear?: number;

  @QueryEnum(PROVISION_MAP_FORMATS, { default: 'json' })
  format?: (typeof PROVISION_MAP_FORMATS)[number];
}
