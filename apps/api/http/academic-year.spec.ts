import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError } from '#libs/core';
import { ACADEMIC_YEAR, ACADEMIC_YEAR_MESSAGE, IsAcademicYear } from './academic-year.js';

class YearQuery {
  @IsAcademicYear()
  academicYear?: number;
}
const check = (academicYear: unknown) => {
  const query = plainToInstance(YearQuery, academicYear === undefined ? {} : { academicYear });
  return { value: query.academicYear, messages: validateSync(query).flatMap((e) => Object.values(e.constraints ?? {})) };
};

it('reads a four-digit year in a query as a number, and leaves it out when not given', () => {
  expect(check('2026')).toEqual({ value: 2026, messages: [] });
  expect(check(undefined)).toEqual({ value: undefined, messages: [] });
});

it('refuses what is not a year the product can hold, with the one message', () => {
  for (const bad of ['26', '2026.0', ' 2026', '1999', '2101', '2026abc', '+2026', '']) {
    expect({ bad, messages: check(bad).messages }).toEqual({ bad, messages: [ACADEMIC_YEAR_MESSAGE] });
  }
});

it('gives a path :academicYear the same rule, as a 400 naming academicYear', () => {
  expect(ACADEMIC_YEAR.transform('2025')).toBe(2025);
  for (const bad of ['1999', '2026x', '02026']) {
    let thrown: unknown;
    try {
      ACADEMIC_YEAR.transform(bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).status).toBe(400);
    expect((thrown as DomainError).errors).toEqual([{ field: 'academicYear', message: ACADEMIC_YEAR_MESSAGE }]);
  }
});
