import { Injectable, type PipeTransform } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { invalid } from '#libs/core';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A real calendar date written yyyy-mm-dd (2025-02-30 is refused). */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isIsoDate', validator: { validate: isIsoDate, defaultMessage: (args) => `${args?.property} must be a date written yyyy-mm-dd` } },
    options,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID cannot name a record: answer as for one that does not exist. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}
  transform(value: string): string {
    if (!UUID.test(value)) throw invalid([{ field: this.field, message: `${this.field} must be a UUID` }]);
    return value;
  }
}

