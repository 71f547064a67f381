import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import type { ExecutionContext } from '@nestjs/common';
import { schoolScope } from '#libs/database';
import { School, schoolOf } from './current.decorator.js';
import type { AppRequest, RequestAccess } from './tenant-request.js';

const SCHOOL_ID = '4f1c2b9e-8a37-4c1d-9b1e-2f6a7d3c5e10';
const access = (school?: RequestAccess['school']): RequestAccess => ({
  principal: { userId: 'u', sessionId: 's', schoolRoles: {}, isPlatformAdmin: false },
  scope: { schoolIds: school ? [school.schoolId] : [], userId: 'u' },
  roles: [],
  ...(school ? { school } : {}),
});

/** The factory Nest calls for @School(), read back from the metadata the decorator writes. */
function schoolFactory(): (data: unknown, ctx: ExecutionContext) => unknown {
  class Probe {
    handler(@School() _school: unknown): void {}
  }
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler') as Record<string, { factory: (data: unknown, ctx: ExecutionContext) => unknown }>;
  const entry = Object.values(args)[0];
  if (!entry) throw new Error('@School() wrote no route argument metadata');
  return entry.factory;
}
const contextOf = (request: Partial<AppRequest>) => ({ switchToHttp: () => ({ getRequest: () => request }) }) as unknown as ExecutionContext;

it('yields the school scope the guard made', () => {
  const school = schoolScope(SCHOOL_ID);
  expect(schoolOf({ access: access(school) } as AppRequest)).toBe(school);
  expect(schoolFactory()(undefined, contextOf({ access: access(school) }))).toBe(school);
});

it('throws, never yields undefined, where the guard made no school scope', () => {
  // A route outside a school (a trust lead's or admin's route) has access but no school.
  expect(() => schoolFactory()(undefined, contextOf({ access: access() }))).toThrow('@School() used on a route where the guard made no school scope');
  // A @Public() route has no access at all.
  expect(() => schoolFactory()(undefined, contextOf({}))).toThrow('@School() used on a route where the guard made no school scope');
});
