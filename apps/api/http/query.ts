import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { IsIsoDate } from './validators.js';

/*
 * Property decorators for query DTOs: a query string arrives as text, so each one says how it becomes a typed
 * value and how openapi.json describes it, and a bad value is a 400 naming the parameter.
 */

/** `true` or `false` in a query string; anything else is refused rather than read as false. */
export function QueryBoolean(description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: Boolean, default: false, ...(description ? { description } : {}) }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean({ message: ({ property }) => `${property} must be true or false` }),
  );
}

/** One of a fixed list of words (a download format, say); openapi.json lists them. */
export function QueryEnum(values: readonly string[], options: { default?: string; description?: string } = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      enum: [...values],
      ...(options.default ? { default: options.default } : {}),
      ...(options.description ? { description: options.description } : {}),
    }),
    IsOptional(),
    IsIn(values, { message: ({ property }) => `${property} must be one of ${values.join(', ')}` }),
  );
}

/** A calendar date written yyyy-mm-dd, optional. */
export function QueryDate(description?: string): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ type: String, format: 'date', ...(description ? { description } : {}) }), IsOptional(), IsIsoDate());
}
