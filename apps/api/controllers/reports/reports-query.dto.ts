import { IsAcademicYear } from '../../http/academic-year.js';
import { QueryEnum } from '../../http/query.js';

export const REPORT_FORMATS = ['html', 'pdf', 'md', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A report download: HTML unless asked otherwise. */
export class ReportFormatQuery {
  @QueryEnum(REPORT_FORMATS, { default: 'html' })
  format?: ReportFormat;
}

/** The public reader: a school's published report, the latest unless a year is named. */
export class PublicReportQuery extends ReportFormatQuery {
  @IsAcademicYear({ description: 'The academic year by its starting calendar year (2026 for 2026/27). Default: the latest published' })
  academicYear?: number;
}

/** A trust lead's overview names the year: there is no trust-wide "current" year to default to. */
export class TrustReportsQuery {
  @IsAcademicYear({ required: true })
  academicYear!: number;
}
