import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { SchoolScope } from '#libs/database';
import type { AppRequest, RequestAccess } from './tenant-request.js';

/** The guard's decision for this request. Only present on routes that are not @Public(). */
export const Access = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestAccess => {
  const access = ctx.switchToHttp().getRequest<AppRequest>().access;
  if (!access) throw new Error('@Access() used on a route without an authenticated policy');
  return access;
});

/**
 * The school a request acts in, as the guard scoped it. The guard makes a scope on every guarded route with a
 * :schoolId, after refusing callers with no role there, so its absence can only be a wiring mistake (a route
 * without :schoolId, or a @Public() one): that throws a plain Error, a logged 500, rather than a 403 that would
 * blame the caller and hide the bug. Either way the handler never runs with an undefined school.
 */
export function schoolOf(request: AppRequest): SchoolScope {
  const school = request.access?.school;
  if (!school) throw new Error('@School() used on a route where the guard made no school scope');
  return school;
}

/** The request's SchoolScope; see schoolOf. */
export const School = createParamDecorator((_: unknown, ctx: ExecutionContext): SchoolScope => schoolOf(ctx.switchToHttp().getRequest<AppRequest>()));
