import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AppRequest, RequestAccess } from './tenant-request.js';

/** The guard's decision for this request. Only present on routes that are not @Public(). */
export const Access = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestAccess => {
  const access = ctx.switchToHttp().getRequest<AppRequest>().access;
  if (!access) throw new Error('@Access() used on a route without an authenticated policy');
  return access;
});
