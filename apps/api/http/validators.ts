import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidateBy, isUUID, type ValidationOptions } from 'class-validator';
import { invalid, isIsoDate } from '#libs/core';

/** A real calendar date written yyyy-mm-dd (2025-02-30 is refused). */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIsoDate(value),
        defaultMessage: (args) => `${args?.property} must be a date written yyyy-mm-dd`,
      },
    },
    options,
  );
}

/** Decimal places of a number as written, exponent included (3e-323 has 323; 1.5e3 has none). */
export function decimalPlaces(value: number): number {
  const [mantissa, exponent = '0'] = String(value).toLowerCase().split('e');
  return Math.max(0, (mantissa!.split('.')[1] ?? '').length - Number(exponent));
}

/**
 * A finite number with at most `max` decimal places. class-validator's `IsNumber({ maxDecimalPlaces })` throws
 * (a 500) on a number JavaScript writes with an exponent and no point, such as 3e-323 (found by the fuzz).
 */
export function IsDecimal(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimal',
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && decimalPlaces(value) <= max,
        defaultMessage: (args) => `${args?.property} must be a number with at most ${max} decimal places`,
      },
    },
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

/**
 * Refuses text with a NUL character (U+0000) anywhere in a body, query or path value, naming the field.
 * PostgreSQL cannot store it in text, so without this a value that passed validation failed as a 500 at the
 * database (found by test/fuzz.e2e.spec.ts). Runs before the ValidationPipe, on every argument.
 */
@Injectable()
export class NoNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const field = nulField(value, metadata.data ?? '');
    if (field !== null)
      throw invalid([{ field: field || metadata.type, message: `${field || metadata.type} contains a NUL character (U+0000), which cannot be stored` }]);
    return value;
  }
}

/** The dotted path of the first string holding U+0000, or null; iterative, so deep JSON cannot exhaust the stack. */
export function nulField(value: unknown, root = ''): string | null {
  const stack: [unknown, string][] = [[value, root]];
  let visited = 0;
  while (stack.length > 0 && visited++ < 100_000) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, path ? `${path}.${i}` : String(i)]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes('\u0000')) return path ? `${path}.${k}` : k;
        stack.push([item, path ? `${path}.${k}` : k]);
      }
    }
  }
  return null;
}
