import { applyDecorators, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';
import { invalid } from '#libs/core';

/**
 * The one check of an academic year given in a path or query: written as its starting calendar year, four
 * digits (2026 for 2026/27), within the years the product can hold. Paths and query strings share it so the
 * rule and its message are written once.
 */
export const ACADEMIC_YEAR_MIN = 2000;
export const ACADEMIC_YEAR_MAX = 2100;
export const ACADEMIC_YEAR_MESSAGE = 'academicYear must be a year such as 2026 (for 2026/27)';
const FOUR_DIGITS = /^\d{4}$/;

export const isAcademicYear = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= ACADEMIC_YEAR_MIN && value <= ACADEMIC_YEAR_MAX;

/** A query or path string as a year when it is four digits; anything else is left for the check to refuse. */
export const toAcademicYear = (raw: unknown): unknown => (typeof raw === 'string' && FOUR_DIGITS.test(raw) ? Number(raw) : raw);

/** `:academicYear` in a path, as a number; a bad one is a 400 naming academicYear. */
@Injectable()
export class AcademicYearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = toAcademicYear(value);
    if (!isAcademicYear(year)) throw invalid([{ field: 'academicYear', message: ACADEMIC_YEAR_MESSAGE }]);
    return year;
  }
}
export const ACADEMIC_YEAR = new AcademicYearPipe();

/** `academicYear` in a query DTO. Optional unless `required` (then the DTO property must not be optional). */
export function IsAcademicYear(options: { required?: boolean; description?: string } = {}): PropertyDecorator {
  const doc = {
    type: 'integer' as const,
    minimum: ACADEMIC_YEAR_MIN,
    maximum: ACADEMIC_YEAR_MAX,
    example: 2026,
    description: options.description ?? 'The academic year by its starting calendar year (2026 for 2026/27)',
  };
  return applyDecorators(
    options.required ? ApiProperty(doc) : ApiPropertyOptional(doc),
    ...(options.required ? [] : [IsOptional()]),
    Transform(({ value }) => toAcademicYear(value)),
    ValidateBy({ name: 'isAcademicYear', validator: { validate: isAcademicYear, defaultMessage: () => ACADEMIC_YEAR_MESSAGE } }),
  );
}
