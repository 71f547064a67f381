import { Injectable, type PipeTransform } from '@nestjs/common';
import { ValidateBy, isUUID, type ValidationOptions } from 'class-validator';
import { invalid } from '#libs/core';
import { isIsoDate } from '#libs/register';

/** A real calendar date written yyyy-mm-dd (2025-02-30 is refused). */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isIsoDate', validator: { validate: (value: unknown) => typeof value === 'string' && isIsoDate(value), defaultMessage: (args) => `${args?.property} must be a date written yyyy-mm-dd` } },
    options,
  );
}

/** A path id that is not a UUID cannot name a record: answer as for one that does not exist. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}
  transform(value: string): string {
    if (!isUUID(value)) throw invalid([{ field: this.field, message: `${this.field} must be a UUID` }]);
    return value;
  }
}

