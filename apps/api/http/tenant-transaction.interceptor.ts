import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { TenantTransactions } from '#libs/database';
import { READ_REPLICA } from './read-replica.decorator.js';
import type { AppRequest } from './tenant-request.js';

/**
 * One transaction per authenticated request, opened with the tenant settings as its first statement.
 * Public routes get none: their services open the narrow transactions they need.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const access = context.switchToHttp().getRequest<AppRequest>().access;
    if (!access) return next.handle();
    const readOnly = this.reflector.getAllAndOverride<boolean | undefined>(READ_REPLICA, [context.getHandler(), context.getClass()]) === true;
    return from(this.tx.run(access.scope, () => lastValueFrom(next.handle(), { defaultValue: undefined }), { readOnly }));
  }
}
